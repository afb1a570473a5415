# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""SLA on tickets (R-20 … R-25): the contract and SLA level chosen on
creation, the response / development / critical-fix timers in working time,
pauses, the first public reply, confirmed defects and reclassification.

The level selection on creation and the response timers live here;
reclassification in ``helpdesk_ticket_reclassification.py``, confirmed
defects in ``helpdesk_ticket_defect.py``.
"""

from collections import defaultdict
from typing import NamedTuple

from odoo import api, fields, models
from odoo.tools import SQL

from .helpdesk_support_response_target_mixin import response_target_text

# worst first: the state of a ticket is the worst state of its timers
SLA_STATE_RANK = ["breached", "at_risk", "running", "paused", "met", "excluded"]


class SlaTarget(NamedTuple):
    """The obligation a ticket's new timer counts: in which schedule, how
    long (``value`` in ``unit``: hours or days) and its ``kind`` (response or
    development)."""

    calendar: models.BaseModel
    value: float
    unit: str
    kind: str


class HelpdeskTicketSla(models.Model):
    _inherit = "helpdesk.ticket"

    support_sla_level_id = fields.Many2one(
        "helpdesk.support.sla.level",
        string="SLA level",
        readonly=True,
        index="btree_not_null",
        tracking=True,
        copy=False,
    )
    support_sla_target_display = fields.Char(
        string="Response target", compute="_compute_sla_target_display"
    )
    support_sla_timer_ids = fields.One2many(
        "helpdesk.support.sla.timer", "ticket_id", string="SLA timers"
    )
    support_sla_deadline = fields.Datetime(
        string="SLA deadline",
        compute="_compute_sla_summary",
        store=True,
        index="btree_not_null",
        help="Earliest deadline of the running SLA timers.",
    )
    support_sla_state = fields.Selection(
        [
            ("running", "Running"),
            ("paused", "Paused"),
            ("at_risk", "At risk"),
            ("met", "Met"),
            ("breached", "Breached"),
            ("excluded", "Not counted"),
        ],
        string="SLA status",
        compute="_compute_sla_summary",
        store=True,
        index="btree_not_null",
    )
    support_sla_recompute_pending = fields.Boolean(
        string="Deadline being recomputed",
        compute="_compute_sla_recompute_pending",
        help="A schedule this ticket's SLA counts in has changed (a holiday, "
        "a leave, working hours): its deadline is being recomputed in the "
        "background.",
    )
    support_sla_paused = fields.Boolean(
        string="SLA paused", compute="_compute_sla_paused", store=True
    )

    @api.depends(
        "support_sla_level_id.resource_calendar_id",
        "support_contract_id.tier_id.resource_calendar_id",
        "support_contract_id.tier_id.regulation_id",
        "category_id.support_no_sla",
        "category_id.support_regulation_ids",
    )
    @api.depends_context("lang")
    def _compute_sla_target_display(self):
        targets = {ticket: ticket._support_sla_target() for ticket in self}
        calendars = self.env["resource.calendar"].union(
            *(target.calendar for target in targets.values() if target)
        )
        round_the_clock = calendars._support_round_the_clock_ids()
        for ticket, target in targets.items():
            if ticket._support_no_sla():
                ticket.support_sla_target_display = self.env._("No SLA")
                continue
            if not target:
                source = ticket.support_sla_level_id or (
                    ticket.support_contract_id.tier_id
                )
                ticket.support_sla_target_display = (
                    source.response_target_display or False
                )
                continue
            # the target in the schedule it is counted in: "1 hour (24/7)"
            # on a round-the-clock tier (MQ Appendix 1), not "working hours"
            ticket.support_sla_target_display = response_target_text(
                self.env,
                target.value,
                target.unit,
                target.calendar.id in round_the_clock,
            )

    @api.depends("support_sla_timer_ids.state", "support_sla_timer_ids.deadline")
    def _compute_sla_summary(self):
        """Worst timer state and earliest running deadline, in one query.

        Tickets whose timers the ORM holds in memory (a ticket just created
        with its first timer: every incoming mail, R-50) are summed up from
        them without the query. A timer is visible exactly where its ticket
        is (security rules), so the timers in memory are all of them."""
        field = self._fields["support_sla_timer_ids"]
        in_memory = self.filtered(lambda t: self.env.cache.contains(t, field))
        rows = [
            (ticket, timer.state, timer.deadline)
            for ticket in in_memory
            for timer in ticket.support_sla_timer_ids
        ]
        if self - in_memory:
            rows += (
                self.env["helpdesk.support.sla.timer"]
                .sudo()
                ._read_group(
                    [("ticket_id", "in", (self - in_memory).ids)],
                    ["ticket_id", "state"],
                    ["deadline:min"],
                )
            )
        states = defaultdict(set)
        deadlines = defaultdict(list)
        for ticket, state, deadline in rows:
            states[ticket.id].add(state)
            if state in ("running", "at_risk") and deadline:
                deadlines[ticket.id].append(deadline)
        for ticket in self:
            ticket_states = states[ticket.id]
            ticket.support_sla_state = next(
                (state for state in SLA_STATE_RANK if state in ticket_states), False
            )
            ticket.support_sla_deadline = min(deadlines[ticket.id], default=False)

    def _compute_sla_recompute_pending(self):
        """Open timers a change of their schedule has not moved yet, and
        open tickets of a contract whose new tier or sender category they
        follow not yet (the contract's change is followed in the background,
        R-34): two queries for the whole recordset."""
        self.flush_model(["support_contract_id", "stage_id"])
        self.env["helpdesk.support.contract"].flush_model(
            ["support_follow_pending", "support_follow_cursor"]
        )
        pending = set(
            self.env["helpdesk.support.sla.timer"]
            .sudo()
            .search([("ticket_id", "in", self.ids), ("recompute_pending", "=", True)])
            .ticket_id.ids
        )
        # tickets of a contract whose new tier they follow not yet
        Contract = self.env["helpdesk.support.contract"]
        pending.update(
            row[0]
            for row in self.env.execute_query(
                SQL(
                    "%s AND ticket.id = ANY(%s)",
                    Contract._support_follow_sql(SQL("ticket.id")),
                    self.ids,
                )
            )
        )
        for ticket in self:
            ticket.support_sla_recompute_pending = ticket.id in pending

    @api.depends(
        "support_waiting_reason_id.waits_for_customer", "stage_id.support_pause_sla"
    )
    def _compute_sla_paused(self):
        """Only a wait for the customer pauses the clocks (R-22): a reason
        on the vendor's side (diagnostics, development, an update) suspends
        no guaranteed reaction (MQ 1.2 «Основным показателем SLA является
        гарантированное время ответа»; DS 2.1, 2.3). The reason, when set,
        says whose side the ball is on; without one, the stage does."""
        for ticket in self:
            reason = ticket.support_waiting_reason_id
            ticket.support_sla_paused = (
                reason.waits_for_customer
                if reason
                else bool(ticket.stage_id.support_pause_sla)
            )

    @api.model
    def _support_prepare_sla_vals(self, vals_list):
        """Set contract and SLA level in the values, for the whole batch.

        One contract search for every partner of the batch and one level search
        per company; nothing is written after the creation.
        """
        partner_ids = {
            vals["partner_id"] for vals in vals_list if vals.get("partner_id")
        }
        partners = self.env["res.partner"].browse(partner_ids)
        contracts = (
            self.env["helpdesk.support.contract"]
            .sudo()
            ._get_active_contract_by_company(partners)
        )
        teams = self.env["helpdesk.ticket.team"].browse(
            {vals["team_id"] for vals in vals_list if vals.get("team_id")}
        )
        team_company = {team.id: team.company_id for team in teams}
        levels = self.env["helpdesk.support.sla.level"].sudo()
        candidates, selected = {}, {}
        default_priority = self._fields["priority"].default(self)
        for vals in vals_list:
            partner = partners.browse(vals.get("partner_id"))
            company = team_company.get(vals.get("team_id")) or self.env[
                "res.company"
            ].browse(vals.get("company_id") or self.env.company.id)
            # the contract of the ticket's company (a customer may hold one
            # with each company of a group)
            contract = (
                contracts.get((company, partner.commercial_partner_id))
                if partner
                else None
            )
            if contract and partner not in contract.contact_ids:
                # R-31, MQ 1.1: the contract serves its registered contacts;
                # another contact of the organisation gets the company's
                # default treatment (DS: non-commercial level)
                contract = None
            if contract and not vals.get("support_contract_id"):
                vals["support_contract_id"] = contract.id
            if vals.get("support_sla_level_id"):
                continue
            if company not in candidates:
                candidates[company] = levels._get_candidates(company)
            tier = contract.tier_id if contract else levels.env["helpdesk.support.tier"]
            sender_category = (
                contract.sender_category_id
                if contract
                else levels.env["helpdesk.support.sender.category"]
            )
            category = levels.env["helpdesk.ticket.category"].browse(
                vals.get("category_id")
            )
            priority = vals.get("priority") or default_priority
            # tickets of a batch alike in what selects the level share it:
            # one selection a kind of ticket, not one a ticket
            key = (company, tier, sender_category, category, priority)
            if key not in selected:
                selected[key] = candidates[company]._select_level(
                    tier, sender_category, category, priority
                )
            level = selected[key]
            default = company.sudo().support_default_sla_level_id
            if (
                not level
                and not contract
                and not category._support_no_sla_for(default.regulation_id)
            ):
                level = company.sudo().support_default_sla_level_id
            if level:
                vals["support_sla_level_id"] = level.id

    def _support_match_level(self, category, priority):
        """The level the ticket would get on creation with ``category`` and
        ``priority`` (its contract's tier and sender category, the company's
        default without a contract; none for a category without SLA)."""
        self.ensure_one()
        contract = self.sudo().support_contract_id
        company = self.company_id
        levels = self.env["helpdesk.support.sla.level"].sudo()
        level = levels._get_candidates(company)._select_level(
            contract.tier_id, contract.sender_category_id, category, priority
        )
        default = company.sudo().support_default_sla_level_id
        if (
            not level
            and not contract
            and not category._support_no_sla_for(default.regulation_id)
        ):
            level = default
        return level.with_env(self.env)

    def _support_sla_target(self, level=None, contract=None):
        """The :class:`SlaTarget` of the ticket's SLA, or None.

        The SLA level when there is one, otherwise the tier of the contract;
        ``level`` and ``contract``, when given, stand for the ticket's own
        (what the ticket would count under them).
        """
        self.ensure_one()
        level = self.support_sla_level_id if level is None else level
        contract = self.support_contract_id if contract is None else contract
        if self._support_no_sla(contract):
            return None  # MQ 1.4: the package SLA does not apply
        tier = contract.tier_id
        source = level or tier
        if not source:
            return None
        calendar = (
            level.resource_calendar_id
            or tier.resource_calendar_id
            or self.company_id.resource_calendar_id
        )
        if level.timer_kind == "development":
            calendar = level.resource_calendar_id or (
                self.company_id._get_support_fix_calendar()
            )
        if not calendar:
            return None
        kind = "development" if level.timer_kind == "development" else "response"
        return SlaTarget(
            calendar, source.response_time, source.response_time_unit, kind
        )

    def _support_timer_vals(self, kind, calendar, value, unit, start):
        self.ensure_one()
        return {
            "ticket_id": self.id,
            "kind": kind,
            "resource_calendar_id": calendar.id,
            "target_value": value,
            "target_unit": unit,
            "start_date": start,
            "contract_id": self.support_contract_id.id,
            "tier_id": self.support_contract_id.tier_id.id,
            "support_sla_level_id": self.support_sla_level_id.id,
            "sla_clock": self.support_sla_clock,
            # the ticket's related values go in with the row: recomputed
            # equal at the flush, they write no UPDATE after the INSERT
            "team_id": self.team_id.id,
            "user_id": self.user_id.id,
            "partner_id": self.commercial_partner_id.id,
        }

    def _support_timer_vals_for(self, target, start):
        """Values of a new timer counting :class:`SlaTarget` ``target``."""
        return self._support_timer_vals(
            target.kind, target.calendar, target.value, target.unit, start
        )

    def _support_timer_allowed(self):
        """Tickets of ``self`` whose SLA may start now."""
        return self.filtered(lambda t: not t.stage_id.closed and not t.support_queued)

    def _support_start_timers(self, now=None):
        """Start the response (or development) timer of new tickets."""
        now = now or fields.Datetime.now()
        vals_list = []
        paused = set()
        for ticket in self._support_timer_allowed():
            target = ticket._support_sla_target()
            if target:
                vals = ticket._support_timer_vals_for(target, now)
                # the deadline and the state go in with the row (one INSERT a
                # batch, no read-back and UPDATE of each new timer)
                vals["company_id"] = ticket.company_id.id
                vals_list.append(vals)
                if ticket.support_sla_paused:
                    paused.add(ticket.id)
        return (
            self.env["helpdesk.support.sla.timer"]
            .sudo()
            ._support_create_scheduled(vals_list, now, paused)
        )

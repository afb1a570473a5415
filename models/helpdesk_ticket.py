# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import ast
import re
from collections import defaultdict
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models, tools
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL

from ..hooks import SUPPORT_PORTAL_DOMAIN
from ..tools.context_switch import server_switch
from ..tools.ru_registry import find_registry_numbers
from .helpdesk_support_sla_timer import OPEN_STATES
from .helpdesk_support_system_fields_mixin import SUPPORT_MANAGER, check_system_fields

# R-52, DS 5.7: pictures, BMP only inside an archive
ACCEPTED_ATTACHMENTS = {"jpg", "jpeg", "gif", "png", "zip", "rar"}
# an address in free text: it starts after a character that cannot be part
# of it and its quantifiers are possessive, so a match attempt never
# backtracks: linear in the length of the text
EMAIL_PATTERN = re.compile(r"(?<![\w.+-])[\w.+-]++@[\w-]++(?:\.[\w-]++)+")
# sender identification (DS 5.8) reads the beginning of a mail only: a
# sender names the organisation there, and a mail of megabytes must not
# hold the gateway (the HTML is cut before conversion, the text after)
IDENTIFY_MAX_HTML = 200_000
IDENTIFY_MAX_TEXT = 50_000
# a ticket number in a subject ("[HT00042] Re: ...")
TID_PATTERN = re.compile(r"\b([A-Z]{1,6}-?\d{3,})\b")

# worst first: the state of a ticket is the worst state of its timers
SLA_STATE_RANK = ["breached", "at_risk", "running", "paused", "met"]


MINIMUM_ORDER_HOURS = 1.0


class HelpdeskTicket(models.Model):
    _name = "helpdesk.ticket"
    _inherit = [
        "helpdesk.ticket",
        "rating.mixin",
        "helpdesk.ticket.support.correspondence.mixin",
    ]
    # critical tickets first, then first come, first served
    _order = "priority desc, sequence, id"
    # #12.6: set by the support system (creation, queue, coupon, estimate
    # acceptance, reclassification wizard), never by hand; managers may
    # correct contract and certificate within the ticket's customer
    _support_system_fields = {
        "support_contract_id": SUPPORT_MANAGER,
        "support_certificate_id": SUPPORT_MANAGER,
        "sla_level_id": None,
        "support_coupon_id": None,
        "support_queued": None,
        # #12, beyond the list: what the SLA, the defect buttons, the
        # purge, the auto-close, the mail gateway and the charge of an
        # order record; a client's write would hide a breach, skip
        # the fix deadline, keep credentials or change what
        # a certificate is charged
        "sla_deadline": None,
        "sla_state": None,
        "sla_paused": None,
        "critical_defect_date": None,
        "defect_confirmed_date": None,
        "support_confidential_since": None,
        "support_purge_date": None,
        "support_waiting_since": None,
        "support_autoclose_date": None,
        "support_autoclose_reminder_date": None,
        "support_identified_partner_id": None,
        "support_parent_ticket_id": None,
        "support_version_unsupported": None,
        "support_estimate_state": None,
        "support_ps_ordered": None,
        "support_ps_charged_hours": None,
    }

    support_contract_id = fields.Many2one(
        "helpdesk.support.contract",
        string="Support contract",
        readonly=True,
        index="btree_not_null",
        tracking=True,
        copy=False,
    )
    support_tier_id = fields.Many2one(
        related="support_contract_id.tier_id", string="Support tier", store=True
    )
    sla_level_id = fields.Many2one(
        "helpdesk.support.sla.level",
        string="SLA level",
        readonly=True,
        index="btree_not_null",
        tracking=True,
        copy=False,
    )
    sla_target_display = fields.Char(
        string="Response target", compute="_compute_sla_target_display"
    )
    sla_timer_ids = fields.One2many(
        "helpdesk.support.sla.timer", "ticket_id", string="SLA timers"
    )
    sla_deadline = fields.Datetime(
        string="SLA deadline",
        compute="_compute_sla_summary",
        store=True,
        index="btree_not_null",
        help="Earliest deadline of the running SLA timers.",
    )
    sla_state = fields.Selection(
        [
            ("running", "Running"),
            ("paused", "Paused"),
            ("at_risk", "At risk"),
            ("met", "Met"),
            ("breached", "Breached"),
        ],
        string="SLA status",
        compute="_compute_sla_summary",
        store=True,
        index="btree_not_null",
    )
    waiting_reason_id = fields.Many2one(
        "helpdesk.support.waiting.reason",
        string="Waiting reason",
        tracking=True,
        domain="[('company_id', 'in', (company_id, False))]",
        help="Set while the ticket waits on the customer (DS 5.10): SLA timers "
        "are paused.",
    )
    sla_paused = fields.Boolean(
        string="SLA paused", compute="_compute_sla_paused", store=True
    )
    critical_defect_date = fields.Datetime(
        string="Critical defect confirmed on", readonly=True, tracking=True, copy=False
    )
    defect_confirmed_date = fields.Datetime(
        string="Defect confirmed on",
        readonly=True,
        tracking=True,
        copy=False,
        help="Confirmed defects do not take a slot of the open-ticket limit (MQ 1.4).",
    )
    support_queued = fields.Boolean(
        string="Waiting for a free slot",
        readonly=True,
        index=True,
        copy=False,
        tracking=True,
        help="The customer's open-ticket limit was reached when the ticket "
        "arrived: it is accepted and enters work, with its SLA, as soon as a "
        "slot frees (R-30).",
    )
    support_product_id = fields.Many2one(
        "helpdesk.support.product", string="Product", tracking=True
    )
    support_product_version_id = fields.Many2one(
        "helpdesk.support.product.version",
        string="Version",
        tracking=True,
        domain="[('product_id', '=', support_product_id)]",
    )
    support_version_unsupported = fields.Boolean(
        string="Unsupported version",
        compute="_compute_support_version_unsupported",
        store=True,
        help="The customer runs a version that is no longer supported (R-13).",
    )
    support_coupon_id = fields.Many2one(
        "helpdesk.support.coupon",
        string="Coupon",
        readonly=True,
        copy=False,
        help="The special request was paid with a use of this coupon (R-42).",
    )
    support_identified_partner_id = fields.Many2one(
        "res.partner",
        string="Organisation named in the mail",
        readonly=True,
        copy=False,
        help="Organisation whose INN, OGRN, name or contact address the first "
        "mail mentions (DS 5.8).",
    )
    support_waiting_since = fields.Datetime(
        string="Waiting on the customer since", readonly=True, copy=False
    )
    support_autoclose_date = fields.Datetime(
        string="Closes automatically on",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Without a reply of the customer the ticket is closed then (R-60).",
    )
    support_autoclose_reminder_date = fields.Datetime(
        readonly=True, copy=False, index="btree_not_null"
    )
    support_parent_ticket_id = fields.Many2one(
        "helpdesk.ticket",
        string="Follows up",
        readonly=True,
        copy=False,
        help="Closed ticket this one continues (R-61).",
    )
    support_credentials = fields.Text(
        string="Temporary access data",
        groups="helpdesk_mgmt.group_helpdesk_user_own",
        copy=False,
        help="Credentials the customer gave for temporary access (DS 5.3); "
        "purged automatically.",
    )
    support_confidential_since = fields.Datetime(
        string="Confidential data received on", readonly=True, copy=False
    )
    support_purge_date = fields.Datetime(
        string="Confidential data purged on",
        compute="_compute_support_purge_date",
        store=True,
        index="btree_not_null",
    )
    support_ack_pending = fields.Boolean(
        string="Acknowledgement to send", readonly=True, copy=False, index=True
    )
    support_system_address = fields.Char(
        string="System address", help="Address of the customer's installation."
    )
    support_steps_to_reproduce = fields.Text(string="Steps to reproduce")

    # Professional services (MQ 2, R-70 ... R-73)
    support_is_professional_service = fields.Boolean(
        related="category_id.support_professional_service",
        string="Professional service",
    )
    support_certificate_id = fields.Many2one(
        "helpdesk.support.certificate",
        string="Certificate",
        readonly=True,
        index="btree_not_null",
        tracking=True,
        copy=False,
        domain="[('partner_id', '=', commercial_partner_id)]",
        help="Professional-services certificate the work of this order is "
        "charged to; set when the key contact person accepts an estimate.",
    )
    support_estimate_ids = fields.One2many(
        "helpdesk.support.estimate", "ticket_id", string="Estimates"
    )
    support_estimate_state = fields.Selection(
        [
            ("none", "No estimate"),
            ("sent", "Awaiting approval"),
            ("accepted", "Accepted"),
            ("declined", "Declined"),
        ],
        string="Estimate",
        compute="_compute_support_estimate_state",
        store=True,
        default="none",
    )
    support_ps_ordered = fields.Boolean(
        string="Order accepted",
        compute="_compute_support_estimate_state",
        store=True,
        help="An estimate of this ticket has been accepted by the key contact "
        "person: the order is charged at least one hour whatever the result.",
    )
    support_ps_charged_hours = fields.Float(
        string="Charged hours",
        compute="_compute_support_ps_charged_hours",
        store=True,
        digits=(16, 2),
        help="Charged hours of the timesheets, raised to the minimum order of "
        "one working hour once an estimate is accepted (MQ 2.1).",
    )

    @api.depends("sla_level_id", "support_contract_id.tier_id")
    def _compute_sla_target_display(self):
        for ticket in self:
            source = ticket.sla_level_id or ticket.support_contract_id.tier_id
            ticket.sla_target_display = source.response_target_display or False

    @api.depends("sla_timer_ids.state", "sla_timer_ids.deadline")
    def _compute_sla_summary(self):
        """Worst timer state and earliest running deadline, in one query."""
        groups = (
            self.env["helpdesk.support.sla.timer"]
            .sudo()
            ._read_group(
                [("ticket_id", "in", self.ids)],
                ["ticket_id", "state"],
                ["deadline:min"],
            )
        )
        states = defaultdict(set)
        deadlines = defaultdict(list)
        for ticket, state, deadline in groups:
            states[ticket.id].add(state)
            if state in ("running", "at_risk") and deadline:
                deadlines[ticket.id].append(deadline)
        for ticket in self:
            ticket_states = states[ticket.id]
            ticket.sla_state = next(
                (state for state in SLA_STATE_RANK if state in ticket_states), False
            )
            ticket.sla_deadline = min(deadlines[ticket.id], default=False)

    @api.depends("support_confidential_since", "company_id.support_confidential_days")
    def _compute_support_purge_date(self):
        for ticket in self:
            since = ticket.support_confidential_since
            days = ticket.company_id.support_confidential_days or 30
            ticket.support_purge_date = since and since + timedelta(days=days)

    @api.depends("support_product_version_id.is_supported")
    def _compute_support_version_unsupported(self):
        for ticket in self:
            version = ticket.support_product_version_id
            ticket.support_version_unsupported = bool(version) and not (
                version.is_supported
            )

    @api.depends("waiting_reason_id", "stage_id.support_pause_sla")
    def _compute_sla_paused(self):
        for ticket in self:
            ticket.sla_paused = bool(
                ticket.waiting_reason_id or ticket.stage_id.support_pause_sla
            )

    @api.constrains(
        "partner_id",
        "support_contract_id",
        "support_certificate_id",
        "support_coupon_id",
    )
    def _check_support_customer(self):
        """Contract, certificate and coupon are the ticket's customer's (#12.6)."""
        for ticket in self.sudo():
            customer = ticket.partner_id.commercial_partner_id
            for record in (
                ticket.support_contract_id,
                ticket.support_certificate_id,
                ticket.support_coupon_id,
            ):
                if record and record.partner_id.commercial_partner_id != customer:
                    raise ValidationError(
                        self.env._(
                            "%(record)s does not belong to %(customer)s, the "
                            "customer of the ticket %(ticket)s.",
                            record=record.display_name,
                            customer=customer.display_name or "—",
                            ticket=ticket.display_name,
                        )
                    )

    # ------------------------------------------------------------------
    # Creation: contract, level, timers
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        check_system_fields(self, vals_list, self._support_system_fields, create=True)
        if server_switch(self.env, "support_sla_disable"):
            return super().create(vals_list)
        code = server_switch(self.env, "support_coupon_code")
        if code and len(vals_list) == 1:
            # a special request from the portal form, paid with a coupon use
            return (
                self.env["helpdesk.support.coupon"]
                .with_context(support_coupon_code=False)
                ._support_redeem(code, vals_list[0], self.env.user)
            )
        self._support_prepare_sla_vals(vals_list)
        tickets = super().create(vals_list)
        tickets._support_reject_not_from_kcp()
        tickets._support_queue_over_limit()
        tickets._support_start_timers()
        return tickets

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
            self.env["helpdesk.support.contract"].sudo()._get_active_contract(partners)
        )
        teams = self.env["helpdesk.ticket.team"].browse(
            {vals["team_id"] for vals in vals_list if vals.get("team_id")}
        )
        team_company = {team.id: team.company_id for team in teams}
        levels = self.env["helpdesk.support.sla.level"].sudo()
        candidates = {}
        for vals in vals_list:
            partner = partners.browse(vals.get("partner_id"))
            contract = contracts.get(partner.commercial_partner_id) if partner else None
            company = team_company.get(vals.get("team_id")) or self.env[
                "res.company"
            ].browse(vals.get("company_id") or self.env.company.id)
            if contract and contract.company_id != company:
                contract = None
            if contract and not vals.get("support_contract_id"):
                vals["support_contract_id"] = contract.id
            if vals.get("sla_level_id"):
                continue
            if company not in candidates:
                candidates[company] = levels._get_candidates(company)
            level = candidates[company]._select_level(
                contract.tier_id if contract else levels.env["helpdesk.support.tier"],
                contract.sender_category_id
                if contract
                else levels.env["helpdesk.support.sender.category"],
                levels.env["helpdesk.ticket.category"].browse(vals.get("category_id")),
                vals.get("priority") or self._fields["priority"].default(self),
            )
            if not level and not contract:
                level = company.sudo().support_default_sla_level_id
            if level:
                vals["sla_level_id"] = level.id

    def _support_sla_target(self):
        """(schedule, value, unit, kind) of the ticket's SLA, or None.

        The SLA level when there is one, otherwise the tier of the contract.
        """
        self.ensure_one()
        level = self.sla_level_id
        tier = self.support_contract_id.tier_id
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
        return calendar, source.response_time, source.response_time_unit, kind

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
            "sla_level_id": self.sla_level_id.id,
        }

    def _support_timer_allowed(self):
        """Tickets of ``self`` whose SLA may start now."""
        return self.filtered(lambda t: not t.stage_id.closed and not t.support_queued)

    # ------------------------------------------------------------------
    # Open-ticket limit and key-contact-only requests
    # ------------------------------------------------------------------

    @api.model
    def _support_set_portal_rule(self):
        """Restrict helpdesk_mgmt's portal rule on tickets (R-32)."""
        rule = self.env.ref(
            "helpdesk_mgmt.helpdesk_ticket_rule_portal", raise_if_not_found=False
        )
        if rule:
            rule.sudo().domain_force = SUPPORT_PORTAL_DOMAIN

    def _support_takes_slot(self):
        """Whether the ticket takes a slot of its customer's limit."""
        self.ensure_one()
        return bool(
            self.support_contract_id.tier_id.open_ticket_limit
            and not self.stage_id.closed
            and not self.category_id.support_limit_exempt
            and not self.defect_confirmed_date
            and not self.support_coupon_id
        )

    def _support_notify_customer(self, body):
        """A message to the customer on the ticket, in the customer's language."""
        self.ensure_one()
        self.sudo().message_post(
            body=body,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            author_id=self.env.ref("base.partner_root").id,
            partner_ids=self.partner_id.ids,
        )

    def _support_queue_over_limit(self):
        """Queue new tickets beyond the customer's limit of tickets in work.

        The contracts are locked first (``_support_lock_slots``), so two
        tickets arriving at once for the last slot are serialized by
        PostgreSQL: one enters work, the other is queued.
        """
        candidates = self.filtered(lambda t: t._support_takes_slot())
        if not candidates:
            return self.browse()
        contracts = candidates.support_contract_id.sudo()
        contracts._support_lock_slots()
        counts = contracts._support_in_work_counts(exclude=candidates)
        queued = self.browse()
        for ticket in candidates.sorted("id"):
            contract = ticket.support_contract_id
            if counts[contract.id] < contract.tier_id.open_ticket_limit:
                counts[contract.id] += 1
            else:
                queued |= ticket
        if queued:
            queued.sudo().write({"support_queued": True})
            for ticket in queued:
                ticket._support_notify_queued()
        return queued

    def _support_notify_queued(self):
        self.ensure_one()
        contract = self.support_contract_id.sudo()
        holders = self.sudo().search(contract._support_in_work_domain(), order="id")
        env = self.with_context(lang=self.partner_id.lang or self.env.lang).env
        self._support_notify_customer(
            Markup("<p>%s</p><p>%s</p>")
            % (
                env._(
                    "Your organisation has %(limit)s tickets in work, the limit "
                    "of the %(tier)s plan. This ticket is accepted and waits for "
                    "a free slot; its response time starts when it enters work.",
                    limit=contract.tier_id.open_ticket_limit,
                    tier=contract.tier_id.with_env(env).name,
                ),
                env._(
                    "Tickets holding the slots: %(numbers)s.",
                    numbers=", ".join(holders.mapped("number")),
                ),
            )
        )

    def _support_reject_not_from_kcp(self):
        """Close requests reserved to the key contact person from others."""
        rejected = self.filtered(
            lambda t: t.category_id.support_kcp_only
            and t.support_contract_id
            and t.partner_id != t.support_contract_id.sudo().key_contact_id
        )
        for ticket in rejected:
            stage = ticket.company_id._get_support_rejected_stage(ticket.team_id)
            ticket.sudo().write({"stage_id": stage.id})
            kcp = ticket.support_contract_id.sudo().key_contact_id
            env = ticket.with_context(lang=ticket.partner_id.lang or self.env.lang).env
            ticket._support_notify_customer(
                env._(
                    "Requests of the category %(category)s are accepted only "
                    "from the key contact person of your organisation "
                    "(%(kcp)s). This ticket was closed without action; please "
                    "ask your key contact person to send the request.",
                    category=ticket.category_id.with_env(env).name,
                    kcp=kcp.name or env._("not designated"),
                )
            )
        return rejected

    def _support_release_slots(self, contracts=None):
        """Queued tickets enter work when slots of their customer free."""
        contracts = (
            (contracts or self.support_contract_id)
            .sudo()
            .filtered(lambda c: c.tier_id.open_ticket_limit)
        )
        if not contracts:
            return self.browse()
        contracts._support_lock_slots()
        counts = contracts._support_in_work_counts()
        waiting = self.sudo().search(
            [
                ("support_contract_id", "in", contracts.ids),
                ("support_queued", "=", True),
                ("stage_id.closed", "=", False),
            ],
            order="id",
        )
        promoted = self.browse()
        for ticket in waiting:
            contract = ticket.support_contract_id
            if counts[contract.id] < contract.tier_id.open_ticket_limit:
                counts[contract.id] += 1
                promoted |= ticket
        if promoted:
            promoted.sudo().write({"support_queued": False})
            for ticket in promoted:
                env = ticket.with_context(
                    lang=ticket.partner_id.lang or self.env.lang
                ).env
                ticket._support_notify_customer(
                    env._("A slot is free: this ticket is now in work.")
                )
            promoted._support_start_timers()
        return promoted

    def _support_start_timers(self, now=None):
        """Start the response (or development) timer of new tickets."""
        now = now or fields.Datetime.now()
        vals_list = []
        for ticket in self._support_timer_allowed():
            target = ticket._support_sla_target()
            if target:
                calendar, value, unit, kind = target
                vals_list.append(
                    ticket._support_timer_vals(kind, calendar, value, unit, now)
                )
        timers = self.env["helpdesk.support.sla.timer"].sudo().create(vals_list)
        paused = timers.filtered(lambda t: t.ticket_id.sla_paused)
        paused.write({"state": "paused", "pause_start": now})
        (timers - paused)._schedule(now)
        return timers

    # ------------------------------------------------------------------
    # Life cycle: pauses, closing, first public reply
    # ------------------------------------------------------------------

    def write(self, vals):
        check_system_fields(self, [vals], self._support_system_fields)
        watched = {"stage_id", "waiting_reason_id"} & set(vals)
        before = {}
        if watched:
            before = {
                ticket.id: (ticket.sla_paused, ticket.stage_id.closed)
                for ticket in self
            }
        if vals.get("support_credentials"):
            vals = dict(vals, support_confidential_since=fields.Datetime.now())
        slot_fields = {
            "stage_id",
            "category_id",
            "defect_confirmed_date",
            "support_contract_id",
        }
        contracts = self.sudo().support_contract_id if slot_fields & set(vals) else None
        result = super().write(vals)
        if watched:
            self._support_sla_after_write(before)
        if contracts is not None:
            self._support_release_slots(contracts | self.sudo().support_contract_id)
        return result

    def unlink(self):
        contracts = self.sudo().support_contract_id
        result = super().unlink()
        self.browse()._support_release_slots(contracts)
        return result

    def _support_sla_after_write(self, before):
        now = fields.Datetime.now()
        timers = self.env["helpdesk.support.sla.timer"].sudo()
        to_pause, to_resume, to_fulfil = timers, timers, timers
        for ticket in self:
            was_paused, was_closed = before[ticket.id]
            open_timers = ticket.sudo().sla_timer_ids.filtered(
                lambda t: t.state in OPEN_STATES
            )
            if ticket.stage_id.closed and not was_closed:
                to_fulfil |= open_timers
            elif ticket.sla_paused and not was_paused:
                to_pause |= open_timers
            elif was_paused and not ticket.sla_paused:
                to_resume |= open_timers
        to_fulfil._fulfil(now)
        to_pause._pause(now)
        to_resume._resume(now)
        waiting = self.filtered(lambda t: t.sla_paused and not t.stage_id.closed)
        (waiting - waiting.filtered("support_waiting_since"))._support_start_waiting(
            now
        )
        (self - waiting).filtered("support_waiting_since").sudo().write(
            {
                "support_waiting_since": False,
                "support_autoclose_date": False,
                "support_autoclose_reminder_date": False,
            }
        )
        newly_closed = self.filtered(
            lambda t: t.stage_id.closed and not before[t.id][1]
        )
        newly_closed._support_on_close()

    def _message_post_after_hook(self, message, msg_vals):
        result = super()._message_post_after_hook(message, msg_vals)
        if self._support_is_customer_message(message):
            self._support_on_customer_message(message)
        if self._support_is_public_staff_reply(message):
            response = self.sudo().sla_timer_ids.filtered(
                lambda t: t.kind == "response"
                and (
                    t.state in OPEN_STATES or (t.state == "breached" and not t.met_date)
                )
            )
            response._fulfil(message.date or fields.Datetime.now())
        return result

    def _support_is_customer_message(self, message):
        """A message of the customer (mail or portal), not of a program."""
        self.ensure_one()
        if server_switch(self.env, "support_auto_submitted"):
            return False
        if message.message_type not in ("comment", "email"):
            return False
        author = message.author_id.sudo()
        if not author or any(not user.share for user in author.user_ids):
            return False
        return bool(
            author == self.partner_id
            or (
                self.commercial_partner_id
                and author.commercial_partner_id == self.commercial_partner_id
            )
        )

    # ------------------------------------------------------------------
    # Waiting on the customer, auto-close, reopen
    # ------------------------------------------------------------------

    def _support_start_waiting(self, now):
        """Auto-close in N working days, a reminder one working day before."""
        by_calendar = defaultdict(lambda: self.browse())
        for ticket in self:
            by_calendar[ticket.company_id._get_support_fix_calendar()] |= ticket
        for calendar, tickets in by_calendar.items():
            days = max(tickets.company_id.mapped("support_autoclose_days") or [3])
            if not calendar:
                continue
            engine = calendar._get_working_time_engine(
                now - timedelta(days=1), now + timedelta(days=days * 3 + 30)
            )
            for ticket in tickets:
                ticket_days = ticket.company_id.support_autoclose_days or 3
                ticket.sudo().write(
                    {
                        "support_waiting_since": now,
                        "support_autoclose_date": engine.plan_days(now, ticket_days),
                        "support_autoclose_reminder_date": engine.plan_days(
                            now, max(ticket_days - 1, 0)
                        )
                        if ticket_days > 1
                        else now,
                    }
                )

    def _support_on_customer_message(self, message):
        self.ensure_one()
        if self.stage_id.closed:
            self._support_reopen_or_follow_up(message)
        elif self.sla_paused:
            vals = {"waiting_reason_id": False}
            if self.stage_id.support_pause_sla:
                stage = self.company_id._get_support_processing_stage()
                if stage and not stage.support_pause_sla:
                    vals["stage_id"] = stage.id
            self.sudo().write(vals)

    def _support_reopen_or_follow_up(self, message):
        """A customer reply to a closed ticket reopens it within the
        configured period; later it opens a new ticket linked to it."""
        self.ensure_one()
        ticket = self.sudo()
        now = fields.Datetime.now()
        if (
            ticket.category_id.support_kcp_only
            and ticket.support_contract_id
            and (message.author_id != ticket.support_contract_id.key_contact_id)
        ):
            # a request reserved to the key contact person stays rejected
            return ticket.browse()
        days = ticket.company_id.support_reopen_days
        if ticket.closed_date and ticket.closed_date + timedelta(days=days) >= now:
            stage = ticket.company_id._get_support_processing_stage()
            if not stage or stage.closed:
                stage = ticket.team_id._get_applicable_stages().filtered(
                    lambda st: not st.closed
                )[:1]
            ticket.write({"stage_id": stage.id})
            ticket.message_post(
                body=self.env._("Reopened by the customer's reply."),
                subtype_xmlid="mail.mt_note",
            )
            ticket._support_start_timers(now)
            return ticket
        follow_up = ticket.create(
            {
                "name": self.env._("Follow-up: %(name)s", name=ticket.name),
                "description": message.body or ticket.description,
                "partner_id": message.author_id.id or ticket.partner_id.id,
                "team_id": ticket.team_id.id,
                "category_id": ticket.category_id.id,
                "company_id": ticket.company_id.id,
                "support_parent_ticket_id": ticket.id,
            }
        )
        ticket.message_post(
            body=self.env._(
                "The customer wrote after the reopening period: new ticket %(number)s.",
                number=follow_up.number,
            ),
            subtype_xmlid="mail.mt_note",
        )
        return follow_up

    @api.model
    def _cron_support_autoclose(self, batch_size=500):
        """Remind, then close tickets the customer left unanswered (R-60).

        Only due tickets are read, through the indexed reminder and close
        dates; one batch per call, progress reported to the cron runner.
        """
        now = fields.Datetime.now()
        remind_domain = [
            ("support_autoclose_reminder_date", "<=", now),
            ("support_autoclose_date", ">", now),
        ]
        close_domain = [("support_autoclose_date", "<=", now)]
        to_remind = self.sudo().search(remind_domain, limit=batch_size)
        to_close = self.sudo().search(close_domain, limit=batch_size)
        for ticket in to_remind:
            ticket._support_send_template(
                "helpdesk_mgmt_support_contract.mail_template_autoclose_reminder"
            )
        to_remind.write({"support_autoclose_reminder_date": False})
        for ticket in to_close:
            stage = ticket.company_id._get_support_autoclose_stage(ticket.team_id)
            ticket._support_send_template(
                "helpdesk_mgmt_support_contract.mail_template_autoclose"
            )
            ticket.write(
                {
                    "stage_id": stage.id,
                    "support_waiting_since": False,
                    "support_autoclose_date": False,
                    "support_autoclose_reminder_date": False,
                }
            )
        remaining = self.sudo().search_count(
            expression.OR([remind_domain, close_domain])
        )
        self.env["ir.cron"]._notify_progress(
            done=len(to_remind) + len(to_close), remaining=remaining
        )
        return to_close

    def _support_send_template(self, xmlid):
        """A mail template to the customer, in the chatter, from OdooBot."""
        template = self.env.ref(xmlid).sudo()
        tickets = self.sudo()
        # rendered once for the batch, in each customer's language
        bodies = template._render_field("body_html", tickets.ids, compute_lang=True)
        subjects = template._render_field("subject", tickets.ids, compute_lang=True)
        author = self.env.ref("base.partner_root")
        for ticket in tickets:
            ticket.message_post(
                body=bodies[ticket.id],
                subject=subjects[ticket.id],
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                author_id=author.id,
                partner_ids=ticket.partner_id.ids,
                email_layout_xmlid="mail.mail_notification_light",
            )

    # ------------------------------------------------------------------
    # Closing: credentials reminder, rating
    # ------------------------------------------------------------------

    def _support_on_close(self):
        for ticket in self.sudo():
            if ticket.support_confidential_since and ticket.partner_id:
                ticket._support_send_template(
                    "helpdesk_mgmt_support_contract.mail_template_change_credentials"
                )
            if ticket.stage_id.support_rating_request and ticket.partner_id:
                ticket.rating_send_request(
                    self.env.ref(
                        "helpdesk_mgmt_support_contract.mail_template_rating_request"
                    ),
                    lang=ticket.partner_id.lang,
                    force_send=False,
                )

    @api.model
    def _cron_support_purge_confidential(self, batch_size=500):
        """Purge credentials and confidential attachments after 30 days,
        leaving a trace (R-63)."""
        now = fields.Datetime.now()
        domain = [("support_purge_date", "<=", now)]
        tickets = self.sudo().search(domain, limit=batch_size)
        attachments = (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "helpdesk.ticket"),
                    ("res_id", "in", tickets.ids),
                    ("support_confidential", "=", True),
                ]
            )
        )
        names = defaultdict(list)
        for attachment in attachments:
            names[attachment.res_id].append(attachment.name)
        attachments.unlink()
        for ticket in tickets:
            ticket.message_post(
                body=self.env._(
                    "Confidential data purged: access data%(files)s.",
                    files=(
                        ", " + ", ".join(names[ticket.id]) if names[ticket.id] else ""
                    ),
                ),
                subtype_xmlid="mail.mt_note",
            )
        tickets.write(
            {"support_credentials": False, "support_confidential_since": False}
        )
        self.env["ir.cron"]._notify_progress(
            done=len(tickets), remaining=self.sudo().search_count(domain)
        )
        return tickets

    @api.model
    def _support_is_public_staff_reply(self, message):
        """A reply the customer receives, written by an internal user."""
        if message.message_type not in ("comment", "email"):
            return False
        if not message.subtype_id or message.subtype_id.internal:
            return False
        authors = message.author_id.sudo().user_ids
        return any(not user.share and not user._is_superuser() for user in authors)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_support_reclassify(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "helpdesk_mgmt_support_contract.helpdesk_support_reclassify_wizard_action"
        )
        action["context"] = {"default_ticket_id": self.id}
        return action

    # ------------------------------------------------------------------
    # Escalation by the key contact person
    # ------------------------------------------------------------------

    def _support_key_contact(self):
        """The key contact person of the ticket's contract, while it is active."""
        self.ensure_one()
        contract = self.sudo().support_contract_id
        if contract.state != "active":
            return self.env["res.partner"]
        return contract.key_contact_id

    def _support_can_escalate(self, partner):
        self.ensure_one()
        kcp = self._support_key_contact()
        return bool(kcp and kcp == partner and not self.stage_id.closed)

    def _support_escalate(self, partner, reason=""):
        """The key contact person escalates to the head of support: an
        activity for the head and an email, a trace in the chatter."""
        self.ensure_one()
        if not self._support_can_escalate(partner):
            raise UserError(
                self.env._(
                    "Only the key contact person of the customer can escalate an "
                    "open ticket."
                )
            )
        ticket = self.sudo()
        head = (
            ticket.company_id.support_head_user_id
            or ticket.team_id.user_id
            or self.env.ref("base.user_admin")
        )
        summary = self.env._(
            "Escalated by %(kcp)s: %(ticket)s",
            kcp=partner.name,
            ticket=ticket.display_name,
        )
        ticket.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=summary,
            note=reason or False,
            user_id=head.id,
        )
        body = Markup("<p>%s</p>") % summary
        if reason:
            body += Markup("<p>%s</p>") % reason
        ticket.message_post(
            body=body,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
            author_id=partner.id,
        )
        ticket.message_notify(
            partner_ids=head.partner_id.ids,
            subject=summary,
            body=body,
            author_id=partner.id,
            email_layout_xmlid="mail.mail_notification_light",
        )
        return head

    def _support_notify_coupon_redeemed(self):
        """Tell the customer the special request is in processing, with the
        phone number of the responsible employee (R-42)."""
        self._support_send_template(
            "helpdesk_mgmt_support_contract.mail_template_coupon_redeemed"
        )

    # ------------------------------------------------------------------
    # Mail gateway (R-50 … R-52)
    # ------------------------------------------------------------------

    # message_new and message_update are the mail server's: over RPC they
    # would let a client write as any sender, with the gateway's rights
    @api.private
    @api.model
    def message_new(self, msg_dict, custom_values=None):
        if server_switch(self.env, "support_gateway_disable"):
            return super().message_new(msg_dict, custom_values=custom_values)
        refused = self._support_filter_attachments(msg_dict)
        existing = self._support_thread_from_subject(msg_dict)
        if existing:
            # a reply naming its TID in the subject, without mail headers
            existing._support_after_incoming(msg_dict, refused)
            return existing
        custom_values = dict(custom_values or {})
        if not server_switch(self.env, "support_auto_submitted"):
            # answered by the acknowledgement action, in batches, right after
            # the sender's address is the ticket's partner_email (mail.thread)
            custom_values["support_ack_pending"] = True
            self.env.ref(
                "helpdesk_mgmt_support_contract.ir_cron_support_acknowledge"
            ).sudo()._trigger()
        ticket = super().message_new(msg_dict, custom_values=custom_values)
        ticket._support_unsubscribe_strangers(msg_dict, self.env["res.partner"])
        ticket._support_identify_sender(msg_dict)
        ticket._support_after_incoming(msg_dict, refused)
        return ticket

    @api.private
    def message_update(self, msg_dict, update_vals=None):
        if server_switch(self.env, "support_gateway_disable"):
            return super().message_update(msg_dict, update_vals=update_vals)
        refused = self._support_filter_attachments(msg_dict)
        followers = self.sudo().message_partner_ids
        result = super().message_update(msg_dict, update_vals=update_vals)
        for ticket in self:
            ticket._support_unsubscribe_strangers(msg_dict, followers)
        self._support_after_incoming(msg_dict, refused)
        return result

    def _support_unsubscribe_strangers(self, msg_dict, followers_before):
        """helpdesk_mgmt subscribes the partners a mail is sent or copied to;
        those who may not see the ticket (R-32) are unsubscribed again: as
        followers they would receive every later reply of the support."""
        self.ensure_one()
        ticket = self.sudo()
        addresses = {
            tools.email_normalize(address)
            for address in tools.email_split(
                "{},{}".format(msg_dict.get("to") or "", msg_dict.get("cc") or "")
            )
        }
        added = (ticket.message_partner_ids - followers_before).filtered(
            lambda p: p.email_normalized in addresses
        )
        strangers = added.filtered(
            lambda p: not ticket._support_sender_may_see(p, p.email_normalized)
        )
        if strangers:
            ticket.message_unsubscribe(partner_ids=strangers.ids)

    def _support_sender_may_see(self, partner, email=False):
        """Whether the sender of a mail may see this ticket on the portal.

        The portal rule (R-32: the creator, the members of the creator's
        teams of contacts, the key contact person) evaluated as the sender's
        user when there is one, staff by their access rights; for a contact
        without a user the same condition over the same relations. A ticket
        of a sender the gateway did not know is open to that address only.
        E-mail ``From`` is no authentication: this keeps a sender out of
        tickets it could not read anyway, it does not prove who wrote.
        """
        self.ensure_one()
        ticket = self.sudo()
        partner = partner.sudo()
        for user in partner.user_ids:
            if (
                ticket.with_user(user)
                .with_context(allowed_company_ids=user.company_ids.ids)
                .has_access("read")
            ):
                return True
        if not ticket.partner_id:
            return bool(email) and email == tools.email_normalize(
                ticket.partner_email or ""
            )
        if not partner or partner.user_ids:
            return False
        return bool(
            ticket.partner_id & partner.support_ticket_partner_ids
            or ticket.commercial_partner_id & partner.support_kcp_customer_ids
        )

    @api.model
    def _support_route_reply(self, message_dict, route):
        """A mail that Odoo threads into a ticket by its In-Reply-To or
        References header (a Message-Id can be known or guessed) reaches the
        ticket only when its sender may see it, like a TID in the subject;
        otherwise it becomes a ticket of the sender's own, through the
        support address it was sent to.

        :param route: ``(model, thread_id, custom_values, user_id, alias)``
        :return: the route to check
        """
        _model, thread_id, _values, user_id, alias = route
        ticket = self.sudo().browse(thread_id).exists()
        if not ticket:
            return route
        email_from = message_dict.get("email_from") or ""
        author = self.env["res.partner"].browse(message_dict.get("author_id") or [])
        if not author and email_from:
            found = self.env["mail.thread"]._mail_find_partner_from_emails(
                [email_from], records=ticket
            )
            author = found[0] if found and found[0] else author
        if ticket._support_sender_may_see(author, tools.email_normalize(email_from)):
            return route
        if alias:
            values = ast.literal_eval(alias.alias_defaults or "{}")
        else:
            values = {"team_id": ticket.team_id.id, "company_id": ticket.company_id.id}
        message_dict.pop("parent_id", None)
        return (self._name, False, values, user_id, alias)

    @api.model
    def _support_filter_attachments(self, msg_dict):
        """Keep the accepted attachments of an incoming mail (R-52).

        :return: names of the refused ones
        """
        kept, refused = [], []
        for attachment in msg_dict.get("attachments") or []:
            name = attachment[0] or ""
            extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
            if extension in ACCEPTED_ATTACHMENTS:
                kept.append(attachment)
            else:
                refused.append(name or "?")
        msg_dict["attachments"] = kept
        return refused

    @api.model
    def _support_thread_from_subject(self, msg_dict):
        """The ticket whose number the subject carries, when its sender may
        see that ticket on the portal (R-32); a TID of a ticket the sender
        may not see is ignored, and the mail becomes a ticket of its own."""
        subject = (msg_dict.get("subject") or "")[:1000]
        numbers = set(TID_PATTERN.findall(subject.upper()))
        if not numbers:
            return self.browse()
        tickets = self.sudo().search([("number", "in", list(numbers))])
        author = self.env["res.partner"].browse(msg_dict.get("author_id") or [])
        sender = tools.email_normalize(msg_dict.get("email_from") or "")
        for ticket in tickets:
            if ticket._support_sender_may_see(author, sender):
                return ticket
        return self.browse()

    def _support_identify_sender(self, msg_dict):
        """DS 5.8: note the organisation the mail names (INN, OGRN with check
        digits, name or a registered contact's address). The commercial SLA
        comes only from the sender's own contract.

        Only the beginning of the mail is read, with linear patterns: the
        cost is bounded whatever the size of the mail."""
        self.ensure_one()
        if self.support_contract_id:
            return  # identified by the sender's own registered address
        html = (msg_dict.get("body") or "")[:IDENTIFY_MAX_HTML]
        text = "{} {}".format(
            (msg_dict.get("subject") or "")[:1000], tools.html2plaintext(html)
        )[:IDENTIFY_MAX_TEXT]
        inns, ogrns = find_registry_numbers(text)
        Partner = self.env["res.partner"].sudo()
        found = Partner.browse()
        if inns or ogrns:
            found = Partner.search(
                [
                    ("is_company", "=", True),
                    "|",
                    ("vat", "in", list(inns)),
                    ("company_registry", "in", list(ogrns)),
                ],
                limit=1,
            )
        # free text, not a header: email_split would glue the next words on
        emails = {address.lower() for address in EMAIL_PATTERN.findall(text)}
        if not found and emails:
            found = Partner.search(
                [("email_normalized", "in", list(emails))], limit=1
            ).commercial_partner_id
        if not found:
            # a customer name written in the mail: one query, whatever the
            # number of contracts
            rows = self.env.execute_query(
                SQL(
                    """SELECT c.partner_id FROM helpdesk_support_contract c
                         JOIN res_partner p ON p.id = c.partner_id
                        WHERE c.state = 'active' AND c.company_id = %s
                          AND length(p.name) >= 3
                          AND strpos(lower(%s), lower(p.name)) > 0
                        LIMIT 1""",
                    self.company_id.id,
                    text,
                )
            )
            found = Partner.browse(rows[0][0]) if rows else Partner
        if not found:
            return
        self.sudo().support_identified_partner_id = found
        if self.commercial_partner_id != found.commercial_partner_id:
            self.sudo().message_post(
                body=self.env._(
                    "The mail names %(organisation)s, but the sender is not one of "
                    "its registered contacts: the commercial SLA applies only to "
                    "mail from the licensee's contacts (DS 5.8).",
                    organisation=found.display_name,
                ),
                subtype_xmlid="mail.mt_note",
            )

    @api.model
    def _cron_support_acknowledge(self, batch_size=500):
        """Send the acknowledgements of new mail tickets (R-50): the TID, the
        SLA level and the deadline; rendered once per batch, so the mail
        gateway itself stays fast."""
        tickets = self.sudo().search(
            [("support_ack_pending", "=", True)], limit=batch_size
        )
        with_partner = tickets.filtered("partner_id")
        with_partner._support_send_template(
            "helpdesk_mgmt_support_contract.mail_template_ticket_acknowledgement"
        )
        template = self.env.ref(
            "helpdesk_mgmt_support_contract.mail_template_ticket_acknowledgement"
        )
        for ticket in (tickets - with_partner).filtered("partner_email"):
            template.send_mail(
                ticket.id, email_values={"email_to": ticket.partner_email}
            )
        tickets.write({"support_ack_pending": False})
        self.env["ir.cron"]._notify_progress(
            done=len(tickets),
            remaining=self.sudo().search_count([("support_ack_pending", "=", True)]),
        )
        return tickets

    def _support_after_incoming(self, msg_dict, refused):
        """Tell the sender which attachments were not accepted (DS 5.7).

        The names are the sender's text: escaped, never markup. At most
        ``AUTOREPLY_PER_HOUR`` automatic replies an hour go to one address
        (shared with the alias bounces); beyond, the refusal is only noted
        on the ticket, so a forged sender cannot make the support address
        mail a victim over and over.
        """
        self.ensure_one()
        if not refused or server_switch(self.env, "support_auto_submitted"):
            return
        ticket = self.sudo()
        lang = ticket.partner_id.lang or self.env.lang
        env = ticket.with_context(lang=lang).env
        body = Markup("<p>%s</p>") % env._(
            "These attachments were not accepted: %(names)s. We accept JPG, GIF "
            "and PNG pictures; other files (BMP too) only inside a ZIP or RAR "
            "archive (DS 5.7). Your message itself was received.",
            names=", ".join(refused),
        )
        email_from = msg_dict.get("email_from")
        address = ticket.partner_id.email or email_from
        if not address or not self.env["helpdesk.support.autoreply"]._support_allow(
            address
        ):
            ticket.message_post(body=body, subtype_xmlid="mail.mt_note")
        elif ticket.partner_id:
            ticket._support_notify_customer(body)
        else:
            ticket.message_post(body=body, subtype_xmlid="mail.mt_note")
            subject = " ".join((msg_dict.get("subject") or "").split())[:200]
            self.env["mail.mail"].sudo().create(
                {
                    "email_to": email_from,
                    "subject": env._("Re: %(subject)s", subject=subject),
                    "body_html": body,
                    "auto_delete": True,
                }
            )

    def action_support_confirm_defect(self):
        """A confirmed defect leaves the open-ticket limit (MQ 1.4).

        The date is the system's (#12): written with sudo, by whoever may
        write the ticket, at the time of the confirmation."""
        self.check_access("write")
        self.filtered(lambda t: not t.defect_confirmed_date).sudo().write(
            {"defect_confirmed_date": fields.Datetime.now()}
        )
        return True

    def action_support_confirm_critical_defect(self):
        """Staff confirm a critical defect: the fix deadline starts (R-24).

        The dates are the system's (#12): written with sudo, by whoever may
        write the ticket, together with the fix timer."""
        self.check_access("write")
        now = fields.Datetime.now()
        confirmed = self.filtered("critical_defect_date")
        if confirmed:
            raise UserError(
                self.env._(
                    "A critical defect is already confirmed on %(tickets)s.",
                    tickets=", ".join(confirmed.mapped("display_name")),
                )
            )
        self.sudo().write(
            {
                "critical_defect_date": now,
                "defect_confirmed_date": now,
                "priority": "3",
            }
        )
        vals_list = []
        for ticket in self:
            company = ticket.company_id
            calendar = company._get_support_fix_calendar()
            if not calendar:
                raise UserError(
                    self.env._(
                        "Set a development schedule in the helpdesk settings of "
                        "%(company)s first.",
                        company=company.display_name,
                    )
                )
            vals_list.append(
                ticket._support_timer_vals(
                    "critical_fix",
                    calendar,
                    company.support_critical_fix_days,
                    "days",
                    now,
                )
            )
        timers = self.env["helpdesk.support.sla.timer"].sudo().create(vals_list)
        timers._schedule(now)
        for ticket in self:
            ticket.message_post(
                body=self.env._(
                    "Critical defect confirmed: fix due within %(days)s working days.",
                    days=ticket.company_id.support_critical_fix_days,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def _support_reclassify(self, category, level, reason):
        """Change category and SLA level with a reason (R-23).

        Met and breached timers are history and stay as they are; the open
        response timer is recomputed from the ticket's start under the new
        target; moving to a development level starts a development timer.
        """
        if not reason or not reason.strip():
            raise UserError(self.env._("Give the reason of the reclassification."))
        now = fields.Datetime.now()
        timers_model = self.env["helpdesk.support.sla.timer"].sudo()
        self.check_access("write")
        level.check_access("read")
        for ticket in self:
            old_category, old_level = ticket.category_id, ticket.sla_level_id
            # the SLA level is maintained by the system (#12.6): changed
            # here, with the reason, by whoever may write the ticket
            ticket.sudo().write({"category_id": category.id, "sla_level_id": level.id})
            target = ticket._support_sla_target()
            open_response = ticket.sudo().sla_timer_ids.filtered(
                lambda t: t.kind == "response" and t.state in OPEN_STATES
            )
            if target and target[3] == "development":
                if not ticket.sudo().sla_timer_ids.filtered(
                    lambda t: t.kind == "development" and t.state in OPEN_STATES
                ):
                    calendar, value, unit, kind = target
                    timers_model.create(
                        ticket._support_timer_vals(kind, calendar, value, unit, now)
                    )._schedule(now)
            elif target and open_response:
                calendar, value, unit, _kind = target
                open_response.write(
                    {
                        "resource_calendar_id": calendar.id,
                        "target_value": value,
                        "target_unit": unit,
                        "sla_level_id": level.id,
                    }
                )
                open_response._schedule(now)
            ticket.message_post(
                body=Markup("<p>%s</p><ul><li>%s</li><li>%s</li></ul><p>%s</p>")
                % (
                    self.env._("Ticket reclassified."),
                    self.env._(
                        "Category: %(old)s → %(new)s",
                        old=old_category.display_name or "—",
                        new=category.display_name or "—",
                    ),
                    self.env._(
                        "SLA level: %(old)s → %(new)s",
                        old=old_level.display_name or "—",
                        new=level.display_name or "—",
                    ),
                    self.env._("Reason: %(reason)s", reason=reason.strip()),
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    # ------------------------------------------------------------------
    # Professional services
    # ------------------------------------------------------------------
    @api.depends("support_estimate_ids.state")
    def _compute_support_estimate_state(self):
        for ticket in self:
            estimates = ticket.support_estimate_ids.sorted("id")
            current = estimates.filtered(lambda e: e.state != "superseded")[-1:]
            ticket.support_estimate_state = current.state or "none"
            ticket.support_ps_ordered = bool(estimates.filtered("decision_date"))

    @api.depends("timesheet_ids.support_charged_hours", "support_ps_ordered")
    def _compute_support_ps_charged_hours(self):
        groups = {}
        if self.ids:
            groups = dict(
                self.env["account.analytic.line"]
                .sudo()
                ._read_group(
                    [("ticket_id", "in", self._origin.ids)],
                    ["ticket_id"],
                    ["support_charged_hours:sum"],
                )
            )
        minimum = MINIMUM_ORDER_HOURS
        for ticket in self:
            hours = groups.get(ticket._origin, 0.0) or 0.0
            if ticket.support_ps_ordered:
                hours = max(hours, minimum)
            ticket.support_ps_charged_hours = hours

    def action_support_send_estimate(self):
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id(
            "helpdesk_mgmt_support_contract.helpdesk_support_estimate_wizard_action"
        )
        action["context"] = {"default_ticket_id": self.id}
        return action

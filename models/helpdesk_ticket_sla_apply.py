# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Adopting the addon in a live helpdesk (MQ 1.1, Appendix 1; DS 3, R-34):
which open tickets without a contract a contract may be brought onto, the
clock they count from (from now or from each ticket's creation), the
breaches the manager is shown before confirming, and the replies staff gave
before the contract counted.

The timers themselves are then re-applied by :meth:`_support_reapply_sla`
(``helpdesk_ticket_sla_reapply.py``).
"""

from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError

from .helpdesk_support_sla_timer import OPEN_STATES, ScheduleRow


class HelpdeskTicketSlaApply(models.Model):
    _inherit = "helpdesk.ticket"

    @api.model
    def _support_unapplied_domain(self, contracts):
        """Open tickets of the contracts' registered contacts (R-31, MQ 1.1:
        the contract serves "users registered on the support portal"), in
        their companies, that have no contract."""
        return [
            ("support_contract_id", "=", False),
            ("stage_id.closed", "=", False),
            ("company_id", "in", contracts.company_id.ids),
            (
                "commercial_partner_id",
                "in",
                contracts.partner_id.commercial_partner_id.ids,
            ),
            ("partner_id", "in", contracts.contact_ids.ids),
        ]

    def _support_check_applicable(self, contract):
        """Refuse tickets the contract cannot be applied to.

        :raise UserError: naming the tickets that are closed, of another
            customer or company, or already under a contract
        """
        customer = contract.partner_id.commercial_partner_id
        wrong = self.sudo().filtered(
            lambda t: t.stage_id.closed
            or t.support_contract_id
            or t.company_id != contract.company_id
            or t.commercial_partner_id != customer
            or t.partner_id not in contract.contact_ids
        )
        if wrong:
            raise UserError(
                self.env._(
                    "The contract %(contract)s can only be applied to open "
                    "tickets of its registered contacts without a contract "
                    "(%(customer)s); these are not: %(tickets)s.",
                    contract=contract.display_name,
                    customer=customer.display_name,
                    tickets=", ".join(wrong.mapped("display_name")),
                )
            )

    def _support_apply_contract(self, contract, clock="applied", now=None):
        """Bring these open tickets without a contract under ``contract``.

        ``clock``: ``"applied"`` counts the SLA from now, ``"created"`` from
        each ticket's creation (deadlines already past are breached at once,
        on their real dates). Tickets already open take no slot away: they
        are in work, the limit queues the customer's next tickets.
        """
        self._support_check_applicable(contract)
        reason = self.env._(
            "contract %(contract)s applied to the open tickets",
            contract=contract.display_name,
        )
        return self._support_lifecycle_event(
            "contract",
            reason=reason,
            contracts=dict.fromkeys(self.ids, contract),
            clock=clock,
            now=now,
        )

    def _support_preview_breaches(self, contract, now=None):
        """How many of these tickets would be breached at once if
        ``contract`` applied to them counted from their creation.

        One engine pass per schedule, over rows built in memory.
        """
        now = now or fields.Datetime.now()
        Timer = self.env["helpdesk.support.sla.timer"].sudo()
        levels = self._support_new_levels(dict.fromkeys(self.ids, contract))
        by_calendar = defaultdict(list)
        timers_of = {}
        for ticket in self.sudo():
            target = ticket._support_sla_target(levels[ticket.id], contract)
            if not target:
                continue
            timers_of[ticket.id] = ticket.support_sla_timer_ids
            open_timer = ticket.support_sla_timer_ids.filtered(
                lambda t: t.state in OPEN_STATES
            )[:1]
            by_calendar[target.calendar].append(
                ScheduleRow(
                    ticket.id,
                    ticket.create_date,
                    target.value,
                    target.unit,
                    open_timer.paused_seconds,
                    None,
                    "paused" if ticket.support_sla_paused else "running",
                    ticket.company_id.id,
                )
            )
        # a first reply given in time meets the response (as applying does)
        replies = self._support_first_staff_replies()
        breached = 0
        for calendar, rows in by_calendar.items():
            values = Timer._compute_schedule_rows(calendar, rows, now)
            breached += sum(
                1
                for ticket_id, vals in values.items()
                if vals.get("state") == "breached"
                and not (
                    ticket_id in replies
                    and not timers_of[ticket_id]
                    and replies[ticket_id] <= vals["deadline"]
                )
            )
        return breached

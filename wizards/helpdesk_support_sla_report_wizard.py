# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, time

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

from ..models.helpdesk_support_sla_timer import OPEN_STATES
from ..models.helpdesk_support_system_fields_mixin import (
    SUPPORT_USER,
    support_callable,
    writable,
)
from ..tools.server_language import number_text


class HelpdeskSupportSlaReportWizard(models.TransientModel):
    """Monthly SLA report of a contract, printed as PDF (R-29)."""

    _name = "helpdesk.support.sla.report.wizard"
    _description = "Support SLA Report"
    _inherit = ["helpdesk.support.system.fields.mixin"]
    # a wizard's own input
    _support_write_rights = {
        SUPPORT_USER: writable("contract_id", "date_from", "date_to"),
    }

    contract_id = fields.Many2one("helpdesk.support.contract", required=True)
    date_from = fields.Date(
        string="From",
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1)
        - relativedelta(months=1),
    )
    date_to = fields.Date(
        string="To",
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1)
        - relativedelta(days=1),
    )

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for wizard in self:
            if wizard.date_to < wizard.date_from:
                raise ValidationError(
                    self.env._("The end of the period is before its start.")
                )

    @api.constrains("contract_id")
    def _check_contract_access(self):
        for wizard in self:
            wizard._support_check_contract_access()

    def _support_check_contract_access(self):
        """The report shows the contract, its customer and its tickets with
        the rights of the system: only for a user who may read the contract
        in the companies they work in now (multi-company rule, R-29)."""
        self.ensure_one()
        if not self.contract_id.has_access("read"):
            raise AccessError(
                self.env._(
                    "You are not allowed to read this support contract in the "
                    "current companies: its SLA report cannot be printed."
                )
            )

    def _get_contract(self):
        """The contract, to be rendered with the rights of the system."""
        self._support_check_contract_access()
        return self.contract_id.sudo()

    def _get_tickets(self):
        """Tickets of the contract opened in the period, oldest first; a
        ticket already open when the contract was applied to it, counted
        from then (R-20, R-21), belongs to the period of the application."""
        self.ensure_one()
        self._support_check_contract_access()
        start = datetime.combine(self.date_from, time.min)
        end = datetime.combine(self.date_to, time.max)
        return (
            self.env["helpdesk.ticket"]
            .sudo()
            .search(
                [
                    ("support_contract_id", "=", self.contract_id.id),
                    "|",
                    "&",
                    ("support_sla_clock", "!=", "applied"),
                    "&",
                    ("create_date", ">=", start),
                    ("create_date", "<=", end),
                    "&",
                    ("support_sla_clock", "=", "applied"),
                    "&",
                    ("support_sla_applied_date", ">=", start),
                    ("support_sla_applied_date", "<=", end),
                ],
                order="create_date, id",
            )
        )

    @api.model
    def _count_timers(self, timers):
        met = len(timers.filtered(lambda t: t.state == "met"))
        breached = len(timers.filtered(lambda t: t.state == "breached"))
        # tickets closed as a third-party product problem (R-27, MQ 1.2)
        excluded = len(timers.filtered(lambda t: t.state == "excluded"))
        closed = met + breached
        return {
            "timers": len(timers),
            "met": met,
            "breached": breached,
            "excluded": excluded,
            # cancelled timers (the ticket left every SLA) are neither
            "open": len(timers.filtered(lambda t: t.state in OPEN_STATES)),
            "compliance": round(100.0 * met / closed, 1) if closed else False,
        }

    def _support_number(self, value, digits=1):
        """A figure of the report with the reader's decimal separator
        («87,5 %», «1,5» hours paused), not Python's dot."""
        return number_text(self.env, value, digits, fixed=True)

    def _get_summary(self, tickets):
        """Counts of the period, overall and per kind of timer (``by_kind``:
        response, reply to the customer's follow-ups, fixes, development),
        each kind in the order of the selection, only kinds present."""
        timers = tickets.support_sla_timer_ids
        Timer = self.env["helpdesk.support.sla.timer"]
        kinds = Timer._fields["kind"]._description_selection(self.env)
        by_kind = []
        for kind, label in kinds:
            of_kind = timers.filtered(lambda t, kind=kind: t.kind == kind)
            if of_kind:
                by_kind.append(dict(self._count_timers(of_kind), kind=label))
        return dict(self._count_timers(timers), tickets=len(tickets), by_kind=by_kind)

    def _get_defect_fixes(self, tickets):
        """The fix deadlines of the known defects the period's tickets
        reported, each counted once however many of the customer's tickets
        it gathers (MQ 1.4 «Срок исправления критических ошибок составляет
        не более 10 рабочих дней с момента подтверждения», R-24, R-29):
        ``defects`` (with a deadline, earliest first), ``tickets`` (the
        report's tickets of each, by defect id) and the counts as
        :meth:`_count_timers` gives them."""
        self._support_check_contract_access()
        tickets = tickets.sudo()
        defects = tickets.support_defect_id.filtered("fix_deadline").sorted(
            lambda d: (d.fix_deadline, d.id)
        )
        met = len(defects.filtered(lambda d: d.fix_state == "met"))
        breached = len(defects.filtered(lambda d: d.fix_state == "breached"))
        closed = met + breached
        return {
            "defects": defects,
            "tickets": {
                defect.id: tickets.filtered(
                    lambda t, d=defect: t.support_defect_id == d
                )
                for defect in defects
            },
            "timers": len(defects),
            "met": met,
            "breached": breached,
            "open": len(defects) - closed,
            "compliance": round(100.0 * met / closed, 1) if closed else False,
        }

    @support_callable(SUPPORT_USER)
    def action_print(self):
        self.ensure_one()
        return self.env.ref(
            "helpdesk_mgmt_support_contract.action_report_support_sla"
        ).report_action(self)

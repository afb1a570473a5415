# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, time, timedelta

from pytz import timezone, utc

from odoo import api, fields, models

from ..tools.numbers import NumberRule, check_field
from .helpdesk_support_system_fields_mixin import check_system_fields

OVERTIME_COEFFICIENT = 2.0
#: a timesheet line is the time of one day's work (MQ 2.1: hours logged per
#: order); negative, NaN, infinite or larger values are refused on
#: professional-service orders, where they would be charged and settled
LINE_HOURS = NumberRule(maximum=24)


class AccountAnalyticLine(models.Model):
    _inherit = "account.analytic.line"
    # the charge of a line is computed from its time (R-71, MQ 2.1), never
    # written by a client: it is deducted from the customer's certificate
    # its stored computed fields are the system's
    _support_write_rights = {}

    support_regular_hours = fields.Float(
        string="Regular hours",
        compute="_compute_support_charge",
        store=True,
        digits=(16, 2),
        help="Part of the line inside the professional-services working time "
        "(09:00-18:00 Moscow time on working days of the production calendar).",
    )
    support_overtime_hours = fields.Float(
        string="Overtime hours",
        compute="_compute_support_charge",
        store=True,
        digits=(16, 2),
        help="Part of the line outside the professional-services working time: "
        "evenings, weekends, holidays and the shortened pre-holiday hour.",
    )
    support_charged_hours = fields.Float(
        string="Charged hours",
        compute="_compute_support_charge",
        store=True,
        digits=(16, 2),
        help="Regular hours plus overtime hours with the coefficient x2 (MQ 2.1).",
    )

    def _support_interval(self, tz):
        """Start and end (naive UTC) of the line's work.

        ``date_time`` (project_timesheet_time_control) is the start; a line
        without it (imported data) starts at 09:00 of its date in ``tz``.
        """
        self.ensure_one()
        start = self.date_time
        if not start:
            local = datetime.combine(self.date, time(9))
            start = tz.localize(local).astimezone(utc).replace(tzinfo=None)
        return start, start + timedelta(hours=max(self.unit_amount, 0.0))

    @api.model
    def _support_counted_domain(self):
        """The lines whose hours count as work on a ticket (MQ 2.1, R-71,
        R-73): positive and at most a day's hours.

        The one rule read by the charge of a line and by the month-end
        settlement of bookings (MQ 2.4), in Python through
        ``filtered_domain`` and in SQL through a search: NaN (which
        PostgreSQL sorts above every number, Python compares false) fails
        the upper bound in both.
        """
        return [
            ("ticket_id", "!=", False),
            ("unit_amount", ">", 0),
            ("unit_amount", "<=", LINE_HOURS.maximum),
        ]

    @api.depends("ticket_id", "date_time", "date", "unit_amount", "company_id")
    def _compute_support_charge(self):
        lines = self.filtered_domain(self._support_counted_domain())
        (self - lines).update(
            {
                "support_regular_hours": 0.0,
                "support_overtime_hours": 0.0,
                "support_charged_hours": 0.0,
            }
        )
        by_calendar = {}
        for line in lines:
            calendar = line.company_id.sudo().support_ps_calendar_id
            by_calendar.setdefault(calendar, []).append(line)
        for calendar, group in by_calendar.items():
            tz = timezone(calendar.tz or "Europe/Moscow")
            intervals = {line: line._support_interval(tz) for line in group}
            engine = None
            if calendar:
                engine = calendar._get_working_time_engine(
                    min(start for start, _end in intervals.values())
                    - timedelta(days=1),
                    max(end for _start, end in intervals.values()) + timedelta(days=1),
                )
            for line, (start, end) in intervals.items():
                total = line.unit_amount
                regular = (
                    min(engine.elapsed(start, end) / 3600.0, total) if engine else total
                )
                overtime = max(total - regular, 0.0)
                line.support_regular_hours = regular
                line.support_overtime_hours = overtime
                line.support_charged_hours = regular + OVERTIME_COEFFICIENT * overtime

    def _support_check_hours(self, vals, order):
        """``vals`` with its hours checked when the line is on a
        professional-service ``order``: refused before Odoo converts them
        (the line's cost is rounded in the currency, which NaN and infinity
        fail with a technical error) and before a job reads them (R-71,
        R-73)."""
        if "unit_amount" not in vals or not order:
            return vals
        value = vals["unit_amount"]
        # an empty quantity is stored as 0
        value = 0 if value is None or value is False else value
        return dict(
            vals, unit_amount=check_field(self, "unit_amount", value, LINE_HOURS)
        )

    @api.model
    def _support_order_ids(self, ticket_ids):
        """The professional-service orders among ``ticket_ids`` (one search;
        a value that is no id is left to the ORM, which refuses it)."""
        ids = [
            ticket_id
            for ticket_id in ticket_ids
            if isinstance(ticket_id, int) and not isinstance(ticket_id, bool)
        ]
        if not ids:
            return set()
        return set(
            self.env["helpdesk.ticket"]
            .sudo()
            .search([("id", "in", ids), ("support_is_professional_service", "=", True)])
            .ids
        )

    @api.constrains("unit_amount", "ticket_id")
    def _check_support_hours(self):
        """The stored hours of lines on professional-service orders, whoever
        wrote them (a line moved to an order keeps its hours)."""
        for line in self.sudo().filtered("ticket_id.support_is_professional_service"):
            check_field(line, "unit_amount", line.unit_amount, LINE_HOURS)

    @api.model_create_multi
    def create(self, vals_list):
        check_system_fields(self, vals_list, create=True)
        orders = self._support_order_ids(
            [vals.get("ticket_id") for vals in vals_list if "unit_amount" in vals]
        )
        vals_list = [
            self._support_check_hours(vals, vals.get("ticket_id") in orders)
            for vals in vals_list
        ]
        return super().create(vals_list)

    def write(self, vals):
        check_system_fields(self, [vals])
        if "unit_amount" in vals:
            tickets = [vals["ticket_id"]] if "ticket_id" in vals else self.ticket_id.ids
            vals = self._support_check_hours(
                vals, bool(self._support_order_ids(tickets))
            )
        return super().write(vals)

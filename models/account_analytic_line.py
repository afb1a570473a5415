# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, time, timedelta

from pytz import timezone, utc

from odoo import api, fields, models

from .helpdesk_support_system_fields_mixin import check_system_fields

OVERTIME_COEFFICIENT = 2.0


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

    @api.depends("ticket_id", "date_time", "date", "unit_amount", "company_id")
    def _compute_support_charge(self):
        lines = self.filtered(lambda line: line.ticket_id and line.unit_amount > 0)
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

    @api.model_create_multi
    def create(self, vals_list):
        check_system_fields(self, vals_list, create=True)
        return super().create(vals_list)

    def write(self, vals):
        check_system_fields(self, [vals])
        return super().write(vals)

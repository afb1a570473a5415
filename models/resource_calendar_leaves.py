# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class ResourceCalendarLeaves(models.Model):
    """Company-wide leaves (no resource) move open SLA deadlines."""

    _inherit = "resource.calendar.leaves"

    @api.model_create_multi
    def create(self, vals_list):
        leaves = super().create(vals_list)
        leaves._support_calendars()._support_recompute_sla_of()
        return leaves

    def write(self, vals):
        calendars = self._support_calendars()
        result = super().write(vals)
        (self._support_calendars() | calendars)._support_recompute_sla_of()
        return result

    def unlink(self):
        calendars = self._support_calendars()
        result = super().unlink()
        calendars._support_recompute_sla_of()
        return result

    def _support_calendars(self):
        """The schedules whose working time these leaves change.

        A leave without resource belongs to its schedule; one without a
        schedule either applies to every schedule (Odoo's
        ``_leave_intervals_batch`` reads ``calendar_id in (False, id)``): then
        every schedule that open SLA timers count in.
        """
        company_wide = self.filtered(lambda leave: not leave.resource_id)
        if all(leave.calendar_id for leave in company_wide):
            return company_wide.calendar_id
        groups = (
            self.env["helpdesk.support.sla.timer"]
            .sudo()
            ._read_group(
                [("state", "in", ("running", "at_risk"))], ["resource_calendar_id"]
            )
        )
        return self.env["resource.calendar"].union(
            *(calendar for (calendar,) in groups)
        )

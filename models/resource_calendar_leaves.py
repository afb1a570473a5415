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
        return self.filtered(lambda leave: not leave.resource_id).calendar_id

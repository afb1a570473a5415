# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class ResourceCalendarAttendance(models.Model):
    _inherit = "resource.calendar.attendance"

    @api.model_create_multi
    def create(self, vals_list):
        attendances = super().create(vals_list)
        attendances._support_recompute_sla()
        return attendances

    def write(self, vals):
        calendars = self.calendar_id
        result = super().write(vals)
        (self.calendar_id | calendars)._support_recompute_sla_of()
        return result

    def unlink(self):
        calendars = self.calendar_id
        result = super().unlink()
        calendars._support_recompute_sla_of()
        return result

    def _support_recompute_sla(self):
        self.calendar_id._support_recompute_sla_of()

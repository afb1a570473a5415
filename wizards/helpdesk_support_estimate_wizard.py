# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from ..models.helpdesk_support_system_fields_mixin import (
    SUPPORT_USER,
    support_callable,
    writable,
)
from ..tools.numbers import ORDER_HOURS


class HelpdeskSupportEstimateWizard(models.TransientModel):
    _name = "helpdesk.support.estimate.wizard"
    _inherit = ["helpdesk.support.system.fields.mixin", "helpdesk.support.number.mixin"]
    _description = "Send a professional services estimate"
    # a wizard's own input
    _support_write_rights = {
        SUPPORT_USER: writable("ticket_id", "hours", "date_start", "conditions"),
    }

    ticket_id = fields.Many2one("helpdesk.ticket", required=True)
    hours = fields.Float(string="Estimated hours", required=True, default=1.0)
    date_start = fields.Date(string="Work starts on", required=True)
    conditions = fields.Text(
        help="Additional conditions of the order, shown to the key contact "
        "person with the estimate."
    )

    _support_number_rules = {"hours": ORDER_HOURS}

    @support_callable(SUPPORT_USER)
    def action_send(self):
        self.ensure_one()
        self.env["helpdesk.support.estimate"]._support_send(
            self.ticket_id, self.hours, self.date_start, self.conditions
        )
        return {"type": "ir.actions.act_window_close"}

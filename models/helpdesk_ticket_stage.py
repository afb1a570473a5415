# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from .helpdesk_support_system_fields_mixin import SUPPORT_MANAGER, writable


class HelpdeskTicketStage(models.Model):
    _name = "helpdesk.ticket.stage"
    _inherit = ["helpdesk.support.system.fields.mixin", "helpdesk.ticket.stage"]
    # whether a stage pauses the SLA is the support managers' (R-21)
    _support_write_rights = {
        SUPPORT_MANAGER: writable("support_pause_sla"),
    }

    support_pause_sla = fields.Boolean(
        string="Pauses SLA",
        help="Tickets in this stage wait on the customer: their SLA timers do "
        "not count (R-22).",
    )

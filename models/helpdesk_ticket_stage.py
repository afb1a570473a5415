# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class HelpdeskTicketStage(models.Model):
    _inherit = "helpdesk.ticket.stage"

    support_pause_sla = fields.Boolean(
        string="Pauses SLA",
        help="Tickets in this stage wait on the customer: their SLA timers do "
        "not count (R-22).",
    )

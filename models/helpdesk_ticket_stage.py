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
    support_rating_request = fields.Boolean(
        string="Ask for a rating",
        help="Closing a ticket in this stage asks the customer to rate the "
        "support (R-64, DS 6).",
    )

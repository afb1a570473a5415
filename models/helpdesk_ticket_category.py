# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class HelpdeskTicketCategory(models.Model):
    _inherit = "helpdesk.ticket.category"

    code = fields.Char(
        help="Stable technical code used by presets and SLA rules.", index=True
    )
    scope_guidance = fields.Html(
        translate=True,
        help="What support does and does not do for this kind of request "
        "(DS 4.x), shown to staff.",
    )

    _sql_constraints = [
        (
            "code_company_uniq",
            "unique(code, company_id)",
            "The code of a ticket category must be unique per company.",
        )
    ]

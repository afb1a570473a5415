# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    support_default_sla_level_id = fields.Many2one(
        "helpdesk.support.sla.level",
        string="Default SLA level",
        help="Level of tickets from senders without an active support contract "
        "when no other level matches (e.g. DS non-commercial support).",
    )

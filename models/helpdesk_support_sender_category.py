# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from .helpdesk_support_system_fields_mixin import SUPPORT_MANAGER, writable


class HelpdeskSupportSenderCategory(models.Model):
    """Who writes to support, as a regulation classifies senders.

    DS 1.1 and 3.x distinguish partners, licensees and users; a contract names
    the category of its customer and SLA levels may be restricted to some
    categories.
    """

    _name = "helpdesk.support.sender.category"
    _description = "Support Sender Category"
    _order = "sequence, id"
    _inherit = ["helpdesk.support.system.fields.mixin"]
    # configuration: the support managers' (R-20); the rest is the system's
    _support_write_rights = {
        SUPPORT_MANAGER: writable(
            "name",
            "code",
            "sequence",
            "active",
            "company_id",
            "description",
            "regulation_id",
        ),
    }

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        string="Technical code",
        required=True,
        help="Stable technical code used by presets and integrations.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, index=True
    )
    description = fields.Text(translate=True)
    regulation_id = fields.Many2one(
        "helpdesk.support.regulation",
        index=True,
        ondelete="restrict",
        help="The regulation that classifies senders this way.",
    )

    _sql_constraints = [
        (
            "code_company_uniq",
            "unique(code, company_id)",
            "The code of a sender category must be unique per company.",
        )
    ]

# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from .helpdesk_support_system_fields_mixin import SUPPORT_MANAGER, writable


class HelpdeskSupportProduct(models.Model):
    """A software product covered by support contracts (R-12, R-13)."""

    _name = "helpdesk.support.product"
    _description = "Supported Software Product"
    _order = "name, id"
    _inherit = ["helpdesk.support.system.fields.mixin"]
    # configuration: the support managers' (R-20); the rest is the system's
    _support_write_rights = {
        SUPPORT_MANAGER: writable(
            "name", "code", "active", "company_id", "version_ids"
        ),
    }

    name = fields.Char(required=True, translate=True)
    code = fields.Char()
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, index=True
    )
    version_ids = fields.One2many(
        "helpdesk.support.product.version", "product_id", string="Versions"
    )
    supported_version_ids = fields.Many2many(
        "helpdesk.support.product.version",
        compute="_compute_supported_version_ids",
        string="Supported versions",
    )

    _sql_constraints = [
        (
            "code_company_uniq",
            "unique(code, company_id)",
            "The code of a product must be unique per company.",
        )
    ]

    @api.depends("version_ids.is_supported")
    def _compute_supported_version_ids(self):
        for product in self:
            product.supported_version_ids = product.version_ids.filtered("is_supported")

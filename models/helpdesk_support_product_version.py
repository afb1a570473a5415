# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from .helpdesk_support_system_fields_mixin import SUPPORT_MANAGER, writable


class HelpdeskSupportProductVersion(models.Model):
    """A version of a supported product.

    MQ 1.1: support is given only for current versions; staff mark older
    versions as not supported and tickets naming them are flagged.
    """

    _name = "helpdesk.support.product.version"
    _description = "Supported Product Version"
    _order = "product_id, sequence, id"
    _inherit = ["helpdesk.support.system.fields.mixin"]
    # configuration: the support managers' (R-20); the rest is the system's
    _support_write_rights = {
        SUPPORT_MANAGER: writable(
            "name", "product_id", "sequence", "is_supported", "release_date"
        ),
    }

    name = fields.Char(required=True)
    product_id = fields.Many2one(
        "helpdesk.support.product", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="product_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    is_supported = fields.Boolean(
        string="Supported",
        default=True,
        help="Only current versions are supported (MQ 1.1). Tickets naming an "
        "unsupported version are flagged to staff.",
    )
    release_date = fields.Date()

    _sql_constraints = [
        (
            "name_product_uniq",
            "unique(name, product_id)",
            "A product cannot have the same version twice.",
        )
    ]

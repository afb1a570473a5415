# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the customer runs and how to reach it (R-13, R-63, DS 5.3): the
product and its version (an unsupported version flagged), the address of
the installation and the steps to reproduce. Staff write these fields.
"""

from odoo import api, fields, models


class HelpdeskTicketProduct(models.Model):
    _inherit = "helpdesk.ticket"

    support_product_id = fields.Many2one(
        "helpdesk.support.product", string="Product", tracking=True
    )
    support_product_version_id = fields.Many2one(
        "helpdesk.support.product.version",
        string="Version",
        tracking=True,
        domain="[('product_id', '=', support_product_id)]",
    )
    support_version_unsupported = fields.Boolean(
        string="Unsupported version",
        compute="_compute_support_version_unsupported",
        store=True,
        help="The customer runs a version that is no longer supported (R-13).",
    )
    support_system_address = fields.Char(
        string="System address", help="Address of the customer's installation."
    )
    support_steps_to_reproduce = fields.Text(string="Steps to reproduce")

    @api.depends("support_product_version_id.is_supported")
    def _compute_support_version_unsupported(self):
        for ticket in self:
            version = ticket.support_product_version_id
            ticket.support_version_unsupported = bool(version) and not (
                version.is_supported
            )

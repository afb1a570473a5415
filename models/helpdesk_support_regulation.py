# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from .helpdesk_support_system_fields_mixin import SUPPORT_MANAGER, writable


class HelpdeskSupportRegulation(models.Model):
    """A written support regulation a company runs (DS, MQ...).

    Tiers, sender categories and SLA levels belong to one regulation, and a
    level only ever applies to tickets of its own regulation: the tier of the
    customer's contract names it, and a ticket without a contract follows the
    regulation of the company's default level (issue #14 A.1). Two presets
    loaded in one company therefore never lend each other their levels.
    """

    _name = "helpdesk.support.regulation"
    _description = "Support Regulation"
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
            "tier_ids",
            "sla_level_ids",
            "sender_category_ids",
        ),
    }
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True, help="Stable technical code used by presets and integrations."
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        index=True,
    )
    tier_ids = fields.One2many("helpdesk.support.tier", "regulation_id")
    sla_level_ids = fields.One2many(
        "helpdesk.support.sla.level", "regulation_id", string="SLA levels"
    )
    sender_category_ids = fields.One2many(
        "helpdesk.support.sender.category", "regulation_id"
    )

    _sql_constraints = [
        (
            "code_company_uniq",
            "unique(code, company_id)",
            "The code of a support regulation must be unique per company.",
        )
    ]

# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from .helpdesk_support_system_fields_mixin import SUPPORT_MANAGER, writable


class HelpdeskSupportCategoryScope(models.Model):
    """The scope of a ticket category as one regulation words it.

    Both presets may list the same category of a company (DS 3.8 and MQ 1.4
    both have a *consultation*); each regulation keeps its own guidance for
    staff and its own summary for customers (DS 4.x, MQ 1.4; R-26), read for the
    ticket's or the customer's regulation, the category's own texts
    otherwise.
    """

    _name = "helpdesk.support.category.scope"
    _description = "Support Category Scope per Regulation"
    _order = "category_id, regulation_id"
    _inherit = ["helpdesk.support.system.fields.mixin"]
    # configuration: the support managers' (R-20); the rest is the system's
    _support_write_rights = {
        SUPPORT_MANAGER: writable(
            "category_id",
            "regulation_id",
            "support_scope_guidance",
            "support_scope_summary",
        ),
    }
    _check_company_auto = True

    category_id = fields.Many2one(
        "helpdesk.ticket.category",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    regulation_id = fields.Many2one(
        "helpdesk.support.regulation",
        required=True,
        ondelete="cascade",
        check_company=True,
    )
    company_id = fields.Many2one(
        related="regulation_id.company_id", store=True, index=True
    )
    support_scope_guidance = fields.Html(
        string="Scope Guidance",
        translate=True,
        help="What support does and does not do for this kind of request "
        "under this regulation, shown to staff.",
    )
    support_scope_summary = fields.Text(
        string="Guidance for customers",
        translate=True,
        help="The scope in short under this regulation, shown to its customers "
        "on the portal form when they pick the category.",
    )

    _sql_constraints = [
        (
            "category_regulation_uniq",
            "unique(category_id, regulation_id)",
            "A category has one scope per regulation.",
        )
    ]

# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from ..models.helpdesk_support_system_fields_mixin import (
    SUPPORT_USER,
    support_callable,
    writable,
)


class HelpdeskSupportReclassifyWizard(models.TransientModel):
    """Change category and SLA level of a ticket, with a reason (R-23)."""

    _name = "helpdesk.support.reclassify.wizard"
    _description = "Reclassify Support Ticket"
    _inherit = ["helpdesk.support.system.fields.mixin"]
    # a wizard's own input (a wizard's computed defaults are its input)
    _support_write_rights = {
        SUPPORT_USER: writable(
            "ticket_id", "category_id", "support_sla_level_id", "reason"
        ),
    }

    ticket_id = fields.Many2one("helpdesk.ticket", required=True, ondelete="cascade")
    company_id = fields.Many2one(related="ticket_id.company_id")
    category_id = fields.Many2one(
        "helpdesk.ticket.category",
        compute="_compute_category_id",
        store=True,
        readonly=False,
        domain="[('company_id', 'in', (company_id, False))]",
    )
    support_sla_level_id = fields.Many2one(
        "helpdesk.support.sla.level",
        string="SLA level",
        compute="_compute_sla_level_id",
        store=True,
        readonly=False,
        domain="[('company_id', '=', company_id)]",
        help="Proposed from the category; any level of the company may be chosen "
        "(e.g. consultation, development).",
    )
    reason = fields.Text(required=True)

    @api.depends("ticket_id")
    def _compute_category_id(self):
        for wizard in self:
            wizard.category_id = wizard.ticket_id.category_id

    @api.depends("ticket_id", "category_id")
    def _compute_sla_level_id(self):
        for wizard in self:
            ticket = wizard.ticket_id
            if not ticket or wizard.category_id == ticket.category_id:
                wizard.support_sla_level_id = ticket.support_sla_level_id
                continue
            wizard.support_sla_level_id = ticket._support_match_level(
                wizard.category_id, ticket.priority
            )

    @support_callable(SUPPORT_USER)
    def action_confirm(self):
        self.ensure_one()
        self.ticket_id._support_reclassify(
            self.category_id, self.support_sla_level_id, self.reason
        )
        return {"type": "ir.actions.act_window_close"}

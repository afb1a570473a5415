# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from ..models.helpdesk_support_system_fields_mixin import (
    SUPPORT_USER,
    support_callable,
    writable,
)


class HelpdeskSupportThirdPartyWizard(models.TransientModel):
    """Close a ticket as a third-party product problem, with a
    recommendation to contact that vendor (R-27, MQ 1.2, DS 1.3)."""

    _name = "helpdesk.support.third.party.wizard"
    _description = "Close Ticket as Third-Party Product"
    _inherit = ["helpdesk.support.system.fields.mixin"]
    # a wizard's own input (a wizard's computed defaults are its input)
    _support_write_rights = {
        SUPPORT_USER: writable("ticket_id", "vendor_name", "stage_id", "body"),
    }

    ticket_id = fields.Many2one("helpdesk.ticket", required=True, ondelete="cascade")
    team_id = fields.Many2one(related="ticket_id.team_id")
    partner_id = fields.Many2one(related="ticket_id.partner_id", string="Customer")
    vendor_name = fields.Char(
        string="Vendor",
        required=True,
        help="The vendor whose product causes the problem; the customer is "
        "advised to contact its technical support.",
    )
    stage_id = fields.Many2one(
        "helpdesk.ticket.stage",
        string="Closed stage",
        compute="_compute_stage_id",
        store=True,
        readonly=False,
        domain="[('closed', '=', True), '|', ('team_ids', '=', False), "
        "('team_ids', '=', team_id)]",
    )
    body = fields.Html(
        string="Recommendation",
        compute="_compute_body",
        store=True,
        readonly=False,
        help="Sent to the customer as a public reply, in the customer's "
        "language; prefilled from the template *Support: third-party product*.",
    )

    @api.depends("ticket_id")
    def _compute_stage_id(self):
        for wizard in self:
            wizard.stage_id = (
                wizard.ticket_id and wizard.ticket_id._support_third_party_stage()
            )

    @api.depends("ticket_id", "vendor_name")
    def _compute_body(self):
        for wizard in self:
            ticket = wizard.ticket_id
            if not ticket:
                wizard.body = False
                continue
            vendor = " ".join((wizard.vendor_name or "").split())
            wizard.body = ticket._support_third_party_render("body_html", vendor)[
                ticket.id
            ]

    @support_callable(SUPPORT_USER)
    def action_confirm(self):
        self.ensure_one()
        self.ticket_id._support_close_third_party(
            self.vendor_name, self.body, self.stage_id
        )
        return {"type": "ir.actions.act_window_close"}

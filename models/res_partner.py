# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    support_ticket_partner_ids = fields.Many2many(
        "res.partner",
        compute="_compute_support_visibility",
        string="Sees the tickets of",
        help="The contact and the members of its teams of contacts (R-32).",
    )
    support_kcp_customer_ids = fields.Many2many(
        "res.partner",
        compute="_compute_support_visibility",
        string="Key contact person of",
        help="Customers whose active contract names this contact as key contact "
        "person: it sees all their tickets.",
    )

    def _compute_support_visibility(self):
        """Used by the portal rule on tickets; read with the rights of the
        system, since portal users do not read contracts and teams."""
        teams = (
            self.env["helpdesk.support.contact.team"]
            .sudo()
            .search(
                [
                    ("member_ids", "in", self.ids),
                    ("contract_id.state", "=", "active"),
                ]
            )
        )
        contracts = (
            self.env["helpdesk.support.contract"]
            .sudo()
            .search([("key_contact_id", "in", self.ids), ("state", "=", "active")])
        )
        for partner in self:
            mates = teams.filtered(lambda t, p=partner: p in t.member_ids).member_ids
            partner.support_ticket_partner_ids = partner | mates
            partner.support_kcp_customer_ids = contracts.filtered(
                lambda c, p=partner: c.key_contact_id == p
            ).partner_id

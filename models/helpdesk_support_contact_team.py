# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .helpdesk_support_system_fields_mixin import SUPPORT_USER, writable


class HelpdeskSupportContactTeam(models.Model):
    """A team of a customer's contacts who see each other's tickets (MQ 1.3)."""

    _name = "helpdesk.support.contact.team"
    _description = "Support Contact Team"
    _order = "contract_id, name, id"
    _inherit = ["helpdesk.support.system.fields.mixin"]
    # support staff group a customer's contacts (MQ 1.2); the company
    # follows the contract
    _support_write_rights = {
        SUPPORT_USER: writable("name", "contract_id", "member_ids"),
    }

    name = fields.Char(required=True)
    contract_id = fields.Many2one(
        "helpdesk.support.contract", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="contract_id.company_id", store=True)
    member_ids = fields.Many2many(
        "res.partner",
        "helpdesk_support_contact_team_member_rel",
        "team_id",
        "partner_id",
        string="Members",
    )

    @api.constrains("member_ids", "contract_id")
    def _check_members(self):
        for team in self:
            strangers = team.member_ids - team.contract_id.contact_ids
            if strangers:
                raise ValidationError(
                    self.env._(
                        "Team %(team)s: %(names)s are not registered contacts of "
                        "the contract %(contract)s.",
                        team=team.name,
                        names=", ".join(strangers.mapped("display_name")),
                        contract=team.contract_id.display_name,
                    )
                )

    @api.constrains("contract_id")
    def _check_multi_team(self):
        self.contract_id._check_contact_teams()

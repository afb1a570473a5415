# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
# One concern of the model per file, as Odoo core splits a model inside one
# module (mrp/models/stock_orderpoint.py): each class owns its fields.
# pylint: disable=consider-merging-classes-inherited
"""The customer's registered contacts of a contract (MQ 1.1, 1.3, 1.5;
R-31): who may send requests, the key contact person who takes the
customer's decisions, the teams of contacts and the tier's limits on them.
"""

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .helpdesk_support_system_fields_mixin import SUPPORT_USER, support_callable


class HelpdeskSupportContract(models.Model):
    _inherit = "helpdesk.support.contract"

    key_contact_id = fields.Many2one(
        "res.partner",
        string="Key contact person",
        tracking=True,
        help="Takes the customer's decisions: accepts estimates, manages "
        "accounts, escalates. Must be a registered contact.",
    )
    contact_ids = fields.Many2many(
        "res.partner",
        "helpdesk_support_contract_contact_rel",
        "contract_id",
        "partner_id",
        string="Registered contacts",
    )
    contact_count = fields.Integer(compute="_compute_contact_count")
    contact_team_ids = fields.One2many(
        "helpdesk.support.contact.team", "contract_id", string="Teams"
    )

    @api.depends("contact_ids")
    def _compute_contact_count(self):
        for contract in self:
            contract.contact_count = len(contract.contact_ids)

    @api.constrains("partner_id", "contact_ids", "key_contact_id")
    def _check_contacts(self):
        for contract in self:
            customer = contract.partner_id.commercial_partner_id
            strangers = contract.contact_ids.filtered(
                lambda p, customer=customer: p.commercial_partner_id != customer
            )
            if strangers:
                raise ValidationError(
                    self.env._(
                        "Only people of %(customer)s can be registered contacts "
                        "of the contract %(contract)s: %(names)s are not.",
                        customer=customer.display_name,
                        contract=contract.display_name,
                        names=", ".join(strangers.mapped("display_name")),
                    )
                )
            if (
                contract.key_contact_id
                and contract.key_contact_id not in contract.contact_ids
            ):
                raise ValidationError(
                    self.env._(
                        "The key contact person %(kcp)s must be one of the "
                        "registered contacts of the contract %(contract)s.",
                        kcp=contract.key_contact_id.display_name,
                        contract=contract.display_name,
                    )
                )
            contract.contact_team_ids._check_members()

    @api.constrains("tier_id", "contact_ids")
    def _check_contact_limit(self):
        for contract in self:
            limit = contract.tier_id.contact_limit
            if limit and len(contract.contact_ids) > limit:
                raise ValidationError(
                    self.env._(
                        "The tier %(tier)s allows %(limit)s registered contacts; "
                        "the contract %(contract)s has %(count)s. Remove contacts "
                        "or move the customer to a larger tier.",
                        tier=contract.tier_id.display_name,
                        limit=limit,
                        contract=contract.display_name,
                        count=len(contract.contact_ids),
                    )
                )

    @support_callable(SUPPORT_USER)
    def action_grant_portal_access(self):
        """Odoo's own portal wizard, for the registered contacts (R-31)."""
        self.ensure_one()
        if not self.contact_ids:
            raise UserError(
                self.env._(
                    "Register the contacts of %(contract)s first.",
                    contract=self.display_name,
                )
            )
        return (
            self.env["portal.wizard"]
            .with_context(active_model="res.partner", active_ids=self.contact_ids.ids)
            .action_open_wizard()
        )

    @api.constrains("tier_id", "contact_team_ids")
    def _check_contact_teams(self):
        for contract in self:
            if (
                len(contract.contact_team_ids) > 1
                and not contract.tier_id.multi_team_allowed
            ):
                raise ValidationError(
                    self.env._(
                        "The tier %(tier)s of the contract %(contract)s allows "
                        "only one team of contacts.",
                        tier=contract.tier_id.display_name,
                        contract=contract.display_name,
                    )
                )

    @api.model
    def _support_registered_contacts(self, partners):
        """The partners of ``partners`` registered as contacts of an active
        contract (MQ 1.1: "users registered on the support portal"), in one
        search."""
        if not partners:
            return partners
        contracts = self.search(
            [("state", "=", "active"), ("contact_ids", "in", partners.ids)]
        )
        return partners & contracts.contact_ids

# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
# One concern of the model per file, as Odoo core splits a model inside one
# module (mrp/models/stock_orderpoint.py): each class owns its fields.
# pylint: disable=consider-merging-classes-inherited
"""The customer's Telegram chats on the contract (R-54, MQ 1.3, 1.5): the
chats support linked to it and the registered contacts support added to
them at the key contact's request."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

# what stops or restores the link of the contract's chats
LINK_FIELDS = {"state", "tier_id", "date_end", "portal_blocked_user_ids"}


class HelpdeskSupportContract(models.Model):
    _inherit = "helpdesk.support.contract"

    support_chat_ids = fields.One2many(
        "discuss.channel", "support_contract_id", string="Telegram chats"
    )
    support_chat_member_ids = fields.Many2many(
        "res.partner",
        "helpdesk_support_contract_chat_member_rel",
        "contract_id",
        "partner_id",
        string="Chat members",
        tracking=True,
        help="Registered contacts that support added to the customer's "
        "Telegram chat at the key contact's request (MQ 1.3, 1.5).",
    )

    @api.constrains("support_chat_member_ids", "contact_ids", "key_contact_id")
    def _check_support_chat_members(self):
        for contract in self:
            registered = contract.contact_ids | contract.key_contact_id
            for member in contract.support_chat_member_ids:
                if member not in registered:
                    raise ValidationError(
                        self.env._(
                            "%(name)s is not a registered contact of %(contract)s: "
                            "register the contact before adding it to the chat.",
                            name=member.name,
                            contract=contract.name,
                        )
                    )
                if not member.support_telegram_username:
                    raise ValidationError(
                        self.env._(
                            "%(name)s has no Telegram username (MQ 1.5).",
                            name=member.name,
                        )
                    )

    def write(self, vals):
        result = super().write(vals)
        if LINK_FIELDS & set(vals):
            self.sudo().support_chat_ids._support_notice_link()
        return result

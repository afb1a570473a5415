# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Channels of the tier on tickets (R-54, MQ 1.3): a ticket arriving on a
channel its customer's tier does not include is refused, on every entry
point — the portal form before anything is created, the mail gateway and
the backend by closing the new ticket with a message to the customer, the
Telegram chats in the link wizard. The ticket also keeps the chat message
it came from (MQ 1.3: support registers requests arriving in chats).
"""

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.channels import CHANNEL_XMLIDS
from .helpdesk_support_system_fields_mixin import SUPPORT_USER, support_callable


class HelpdeskTicketChannelRules(models.Model):
    _inherit = "helpdesk.ticket"

    support_chat_message_id = fields.Many2one(
        "mail.message",
        string="Chat message",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The Telegram chat message this ticket was registered from.",
    )
    support_chat_id = fields.Many2one(
        "discuss.channel",
        string="Chat",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The customer's Telegram chat this ticket came from; staff may "
        "reply to it from the ticket.",
    )

    @api.model
    def _support_channel(self, key):
        """The ``helpdesk.ticket.channel`` of a preset key (portal, email,
        messenger)."""
        return self.env.ref(CHANNEL_XMLIDS[key], raise_if_not_found=False)

    @api.model
    def _support_governed_channels(self):
        """Channels a tier opens or closes: the customer's own entry points.
        Others (phone, staff's notes) are not the tier's business."""
        channels = self.env["helpdesk.ticket.channel"]
        for key in CHANNEL_XMLIDS:
            channels |= self._support_channel(key) or channels
        return channels

    @api.model
    def _support_channel_refusal(self, contract, channel):
        """Why ``contract``'s tier takes no ticket on ``channel`` ('' when it
        does). A tier without channels takes every channel."""
        # sudo: channels are company records, the rule concerns the tier's
        tier = contract.sudo().tier_id
        channel = channel.sudo()
        if (
            not channel
            or not tier.channel_ids
            or channel in tier.channel_ids
            or channel not in self._support_governed_channels()
        ):
            return ""
        return self.env._(
            "The %(tier)s support plan does not include the channel "
            "%(channel)s. Please send your request through: %(channels)s.",
            tier=tier.name,
            channel=channel.name,
            channels=", ".join(tier.channel_ids.mapped("name")),
        )

    @api.model
    def _support_check_channel(self, partner, key):
        """Raise UserError when the active contract of ``partner``'s
        organisation does not include the channel ``key`` (one check shared
        by the portal form, the mail gateway and the Telegram chats)."""
        contract = (
            self.env["helpdesk.support.contract"].sudo()._get_partner_contract(partner)
        )
        refusal = contract and self._support_channel_refusal(
            contract, self._support_channel(key)
        )
        if refusal:
            raise UserError(refusal)

    def _support_reject_off_channel(self):
        """Close new tickets that arrived on a channel their tier does not
        include, with a message to the customer saying why (R-54)."""
        rejected = self.browse()
        for ticket in self.filtered("support_contract_id"):
            env = ticket.with_context(lang=ticket.partner_id.lang or self.env.lang).env
            refusal = ticket.with_env(env)._support_channel_refusal(
                ticket.support_contract_id, ticket.channel_id.with_env(env)
            )
            if not refusal:
                continue
            stage = ticket.company_id._get_support_rejected_stage(ticket.team_id)
            ticket.sudo().write({"stage_id": stage.id})
            ticket._support_notify_customer(
                refusal + " " + env._("This ticket was closed without action.")
            )
            rejected |= ticket
        return rejected

    @support_callable(SUPPORT_USER)
    def action_support_reply_to_chat(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reply in the Telegram chat"),
            "res_model": "helpdesk.support.chat.reply.wizard",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_ticket_id": self.id},
        }

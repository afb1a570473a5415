# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A ticket from a Telegram chat message (MQ 1.3): OCA's *Link to thread*
wizard also registers the message as a ticket of the chat's customer, in one
of the five categories support registers from chats, with the SLA counted
from the message's time."""

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import html2plaintext

from ..models.discuss_channel import CHAT_CATEGORY_CODES
from ..models.helpdesk_support_system_fields_mixin import SUPPORT_USER, writable
from ..models.helpdesk_ticket_mail_gateway import ACCEPTED_ATTACHMENTS
from ..tools.context_switch import ServerSwitch
from ..tools.server_language import datetime_text, staff_env


class MailMessageGatewayLink(models.TransientModel):
    _name = "mail.message.gateway.link"
    _inherit = ["helpdesk.support.system.fields.mixin", "mail.message.gateway.link"]
    # the ticket a support user registers from a chat message (MQ 1.3)
    _support_write_rights = {
        SUPPORT_USER: writable(
            "support_create_ticket",
            "support_category_id",
            "support_team_id",
            "support_name",
        ),
    }

    support_create_ticket = fields.Boolean(string="New support ticket")
    support_chat_id = fields.Many2one(
        "discuss.channel", compute="_compute_support_chat_id"
    )
    support_contract_id = fields.Many2one(
        related="support_chat_id.support_contract_id", string="Support contract"
    )
    support_link_problem = fields.Char(related="support_chat_id.support_link_problem")
    support_company_id = fields.Many2one(
        related="support_chat_id.support_contract_id.company_id"
    )
    support_category_id = fields.Many2one(
        "helpdesk.ticket.category",
        string="Category",
        domain=lambda self: [("code", "in", CHAT_CATEGORY_CODES)],
    )
    support_team_id = fields.Many2one("helpdesk.ticket.team", string="Team")
    support_name = fields.Char(string="Subject")

    @api.model
    def _selection_target_model(self):
        """The models a message may be linked to, as OCA lists them, for
        every internal user the wizard's access rule admits (support staff
        registering chat requests, MQ 1.3): only administrators read
        ``ir.model`` in Odoo 18, so OCA's own search refused the form of the
        wizard to anyone else. The names of the models with a chatter are
        no record of anybody's (sudo reads that list only)."""
        models = self.env["ir.model"].sudo().search([("is_mail_thread", "=", True)])
        return [(model.model, model.name) for model in models]

    @api.depends("message_id")
    def _compute_support_chat_id(self):
        for wizard in self:
            message = wizard.message_id
            chat = self.env["discuss.channel"]
            if message.model == "discuss.channel" and message.res_id:
                chat = chat.browse(message.res_id).exists()
            wizard.support_chat_id = chat

    def link_message(self):
        if not self.support_create_ticket:
            return super().link_message()
        self.ensure_one()
        ticket = self._support_create_ticket()
        return {
            "type": "ir.actions.act_window",
            "res_model": "helpdesk.ticket",
            "res_id": ticket.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def _support_check_create(self):
        """The chat, its contract and the category, or UserError saying why
        not (MQ 1.3: support registers; the link works; five categories)."""
        if not self.env.user.has_group(
            "helpdesk_mgmt_support_contract.group_support_user"
        ):
            raise AccessError(
                self.env._("Only support staff register tickets from chats.")
            )
        message = self.message_id
        chat = self.support_chat_id
        # sudo: the gateway (its token) is readable by administrators only
        if not chat or chat.sudo().gateway_id.gateway_type != "telegram":
            raise UserError(self.env._("This message is not of a Telegram chat."))
        chat.check_access("read")
        if not chat.support_contract_id:
            raise UserError(
                self.env._(
                    "The chat %(chat)s is linked to no support contract: link it "
                    "first.",
                    chat=chat.name,
                )
            )
        problem = chat._support_link_problem()
        if problem:
            raise UserError(problem)
        category = self.support_category_id
        if category.code not in CHAT_CATEGORY_CODES or (
            category.company_id
            and category.company_id != chat.sudo().support_contract_id.company_id
        ):
            raise UserError(
                self.env._(
                    "Requests from chats are registered as bugs, improvements, "
                    "account management, licensing and billing or professional "
                    "service: choose one of these categories."
                )
            )
        if message.author_id.user_ids and not message.author_id.user_ids.share:
            raise UserError(self.env._("This message was written by staff."))
        done = (
            self.env["helpdesk.ticket"]
            .sudo()
            .search([("support_chat_message_id", "=", message.id)], limit=1)
        )
        if done:
            raise UserError(
                self.env._(
                    "This message is already registered as ticket %(ticket)s.",
                    ticket=done.display_name,
                )
            )
        return chat, chat.sudo().support_contract_id, category

    def _support_create_ticket(self):
        chat, contract, category = self._support_check_create()
        message = self.message_id.sudo()
        contact = chat._support_registered_contact(message.support_telegram_username)
        text = html2plaintext(message.body or "").strip()
        name = (self.support_name or "").strip() or (
            text.splitlines()[0][:100] if text else ""
        )
        messenger = self.env["helpdesk.ticket"]._support_channel("messenger")
        ticket = (
            self.env["helpdesk.ticket"]
            .with_company(contract.company_id)
            .with_context(support_sla_start=ServerSwitch(message.date))
            .create(
                {
                    "name": name or self.env._("Request from the Telegram chat"),
                    "description": message.body or False,
                    "partner_id": (contact or contract.partner_id).id,
                    "category_id": category.id,
                    "team_id": self.support_team_id.id,
                    "channel_id": messenger.id,
                    "company_id": contract.company_id.id,
                }
            )
        )
        ticket.sudo().write(
            {"support_chat_message_id": message.id, "support_chat_id": chat.id}
        )
        kept, refused = self.env["ir.attachment"], []
        for attachment in message.attachment_ids:
            extension = (attachment.name or "").rsplit(".", 1)[-1].lower()
            if "." in (attachment.name or "") and extension in ACCEPTED_ATTACHMENTS:
                kept |= attachment.copy(
                    {"res_model": "helpdesk.ticket", "res_id": ticket.id}
                )
            else:
                refused.append(attachment.name or "?")
        # a note the staff read: the company's language, the message's time
        # in the support zone (MQ 1.3, R-02)
        env = staff_env(self.env, contract.company_id)
        lines = [
            env._(
                "Registered from the Telegram chat %(chat)s: message of %(author)s "
                "of %(date)s.",
                chat=chat.name,
                author=message.support_telegram_author or message.author_id.name or "—",
                date=datetime_text(env, message.date, zone_named=True),
            )
        ]
        if not contact:
            lines.append(
                env._(
                    "The author is not a registered contact of %(contract)s.",
                    contract=contract.name,
                )
            )
        if refused:
            lines.append(
                env._(
                    "Attachments not accepted (R-52): %(names)s.",
                    names=", ".join(refused),
                )
            )
        note = ticket.sudo().message_post(
            body=Markup("<br/>").join(lines),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
            attachment_ids=kept.ids,
        )
        message.gateway_message_id = note
        return ticket

# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""OCA mail_gateway_telegram for support chats (R-54, MQ 1.3, 1.5).

- updates that are not a genuine chat message (no message, no chat, a text
  longer than Telegram allows...) are ignored with a warning instead of
  failing the webhook;
- a message of a chat linked to a contract keeps its author's Telegram
  username (to find the registered contact, MQ 1.5), flags an unregistered
  author and tells staff when the chat's link has stopped;
- the Bot API server may be another than api.telegram.org (a local Bot API
  server, or the tests' fake one on loopback).
"""

import logging

from odoo import fields, models

from .helpdesk_support_system_fields_mixin import ADMIN, writable

_logger = logging.getLogger(__name__)

try:
    import telegram
except ImportError:  # pragma: no cover - an external dependency of the manifest
    telegram = None

# Telegram's own limits: a text has at most 4096 characters, a caption 1024
MAX_TEXT = 4096
MAX_CAPTION = 1024


class MailGateway(models.Model):
    _name = "mail.gateway"
    _inherit = ["helpdesk.support.system.fields.mixin", "mail.gateway"]
    # the gateway (its bot) is the administrators' (MQ 1.3)
    _support_write_rights = {ADMIN: writable("support_telegram_api_url")}

    support_telegram_api_url = fields.Char(
        string="Bot API server",
        help="Address of the Telegram Bot API server, when not "
        "https://api.telegram.org (a local Bot API server).",
    )


class MailGatewayTelegramService(models.AbstractModel):
    _inherit = "mail.gateway.telegram"

    def _get_telegram_bot(self, token=False):
        url = False
        if token:
            url = (
                self.env["mail.gateway"]
                .sudo()
                .search(
                    [("token", "=", token), ("gateway_type", "=", "telegram")],
                    limit=1,
                )
                .support_telegram_api_url
            )
        if not url:
            return super()._get_telegram_bot(token)
        url = url.rstrip("/")
        return telegram.Bot(
            token, base_url=f"{url}/bot", base_file_url=f"{url}/file/bot"
        )

    def _support_update_problem(self, update):
        """Why ``update`` is no chat message this addon processes ('' if it
        is one)."""
        if not isinstance(update, dict):
            return "not an object"
        message = update.get("message")
        if not isinstance(message, dict):
            return "no message (edits, channel posts and callbacks are ignored)"
        chat, author = message.get("chat"), message.get("from")
        if not isinstance(chat, dict) or not isinstance(chat.get("id"), int):
            return "no chat"
        if not isinstance(author, dict) or not isinstance(author.get("id"), int):
            return "no author"
        if not isinstance(message.get("date"), int):
            return "no date"
        for key, limit in (("text", MAX_TEXT), ("caption", MAX_CAPTION)):
            value = message.get(key)
            if value is not None and (not isinstance(value, str) or len(value) > limit):
                return f"{key} is no text of at most {limit} characters"
        return ""

    def _receive_update(self, gateway, update):
        problem = self._support_update_problem(update)
        if problem:
            _logger.warning(
                "Telegram update ignored on gateway %s: %s", gateway.id, problem
            )
            return None
        return super()._receive_update(gateway, update)

    def _process_update(self, chat, update):
        message = super()._process_update(chat, update)
        if message and chat.support_contract_id:
            author = update.message.from_user
            username = (author.username or "").lower()
            message.sudo().write(
                {
                    "support_telegram_username": username or False,
                    "support_telegram_author": author.full_name,
                }
            )
            chat._support_flag_author(
                self._get_author(chat.gateway_id, update), username
            )
            chat._support_notice_link()
        return message

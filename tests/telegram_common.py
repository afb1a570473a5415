# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Fixtures of the Telegram chat tests (R-54, MQ 1.3, 1.5), shared by the
HTTP test classes that drive the OCA mail_gateway_telegram webhook: a fake
Bot API on loopback (``fake_bot_api.py``), both presets (DS and MQ) in a
company of its own, as the demo ships, a support user, the company's bot and
a support team; genuine Telegram update JSON posted to the real webhook
route, staff through JSON-RPC ``call_kw``.

A helper module, not a test module: it defines no test class.
"""

import datetime
import json
import time

from odoo import Command
from odoo.tests import new_test_user

from .common import call_kw_or_raise, load_presets
from .fake_bot_api import FakeBotApi


def telegram_update(
    chat_id,
    text,
    *,
    username,
    user_id,
    first_name,
    chat_title,
    message_id,
    date,
    language_code=None,
):
    """Genuine Telegram update JSON of a group message."""
    sender = {
        "id": user_id,
        "is_bot": False,
        "first_name": first_name,
        "username": username,
    }
    if language_code:
        sender["language_code"] = language_code
    return {
        "update_id": int(time.time() * 1000) % 10**9,
        "message": {
            "message_id": message_id,
            "from": sender,
            "chat": {"id": chat_id, "title": chat_title, "type": "group"},
            "date": date,
            "text": text,
        },
    }


class TelegramChatsMixin:
    """For an ``HttpCase``: call ``setup_telegram`` from ``setUpClass``; it
    sets ``api`` (the fake Bot API, stopped at the end of the class),
    ``company``, ``support_user`` (password ``<login>_pw1``), ``gateway``
    (the company's bot, its webhook set) and ``team``."""

    @classmethod
    def setup_telegram(
        cls, company_name, support_login, gateway_vals, team_name, secret
    ):
        cls.api = FakeBotApi().__enter__()
        cls.addClassCleanup(cls.api.__exit__, None, None, None)
        cls.webhook_secret = secret
        cls.company = cls.env["res.company"].create({"name": company_name})
        load_presets(cls.env, cls.company)
        cls.support_user = new_test_user(
            cls.env,
            login=support_login,
            password=f"{support_login}_pw1",
            groups="helpdesk_mgmt_support_contract.group_support_user",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.gateway = cls.env["mail.gateway"].create(
            {
                "gateway_type": "telegram",
                "webhook_secret": secret,
                "support_telegram_api_url": cls.api.url,
                "company_id": cls.company.id,
                **gateway_vals,
            }
        )
        cls.gateway.set_webhook()
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {
                "name": team_name,
                "company_id": cls.company.id,
                "user_ids": [Command.set(cls.support_user.ids)],
            }
        )

    @classmethod
    def _customer(cls, name, tier_code, username, today, telegram_username=None):
        """An active contract of ``tier_code`` whose one registered contact
        (its key contact person) writes as ``telegram_username`` (default
        ``username``) in Telegram."""
        company = cls.env["res.partner"].create({"name": name, "is_company": True})
        contact = cls.env["res.partner"].create(
            {
                "name": f"Contact of {name}",
                "parent_id": company.id,
                "email": f"{username}@customer.test",
                "support_telegram_username": telegram_username or username,
            }
        )
        tier = cls.env["helpdesk.support.tier"].search(
            [("code", "=", tier_code), ("company_id", "=", cls.company.id)]
        )
        contract = cls.env["helpdesk.support.contract"].create(
            {
                "partner_id": company.id,
                "company_id": cls.company.id,
                "tier_id": tier.id,
                "date_start": today - datetime.timedelta(days=30),
                "date_end": today + datetime.timedelta(days=300),
                "contact_ids": [Command.set(contact.ids)],
                "key_contact_id": contact.id,
            }
        )
        contract.action_activate()
        return contract

    def post_update(self, payload, secret=None, raw=None):
        """``payload`` (or the ``raw`` body) posted to the bot's webhook
        route as Telegram posts it, with the webhook's secret (or
        ``secret``)."""
        response = self.url_open(
            f"/gateway/telegram/{self.gateway.webhook_key}/update",
            data=raw if raw is not None else json.dumps(payload),
            headers={
                "Content-Type": "application/json",
                "X-Telegram-Bot-Api-Secret-Token": secret or self.webhook_secret,
            },
        )
        self.assertEqual(response.status_code, 200, response.text[:500])
        return response

    def chat(self, chat_id):
        return self.env["discuss.channel"].search(
            [
                ("gateway_id", "=", self.gateway.id),
                ("gateway_channel_token", "=", str(chat_id)),
            ]
        )

    def chat_message(self, chat, text):
        return self.env["mail.message"].search(
            [
                ("model", "=", "discuss.channel"),
                ("res_id", "=", chat.id),
                ("body", "ilike", text),
            ]
        )

    def call_kw(self, model, method, args, kwargs=None):
        """JSON-RPC call_kw as the logged-in user; RpcError carries the
        server's message."""
        return call_kw_or_raise(self, model, method, args, kwargs)

    def link_to_ticket(self, message, category_code="bug", team=None):
        """Support registers a ticket of ``category_code`` from a chat
        message through the link wizard, over JSON-RPC as the logged-in user
        (R-54, MQ 1.3); the wizard's action (``res_id``: the ticket)."""
        category = self.env["helpdesk.ticket.category"].search(
            [("code", "=", category_code), ("company_id", "=", self.company.id)]
        )
        values = {
            "message_id": message.id,
            "support_create_ticket": True,
            "support_category_id": category.id,
        }
        if team:
            values["support_team_id"] = team.id
        wizard_id = self.call_kw("mail.message.gateway.link", "create", [values])
        return self.call_kw("mail.message.gateway.link", "link_message", [[wizard_id]])

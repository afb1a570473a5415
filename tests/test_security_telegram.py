# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Attacks on the Telegram channel (MQ 1.3, R-54), each through its real
entry point: the gateway's webhook route over HTTP, staff and portal users
over JSON-RPC call_kw. Both presets (DS and MQ) are loaded in one company,
as the demo ships; a second company holds what its users must not reach.

MQ 1.3: «Telegram-чаты создаются и администрируются СТП Monq» and «Telegram-
чаты предназначены для … общения между сотрудниками поддержки и клиентом»:
the chats are support's, the bot's token the administrator's, a chat's
customer is served by the support of its own company only.
"""

import base64
import json
import time

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged

from .common import RpcError
from .telegram_common import TelegramChatsMixin, telegram_update

BOT_TOKEN = "4343:CHAT-BOT-TOKEN"


class TelegramAttackCase(TelegramChatsMixin, HttpCase):
    """A support company with its bot and a premium customer whose contact
    is a portal user; another company with its own support user and team.
    Tickets come from a chat linked to the customer's contract."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_telegram(
            "Chat Support Co",
            "r2_support",
            {"name": "Chat bot", "token": BOT_TOKEN, "webhook_key": "chat-hook"},
            "Chat Support",
            secret="chat-secret-0123",
        )
        cls.other_company = cls.env["res.company"].create({"name": "Chat Other Co"})
        cls.other_support = new_test_user(
            cls.env,
            login="r2_other",
            password="r2_other_pw1",
            groups="helpdesk_mgmt_support_contract.group_support_user",
            company_id=cls.other_company.id,
            company_ids=[Command.set(cls.other_company.ids)],
        )
        today = fields.Date.today()
        cls.premium = cls._customer("R2 Premium Ltd", "mq_premium", "carol_r2", today)
        cls.portal_user = new_test_user(
            cls.env,
            login="r2_portal",
            password="r2_portal_pw1",
            groups="base.group_portal",
            partner_id=cls.premium.contact_ids.id,
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.other_team = cls.env["helpdesk.ticket.team"].create(
            {"name": "Chat Other team", "company_id": cls.other_company.id}
        )

    def update(self, chat_id, text, username="carol_r2", user_id=701):
        """Genuine Telegram update JSON of a group message."""
        return telegram_update(
            chat_id,
            text,
            username=username,
            user_id=user_id,
            first_name="Carol",
            chat_title="R2 chat",
            message_id=88,
            date=int(time.time()) - 3600,
        )

    def linked_chat(self, chat_id):
        self.post_update(self.update(chat_id, "Hello support"))
        chat = self.chat(chat_id)
        self.assertEqual(len(chat), 1)
        chat.support_contract_id = self.premium
        return chat

    def bug_category(self):
        return self.env["helpdesk.ticket.category"].search(
            [("code", "=", "bug"), ("company_id", "=", self.company.id)]
        )

    def ticket_from_chat(self, chat_id, text):
        chat = self.linked_chat(chat_id)
        self.post_update(self.update(chat_id, text))
        self.authenticate("r2_support", "r2_support_pw1")
        wizard_id = self.call_kw(
            "mail.message.gateway.link",
            "create",
            [
                {
                    "message_id": self.chat_message(chat, text).id,
                    "support_create_ticket": True,
                    "support_category_id": self.bug_category().id,
                    "support_team_id": self.team.id,
                }
            ],
        )
        action = self.call_kw(
            "mail.message.gateway.link", "link_message", [[wizard_id]]
        )
        return self.env["helpdesk.ticket"].browse(action["res_id"])


@tagged("post_install", "-at_install")
class TestTelegramChatAttacks(TelegramAttackCase):
    """The chat, its bot and the files of a chat ticket's answer stay
    within the customer's own support (MQ 1.3)."""

    def test_support_user_cannot_read_the_bot_token(self):
        """MQ 1.3: «Telegram-чаты создаются и администрируются СТП Monq» —
        support administers the chats, the bot itself is the administrator's:
        its token (whoever holds it speaks as the bot in every customer's
        chat) is not readable through a chat by support staff."""
        chat = self.linked_chat(-3001)
        self.authenticate("r2_support", "r2_support_pw1")
        try:
            values = self.call_kw(
                "discuss.channel", "read", [chat.ids, ["gateway_token"]]
            )
        except RpcError:
            values = []
        self.assertNotIn(BOT_TOKEN, json.dumps(values))
        # nor guessed through a search on it
        try:
            found = self.call_kw(
                "discuss.channel",
                "search_count",
                [[("gateway_token", "=", BOT_TOKEN)]],
            )
        except RpcError:
            found = 0
        self.assertFalse(found)

    def test_chat_link_smuggles_no_other_field(self):
        """MQ 1.3: «Telegram-чаты создаются и администрируются СТП Monq» —
        linking a chat to a contract is support's right; it does not give
        the rights of the system to the other fields of the same write (here
        the chat's call server, an administrator's field)."""
        self.post_update(self.update(-3002, "Hello"))
        chat = self.chat(-3002)
        self.authenticate("r2_support", "r2_support_pw1")
        with self.assertRaises(RpcError):
            self.call_kw(
                "discuss.channel",
                "write",
                [
                    chat.ids,
                    {
                        "support_contract_id": self.premium.id,
                        "sfu_server_url": "https://evil.example",
                    },
                ],
            )
        chat.invalidate_recordset()
        self.assertFalse(chat.sudo().sfu_server_url)
        self.assertFalse(chat.support_contract_id)
        # the link alone stays support's right
        self.call_kw(
            "discuss.channel",
            "write",
            [chat.ids, {"support_contract_id": self.premium.id}],
        )
        self.assertEqual(chat.support_contract_id, self.premium)

    def test_portal_user_cannot_link_a_chat(self):
        """MQ 1.3: chats are «администрируются СТП» — a customer cannot link
        a chat to a contract (its own or another's)."""
        self.post_update(self.update(-3003, "Hello"))
        chat = self.chat(-3003)
        self.authenticate("r2_portal", "r2_portal_pw1")
        with self.assertRaises(RpcError):
            self.call_kw(
                "discuss.channel",
                "write",
                [chat.ids, {"support_contract_id": self.premium.id}],
            )
        self.assertFalse(chat.support_contract_id)

    def test_chat_ticket_in_a_team_of_another_company(self):
        """MQ 1.3: support registers chat requests in its own support centre
        («в центре поддержки»): the link wizard does not file the customer's
        request in a team of another company."""
        chat = self.linked_chat(-3004)
        self.post_update(self.update(-3004, "Export broken"))
        self.authenticate("r2_support", "r2_support_pw1")
        wizard_id = self.call_kw(
            "mail.message.gateway.link",
            "create",
            [
                {
                    "message_id": self.chat_message(chat, "Export broken").id,
                    "support_create_ticket": True,
                    "support_category_id": self.bug_category().id,
                    "support_team_id": self.other_team.id,
                }
            ],
        )
        with self.assertRaises(RpcError):
            self.call_kw("mail.message.gateway.link", "link_message", [[wizard_id]])
        self.assertFalse(
            self.env["helpdesk.ticket"].search([("team_id", "=", self.other_team.id)])
        )

    def test_reply_in_chat_by_a_user_of_another_company(self):
        """MQ 1.3: «Telegram-чаты предназначены для … общения между
        сотрудниками поддержки и клиентом» — the customer's own support: a
        support user of another company posts nothing into the chat."""
        ticket = self.ticket_from_chat(-3005, "Page is blank")
        before = len(self.api.sent())
        self.authenticate("r2_other", "r2_other_pw1")
        with self.assertRaises(RpcError):
            wizard_id = self.call_kw(
                "helpdesk.support.chat.reply.wizard",
                "create",
                [{"ticket_id": ticket.id, "body": "Phishing link"}],
            )
            self.call_kw(
                "helpdesk.support.chat.reply.wizard", "action_send", [[wizard_id]]
            )
        self.assertEqual(len(self.api.sent()), before)

    def test_answer_sends_no_attachment_its_author_cannot_read(self):
        """MQ glossary: the answer on the substance is a reply to the
        customer's request; *Post the answer* sends the customer the files
        of the answer — never a file of another company's ticket that its
        author may not even read."""
        ticket = self.ticket_from_chat(-3007, "Need the answer")
        secret_ticket = (
            self.env["helpdesk.ticket"]
            .with_company(self.other_company)
            .create(
                {
                    "name": "Other company's ticket",
                    "description": "<p>x</p>",
                    "company_id": self.other_company.id,
                    "team_id": self.other_team.id,
                }
            )
        )
        secret = self.env["ir.attachment"].create(
            {
                "name": "secret.txt",
                "datas": base64.b64encode(b"other company's secret"),
                "res_model": "helpdesk.ticket",
                "res_id": secret_ticket.id,
            }
        )
        self.authenticate("r2_support", "r2_support_pw1")
        with self.assertRaises(RpcError):
            wizard_id = self.call_kw(
                "helpdesk.support.answer.wizard",
                "create",
                [
                    {
                        "ticket_id": ticket.id,
                        "body": "<p>Here is the answer</p>",
                        "attachment_ids": [Command.set(secret.ids)],
                    }
                ],
            )
            self.call_kw("helpdesk.support.answer.wizard", "action_post", [[wizard_id]])
        self.assertNotIn(secret, ticket.message_ids.attachment_ids)

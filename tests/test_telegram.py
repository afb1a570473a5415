# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Telegram chats of the Premium tiers (R-54, MQ 1.3, 1.5) on OCA
mail_gateway_telegram, over HTTP: the gateway's real webhook route with
genuine Telegram update JSON, the bot's outgoing calls answered by a fake Bot
API on loopback (tests/fake_bot_api.py), staff through JSON-RPC call_kw.
Both presets (DS and MQ) are loaded in one company, as the demo ships."""

import datetime
import time

from odoo import Command, fields
from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import RpcError
from .telegram_common import TelegramChatsMixin, telegram_update


@tagged("post_install", "-at_install")
class TestTelegramChats(TelegramChatsMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_telegram(
            "Telegram Support Co",
            "tg_support",
            {
                "name": "Support bot",
                "token": "4242:TEST-TOKEN",
                "webhook_key": "support-hook",
            },
            "Support",
            secret="webhook-secret-0123",
        )
        cls.manager = new_test_user(
            cls.env,
            login="tg_manager",
            groups="helpdesk_mgmt_support_contract.group_support_manager",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        today = fields.Date.today()
        cls.premium = cls._customer(
            "Premium Ltd", "mq_premium", "alice_tg", today, "@alice_tg"
        )
        cls.basic = cls._customer("Basic Ltd", "mq_basic", "bob_tg", today, "@bob_tg")

    # -- helpers ---------------------------------------------------------

    def update(self, chat_id, text, username="alice_tg", user_id=501, date=None):
        """Genuine Telegram update JSON of a group message."""
        return telegram_update(
            chat_id,
            text,
            username=username,
            user_id=user_id,
            first_name="Alice",
            chat_title="Premium Ltd support",
            message_id=77,
            date=date or int(time.time()) - 3 * 3600,
            language_code="ru",
        )

    def linked_chat(self, chat_id, contract):
        self.post_update(self.update(chat_id, "Hello support"))
        chat = self.chat(chat_id)
        self.assertEqual(len(chat), 1)
        self.authenticate("tg_support", "tg_support_pw1")
        self.call_kw(
            "discuss.channel", "write", [chat.ids, {"support_contract_id": contract.id}]
        )
        return chat

    def register(self, message, category_code="bug"):
        return self.link_to_ticket(message, category_code, self.team)

    # -- tests -----------------------------------------------------------

    def test_premium_chat_message_becomes_ticket_from_message_time(self):
        """MQ 1.3: «Фиксация обращений, поступивших через Telegram-чаты, в
        центре поддержки, производится СТП Monq для следующих категорий
        запросов: Ошибки (баги); …» — support registers the chat message as a
        ticket of the chat's customer; the SLA counts from the message."""
        chat = self.linked_chat(-1001, self.premium)
        sent_at = int(time.time()) - 2 * 3600
        self.post_update(
            self.update(-1001, "Report export fails <b>x</b>", date=sent_at)
        )
        message = self.chat_message(chat, "Report export fails")
        self.assertEqual(message.support_telegram_username, "alice_tg")
        action = self.register(message)
        ticket = self.env["helpdesk.ticket"].browse(action["res_id"])
        contact = self.premium.contact_ids
        self.assertEqual(ticket.partner_id, contact, "registered contact by username")
        self.assertEqual(ticket.support_contract_id, self.premium)
        self.assertEqual(ticket.category_id.code, "bug")
        self.assertEqual(
            ticket.channel_id,
            self.env.ref(
                "helpdesk_mgmt_support_contract.helpdesk_ticket_channel_messenger"
            ),
        )
        self.assertEqual(ticket.support_chat_message_id, message)
        self.assertEqual(ticket.support_chat_id, chat)
        self.assertNotIn("<b>", ticket.description, "the text stays text")
        timer = ticket.support_sla_timer_ids.filtered(lambda t: t.kind == "response")
        expected = datetime.datetime.fromtimestamp(sent_at, datetime.UTC).replace(
            tzinfo=None
        )
        self.assertEqual(timer.start_date, expected, "SLA from the message's time")
        self.assertTrue(message.gateway_message_id, "the chat shows the ticket")
        # a message is registered once; a sixth category is refused
        with self.assertRaisesRegex(RpcError, "already registered"):
            self.register(message)
        self.post_update(self.update(-1001, "How do I export?"))
        with self.assertRaisesRegex(RpcError, "choose one of these categories"):
            self.register(self.chat_message(chat, "How do I export"), "consultation")

    def test_staff_reply_delivered_to_chat(self):
        """MQ 1.3: «Telegram-чаты предназначены для удобства и оперативного
        общения между сотрудниками поддержки и клиентом» — a staff reply of the
        ticket goes to the chat through the bot (the fake Bot API records it)."""
        chat = self.linked_chat(-1002, self.premium)
        self.post_update(self.update(-1002, "Login page is blank"))
        action = self.register(self.chat_message(chat, "Login page is blank"))
        before = len(self.api.sent())
        wizard_id = self.call_kw(
            "helpdesk.support.chat.reply.wizard",
            "create",
            [{"ticket_id": action["res_id"], "body": "Fixed <now>, please retry"}],
        )
        self.call_kw("helpdesk.support.chat.reply.wizard", "action_send", [[wizard_id]])
        sent = self.api.sent()[before:]
        self.assertEqual(len(sent), 1)
        self.assertEqual(int(sent[0]["chat_id"]), -1002)
        self.assertIn("Fixed <now>, please retry", sent[0]["text"])
        ticket = self.env["helpdesk.ticket"].browse(action["res_id"])
        self.assertTrue(
            ticket.message_ids.filtered(lambda m: "please retry" in (m.body or ""))
        )

    def test_basic_customer_chat_refused(self):
        """MQ 1.3: «Telegram-чаты доступны только для уровней поддержки
        «Премиальная» и «Премиальная+»» — a Basic customer's chat cannot be
        linked, and a ticket of a Basic customer through the messenger is
        refused with a message, on every entry point."""
        self.post_update(
            self.update(-1003, "Hi from Basic", username="bob_tg", user_id=502)
        )
        chat = self.chat(-1003)
        self.authenticate("tg_support", "tg_support_pw1")
        with self.assertRaisesRegex(RpcError, "does not include Telegram chats"):
            self.call_kw(
                "discuss.channel",
                "write",
                [chat.ids, {"support_contract_id": self.basic.id}],
            )
        messenger = self.env.ref(
            "helpdesk_mgmt_support_contract.helpdesk_ticket_channel_messenger"
        )
        ticket_id = self.call_kw(
            "helpdesk.ticket",
            "create",
            [
                {
                    "name": "Through the messenger",
                    "description": "<p>x</p>",
                    "partner_id": self.basic.contact_ids.id,
                    "team_id": self.team.id,
                    "channel_id": messenger.id,
                }
            ],
        )
        ticket = self.env["helpdesk.ticket"].browse(ticket_id)
        self.assertTrue(ticket.stage_id.closed, "refused: closed without action")
        self.assertTrue(
            ticket.message_ids.filtered(
                lambda m: "does not include the channel" in (m.body or "")
            )
        )
        self.assertFalse(ticket.support_sla_timer_ids)
        # the same customer by e-mail: its tier includes it
        email = self.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_email")
        ok = self.env["helpdesk.ticket"].browse(
            self.call_kw(
                "helpdesk.ticket",
                "create",
                [
                    {
                        "name": "By mail",
                        "description": "<p>x</p>",
                        "partner_id": self.basic.contact_ids.id,
                        "team_id": self.team.id,
                        "channel_id": email.id,
                    }
                ],
            )
        )
        self.assertFalse(ok.stage_id.closed)

    def test_portal_refused_when_tier_has_no_portal(self):
        """R-54 (MQ 1.3 table of channels per tier): a ticket arriving on a
        channel its tier does not include is refused with a clear message —
        the portal form of a customer whose tier lists e-mail only."""
        tier = self.basic.tier_id
        tier.channel_ids = [
            Command.set(self.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_email").ids)
        ]
        contact = self.basic.contact_ids
        new_test_user(
            self.env,
            login="tg_portal",
            password="tg_portal_pw1",
            groups="base.group_portal",
            partner_id=contact.id,
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        self.authenticate("tg_portal", "tg_portal_pw1")
        page = self.url_open("/new/ticket")
        token = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        response = self.url_open(
            "/submitted/ticket",
            data={
                "csrf_token": token,
                "subject": "Through the portal",
                "description": "Something",
            },
        )
        self.assertIn("does not include the channel", response.text)
        self.assertFalse(
            self.env["helpdesk.ticket"].search([("name", "=", "Through the portal")])
        )

    def test_expired_contract_chat_stops(self):
        """MQ 1.3 and R-34: when the contract ends the chat's link stops —
        its messages no longer become tickets, and staff read why on the chat."""
        chat = self.linked_chat(-1004, self.premium)
        self.premium.with_user(self.manager).action_expire()
        notes = self.chat_message(chat, "is not active")
        self.assertEqual(len(notes), 1, "staff told once on the chat")
        self.assertEqual(notes.message_type, "notification", "never sent to Telegram")
        self.post_update(self.update(-1004, "Still there?"))
        self.assertEqual(len(self.chat_message(chat, "is not active")), 1)
        with self.assertRaisesRegex(RpcError, "is not active"):
            self.register(self.chat_message(chat, "Still there"))
        self.assertFalse(
            [p for p in self.api.sent() if "is not active" in p.get("text", "")]
        )

    def test_downgrade_stops_link(self):
        """MQ 1.3: «Telegram-чаты доступны только для уровней поддержки
        «Премиальная» и «Премиальная+»» — moved to Basic, the chat stops."""
        chat = self.linked_chat(-1005, self.premium)
        basic = self.basic.tier_id
        self.premium.with_user(self.manager).write({"tier_id": basic.id})
        self.assertIn("does not include Telegram chats", chat.support_link_problem)
        self.post_update(self.update(-1005, "After downgrade"))
        with self.assertRaisesRegex(RpcError, "does not include Telegram"):
            self.register(self.chat_message(chat, "After downgrade"))

    def test_unregistered_author_flagged(self):
        """MQ 1.5: «Имя пользователей в мессенджере Telegram (в случае, когда
        уровнем поддержки предусмотрен прием обращений с помощью данного
        канала)» — an author who is not a registered contact is flagged to
        staff, and the ticket gets the customer, not a stranger."""
        chat = self.linked_chat(-1006, self.premium)
        self.post_update(
            self.update(-1006, "I am new here", username="mallory", user_id=666)
        )
        self.assertEqual(len(self.chat_message(chat, "not a registered contact")), 1)
        self.post_update(
            self.update(-1006, "Me again", username="mallory", user_id=666)
        )
        self.assertEqual(len(self.chat_message(chat, "not a registered contact")), 1)
        action = self.register(self.chat_message(chat, "I am new here"))
        ticket = self.env["helpdesk.ticket"].browse(action["res_id"])
        self.assertEqual(ticket.partner_id, self.premium.partner_id)

    def test_hostile_updates(self):
        """MQ 1.3: «Telegram-чаты создаются и администрируются СТП Monq» —
        whatever reaches the webhook (no message, huge text, no chat, wrong
        types, a forged secret, no JSON) is answered without a crash and
        creates nothing; an unknown chat is not linked to anyone."""
        self.gateway.has_new_channel_security = True
        self.gateway.telegram_security_key = "letmein"
        channels = self.env["discuss.channel"].search_count([])
        messages = self.env["mail.message"].search_count([])
        good = self.update(-2001, "x")
        for payload in (
            {"update_id": 1},
            {"update_id": 2, "edited_message": good["message"]},
            {"update_id": 3, "message": dict(good["message"], text="A" * 200000)},
            {
                "update_id": 4,
                "message": {k: v for k, v in good["message"].items() if k != "chat"},
            },
            {
                "update_id": 5,
                "message": {k: v for k, v in good["message"].items() if k != "from"},
            },
            {"update_id": 6, "message": dict(good["message"], date="yesterday")},
            {
                "update_id": 7,
                "message": dict(good["message"], chat={"id": "drop table"}),
            },
            [1, 2, 3],
            good,  # unknown chat, new chats need /start with the key
        ):
            self.post_update(payload)
        self.post_update(self.update(-2002, "forged"), secret="wrong")
        self.assertEqual(self.env["discuss.channel"].search_count([]), channels)
        self.assertEqual(self.env["mail.message"].search_count([]), messages)

    def test_telegram_username_registration(self):
        """MQ 1.5: «Имя пользователей в мессенджере Telegram» is part of a
        contact's registration: normalised, and only a valid username."""
        contact = self.premium.contact_ids
        contact.support_telegram_username = "https://t.me/Alice_TG"
        self.assertEqual(contact.support_telegram_username, "alice_tg")
        for bad in ("ab", "1abcdef", "bad name!", "x" * 40):
            with self.assertRaises(ValidationError), self.env.cr.savepoint():
                contact.support_telegram_username = bad
                contact.flush_recordset()
        # chat members are registered contacts with a username, by support
        self.premium.with_user(self.support_user).support_chat_member_ids = [
            Command.set(contact.ids)
        ]
        stranger = self.env["res.partner"].create(
            {"name": "Stranger", "support_telegram_username": "stranger1"}
        )
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self.premium.support_chat_member_ids = [Command.link(stranger.id)]

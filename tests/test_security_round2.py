# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Attacks on what issues #14 and #15 added, each through its real entry
point: the gateway's webhook route over HTTP, staff and portal users over
JSON-RPC call_kw. Both presets (DS and MQ) are loaded in one company, as the
demo ships; a second company holds what its users must not reach."""

import base64
import json
import time

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import RpcError, SupportHttpCase
from .telegram_common import TelegramChatsMixin, telegram_update

BOT_TOKEN = "4343:ROUND2-BOT-TOKEN"


@tagged("post_install", "-at_install")
class TestSecurityRound2(TelegramChatsMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_telegram(
            "Round2 Support Co",
            "r2_support",
            {"name": "Round2 bot", "token": BOT_TOKEN, "webhook_key": "round2-hook"},
            "Round2 Support",
            secret="round2-secret-0123",
        )
        cls.other_company = cls.env["res.company"].create({"name": "Round2 Other Co"})
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
            {"name": "Round2 Other team", "company_id": cls.other_company.id}
        )

    # -- helpers ---------------------------------------------------------

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

    # -- Telegram (#15) --------------------------------------------------

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

    # -- #14: criticality and the answer on the substance ----------------

    def test_portal_user_cannot_confirm_criticality(self):
        """MQ 1.4: «Сотрудник поддержки вправе отменить установленную
        клиентом критичность» and DS 3.1: critical errors «подтвержденные
        сотрудниками техподдержки» — confirming or revoking is staff's: a
        customer calling the buttons over RPC changes nothing."""
        ticket = self.ticket_from_chat(-3006, "Data damaged")
        priority = ticket.priority
        self.authenticate("r2_portal", "r2_portal_pw1")
        for method in (
            "action_support_confirm_criticality",
            "action_support_revoke_criticality",
        ):
            with self.assertRaises(RpcError):
                self.call_kw("helpdesk.ticket", method, [ticket.ids])
        ticket.invalidate_recordset()
        self.assertEqual(ticket.priority, priority)

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

    def test_reclassify_only_by_its_own_support(self):
        """R-23 / R-38: a reclassification (category or criticality) is
        staff's, tracked with who and why — a customer over RPC and a support
        user of another company reclassify nothing."""
        ticket = self.ticket_from_chat(-3008, "Wrong category")
        category = ticket.category_id
        consultation = self.env["helpdesk.ticket.category"].search(
            [("code", "=", "consultation"), ("company_id", "=", self.company.id)],
            limit=1,
        )
        for login, password in (
            ("r2_portal", "r2_portal_pw1"),
            ("r2_other", "r2_other_pw1"),
        ):
            self.authenticate(login, password)
            with self.assertRaises(RpcError):
                wizard_id = self.call_kw(
                    "helpdesk.support.reclassify.wizard",
                    "create",
                    [
                        {
                            "ticket_id": ticket.id,
                            "category_id": consultation.id,
                            "reason": "because",
                        }
                    ],
                )
                self.call_kw(
                    "helpdesk.support.reclassify.wizard",
                    "action_confirm",
                    [[wizard_id]],
                )
            with self.assertRaises(RpcError):
                self.call_kw(
                    "helpdesk.ticket",
                    "action_support_confirm_criticality",
                    [ticket.ids],
                )
        ticket.invalidate_recordset()
        self.assertEqual(ticket.category_id, category)


def raw_mail(sender, to, subject, message_id, references=None):
    headers = f"References: <{references}@customer.test>\r\n" if references else ""
    return (
        f"From: {sender}\r\nTo: {to}\r\nSubject: {subject}\r\n"
        f"Message-Id: <{message_id}@customer.test>\r\n{headers}"
        "Content-Type: text/plain; charset=utf-8\r\n\r\nEverything is down.\r\n"
    )


@tagged("post_install", "-at_install")
class TestSecurityRound2Mail(SupportHttpCase):
    """Criticality and reply timers through the real mail gateway
    (message_process), both presets loaded in one company."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ds_team = cls.env["helpdesk.ticket.team"].search(
            [("support_preset_code", "=", "ds"), ("company_id", "=", cls.company.id)]
        )
        domain = cls.env["mail.alias.domain"].create({"name": "round2.test"})
        cls.company.alias_domain_id = domain
        cls.ds_team.write({"alias_name": "r2-ds", "alias_domain_id": domain.id})
        customer = cls.env["res.partner"].create(
            {"name": "R2 Licensee LLC", "is_company": True}
        )
        cls.registered = cls.env["res.partner"].create(
            {
                "name": "R2 registered",
                "parent_id": customer.id,
                "email": "registered@r2-licensee.test",
            }
        )
        cls.colleague = cls.env["res.partner"].create(
            {
                "name": "R2 colleague",
                "parent_id": customer.id,
                "email": "colleague@r2-licensee.test",
            }
        )
        tier = cls.env["helpdesk.support.tier"].search(
            [("code", "=", "ds_commercial"), ("company_id", "=", cls.company.id)]
        )
        sender = cls.env["helpdesk.support.sender.category"].search(
            [("code", "=", "licensee"), ("company_id", "in", (cls.company.id, False))],
            limit=1,
        )
        contract = cls.env["helpdesk.support.contract"].create(
            {
                "partner_id": customer.id,
                "company_id": cls.company.id,
                "tier_id": tier.id,
                "sender_category_id": sender.id,
                "date_start": "2020-01-01",
                "date_end": "2099-12-31",
                "contact_ids": [Command.set(cls.registered.ids)],
                "key_contact_id": cls.registered.id,
            }
        )
        contract.action_activate()

    def process(self, sender, subject):
        with mute_logger("odoo.addons.mail.models.mail_thread"):
            self.env["mail.thread"].with_company(self.company).message_process(
                False,
                raw_mail(
                    sender,
                    self.ds_team.alias_email,
                    subject,
                    f"r2-{abs(hash(subject))}",
                ),
            )
        return self.env["helpdesk.ticket"].search([("name", "=", subject)])

    def test_critical_subject_of_a_stranger_jumps_no_queue(self):
        """R-38 / MQ 1.4: «клиент может самостоятельно обосновано определить
        ошибку как критическую, указав это в запросе» — the *customer* (a
        registered contact, MQ 1.1 / DS 5.8) declares criticality. R-25 /
        DS 2.1: critical tickets jump the queue — an unknown sender or an
        unregistered contact writing ``[CRITICAL]`` does not put its ticket
        ahead of the customers' ones."""
        ticket = self.process("registered@r2-licensee.test", "[CRITICAL] R2 reg")
        self.assertEqual(ticket.priority, "3", "the customer declares")
        for sender, subject in (
            ("anyone@stranger.test", "[CRITICAL] R2 stranger"),
            ("colleague@r2-licensee.test", "[КРИТИЧНО] R2 colleague"),
        ):
            ticket = self.process(sender, subject)
            self.assertEqual(len(ticket), 1, subject)
            self.assertNotEqual(ticket.priority, "3", subject)
            self.assertTrue(
                ticket.message_ids.filtered(
                    lambda m: "not a registered contact" in (m.body or "")
                ),
                "staff see the marker and may confirm it",
            )

    def test_critical_box_of_an_unregistered_contact(self):
        """R-38 / MQ 1.4: «клиент может … определить ошибку как критическую,
        указав это в запросе» — on the portal form too, the box is the
        customer's (a registered contact): an unregistered colleague ticking
        it (DS team, where it may write) does not jump the queue (R-25);
        staff read a note and may confirm it."""
        new_test_user(
            self.env,
            login="r2_colleague",
            password="r2_colleague_pw1",
            groups="base.group_portal",
            partner_id=self.colleague.id,
            company_ids=[Command.set(self.company.ids)],
        )
        self.authenticate("r2_colleague", "r2_colleague_pw1")
        page = self.url_open("/new/ticket")
        token = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        self.url_open(
            "/submitted/ticket",
            data={
                "csrf_token": token,
                "subject": "R2 colleague box",
                "description": "Down",
                "support_critical": "1",
                "priority": "3",
            },
        )
        ticket = self.env["helpdesk.ticket"].search([("name", "=", "R2 colleague box")])
        self.assertEqual(len(ticket), 1)
        self.assertNotEqual(ticket.priority, "3")
        self.assertTrue(
            ticket.message_ids.filtered(
                lambda m: "not a registered contact" in (m.body or "")
            )
        )

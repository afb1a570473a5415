# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Closing a ticket as a third-party product problem (R-27, MQ 1.2, DS 1.3).

MQ 1.2: «Если в процессе работы над обращением Исполнитель выясняет, что
проблема связана с продуктом стороннего производителя и/или СПО не входящим в
базовую инсталляцию ПО Monq, то Пользователю может быть рекомендовано
обратиться в службу технической поддержки соответствующего производителя, а
соответствующий запрос в СТП может быть закрыт.»

DS 1.3: «Решение вопросов, выходящих за рамки технической поддержки,
необходимо адресовать соответствующим специалистам удостоверяющих центров,
компаний хостинг-провайдеров, разработчикам стороннего программного
обеспечения и т.п.»

Both presets are loaded in one company, as the demo ships them.
"""

import json
from email import message_from_string, policy

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.base.tests.common import MockSmtplibCase

from .common import SupportHttpCase, SupportTicketCase, call_kw, set_create_date

ADDON = "helpdesk_mgmt_support_contract"
WIZARD = "helpdesk.support.third.party.wizard"
HOSTILE_VENDOR = '<img src=x onerror="alert(1)"><b>Evil</b> & Co'


def load_russian(env):
    env["res.lang"]._activate_lang("ru_RU")
    env["ir.module.module"]._load_module_terms(["mail", ADDON], ["ru_RU"])


@tagged("post_install", "-at_install")
class TestSlaThirdParty(MockSmtplibCase, SupportTicketCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_russian(cls.env)
        # one customer of each regulation
        cls.ds_contact = cls.make_customer("ds_vip", "licensee", name="DS Vendor Co")
        cls.mq_contact = cls.make_customer("mq_basic_plus", name="MQ Platform Co")
        cls.ru_contact = cls.make_customer("mq_premium", name="Romashka")
        cls.ru_contact.lang = "ru_RU"
        cls.ds_contact.lang = cls.mq_contact.lang = "en_US"
        cls.team.user_id = cls.support_manager

    def close_third_party(self, ticket, vendor, user=None, **vals):
        wizard = (
            self.env[WIZARD]
            .with_user(user or self.support_user)
            .create({"ticket_id": ticket.id, "vendor_name": vendor, **vals})
        )
        wizard.action_confirm()
        ticket.invalidate_recordset()
        return wizard

    def recommendation(self, ticket):
        return ticket.message_ids.filtered(
            lambda m: m.message_type == "comment"
            and m.author_id == self.support_user.partner_id
        )

    def test_would_have_breached_is_not_counted(self):
        """MQ 1.2 / DS 1.3: a request about a third-party product may be
        closed with a recommendation to contact that vendor; its open SLA
        timers leave the breach statistics (like paused time): the cron does
        not breach them, the compliance report and the monthly PDF do not
        count them, while an equal ticket left open is breached."""
        for contact in (self.ds_contact, self.mq_contact):
            contract = self.contract_of(contact)
            with freeze_time("2026-06-01 07:00:00"):
                third = self.make_ticket(contact, name="Broken by PostgreSQL")
                control = self.make_ticket(contact, name="Broken by us")
            set_create_date(third | control, "2026-06-01 07:00:00")
            self.assertEqual(self.response_timer(third).state, "running")
            with freeze_time("2026-06-01 07:30:00"):
                self.close_third_party(third, "PostgreSQL Global Development Group")
            self.assertTrue(third.stage_id.closed)
            self.assertEqual(third.support_close_reason, "third_party")
            self.assertEqual(
                third.support_third_party_vendor, "PostgreSQL Global Development Group"
            )
            self.assertEqual(self.response_timer(third).state, "excluded")
            self.assertEqual(third.support_sla_state, "excluded")
            # a week later: the ticket left open is breached, the other is not
            with freeze_time("2026-06-08 07:00:00"):
                self.Timer._cron_update_states()
            self.assertEqual(self.response_timer(control).state, "breached")
            self.assertEqual(self.response_timer(third).state, "excluded")
            self.assertFalse(self.response_timer(third).breached_date)
            # breach list and compliance pivot (met or breached timers)
            breaches = self.Timer.with_user(self.support_user).search(
                [("contract_id", "=", contract.id), ("state", "=", "breached")]
            )
            self.assertEqual(breaches.ticket_id, control)
            counted = self.Timer.search(
                [
                    ("contract_id", "=", contract.id),
                    ("state", "in", ("met", "breached")),
                ]
            )
            self.assertNotIn(third, counted.ticket_id)
            # the monthly report of the contract
            wizard = self.sla_report(contract)
            tickets = wizard._get_tickets()
            self.assertIn(third, tickets)
            summary = wizard._get_summary(tickets)
            self.assertEqual(
                (
                    summary["breached"],
                    summary["excluded"],
                    summary["open"],
                    summary["compliance"],
                ),
                (1, 1, 0, 0.0),
            )
            html = self.sla_report_html(wizard)
            self.assertIn("Third-party product", html)
            self.assertIn("PostgreSQL Global Development Group", html)

    def test_deadline_already_passed_stays_breached(self):
        """R-27 (MQ 1.2): The regulation lets the request be closed, it does not rewrite
        history: a deadline that passed before the third-party closing stays a breach
        (the cron had not run yet)."""
        with freeze_time("2026-06-01 07:00:00"):
            ticket = self.make_ticket(self.ds_contact)
        with freeze_time("2026-06-03 07:00:00"):
            self.close_third_party(ticket, "Some vendor")
        timer = self.response_timer(ticket)
        self.assertEqual(timer.state, "breached")
        self.assertEqual(ticket.support_close_reason, "third_party")

    def test_recommendation_in_customer_language(self):
        """MQ 1.2: «Пользователю может быть рекомендовано обратиться в службу
        технической поддержки соответствующего производителя»: the
        recommendation is a public message of the support user, mailed to
        the customer in the customer's language (Russian / English)."""
        with freeze_time("2026-06-01 07:00:00"):
            ru_ticket = self.make_ticket(self.ru_contact)
            en_ticket = self.make_ticket(self.mq_contact)
        wizard = (
            self.env[WIZARD]
            .with_user(self.support_user)
            .create({"ticket_id": ru_ticket.id, "vendor_name": "ООО «Вендор»"})
        )
        self.assertIn("службу технической поддержки", str(wizard.body))
        self.assertIn("ООО «Вендор»", str(wizard.body))
        with freeze_time("2026-06-01 08:00:00"), self.mock_smtplib_connection():
            wizard.action_confirm()
            self.close_third_party(en_ticket, "Acme Inc.")
            # the queue is sent as the mail cron would
            messages = self.env["mail.message"].search(
                [
                    ("model", "=", "helpdesk.ticket"),
                    ("res_id", "in", (ru_ticket | en_ticket).ids),
                ]
            )
            self.env["mail.mail"].sudo().search(
                [("mail_message_id", "in", messages.ids)]
            ).send()
        for ticket, text, subject in (
            (ru_ticket, "службу технической поддержки", "Рекомендация"),
            (en_ticket, "support service of Acme Inc.", "Recommendation"),
        ):
            message = self.recommendation(ticket)
            self.assertEqual(len(message), 1, ticket.name)
            self.assertFalse(message.subtype_id.internal)
            self.assertIn(text, str(message.body))
            self.assertIn(subject, message.subject)
            self.assertIn(ticket.partner_id, message.notified_partner_ids)
            # the notification mail to the customer: Odoo's runner deletes
            # sent mail at once, so it is caught on a fake SMTP session
            mails = [
                message_from_string(sent["message"], policy=policy.default)
                for sent in self.emails
                if ticket.partner_id.email.lower() in sent["smtp_to_list"]
            ]
            mails = [mail for mail in mails if subject in str(mail["Subject"])]
            self.assertEqual(len(mails), 1, ticket.name)
            body = mails[0].get_body(("html", "plain")).get_content()
            self.assertIn(text, body)
            self.assertIn(
                message, ticket.with_user(self.support_user).website_message_ids
            )

    def test_vendor_name_is_escaped(self):
        """R-27 (MQ 1.2): Hostile input: the vendor name is text, never markup, in the
        recommendation, its mail and the subject."""
        with freeze_time("2026-06-01 07:00:00"):
            ticket = self.make_ticket(self.mq_contact)
        with freeze_time("2026-06-01 08:00:00"):
            self.close_third_party(ticket, f"  {HOSTILE_VENDOR}\n\r  X-Header: 1 ")
        message = self.recommendation(ticket)
        body = str(message.body)
        self.assertNotIn("<img", body)
        self.assertNotIn("<b>Evil", body)
        self.assertIn("&lt;img", body)
        self.assertNotIn("\n", message.subject)
        self.assertEqual(
            ticket.support_third_party_vendor, f"{HOSTILE_VENDOR} X-Header: 1"
        )
        mail = self.env["mail.mail"].search([("mail_message_id", "=", message.id)])
        self.assertNotIn("<img", str(mail.body_html))

    def test_refusals(self):
        """R-27 (MQ 1.2): Only an open ticket, only to a closed stage, with a vendor
        named; the closing reason is the system's, not a field to write."""
        with freeze_time("2026-06-01 07:00:00"):
            ticket = self.make_ticket(self.mq_contact)
        with self.assertRaisesMessage(UserError, "closed stage"):
            self.close_third_party(ticket, "Acme", stage_id=self.stage_new.id)
        with self.assertRaisesMessage(UserError, "vendor"):
            self.close_third_party(ticket, "   ")
        with self.assertRaisesMessage(AccessError, "Closing reason"):
            ticket.with_user(self.support_user).write(
                {"support_close_reason": "third_party"}
            )
        self.close_third_party(ticket, "Acme")
        with self.assertRaisesMessage(UserError, "already closed"):
            self.close_third_party(ticket, "Acme")

    def test_reopened_ticket_loses_the_reason(self):
        """MQ 1.2 (end): «При поступлении от Пользователя информации по
        закрытому обращению, такое обращение снова открывается»: reopened,
        the ticket is no longer closed as third-party and counts a new
        response timer."""
        with freeze_time("2026-06-01 07:00:00"):
            ticket = self.make_ticket(self.mq_contact)
        with freeze_time("2026-06-01 08:00:00"):
            self.close_third_party(ticket, "Acme")
        with freeze_time("2026-06-02 08:00:00"):
            ticket.message_post(
                body="It is not Acme after all",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                author_id=self.mq_contact.id,
            )
        ticket.invalidate_recordset()
        self.assertFalse(ticket.stage_id.closed)
        self.assertFalse(ticket.support_close_reason)
        self.assertEqual(
            sorted(ticket.support_sla_timer_ids.mapped("state")),
            ["excluded", "running"],
        )


@tagged("post_install", "-at_install")
class TestSlaThirdPartyRpc(SupportHttpCase):
    """The wizard through the web client's entry point, JSON-RPC ``call_kw``."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_russian(cls.env)
        cls.support_user = cls.make_user("tp_rpc_user", f"{ADDON}.group_support_user")
        customer = cls.env["res.partner"].create(
            {"name": "TP RPC JSC", "is_company": True}
        )
        cls.contact = cls.env["res.partner"].create(
            {
                "name": "TP RPC contact",
                "parent_id": customer.id,
                "email": "tp@rpc.test",
                "lang": "ru_RU",
            }
        )
        cls.portal_user = new_test_user(
            cls.env,
            login="tp_rpc_portal",
            groups="base.group_portal",
            partner_id=cls.contact.id,
        )
        # the user's language is its partner's: the customer reads Russian
        cls.contact.lang = "ru_RU"
        tier = cls.env["helpdesk.support.tier"].search(
            [("code", "=", "mq_premium_plus"), ("company_id", "=", cls.company.id)]
        )
        contract = cls.env["helpdesk.support.contract"].create(
            {
                "partner_id": customer.id,
                "tier_id": tier.id,
                "contact_ids": [Command.set(cls.contact.ids)],
                "key_contact_id": cls.contact.id,
                "date_start": "2020-01-01",
                "date_end": "2099-12-31",
            }
        )
        contract.action_activate()
        team = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "TP RPC",
                "company_id": cls.company.id,
                "user_ids": [Command.set(cls.support_user.ids)],
            }
        )
        cls.ticket = cls.env["helpdesk.ticket"].create(
            {
                "name": "Grafana dashboard is empty",
                "description": "<p>Grafana plugin</p>",
                "partner_id": cls.contact.id,
                "team_id": team.id,
            }
        )

    def test_support_user_closes_through_json_rpc(self):
        """MQ 1.2: the support user closes the request with the
        recommendation, through the wizard over JSON-RPC; the customer gets
        it in Russian with the vendor's name as text."""
        self.assertEqual(self.ticket.support_sla_timer_ids.state, "running")
        self.authenticate("tp_rpc_user", "tp_rpc_user")
        action = call_kw(
            self, "helpdesk.ticket", "action_support_close_third_party", self.ticket.ids
        )["result"]
        self.assertEqual(action["res_model"], WIZARD)
        created = call_kw(
            self,
            WIZARD,
            "create",
            {"vendor_name": f"Grafana Labs {HOSTILE_VENDOR}"},
            context=action["context"],
        )
        self.assertNotIn("error", created)
        response = call_kw(self, WIZARD, "action_confirm", [created["result"]])
        self.assertNotIn("error", response)
        self.env.invalidate_all()
        ticket = self.ticket
        self.assertTrue(ticket.stage_id.closed)
        self.assertEqual(ticket.support_close_reason, "third_party")
        self.assertEqual(ticket.support_sla_timer_ids.state, "excluded")
        message = ticket.message_ids.filtered(
            lambda m: m.author_id == self.support_user.partner_id
            and m.message_type == "comment"
        )
        self.assertEqual(len(message), 1)
        self.assertFalse(message.subtype_id.internal)
        self.assertIn("службу технической поддержки", str(message.body))
        self.assertIn("Grafana Labs &lt;img", str(message.body))
        self.assertNotIn("<img", str(message.body))
        # the customer reads it in the ticket's chatter on the portal
        self.authenticate("tp_rpc_portal", "tp_rpc_portal")
        chatter = self.url_open(
            "/mail/thread/messages",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "id": 1,
                    "params": {"thread_model": ticket._name, "thread_id": ticket.id},
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        self.assertIn("result", chatter.json(), chatter.text)
        result = json.dumps(chatter.json()["result"], ensure_ascii=False)
        self.assertIn("службу технической поддержки", result)

    def test_portal_user_cannot_close(self):
        """R-27 (MQ 1.2): A customer cannot close a ticket as third-party nor set its
        closing reason: every call is refused and nothing changes."""
        self.authenticate("tp_rpc_portal", "tp_rpc_portal")
        calls = [
            (WIZARD, "create", {"ticket_id": self.ticket.id, "vendor_name": "X"}),
            ("helpdesk.ticket", "action_support_close_third_party", self.ticket.ids),
            (
                "helpdesk.ticket",
                "write",
                self.ticket.ids,
                {"support_close_reason": "third_party"},
            ),
            (
                "helpdesk.ticket",
                "_support_close_third_party",
                self.ticket.ids,
                "X",
                "<p>x</p>",
            ),
        ]
        for model, method, *args in calls:
            with self.subTest(method=method):
                response = call_kw(self, model, method, *args)
                self.assertIn("error", response)
        self.env.invalidate_all()
        self.assertFalse(self.ticket.stage_id.closed)
        self.assertFalse(self.ticket.support_close_reason)
        self.assertEqual(self.ticket.support_sla_timer_ids.state, "running")

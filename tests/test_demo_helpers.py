# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The helpers the demo data calls (``models/helpdesk_ticket_demo.py``):
each gives the state the regulation defines, with both presets loaded as
the demo ships, and changes nothing when called again.
The demo itself is checked against the regulations by
``scripts/check_demo.py`` in ``make test``.
"""

from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged

from .common import SupportTicketCase, call_kw, naive
from .fake_bot_api import FakeBotApi

MODULE = "helpdesk_mgmt_support_contract"


@tagged("post_install", "-at_install")
class TestDemoHelpers(SupportTicketCase):
    def test_opened_days_ago_is_breached_on_its_real_date(self):
        """MQ Appendix 1 «Гарантированное время ответа ... Премиальная 2
        часа», «График оказания услуг ... 24x7»: a Premium ticket opened 72
        hours ago was due 2 hours after it opened, and is breached then."""
        contact = self.make_customer("mq_premium")
        ticket = self.make_ticket(contact, category_id=self.category("bug").id)
        now = fields.Datetime.now()
        ticket._demo_opened_hours_ago(72)
        opened = now - timedelta(hours=72)
        timer = self.response_timer(ticket)
        self.assertEqual(ticket.create_date, opened)
        self.assertEqual(timer.start_date, opened)
        self.assertEqual(timer.state, "breached")
        self.assertEqual(timer.breached_date, opened + timedelta(hours=2))
        self.assertEqual(ticket.support_sla_state, "breached")
        self.assertEqual(len(self.messages(ticket, "SLA breached")), 1)
        # again (an update of the demo database): nothing changes
        ticket._demo_opened_hours_ago(72)
        self.assertEqual(ticket.create_date, opened)
        self.assertEqual(self.response_timer(ticket), timer)
        self.assertEqual(len(self.messages(ticket, "SLA breached")), 1)

    def test_reclassified_to_development(self):
        """DS 3.9 «Разработка – Данный уровень поддержки присваивается в
        случае, если обращение переведено под контроль отдела разработки.
        Максимальное время реакции на обращение – 24 рабочих дня»."""
        contact = self.make_customer("ds_commercial", "partner")
        ticket = self.make_ticket(contact, category_id=self.category("development").id)
        self.assertEqual(ticket.support_sla_level_id, self.level("ds_partner_standard"))
        ticket._demo_reclassify("ds_development", "Handed to development")
        ticket._demo_reclassify("ds_development", "Handed to development")
        development = ticket.support_sla_timer_ids.filtered(
            lambda t: t.kind == "development"
        )
        self.assertEqual(ticket.support_sla_level_id, self.level("ds_development"))
        self.assertEqual(
            [(t.target_value, t.target_unit) for t in development], [(24.0, "days")]
        )
        self.assertEqual(len(self.messages(ticket, "Ticket reclassified")), 1)

    def test_coupon_redeemed_once(self):
        """DS 3.6 «Спецобращения ... время реакции на обращение не превышает
        1 час»: the demo's special request takes one use of the coupon and
        the special-request level, once."""
        contact = self.make_customer("ds_vip", "licensee")
        user = self.make_user(
            "demo_coupon_kcp", "base.group_portal", partner_id=contact.id
        )
        coupon = self.env["helpdesk.support.coupon"].create(
            {
                "partner_id": contact.parent_id.id,
                "company_id": self.company.id,
                "purchase_date": "2026-05-01",
                "licence_ref": "DS-VIP-TEST",
            }
        )
        vals = {
            "name": "Performance review",
            "description": "<p>Before the launch</p>",
            "partner_id": contact.id,
            "category_code": "performance",
            "team_id": self.team.id,
        }
        Ticket = self.env["helpdesk.ticket"].with_company(self.company)
        Ticket._demo_redeem_coupon(coupon.id, user.id, vals, "ticket_test_coupon")
        Ticket._demo_redeem_coupon(coupon.id, user.id, vals, "ticket_test_coupon")
        ticket = self.env.ref(f"{MODULE}.ticket_test_coupon")
        self.assertEqual(coupon.uses_count, 1)
        self.assertEqual(ticket.support_coupon_id, coupon)
        self.assertEqual(ticket.support_sla_level_id, self.level("ds_special_request"))
        self.assertEqual(ticket.category_id, self.category("performance"))
        timer = self.response_timer(ticket)
        self.assertEqual((timer.target_value, timer.target_unit), (1.0, "hours"))
        # round the clock (DS 2.1: special requests are not bound to working time)
        self.assertEqual(timer.deadline, timer.start_date + timedelta(hours=1))

    def test_professional_service_ordered_once(self):
        """MQ 2.3 «После подтверждения ККЛ, указанной в ответе на заявку
        информации (сроки, часы, дополнительные условия), заявка передается
        на исполнение»; MQ 2.1 «коэффициент сверхурочной работы (x2)»."""
        for year in (2025, 2026):
            self.company.support_ps_calendar_id.production_calendar_id.action_generate_year(
                year
            )
        project = self.env["project.project"].create(
            {"name": "PS", "company_id": self.company.id, "allow_timesheets": True}
        )
        employee = self.env["hr.employee"].create(
            {
                "name": "Specialist",
                "company_id": self.company.id,
                "resource_calendar_id": self.company.support_ps_calendar_id.id,
            }
        )
        kcp = self.make_customer("mq_basic")
        contract = self.env["helpdesk.support.contract"].search(
            [("partner_id", "=", kcp.parent_id.id)]
        )
        contract.write(
            {"contact_ids": [Command.set(kcp.ids)], "key_contact_id": kcp.id}
        )
        certificate = self.env["helpdesk.support.certificate"].create(
            {
                "partner_id": kcp.parent_id.id,
                "company_id": self.company.id,
                "date_start": "2026-01-01",
                "date_end": "2026-12-31",
                "hours_prepaid": 40,
            }
        )
        ticket = self.make_ticket(
            kcp,
            category_id=self.category("professional_service").id,
            project_id=project.id,
        )
        # Fri 29 May 2026: 10:00-13:00 Moscow time (working), then 19:00-21:00
        lines = [(3, 7, 3.0, "Analysis"), (3, 16, 2.0, "Setup")]
        ticket._demo_order_professional_service(6.0, employee.id, lines)
        ticket._demo_order_professional_service(6.0, employee.id, lines)
        estimate = ticket.support_estimate_ids
        self.assertEqual(estimate.state, "accepted")
        self.assertEqual(estimate.decided_by_id, kcp)
        self.assertEqual(ticket.support_certificate_id, certificate)
        self.assertEqual(
            sorted(ticket.timesheet_ids.mapped("date_time")),
            [naive("2026-05-29 07:00:00"), naive("2026-05-29 16:00:00")],
        )
        by_name = {line.name: line for line in ticket.timesheet_ids}
        self.assertEqual(by_name["Analysis"].support_charged_hours, 3.0)
        self.assertEqual(by_name["Setup"].support_overtime_hours, 2.0)
        self.assertEqual(by_name["Setup"].support_charged_hours, 4.0)

    def test_ticket_from_chat_message_nothing_sent_to_telegram(self):
        """MQ 1.3 «Фиксация обращений, поступивших через Telegram-чаты, в
        центре поддержки, производится СТП Monq для следующих категорий
        запросов: Ошибки (баги); …»; MQ Appendix 1 «Премиальная+ ... 24x7
        ... 1 час»: the demo's chat message of a registered contact (MQ 1.5,
        by its Telegram username) is registered as a ticket with the link
        wizard, once, its response counted from the message's time; the
        demo bot calls no Bot API (a fake one on loopback records any call)
        and the message's HTML stays text."""
        admin = self.env.ref("base.user_admin")
        admin.company_ids = [Command.link(self.company.id)]
        contact = self.make_customer("mq_premium_plus")
        contact.support_telegram_username = "@Demo_Author"
        contract = self.env["helpdesk.support.contract"].search(
            [("partner_id", "=", contact.parent_id.id)]
        )
        with FakeBotApi() as api:
            gateway = self.env["mail.gateway"].create(
                {
                    "name": "Demo bot",
                    "gateway_type": "telegram",
                    "token": "0000:DEMO-TEST",
                    "webhook_key": "demo-test-bot",
                    "has_new_channel_security": True,
                    "support_telegram_api_url": api.url,
                    "company_id": self.company.id,
                }
            )
            chat = self.env["discuss.channel"].create(
                {
                    "name": "Demo chat",
                    "channel_type": "gateway",
                    "gateway_id": gateway.id,
                    "gateway_channel_token": "-1001234",
                    "company_id": self.company.id,
                    "support_contract_id": contract.id,
                }
            )
            args = (
                chat.id,
                {"id": 4711, "first_name": "Demo", "username": "Demo_Author"},
                "Metrics <b>lost</b> after the update",
                25,
                {"category_code": "bug", "support_team_id": self.team.id},
                "ticket_test_chat",
            )
            Ticket = self.env["helpdesk.ticket"]
            Ticket._demo_ticket_from_chat(*args)
            Ticket._demo_ticket_from_chat(*args)
            self.assertEqual(api.calls, [], "nothing sent to Telegram")
        self.assertFalse(gateway.integrated_webhook_state)
        self.assertFalse(
            self.env["mail.notification"].search([("gateway_channel_id", "=", chat.id)])
        )
        ticket = self.env.ref(f"{MODULE}.ticket_test_chat")
        message = ticket.support_chat_message_id
        self.assertEqual(self.messages(chat, "Metrics"), message, "received once")
        self.assertEqual(message.date, naive("2026-06-01 06:35:00"))
        self.assertEqual(message.support_telegram_username, "demo_author")
        self.assertEqual(ticket.support_chat_id, chat)
        self.assertEqual(ticket.partner_id, contact)
        self.assertEqual(ticket.support_contract_id, contract)
        self.assertEqual(ticket.category_id, self.category("bug"))
        self.assertNotIn("<b>", ticket.description)
        timer = self.response_timer(ticket)
        self.assertEqual(timer.start_date, message.date)
        self.assertEqual(timer.deadline, message.date + timedelta(hours=1))


@tagged("post_install", "-at_install")
class TestDemoHelpersOverRpc(HttpCase):
    """The demo helpers are private: no client reaches them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        new_test_user(
            cls.env,
            login="demo_helpers_support",
            groups="helpdesk_mgmt_support_contract.group_support_user",
        )
        customer = cls.env["res.partner"].create({"name": "Demo helpers customer"})
        cls.ticket = cls.env["helpdesk.ticket"].create(
            {"name": "Not breached", "description": "x", "partner_id": customer.id}
        )

    def test_helpers_refused_over_json_rpc(self):
        """A support user calling a demo helper over JSON-RPC ``call_kw`` is
        refused and the ticket keeps its creation date (R-21: a breach is
        never written by a client)."""
        self.authenticate("demo_helpers_support", "demo_helpers_support")
        created = self.ticket.create_date
        ids = self.ticket.ids
        for method, args in (
            ("_demo_opened_hours_ago", [ids, 72]),
            ("_demo_reclassify", [ids, "ds_development", "<b>x</b>"]),
            ("_demo_redeem_coupon", [1, 1, {"name": "x"}, "base.user_admin"]),
            ("_demo_order_professional_service", [ids, 1.0, 1, [(0, 0, 1.0, "x")]]),
            ("_demo_ticket_from_chat", [1, {"id": 1}, "x", 0, {}, "x"]),
        ):
            with self.subTest(method=method):
                response = call_kw(self, "helpdesk.ticket", method, *args)
                self.assertNotIn("result", response)
                self.assertIn(
                    "cannot be called remotely", response["error"]["data"]["message"]
                )
        self.ticket.invalidate_recordset()
        self.assertEqual(self.ticket.create_date, created)
        self.assertFalse(self.ticket.support_sla_level_id)

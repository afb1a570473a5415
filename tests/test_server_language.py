# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Texts the server writes on its own: the reader's language, Moscow time.

The scheduled actions run as the cron runner runs them (its user, no
language, no time zone: ``method_direct_trigger``). The company speaks
Russian: notes and activities for the staff are Russian, times are Moscow
times in Russian order (dd.mm.yyyy), an activity is due on Moscow's date;
a customer reads what is addressed to it in its own language, numbers with
its decimal separator. Both regulations state their hours in Moscow time
(DS 2.1 «с 10 до 18 часов московского времени», MQ 1.2 «по Московскому
часовому поясу (GMT+3)»); R-02.
"""

import re
import time
from datetime import UTC, date, datetime

import pytz
from freezegun import freeze_time

from odoo import Command, fields
from odoo.tests import HttpCase, tagged

from ..tools.server_language import customer_env, datetime_text, number_text
from .common import naive, set_create_date
from .telegram_common import TelegramChatsMixin, telegram_update
from .test_scheduled_actions_poison import PoisonCase

ADDON = "helpdesk_mgmt_support_contract"


@tagged("post_install", "-at_install")
class TestServerLanguage(PoisonCase):
    """A Russian company, both presets loaded; crons run bare."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("ru_RU")
        cls.env["ir.module.module"]._load_module_terms([ADDON], ["ru_RU"])
        cls.company.partner_id.lang = "ru_RU"
        cls.leader = cls.support_manager
        cls.team.user_id = cls.leader

    def note_items(self, message):
        return re.findall(r"<li>(.*?)</li>", message.body)

    def test_at_risk_activity_due_on_moscow_date(self):
        """MQ Appendix 1 (Premium «2 часа», 24x7), R-62: the at-risk to-do
        of a ticket opened at 23:00 Moscow (20:00 UTC on 1 June) is Russian,
        names the deadline in Moscow time (02.06.2026 01:00) and is due on
        2 June, Moscow's date, while UTC still reads 1 June."""
        contact = self.make_customer("mq_premium", name="Night LLC")
        with freeze_time("2026-06-01 20:00:00"):
            ticket = self.make_ticket(contact, user_id=self.support_user.id)
        timer = self.response_timer(ticket)
        self.assertEqual(timer.deadline, naive("2026-06-01 22:00:00"))
        self.assertEqual(timer.at_risk_date.date(), date(2026, 6, 1))
        self.run_cron("ir_cron_support_sla_timers", str(timer.at_risk_date))
        self.assertEqual(timer.state, "at_risk")
        activity = ticket.activity_ids.filtered(
            lambda a: a.user_id == self.support_user
        )
        self.assertEqual(len(activity), 1)
        self.assertEqual(
            activity.summary,
            "SLA под угрозой: ответить до 02.06.2026 01:00 (Europe/Moscow)",
        )
        self.assertEqual(activity.date_deadline, date(2026, 6, 2))

    def test_breach_note_and_escalation_in_russian(self):
        """R-62: the breach note and the team leader's escalation written by
        the scheduled action at 22:30 UTC (01:30 Moscow) are Russian; the
        escalation is due on Moscow's date."""
        contact = self.make_customer("mq_premium", name="Late LLC")
        with freeze_time("2026-06-01 20:00:00"):
            ticket = self.make_ticket(contact, user_id=self.support_user.id)
        self.run_cron("ir_cron_support_sla_timers", "2026-06-01 22:30:00")
        self.assertEqual(self.response_timer(ticket).state, "breached")
        note = self.messages(ticket, "SLA нарушен:")
        self.assertEqual(len(note), 1)
        self.assertIn("SLA нарушен: Реакция.", note.body)
        self.assertFalse(self.messages(ticket, "SLA breached"))
        escalation = ticket.activity_ids.filtered(lambda a: a.user_id == self.leader)
        self.assertEqual(
            escalation.summary, f"SLA нарушен по обращению {ticket.number}"
        )
        self.assertEqual(escalation.date_deadline, date(2026, 6, 2))

    def test_expiry_note_lists_only_what_changed(self):
        """R-12 (the contract's validity), R-20: a contract expired by the
        scheduled action re-applies the SLA of its open tickets; the note is
        Russian and lists only values that changed, never «X → X»."""
        contact = self.make_customer("mq_basic", name="Ending LLC")
        contract = self.env["helpdesk.support.contract"].search(
            [("partner_id", "=", contact.parent_id.id)]
        )
        contract.date_end = "2026-06-10"
        with freeze_time("2026-06-01 07:00:00"):
            ticket = self.make_ticket(contact)
        self.run_cron("ir_cron_expire_support_contracts", "2026-06-11 06:00:00")
        self.assertEqual(contract.state, "expired")
        note = self.messages(ticket, "SLA применён повторно")
        self.assertEqual(len(note), 1)
        self.assertIn(f"срок договора {contract.display_name} истёк", note.body)
        items = self.note_items(note)
        self.assertTrue(items)
        self.assertTrue(
            any(item.startswith("Договор поддержки:") for item in items), items
        )
        for item in items:
            old, _arrow, new = item.partition(": ")[2].partition(" → ")
            self.assertNotEqual(old, new, f"unchanged value listed: {item}")
        self.assertFalse(self.messages(ticket, "SLA re-applied"))

    def test_purge_note_in_russian(self):
        """DS 5.3, R-63: the trace of the purge of confidential data the
        scheduled action leaves is Russian."""
        contact = self.make_customer("ds_commercial", "licensee", name="Secret")
        with freeze_time("2026-06-01 08:00:00"):
            ticket = self.make_ticket(contact)
            ticket.support_credentials = "admin / s3cret"
        self.run_cron("ir_cron_support_purge_confidential", "2026-07-02 09:00")
        self.assertFalse(ticket.support_credentials)
        self.assertTrue(self.messages(ticket, "Конфиденциальные данные удалены"))

    def portal_contract(self, name, lang):
        contract = self.ending_contract(name, "kcp@end.test", lang=lang)
        with freeze_time("2026-03-01"):
            contract.action_activate()
        return contract

    def test_contract_end_warning_in_the_key_contacts_language(self):
        """MQ 1.5 «в течение десяти рабочих дней», R-34: the warning to the
        key contact is in its language with its date order — Russian
        (30.04.2026) for a Russian contact, English (04/30/2026) for an
        English one; the staff's note of the block is Russian."""
        russian = self.portal_contract("Конец", "ru_RU")
        english = self.portal_contract("The End", "en_US")
        self.run_cron("ir_cron_support_portal_access", "2026-05-04 09:00")
        ru_note = self.messages(russian, "30.04.2026")
        self.assertEqual(len(ru_note), 1)
        self.assertIn("Срок вашего договора поддержки истёк", ru_note.body)
        block = russian.portal_block_date
        self.assertIn(block.strftime("%d.%m.%Y"), ru_note.body)
        en_note = self.messages(english, "04/30/2026")
        self.assertEqual(len(en_note), 1)
        self.assertIn("Your support contract ended", en_note.body)
        user = self.env["res.users"].create(
            {
                "name": "Конец kcp user",
                "login": "end_kcp_ru",
                "partner_id": russian.key_contact_id.id,
                "groups_id": [Command.set([self.env.ref("base.group_portal").id])],
            }
        )
        self.run_cron("ir_cron_support_portal_access", str(block))
        self.assertFalse(user.active and user.has_group("base.group_portal"))
        self.assertTrue(self.messages(russian, "Доступ к порталу отключён"))

    def test_booking_charge_with_the_languages_decimal_comma(self):
        """MQ 2.4 «забронированные часы подлежат полной оплате», R-73: the
        month-end charge of 4.5 unused hours reads «4,5» and «12.2026» in
        Russian; the booking's name follows the reader's language."""
        with freeze_time("2026-11-10"):
            booking = self.Booking._support_book(self.certificate, "2026-12-01", 4.5)
        self.run_cron("ir_cron_support_booking_charge", "2027-01-01 06:00")
        self.assertEqual(booking.state, "settled")
        note = self.messages(self.certificate, "Списано неиспользованных")
        self.assertEqual(len(note), 1)
        self.assertIn("за 12.2026: 4,5", note.body)
        name_ru = booking.with_context(lang="ru_RU").name
        self.assertTrue(name_ru.endswith("12.2026: 4,5 ч"), name_ru)
        name_en = booking.with_context(lang="en_US").name
        self.assertTrue(name_en.endswith("12/2026: 4.5 h"), name_en)

    def test_estimate_in_the_key_contacts_language(self):
        """MQ 2.3 (the key contact accepts the estimate), R-70: the
        estimate's note and mail to a Russian key contact give 6,5 hours and
        the start date in Russian order, not «6.5» and «2026-12-14»."""
        self.kcp.lang = "ru_RU"
        ticket = self.make_order()
        estimate = self.send_estimate(ticket, hours=6.5, start="2026-12-14")
        note = self.messages(ticket, "Оценка отправлена")
        self.assertEqual(len(note), 1)
        self.assertIn("6,5 ч", note.body)
        self.assertIn("14.12.2026", note.body)
        mail = self.env["mail.mail"].search(
            [("body_html", "ilike", estimate.access_token)]
        )
        self.assertIn("14.12.2026", mail.body_html)
        self.assertIn("6,5", mail.body_html)
        self.assertNotIn("2026-12-14", mail.body_html)
        self.assertIn("6,5 ч", mail.subject)

    def test_production_calendar_in_russian(self):
        """R-01 (the production calendar of the Russian Federation): a
        Russian company's calendar is named «Производственный календарь РФ»
        and its days carry the Russian names of the ``holidays`` package,
        the moved days off in Russian date order."""
        company = self.env["res.company"].create({"name": "Календарная"})
        company.partner_id.lang = "ru_RU"
        calendar = self.env["resource.production.calendar"]._ensure_for_company(
            company, "RU", [2025]
        )
        self.assertEqual(
            calendar.with_context(lang="ru_RU").name, "Производственный календарь РФ"
        )
        self.assertEqual(
            calendar.with_context(lang="en_US").name, "RU production calendar"
        )
        days = {day.date: day for day in calendar.day_ids}
        self.assertEqual(days[date(2025, 1, 1)].name, "Новогодние каникулы")
        self.assertEqual(days[date(2025, 5, 2)].kind, "day_off")
        self.assertEqual(
            days[date(2025, 5, 2)].name, "Выходной (перенесено с 04.01.2025)"
        )
        self.assertEqual(days[date(2025, 11, 1)].kind, "short")
        self.assertEqual(
            days[date(2025, 11, 1)].name, "Сокращённый предпраздничный день"
        )

    def test_helpers_follow_the_customers_language(self):
        """R-02: a customer speaking English reads English numbers and US
        date order; a Russian one a comma and dd.mm.yyyy, in Moscow time."""
        english = self.env["res.partner"].create({"name": "En", "lang": "en_US"})
        russian = self.env["res.partner"].create({"name": "Ru", "lang": "ru_RU"})
        en = customer_env(self.env, english, self.company)
        ru = customer_env(self.env, russian, self.company)
        instant = naive("2026-06-01 22:30:00")
        self.assertEqual(number_text(en, 4.5), "4.5")
        self.assertEqual(number_text(ru, 4.5), "4,5")
        self.assertEqual(datetime_text(ru, instant), "02.06.2026 01:30")
        self.assertEqual(datetime_text(en, instant), "06/02/2026 01:30")

    def test_sla_report_figures_with_the_languages_comma(self):
        """R-29 (SLA compliance per customer and month): the customer's SLA
        report read in Russian gives its compliance as «0,0 %», not «0.0 %»;
        in English as before."""
        contact = self.make_customer("mq_premium", name="Report LLC")
        contract = self.env["helpdesk.support.contract"].search(
            [("partner_id", "=", contact.parent_id.id)]
        )
        with freeze_time("2026-06-01 07:00:00"):
            ticket = self.make_ticket(contact)
        set_create_date(ticket, "2026-06-01 07:00:00")
        self.run_cron("ir_cron_support_sla_timers", "2026-06-01 10:00:00")
        self.assertEqual(self.response_timer(ticket).state, "breached")
        wizard = self.env["helpdesk.support.sla.report.wizard"].create(
            {
                "contract_id": contract.id,
                "date_from": "2026-06-01",
                "date_to": "2026-06-30",
            }
        )
        Report = self.env["ir.actions.report"]
        name = "helpdesk_mgmt_support_contract.report_support_sla"
        html_ru = (
            Report.with_context(lang="ru_RU")
            ._render_qweb_html(name, wizard.ids)[0]
            .decode()
        )
        html_en = (
            Report.with_context(lang="en_US")
            ._render_qweb_html(name, wizard.ids)[0]
            .decode()
        )
        self.assertRegex(html_ru, r"0,0\s*%")
        self.assertNotRegex(html_ru, r"0\.0\s*%")
        self.assertRegex(html_en, r"0\.0\s*%")


@tagged("post_install", "-at_install")
class TestChatNoteInRussian(TelegramChatsMixin, HttpCase):
    """MQ 1.3: a chat message support registers as a ticket; the company
    speaks Russian."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_telegram(
            "Чат и Ко",
            "tg_support_ru",
            {
                "name": "Support bot RU",
                "token": "4343:TEST-TOKEN",
                "webhook_key": "support-hook-ru",
            },
            "Поддержка",
            secret="webhook-secret-ru-0123",
        )
        cls.env["res.lang"]._activate_lang("ru_RU")
        cls.company.partner_id.lang = "ru_RU"
        cls.premium = cls._customer(
            "Premium RU", "mq_premium", "olga_tg", fields.Date.today(), "@olga_tg"
        )

    def test_registered_note_gives_moscow_time_in_russian_order(self):
        """MQ 1.3 «Фиксация обращений, поступивших через Telegram-чаты»,
        R-54: the note of a ticket registered from a chat message is
        Russian and gives the message's time in Moscow time, dd.mm.yyyy
        order and zone named, not UTC ISO; the support user works in
        English."""
        self.post_update(self._update("Hello support"))
        chat = self.chat(-1002)
        self.authenticate("tg_support_ru", "tg_support_ru_pw1")
        self.call_kw(
            "discuss.channel",
            "write",
            [chat.ids, {"support_contract_id": self.premium.id}],
        )
        sent_at = int(time.time()) - 2 * 3600
        self.post_update(self._update("Экспорт отчёта падает", date=sent_at))
        message = self.chat_message(chat, "Экспорт отчёта падает")
        action = self.link_to_ticket(message, "bug", self.team)
        ticket = self.env["helpdesk.ticket"].browse(action["res_id"])
        moscow = datetime.fromtimestamp(sent_at, UTC).astimezone(
            pytz.timezone("Europe/Moscow")
        )
        shown = moscow.strftime("%d.%m.%Y %H:%M") + " (Europe/Moscow)"
        note = self.env["mail.message"].search(
            [
                ("model", "=", "helpdesk.ticket"),
                ("res_id", "=", ticket.id),
                ("body", "ilike", "Зарегистрировано из Telegram-чата"),
            ]
        )
        self.assertEqual(len(note), 1)
        self.assertIn(shown, note.body)

    def _update(self, text, date=None):
        return telegram_update(
            -1002,
            text,
            username="olga_tg",
            user_id=601,
            first_name="Olga",
            chat_title="Premium RU support",
            message_id=88,
            date=date or int(time.time()) - 3 * 3600,
            language_code="ru",
        )

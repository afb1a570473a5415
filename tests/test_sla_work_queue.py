# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import os
from datetime import datetime, timedelta
from itertools import product
from pathlib import Path
from unittest.mock import patch

from freezegun import freeze_time
from lxml import etree

from odoo import Command, fields
from odoo.tests import Form, tagged
from odoo.tests import common as odoo_tests_common
from odoo.tests.common import ChromeBrowser
from odoo.tools.safe_eval import safe_eval

from .common import SupportHttpCase, SupportTicketCase, naive, set_create_date
from .test_russian_screens import install_russian

ADDON = "helpdesk_mgmt_support_contract"
MY_QUEUE = f"{ADDON}.action_support_my_queue"


def moscow(text):
    """A Moscow wall-clock time (UTC+3, no summer time) as naive UTC."""
    return naive(text) - timedelta(hours=3)


def working_seconds(*spans):
    """Working time as a person counts it on a calendar: the sum of the
    (from, to) Moscow wall-clock spans that are working time."""
    return sum(
        (datetime.fromisoformat(end) - datetime.fromisoformat(begin)).total_seconds()
        for begin, end in spans
    )


@tagged("post_install", "-at_install")
class TestSlaWorkQueue(SupportTicketCase):
    """R-25, R-21, R-24: the SLA work queue shows each ticket's clock.

    MQ 1.2 «Основным показателем SLA является гарантированное время ответа»;
    DS 2.1 «Время реакции на обращения включает в себя только рабочее время»:
    the reaction time is counted in working hours of the support schedule.
    The queue shows the working time left on the ticket's current timer
    as a badge ("1 h 20 min", "overdue 2 h", "paused"), coloured by risk,
    with the deadline and the level's clause.

    Both presets loaded in one company (``SupportTicketCase``); the DS VIP
    licensee level gives 2 working hours on 10:00-18:00 Moscow working days
    of the Russian production calendar.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vip = cls.make_customer("ds_vip", "licensee")
        cls.reason = cls.env.ref(f"{ADDON}.waiting_reason_information")
        cls.env["res.lang"]._activate_lang("ru_RU")
        cls.env["ir.module.module"]._load_module_terms([ADDON], ["ru_RU"])

    def new_ticket(self, when, **vals):
        with freeze_time(when):
            return self.make_ticket(self.vip, **vals)

    def clock(self, ticket, when, lang="en_US"):
        """(badge, risk, due, hours left) of ``ticket`` read at ``when``."""
        with freeze_time(when):
            ticket = ticket.with_context(lang=lang)
            ticket.invalidate_recordset()
            return (
                ticket.support_sla_badge,
                ticket.support_sla_risk,
                ticket.support_sla_due,
                ticket.support_sla_remaining_hours,
            )

    def test_badge_per_timer_state_in_russian_and_english(self):
        """R-25, MQ 1.2 «Основным показателем SLA является гарантированное
        время ответа»: the badge says how much working time is left, turns
        at risk, then overdue, and says paused while the customer is waited
        for (R-22), in the user's language."""
        # Mon 1 Jun 2026, 10:00 Moscow: due at 12:00, at risk from 11:36 (80 %)
        ticket = self.new_ticket(moscow("2026-06-01 10:00:00"))
        due = moscow("2026-06-01 12:00:00")
        cases = [
            # (Moscow time, risk, English, Russian, hours left)
            ("2026-06-01 10:40:00", "running", "1 h 20 min", "1 ч 20 мин", 4 / 3),
            ("2026-06-01 11:40:00", "at_risk", "20 min", "20 мин", 1 / 3),
            ("2026-06-01 14:00:00", "breached", "overdue 2 h", "просрочено 2 ч", -2),
        ]
        for when, risk, english, russian, hours in cases:
            with self.subTest(when=when):
                badge, got_risk, got_due, left = self.clock(ticket, moscow(when))
                self.assertEqual((badge, got_risk, got_due), (english, risk, due))
                self.assertAlmostEqual(left, hours, places=4)
                badge = self.clock(ticket, moscow(when), "ru_RU")[0]
                self.assertEqual(badge, russian)
        # the clause of the level on hover: the level and its regulation
        clause = ticket.with_context(lang="en_US").support_sla_clause
        self.assertIn("Licensees: VIP support", clause)
        self.assertIn("Response", clause)
        self.assertIn("DS", clause)
        ru_clause = ticket.with_context(lang="ru_RU").support_sla_clause
        self.assertIn("Лицензиаты: VIP-поддержка", ru_clause)
        # waiting for the customer: the clock stops
        with freeze_time(moscow("2026-06-01 11:00:00")):
            ticket.support_waiting_reason_id = self.reason
        for lang, text in (("en_US", "paused"), ("ru_RU", "пауза")):
            badge, risk, got_due, _left = self.clock(
                ticket, moscow("2026-06-01 16:00:00"), lang
            )
            self.assertEqual((badge, risk, got_due), (text, "paused", False))
        # answered: nothing counts any more
        with freeze_time(moscow("2026-06-01 16:00:00")):
            ticket.support_waiting_reason_id = False
        self.staff_reply(ticket, moscow("2026-06-01 16:30:00"))
        badge, risk, got_due, _left = self.clock(ticket, moscow("2026-06-01 17:00"))
        self.assertEqual((badge, risk, got_due), (False, "none", False))

    def test_remaining_is_working_time_across_a_weekend_and_a_holiday(self):
        """R-24, DS 2.1 «Время реакции на обращения включает в себя только
        рабочее время», DS 3.5 «Максимальное время реакции на обращение – 2
        рабочих часа»: the time left skips the weekend, Russia Day (Fri 12 Jun 2026)
        and the shortened day before it (Thu 11 Jun ends at 17:00), as a
        person counts it on the calendar."""
        # Fri 5 Jun 17:00: 1 h on Friday, 1 h on Monday 8 Jun -> Mon 11:00
        ticket = self.new_ticket(moscow("2026-06-05 17:00:00"))
        due = moscow("2026-06-08 11:00:00")
        badge, risk, got_due, left = self.clock(ticket, moscow("2026-06-06 12:00"))
        self.assertEqual(got_due, due)
        expected = working_seconds(("2026-06-08 10:00", "2026-06-08 11:00"))
        self.assertAlmostEqual(left * 3600, expected)
        # at risk from Monday 10:36 (80 % of the two hours)
        self.assertEqual((badge, risk), ("1 h", "running"))
        # Friday 17:30: half an hour today, an hour on Monday
        badge, risk, _due, left = self.clock(ticket, moscow("2026-06-05 17:30"))
        expected = working_seconds(
            ("2026-06-05 17:30", "2026-06-05 18:00"),
            ("2026-06-08 10:00", "2026-06-08 11:00"),
        )
        self.assertAlmostEqual(left * 3600, expected)
        self.assertEqual(badge, "1 h 30 min")
        self.assertLess(expected, (due - moscow("2026-06-05 17:30")).total_seconds())

        # Thu 11 Jun 16:00 (a shortened day): 1 h on Thursday, then Russia
        # Day and the weekend, 1 h on Monday 15 Jun -> Mon 11:00
        ticket = self.new_ticket(moscow("2026-06-11 16:00:00"))
        due = moscow("2026-06-15 11:00:00")
        badge, risk, got_due, left = self.clock(ticket, moscow("2026-06-11 16:30"))
        self.assertEqual(got_due, due)
        expected = working_seconds(
            ("2026-06-11 16:30", "2026-06-11 17:00"),
            ("2026-06-15 10:00", "2026-06-15 11:00"),
        )
        self.assertAlmostEqual(left * 3600, expected)
        self.assertEqual((badge, risk), ("1 h 30 min", "running"))
        # overdue in working time: Mon 11:00 -> Tue 11:00 is 8 working hours
        badge, risk, _due, left = self.clock(ticket, moscow("2026-06-16 11:00"))
        expected = working_seconds(
            ("2026-06-15 11:00", "2026-06-15 18:00"),
            ("2026-06-16 10:00", "2026-06-16 11:00"),
        )
        self.assertAlmostEqual(-left * 3600, expected)
        self.assertEqual((badge, risk), ("overdue 8 h", "breached"))

    def test_remaining_follows_the_mq_schedule_of_the_tier(self):
        """R-02, R-21, MQ 1.2 «График 24x7 – круглосуточная поддержка, в том
        числе в праздничные и выходные дни» and «График 8x5 – с Пн по Пт, с
        9:00 до 18:00 по Московскому часовому поясу (GMT+3), в выходные и
        праздничные (согласно производственному календарю РФ) дни поддержка
        не оказывается»; MQ Appendix 1 «Гарантированное время ответа»
        (Premium «2 часа», Basic+ «4 часа»): on a holiday a Premium ticket's
        clock runs hour for hour, a Basic+ ticket's stands still until the
        next working day's 9:00."""
        premium = self.make_customer("mq_premium", name="MQ premium holiday")
        basic_plus = self.make_customer("mq_basic_plus", name="MQ basic+ holiday")
        # Russia Day, Fri 12 Jun 2026, 10:00 Moscow
        with freeze_time(moscow("2026-06-12 10:00:00")):
            round_clock = self.make_ticket(premium)
            office = self.make_ticket(basic_plus)
        badge, risk, due, left = self.clock(round_clock, moscow("2026-06-12 11:00"))
        self.assertEqual(due, moscow("2026-06-12 12:00:00"))
        self.assertAlmostEqual(left, 1.0, places=4)
        self.assertEqual((badge, risk), ("1 h", "running"))
        # 8x5: nothing counts on the holiday nor the weekend; Mon 15 Jun
        # from 9:00 the four hours -> 13:00, all of them still left
        badge, risk, due, left = self.clock(office, moscow("2026-06-13 11:00"))
        self.assertEqual(due, moscow("2026-06-15 13:00:00"))
        self.assertAlmostEqual(left, 4.0, places=4)
        self.assertEqual((badge, risk), ("4 h", "running"))

    def test_query_count_does_not_grow_with_the_tickets(self):
        """R-25, DS 2.1 (the queue of every engineer is read all day): the
        clock of 50 tickets costs the queries of 5 (one read of the timers,
        one working-time engine per schedule)."""
        mq = self.make_customer("mq_premium", name="MQ premium customer")
        with freeze_time(moscow("2026-06-01 10:00:00")):
            tickets = self.Ticket.create(
                [
                    {
                        "name": f"Queue {index}",
                        "description": "<p>x</p>",
                        "partner_id": (self.vip if index % 2 else mq).id,
                        "team_id": self.team.id,
                    }
                    for index in range(55)
                ]
            )
        with freeze_time(moscow("2026-06-01 10:30:00")):
            tickets[:10:3].support_waiting_reason_id = self.reason
        self.assertEqual(
            len(tickets.support_sla_timer_ids.resource_calendar_id), 2, "two schedules"
        )

        def queries(batch):
            self.env.invalidate_all()
            with freeze_time(moscow("2026-06-01 14:00:00")):
                before = self.env.cr.sql_log_count
                batch.mapped("support_sla_badge")
                return self.env.cr.sql_log_count - before

        queries(tickets[50:])  # warm the caches that do not depend on tickets
        few, many = queries(tickets[:5]), queries(tickets[:50])
        self.assertEqual(
            set(tickets[:50].mapped("support_sla_risk")), {"breached", "paused"}
        )
        self.assertEqual(many, few, f"{few} queries for 5 tickets, {many} for 50")

    def support_views(self, action=None):
        """The ticket views as the support user's web client loads them
        (``get_views``): those of ``action``, or the default ones."""
        Ticket = self.env["helpdesk.ticket"].with_user(self.support_user)
        views = [[False, "list"], [False, "kanban"], [False, "form"]]
        if action:
            record = self.env.ref(action)
            views = [
                [view_id, kind] for view_id, kind in record.views if kind != "form"
            ] + [[False, "form"]]
        found = Ticket.get_views(views)
        return {
            kind: etree.fromstring(found["views"][kind]["arch"])
            for kind in ("list", "kanban", "form")
        }

    def test_views_show_the_clock(self):
        """R-25, MQ 1.2 «Основным показателем SLA является гарантированное
        время ответа»: the list, *My queue*, the kanban card and the form
        show the clock as a badge coloured by risk with the level's clause
        on hover, and the deadline with its time; the list keeps at most
        nine columns so that the subject stays readable."""
        for action in (None, MY_QUEUE):
            archs = self.support_views(action)
            for kind, arch in archs.items():
                with self.subTest(action=action, view=kind):
                    badge = arch.xpath("//field[@name='support_sla_badge']")
                    self.assertEqual(len(badge), 1)
                    badge = badge[0]
                    self.assertEqual(badge.get("widget"), "support_sla_badge")
                    self.assertIn("support_sla_clause", badge.get("options"))
                    for decoration, risk in (
                        ("danger", "breached"),
                        ("warning", "at_risk"),
                        ("info", "paused"),
                        ("success", "running"),
                    ):
                        self.assertEqual(
                            badge.get(f"decoration-{decoration}"),
                            f"support_sla_risk == '{risk}'",
                        )
                    due = arch.xpath("//field[@name='support_sla_due']")[0]
                    self.assertEqual(due.get("widget"), "datetime")
            columns = [
                field.get("name")
                for field in archs["list"].xpath("/list/field")
                if field.get("column_invisible") not in ("1", "True")
                and field.get("optional") != "hide"
                and field.get("widget") != "handle"
            ]
            with self.subTest(action=action, columns=columns):
                self.assertLessEqual(len(columns), 9)
                for name in ("number", "name", "support_sla_badge", "stage_id"):
                    self.assertIn(name, columns)
        # the form as the web client opens it, for the support user
        ticket = self.new_ticket(moscow("2026-06-01 10:00:00"))
        with freeze_time(moscow("2026-06-01 10:40:00")):
            form = Form(ticket.with_user(self.support_user))
            self.assertEqual(form.support_sla_badge, "1 h 20 min")
            self.assertEqual(form.support_sla_risk, "running")
            self.assertEqual(
                form.support_sla_due,
                fields.Datetime.to_string(moscow("2026-06-01 12:00:00")),
            )
            self.assertIn("Licensees: VIP support", form.support_sla_clause)

    def test_confirm_and_revoke_criticality_never_both_visible(self):
        """R-38, MQ 1.4: staff confirm a declared criticality or revoke it;
        the ticket's header offers the one that applies to its state, never
        both, nor both defect confirmations, and stays one short row."""
        header = self.support_views()["form"].xpath("//header/button")
        buttons = {button.get("name"): button.get("invisible") for button in header}
        pairs = [
            ("action_support_confirm_criticality", "action_support_revoke_criticality"),
            ("action_support_confirm_defect", "action_support_confirm_critical_defect"),
        ]
        for pair in pairs:
            self.assertLessEqual(set(pair), set(buttons))
        self.assertNotIn("action_support_export", buttons, "in the Action menu")
        states = product(
            (False, True),  # closed
            ("0", "1", "2", "3"),  # priority
            (False, "2026-06-01 07:00:00"),  # defect confirmed
            (False, "2026-06-01 07:00:00"),  # critical defect confirmed
            (False, True),  # professional service
            (False, "draft", "sent"),  # estimate
            (False, 2),  # assignee
            (False, 7),  # Telegram chat
        )
        for closed, priority, defect, critical, ps, estimate, user, chat in states:
            values = {
                "closed": closed,
                "priority": priority,
                "support_defect_confirmed_date": defect,
                "support_critical_defect_date": critical,
                "support_is_professional_service": ps,
                "support_estimate_state": estimate,
                "user_id": user,
                "support_chat_id": chat,
                "duplicate_id": False,
                "duplicate_ids": [],
                "duplicate_tracking_enabled": False,
            }
            shown = {
                name
                for name, invisible in buttons.items()
                if not invisible or not safe_eval(invisible, dict(values))
            }
            with self.subTest(**values):
                for pair in pairs:
                    self.assertLess(len(shown & set(pair)), 2, shown)
                # the everyday ticket (assigned, no estimate, no chat): five
                # actions; each state-bound one adds at most one
                everyday = user and not ps and not chat
                self.assertLessEqual(len(shown), 5 if everyday else 8, shown)
        # the Action menu's export works for the support user
        ticket = self.new_ticket(moscow("2026-06-01 10:00:00"))
        export = self.env.ref(f"{ADDON}.helpdesk_ticket_action_support_export")
        result = (
            export.with_user(self.support_user)
            .with_context(active_model="helpdesk.ticket", active_id=ticket.id)
            .run()
        )
        self.assertEqual(result["url"], f"/helpdesk_support/ticket/{ticket.id}/export")

    def test_my_queue_keeps_first_come_first_served(self):
        """R-25, DS 2.1 «Обращения в службу технической поддержки
        обрабатываются в порядке их поступления»: the clock does not reorder
        *My queue*: critical first, then as the tickets arrived."""
        archs = self.support_views(MY_QUEUE)
        for kind in ("list", "kanban"):
            self.assertEqual(
                archs[kind].get("default_order"),
                "support_jumps_queue desc, create_date asc, id asc",
            )


class _CapturingBrowser(ChromeBrowser):
    """Odoo's headless Chromium, which saves the page as PNG once the test
    code succeeded (``SUPPORT_SCREENSHOT``, `make screenshot`)."""

    target = None

    def _wait_code_ok(self, code, timeout, error_checker=None):
        # Odoo's method returns nothing: it raises on failure
        # pylint: disable=missing-return
        super()._wait_code_ok(code, timeout, error_checker=error_checker)
        if self.target:
            shot = self._websocket_request(
                "Page.captureScreenshot", params={"format": "png"}, timeout=30
            )
            path = Path(self.target)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(base64.b64decode(shot["data"]))


@tagged("post_install", "-at_install")
class TestSlaWorkQueueBrowser(SupportHttpCase):
    """R-25, MQ 1.2 «Основным показателем SLA является гарантированное время
    ответа»; DS 2.1 «Обращения в службу технической поддержки обрабатываются
    в порядке их поступления»: a Russian support engineer opens *My queue*
    in the browser at 1280 px and sees each ticket's SLA clock as a
    coloured badge with the level's clause on hover, critical tickets
    first. With ``SUPPORT_SCREENSHOT=path`` the page is saved there
    (`make screenshot` writes readme/images/work_queue.png).

    The tickets are counted on MQ Premium, round the clock (MQ Appendix 1),
    so the badges read the same on any day of the week.
    """

    browser_size = "1280x800"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        install_russian(cls.env)
        cls.engineer = cls.make_user(
            "queue_engineer",
            f"{ADDON}.group_support_user",
            name="Инженер поддержки",
            lang="ru_RU",
            tz="Europe/Moscow",
        )
        team = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "Поддержка MQ",
                "company_id": cls.company.id,
                "user_ids": [Command.set(cls.engineer.ids)],
            }
        )
        contact = cls.make_portal_customer("Ромашка", "queue", "mq_premium")
        contact.parent_id.name = "ООО «Ромашка»"
        reason = cls.env.ref(f"{ADDON}.waiting_reason_information")
        now = fields.Datetime.now()
        mq = cls.by_code("helpdesk.support.regulation", "mq")
        categories = cls.env["helpdesk.ticket.category"].search(
            [("support_regulation_ids", "in", mq.ids)]
        )
        bug, consultation = (
            categories.filtered(lambda c, code=code: c.code == code)[:1]
            for code in ("bug", "consultation")
        )
        # (subject, minutes since arrival, priority, category): 2 hours to
        # respond
        rows = [
            ("Сбой синхронизации с учётной системой", 240, "1", bug),
            ("Не открывается карточка клиента", 105, "2", bug),
            ("Вопрос по обновлению до новой версии", 90, "1", consultation),
            ("Падает экспорт отчёта после обновления", 30, "3", bug),
            ("Как настроить права доступа", 10, "0", consultation),
        ]
        Ticket = cls.env["helpdesk.ticket"].with_context(tracking_disable=True)
        for name, minutes, priority, category in rows:
            arrival = now - timedelta(minutes=minutes)
            with freeze_time(arrival):
                ticket = Ticket.create(
                    {
                        "name": name,
                        "description": "<p>Подробности в письме</p>",
                        "partner_id": contact.id,
                        "team_id": team.id,
                        "user_id": cls.engineer.id,
                        "priority": priority,
                        "category_id": category.id,
                    }
                )
            set_create_date(ticket, arrival)
            if minutes == 90:
                with freeze_time(arrival + timedelta(minutes=20)):
                    ticket.support_waiting_reason_id = reason

    def test_my_queue_in_russian_shows_the_clock(self):
        """R-25, R-21 (DS 2.1, MQ 1.2): *My queue* in Russian shows each ticket's SLA
        clock as a badge naming the level's clause."""
        # every badge carries the level's clause; the clock's column is
        # Russian, and so are the badges
        code = """
            const started = Date.now();
            (function check() {
                const badges = [...document.querySelectorAll(
                    ".o_list_view .o_data_row .o_support_sla_badge[title]")];
                const header = [...document.querySelectorAll(".o_list_view th")]
                    .some((th) => th.textContent.includes("Отсчёт SLA"));
                const russian = badges.filter((badge) =>
                    /(ч|мин|просрочено|пауза)/.test(badge.textContent));
                if (badges.length === 5 && russian.length === 5 && header) {
                    console.log("test successful");
                } else if (Date.now() - started > 30000) {
                    console.error(`My queue: ${badges.length} badges,
                        ${russian.length} in Russian, header ${header}`);
                } else {
                    setTimeout(check, 200);
                }
            })();
        """
        browser = type(
            "CapturingBrowser",
            (_CapturingBrowser,),
            {"target": os.environ.get("SUPPORT_SCREENSHOT")},
        )
        with patch.object(odoo_tests_common, "ChromeBrowser", browser):
            self.browser_js(
                "/odoo/my-support-queue", code, login="queue_engineer", timeout=90
            )

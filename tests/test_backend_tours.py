# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A support engineer's day in the back office, in headless Chromium, in
Russian, on a desktop (1280x800) and on a phone (390x844, touch): the tours
are defined in static/tests/tours/support_backend_tours.js; each test checks
on the server what the clicks did."""

from datetime import timedelta

from odoo import Command, fields
from odoo.tests import new_test_user, tagged

from .common import SupportHttpCase, old_tickets, set_create_date
from .test_russian_screens import install_russian

ADDON = "helpdesk_mgmt_support_contract"
TICKETS = "/odoo/action-helpdesk_mgmt.helpdesk_ticket_action"


class BackendTours:
    """The staff's main paths, as tours: taking a ticket from *My queue*,
    the answer on the substance, waiting for the customer, reclassifying,
    criticality, a contract applied to open tickets from the list, a close
    as third party and an estimate. Run at both sizes by the subclasses.

    The tickets are counted on MQ Premium, round the clock (MQ Appendix 1),
    so the clock reads the same on any day and hour of the run.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        install_russian(cls.env)
        groups = f"{ADDON}.group_support_user"
        common = {
            "lang": "ru_RU",
            "tz": "Europe/Moscow",
            "company_id": cls.company.id,
            "company_ids": [Command.set(cls.company.ids)],
        }
        cls.engineer = new_test_user(
            cls.env,
            login="tour_engineer",
            name="Инженер поддержки",
            groups=groups,
            **common,
        )
        cls.manager = new_test_user(
            cls.env,
            login="tour_manager",
            name="Руководитель поддержки",
            groups=f"{ADDON}.group_support_manager",
            **common,
        )
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "Поддержка MQ",
                "company_id": cls.company.id,
                "user_ids": [Command.set((cls.engineer | cls.manager).ids)],
            }
        )
        cls.contact = cls.make_portal_customer("Ромашка", "tour", "mq_premium")
        cls.contact.parent_id.name = "ООО «Ромашка»"
        # a Russian customer: what staff send is written in Russian
        cls.contact.lang = "ru_RU"
        mq = cls.by_code("helpdesk.support.regulation", "mq")
        categories = cls.env["helpdesk.ticket.category"].search(
            [("support_regulation_ids", "in", mq.ids)]
        )
        cls.mq_category = {category.code: category for category in categories}
        now = fields.Datetime.now()
        Ticket = cls.env["helpdesk.ticket"].with_context(tracking_disable=True)

        def ticket(name, minutes, user=None, category="bug"):
            record = Ticket.create(
                {
                    "name": name,
                    "description": "<p>Подробности в письме</p>",
                    "partner_id": cls.contact.id,
                    "team_id": cls.team.id,
                    "user_id": user and user.id,
                    "priority": "1",
                    "category_id": cls.mq_category[category].id,
                }
            )
            return set_create_date(record, now - timedelta(minutes=minutes))

        # in the order of arrival: My queue lists them so
        cls.to_take = ticket("Сбой синхронизации с учётной системой", 50)
        cls.to_wait = ticket("Не приходят уведомления о сбоях", 40, cls.engineer)
        cls.to_classify = ticket(
            "Падает экспорт отчёта после обновления", 30, cls.engineer
        )
        cls.third_party = ticket(
            "Ошибка драйвера PostgreSQL при резервном копировании", 20, cls.engineer
        )
        cls.order = ticket(
            "Настроить резервное копирование",
            10,
            cls.engineer,
            category="professional_service",
        )
        # a customer whose tickets were opened before its contract was
        # signed: the manager brings them under it from the ticket list
        cls.late = cls.make_portal_customer("Северный", "late", "mq_basic")
        cls.late.parent_id.name = "ООО «Северный ветер»"
        cls.late_contract = cls.late.parent_id.support_contract_ids
        cls.unapplied = old_tickets(
            cls.env["helpdesk.ticket"],
            cls.late,
            cls.team,
            count=2,
            when=now - timedelta(hours=3),
            name="Вопрос до договора {index}",
            category_id=cls.mq_category["bug"].id,
        )

    def test_take_answer_and_wait(self):
        """MQ 1.2 «Основным показателем SLA является гарантированное время
        ответа»; MQ glossary «Гарантированное время ответа — это срок, в
        который будет предоставлен исчерпывающий ответ от технической
        поддержки по существу задаваемого вопроса»; DS 5.10 «Решение
        вопросов обращения может быть отложено ... Отправитель не может
        предоставить достаточно информации»; DS 2.3 «своевременность ответа
        Пользователя».

        R-25, R-37, R-21, R-22: the engineer takes a ticket of the team
        (*Assign to me*), finds it in *My queue*, posts the answer on the
        substance and sees the response met; then waits for the customer on
        another ticket and sees its clock paused."""
        self.assertFalse(self.to_take.user_id)
        self.start_tour(
            TICKETS, "support_backend_take_answer_wait", login="tour_engineer"
        )
        taken = self.to_take
        self.assertEqual(taken.user_id, self.engineer)
        response = taken.support_sla_timer_ids.filtered(lambda t: t.kind == "response")
        self.assertEqual(response.state, "met")
        self.assertTrue(response.met_message_id)
        self.assertIn("Проверьте настройки", response.met_message_id.body)
        self.assertEqual(response.met_message_id.author_id, self.engineer.partner_id)
        self.assertEqual(taken.support_sla_state, "met")

        waiting = self.to_wait
        self.assertEqual(
            waiting.support_waiting_reason_id,
            self.env.ref(f"{ADDON}.waiting_reason_information"),
        )
        self.assertEqual(waiting.support_sla_state, "paused")
        self.assertEqual(waiting.support_sla_risk, "paused")
        self.assertEqual(
            waiting.support_sla_timer_ids.filtered(
                lambda t: t.kind == "response"
            ).state,
            "paused",
        )

    def test_reclassify_criticality_third_party_estimate(self):
        """MQ 1.2 «СТП вправе переклассифицировать обращение после
        проверки»; MQ 1.4 «Сотрудник поддержки вправе отменить установленную
        клиентом критичность»; MQ 1.2 «Пользователю может быть рекомендовано
        обратиться в службу технической поддержки соответствующего
        производителя, а соответствующий запрос в СТП может быть закрыт»;
        MQ 2.3 «специалист поддержки информирует клиента … требуемом
        количестве рабочего времени для его выполнения и дате начала
        работы».

        R-23, R-38, R-24, R-27, R-70: from *My queue* the engineer confirms then
        revokes the criticality and reclassifies a bug as a consultation with
        a reason; closes a ticket as a third-party product problem; sends the
        estimate of a professional service to the key contact person."""
        self.start_tour(
            "/odoo/my-support-queue",
            "support_backend_classify_close_estimate",
            login="tour_engineer",
        )
        classified = self.to_classify
        self.assertEqual(classified.priority, "1", "confirmed, then revoked")
        # MQ's consultation (the category DS's preset shares)
        self.assertEqual(classified.category_id, self.mq_category["consultation"])
        # each decision is noted in the engineer's language, with its reason
        notes = "\n".join(classified.message_ids.mapped("body"))
        for text in (
            "Критичность подтверждена поддержкой",
            "Критичность отменена поддержкой",
            "Причина: Клиент подтвердил: вопрос по настройке, не ошибка",
        ):
            self.assertIn(text, notes)
        # the response clock still runs, under the consultation's target
        self.assertEqual(classified.support_sla_state, "running")

        closed = self.third_party
        self.assertTrue(closed.closed)
        self.assertEqual(closed.support_close_reason, "third_party")
        self.assertEqual(
            closed.support_third_party_vendor, "PostgreSQL Global Development Group"
        )
        # the recommendation, in the customer's language, names the vendor
        recommendation = closed.message_ids.filtered(
            lambda m: m.message_type == "comment"
            and "PostgreSQL Global Development Group" in m.body
        )
        self.assertEqual(len(recommendation), 1)

        order = self.order
        self.assertEqual(order.support_estimate_state, "sent")
        estimate = order.support_estimate_ids
        self.assertEqual(len(estimate), 1)
        self.assertEqual(estimate.hours, 6.0)
        self.assertEqual(estimate.conditions, "Нужен доступ к серверу")
        self.assertEqual(estimate.user_id, self.engineer)
        # typed as a Russian user types a date (dd.mm.yyyy), two weeks ahead
        ahead = (estimate.date_start - fields.Date.today()).days
        self.assertIn(ahead, (13, 14, 15))

    def test_apply_contract_from_the_ticket_list(self):
        """MQ 1.2 «Работа с обращениями осуществляется согласно указанному в
        сервисном договоре уровню технической поддержки».

        R-31, R-21, R-30: the manager selects in the ticket list the open tickets a
        customer sent before its contract and applies the contract to them
        (Action menu), counting the SLA from each ticket's creation; the
        wizard is edited on a new record, as the web client opens it. The
        tickets were in work already: none waits for a slot of the limit."""
        self.assertFalse(self.unapplied.support_contract_id)
        self.start_tour(
            f"{TICKETS}?view_type=list",
            "support_backend_apply_contract",
            login="tour_manager",
        )
        for ticket in self.unapplied:
            with self.subTest(ticket=ticket.name):
                self.assertEqual(ticket.support_contract_id, self.late_contract)
                response = ticket.support_sla_timer_ids.filtered(
                    lambda t: t.kind == "response"
                )
                self.assertEqual(len(response), 1)
                # from each ticket's creation, not from now
                self.assertEqual(response.start_date, ticket.create_date)
                self.assertFalse(ticket.support_queued)


@tagged("post_install", "-at_install")
class TestBackendToursDesktop(BackendTours, SupportHttpCase):
    __doc__ = BackendTours.__doc__ + "\n    At 1280x800, a desktop.\n"

    browser_size = "1280x800"


@tagged("post_install", "-at_install")
class TestBackendToursPhone(BackendTours, SupportHttpCase):
    __doc__ = BackendTours.__doc__ + "\n    At 390x844 with touch, a phone.\n"

    browser_size = "390x844"
    touch_enabled = True

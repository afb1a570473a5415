# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""R-20, R-39: each regulation's levels, categories and targets stay with
its own customers, checked against the regulations' text, with
both presets (DS and MQ) loaded in one company, as the demo ships.

Expected figures are written from the clauses quoted in each docstring, not
read back from the preset data.
"""

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from .common import (
    DS_CATEGORY_CODES,
    MQ_CATEGORY_CODES,
    SupportHttpCase,
    SupportTicketCase,
    naive,
)

# Fri 12 June 2026, 10:00 Moscow: Russia Day, a public holiday (production
# calendar of the Russian Federation); Sat 13 and Sun 14 are days off too.
HOLIDAY = "2026-06-12 07:00:00"


@tagged("post_install", "-at_install")
class TestRegulationSchedules(SupportTicketCase):
    """Which working time each target is counted in (DS 2.1, MQ 1.2 and
    Appendix 1), on a public holiday."""

    def registered(self, tier_code, sender_code=None):
        contact = self.make_customer(tier_code, sender_code)
        contact.commercial_partner_id.support_contract_ids.key_contact_id = contact
        return contact

    def deadline(self, contact, category_code):
        with freeze_time(HOLIDAY):
            ticket = self.make_ticket(
                contact,
                self.support_user,
                name="On a holiday",
                description="<p>Steps</p>",
                category_id=self.category(category_code).id,
            )
        timer = self.response_timer(ticket)
        self.assertEqual(len(timer), 1)
        return timer.deadline

    def test_mq_24x7_counts_holidays_8x5_does_not(self):
        """MQ 1.2 «График 8x5 – с Пн по Пт, с 9:00 до 18:00 по Московскому
        часовому поясу (GMT+3), в выходные и праздничные (согласно
        производственному календарю РФ) дни поддержка не оказывается;
        График 24x7 – круглосуточная поддержка, в том числе в праздничные и
        выходные дни»; Appendix 1 «Гарантированное время ответа: 1 рабочий
        день | 4 часа | 2 часа | 1 час» on «8x5 | 8x5 | 24x7 | 24x7».
        A ticket on Russia Day (Fri 12 June 2026, 10:00 Moscow)."""
        expected = {
            # 24x7: the holiday counts, 10:00 + 1 h / 2 h the same day
            "mq_premium_plus": "2026-06-12 08:00:00",
            "mq_premium": "2026-06-12 09:00:00",
            # 8x5: Mon 15 June 09:00 + 4 h = 13:00 Moscow
            "mq_basic_plus": "2026-06-15 10:00:00",
            # 8x5: one whole working day, Mon 15 June until 18:00 Moscow
            "mq_basic": "2026-06-15 15:00:00",
        }
        for tier_code, deadline in expected.items():
            with self.subTest(tier=tier_code):
                contact = self.registered(tier_code)
                self.assertEqual(self.deadline(contact, "bug"), naive(deadline))

    def test_ds_counts_working_hours_10_18(self):
        """DS 2.1 «по рабочим дням с 10 до 18 часов московского времени, кроме
        выходных и праздничных дней (по календарю праздничных дней России).
        Время реакции на обращения включает в себя только рабочее время»;
        DS 3.4 «Лицензиаты ...: Стандартная поддержка ... 6 рабочих часов»;
        DS 3.8 «Консультирование по общим вопросам ... 40 рабочих часов (до
        пяти календарных дней, не считая выходные)». A ticket on Russia Day."""
        contact = self.registered("ds_commercial", "licensee")
        # Mon 15 June 10:00 + 6 h = 16:00 Moscow
        self.assertEqual(self.deadline(contact, "errors"), naive("2026-06-15 13:00:00"))
        # five whole working days: Fri 19 June 18:00 Moscow
        self.assertEqual(
            self.deadline(contact, "consultation"), naive("2026-06-19 15:00:00")
        )


@tagged("post_install", "-at_install")
class TestDsVipIsForLicensees(SupportTicketCase):
    """DS 3.5 «Лицензиаты – Организаторы Систем ЭДО: VIP – поддержка ...
    Указанный уровень поддержки предоставляется Лицензиатам ... Максимальное
    время реакции на обращение – 2 рабочих часа»: VIP is the licensees'
    level. A partner's contract on the VIP tier keeps the partners' levels,
    DS 3.1 «Партнеры: Оперативная поддержка ... 3 рабочих часа» and DS 3.2
    «Партнеры: Стандартная поддержка ... 5 рабочих часов»; a user's, DS 3.7
    «Некоммерческая поддержка ... 24 рабочих часа»."""

    def test_vip_tier_gives_2_hours_to_licensees_only(self):
        """R-11 (DS 3.5): the VIP tier gives 2 working hours to licensees only."""
        # Mon 1 June 2026 10:00 Moscow + N working hours (DS 2.1, 10-18)
        cases = [
            ("licensee", "1", "ds_licensee_vip", 2, "2026-06-01 09:00:00"),
            ("partner", "1", "ds_partner_standard", 5, "2026-06-01 12:00:00"),
            ("partner", "3", "ds_partner_operational", 3, "2026-06-01 10:00:00"),
            ("user", "1", "ds_non_commercial", 24, "2026-06-03 15:00:00"),
        ]
        for sender_code, priority, level_code, hours, deadline in cases:
            with self.subTest(sender=sender_code, priority=priority):
                contact = self.make_customer(
                    "ds_vip", sender_code, name=f"VIP {sender_code} {priority}"
                )
                with freeze_time("2026-06-01 07:00:00"):
                    ticket = self.make_ticket(
                        contact,
                        category_id=self.category("errors").id,
                        priority=priority,
                    )
                self.assertEqual(ticket.support_sla_level_id.code, level_code)
                timer = self.response_timer(ticket)
                self.assertEqual(
                    (timer.target_value, timer.target_unit), (hours, "hours")
                )
                self.assertEqual(timer.deadline, naive(deadline))

    def test_older_database_gets_the_partner_levels_on_vip(self):
        """A database loaded with the earlier DS preset (partner levels on
        the commercial tier only): the 18.0.2.1.0 migration links them."""
        vip = self.tier("ds_vip")
        levels = self.level("ds_partner_operational") | self.level(
            "ds_partner_standard"
        )
        for level in levels:
            level.tier_ids = [Command.unlink(vip.id)]
        self.wizard._attach_regulation("ds", self.company)
        for level in levels:
            self.assertEqual(
                set(level.tier_ids.mapped("code")), {"ds_commercial", "ds_vip"}
            )
        # a level for any tier stays so
        self.assertFalse(self.level("ds_consultation").tier_ids)


@tagged("post_install", "-at_install")
class TestCategoryRulesStayInTheirRegulation(SupportTicketCase):
    """Both presets share one set of ticket categories in a company; a
    category's MQ rules (No SLA, key contact person only) must not reach DS
    tickets (R-20: a level of one regulation never matches another regulation's
    tickets, by construction)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.licensee = cls.make_customer("ds_commercial", "licensee", "DS Lic")
        cls.mq_contact = cls.make_customer("mq_premium_plus", None, "MQ Plus")
        for contact in cls.licensee | cls.mq_contact:
            contract = contact.commercial_partner_id.support_contract_ids
            contract.key_contact_id = contact

    def create_ticket(self, contact, category_code):
        return self.Ticket.with_user(self.support_user).create(
            {
                "name": "Licence question",
                "partner_id": contact.id,
                "description": "<p>Which licence do I need?</p>",
                "team_id": self.team.id,
                "category_id": self.category(category_code).id,
            }
        )

    def test_licensing_question_of_a_ds_licensee_keeps_its_sla(self):
        """DS 4.6 «В рамках технической поддержки решаются вопросы: ...
        разъясняются вопросы лицензирования Программы и/или Онлайн-сервиса»
        and DS 3.4 «Лицензиаты ...: Стандартная поддержка ... Максимальное
        время реакции на обращение – 6 рабочих часов»: a DS licensee's
        licensing question has its reaction time. MQ 1.4 «Лицензирование и
        выставление счетов ... На обращения данной категории не
        распространяется установленный пакетом поддержки SLA» is MQ's rule and
        stays with MQ's tickets."""
        with freeze_time("2026-06-01 07:00:00"):
            ds_ticket = self.create_ticket(self.licensee, "licensing_billing")
            mq_ticket = self.create_ticket(self.mq_contact, "licensing_billing")
        timer = self.response_timer(ds_ticket)
        self.assertEqual(len(timer), 1)
        self.assertEqual((timer.target_value, timer.target_unit), (6, "hours"))
        # Mon 1 June 10:00 Moscow + 6 working hours = 16:00 Moscow
        self.assertEqual(timer.deadline, naive("2026-06-01 13:00:00"))
        self.assertEqual(ds_ticket.support_sla_level_id.code, "ds_licensee_standard")
        self.assertNotEqual(ds_ticket.support_sla_target_display, "No SLA")
        self.assertFalse(ds_ticket._support_no_sla())
        # MQ 1.4 on the MQ customer's ticket: no timer, "No SLA"
        self.assertFalse(mq_ticket.support_sla_timer_ids)
        self.assertEqual(mq_ticket.support_sla_target_display, "No SLA")
        self.assertTrue(mq_ticket._support_no_sla())

    def test_account_request_of_a_ds_contact_is_not_rejected(self):
        """DS 5.1 «Основанием для выполнения работ является обращение
        Отправителя (контактное лицо со стороны Партнера, Лицензиата или
        Пользователя ...)»: any registered contact of a DS customer may ask.
        MQ 1.4 «Запросы принимаются только от пользователя, отмеченного при
        регистрации, как ККЛ ... задача закрывается без выполнения каких-либо
        действий» applies to MQ customers only."""
        ds_other = self.env["res.partner"].create(
            {
                "name": "DS colleague",
                "parent_id": self.licensee.commercial_partner_id.id,
                "email": "colleague@ds-lic.test",
            }
        )
        mq_other = self.env["res.partner"].create(
            {
                "name": "MQ colleague",
                "parent_id": self.mq_contact.commercial_partner_id.id,
                "email": "colleague@mq-plus.test",
            }
        )
        for contact in ds_other | mq_other:
            contact.commercial_partner_id.support_contract_ids.contact_ids = [
                Command.link(contact.id)
            ]
        ds_ticket = self.create_ticket(ds_other, "account_management")
        mq_ticket = self.create_ticket(mq_other, "account_management")
        self.assertFalse(ds_ticket.stage_id.closed)
        self.assertTrue(self.response_timer(ds_ticket))
        self.assertTrue(mq_ticket.stage_id.closed)


@tagged("post_install", "-at_install")
class TestRoundTheClockTargetsShown(SupportTicketCase):
    """R-20, MQ Appendix 1: the target shown to the customer is the one the
    regulation words."""

    def test_24x7_targets_are_not_called_working_hours(self):
        """MQ Appendix 1 «Гарантированное время ответа ... 2 часа | 1 час» on
        MQ 1.2 «График 24x7 – круглосуточная поддержка, в том числе в праздничные и
        выходные дни»; DS 3.6 «время реакции на обращение не превышает 1 час»,
        DS 2.1 «Время реакции на обращения включает в себя только рабочее
        время (за исключением работы ... по «спецобращениям» ...)»: these are
        hours round the clock, not working hours; 8x5 and DS targets stay in
        working time (MQ «1 рабочий день», DS 3.4 «6 рабочих часов»)."""
        expected_en = {
            self.tier("mq_premium_plus"): "1 hour (24/7)",
            self.tier("mq_premium"): "2 hours (24/7)",
            self.tier("mq_basic_plus"): "4 working hours",
            self.tier("mq_basic"): "1 working day",
            self.level("ds_special_request"): "1 hour (24/7)",
            self.level("ds_licensee_standard"): "6 working hours",
            self.level("ds_development"): "24 working days",
        }
        for record, text in expected_en.items():
            with self.subTest(record=record.code):
                self.assertEqual(record.response_target_display, text)
        contact = self.make_customer("mq_premium_plus")
        with freeze_time("2026-06-01 07:00:00"):
            ticket = self.make_ticket(contact, category_id=self.category("bug").id)
        self.assertEqual(ticket.support_sla_target_display, "1 hour (24/7)")
        self.assertEqual(self.response_timer(ticket).target_display, "1 hour (24/7)")


@tagged("post_install", "-at_install")
class TestPortalOffersTheRegulationsCategories(SupportHttpCase):
    """MQ 1.2 «Все обращения первоначально категорируются пользователем
    согласно доступным им категориям обращений» (MQ 1.4: consultations,
    bugs, improvements, account management, licensing and billing); DS 4
    «Круг решаемых задач» (4.1 installation … 4.6): with both presets in one
    company, a registered contact is offered its own regulation's categories
    on the portal form, and a category of the other regulation is refused."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.helpdesk_mgmt_portal_select_category = True
        cls.make_portal_customer("Offer", "ds", "ds_commercial", "licensee")
        cls.make_portal_customer("Offer", "mq", "mq_premium_plus")

    def offered(self):
        page = self.url_open("/new/ticket").text
        categories = self.env["helpdesk.ticket.category"].search(
            [("company_id", "=", self.company.id), ("code", "!=", False)]
        )
        return {
            category.code
            for category in categories
            if f'<option value="{category.id}"' in page
        }

    def test_coupon_field_only_under_ds(self):
        """DS 3.6 «Спецобращения ... получают специальный купон ... клиент
        создаёт обращение (тикет) ... в специальном поле указывается купон
        спецобращения» is DS's; MQ has no special requests: its customers'
        form has no coupon field."""
        self.authenticate("offer_mq", "offer_mq")
        self.assertNotIn('name="support_coupon"', self.url_open("/new/ticket").text)
        self.authenticate("offer_ds", "offer_ds")
        self.assertIn('name="support_coupon"', self.url_open("/new/ticket").text)

    def test_each_customer_gets_its_regulations_categories(self):
        """R-26 (MQ 1.2, 1.4; DS 4): each customer is offered its own regulation's
        categories on the portal."""
        self.authenticate("offer_mq", "offer_mq")
        self.assertEqual(self.offered(), set(MQ_CATEGORY_CODES))
        # hostile: a DS category posted by hand is refused, no ticket
        installation = self.by_code("helpdesk.ticket.category", "installation")
        response = self.submit_ticket(
            subject="Forged category",
            description="Install it for me",
            category=str(installation.id),
        )
        self.assertIn("Choose a category from the list.", response.text)
        self.assertFalse(
            self.env["helpdesk.ticket"].search([("name", "=", "Forged category")])
        )
        self.authenticate("offer_ds", "offer_ds")
        self.assertEqual(self.offered(), set(DS_CATEGORY_CODES))


@tagged("post_install", "-at_install")
class TestSharedCategoryGuidancePerRegulation(SupportHttpCase):
    """R-26 on the category both presets share, *consultation*.
    DS 3.8 «Консультирование по общим вопросам ... требует пояснения общих
    вопросов настройки браузера, крито-программ, работы с ЭП»; MQ 1.4
    «Консультации — Под консультациями понимаются обращения по работе ПО
    Monq, а также базовые вопросы по установке, обновлению или эксплуатации
    ПО Monq ... Консультации не предполагают подключения сотрудника
    поддержки к установке Monq»: each customer, and staff on each ticket,
    read the scope of their own regulation."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.company
        company.helpdesk_mgmt_portal_select_category = True
        cls.consultation = cls.env["helpdesk.ticket.category"].search(
            [("code", "=", "consultation"), ("company_id", "=", company.id)]
        )
        cls.contacts = {
            "ds": cls.make_portal_customer("Scope", "ds", "ds_commercial", "licensee"),
            "mq": cls.make_portal_customer("Scope", "mq", "mq_basic"),
        }

    def test_portal_form_shows_the_customers_regulation(self):
        """R-26 (DS 3.8, MQ 1.4): the portal form shows the consultation scope of the
        customer's regulation."""
        self.authenticate("scope_mq", "scope_mq")
        page = self.url_open("/new/ticket").text
        self.assertIn(f'data-category-id="{self.consultation.id}"', page)
        self.assertIn("basic installation, update and operation questions", page)
        self.assertNotIn("DS 3.8", page)
        self.authenticate("scope_ds", "scope_ds")
        page = self.url_open("/new/ticket").text
        self.assertIn("crypto software and e-signature questions (DS 3.8, 4.6)", page)
        self.assertNotIn("(MQ 1.4)", page)

    def test_older_database_gets_the_scope_per_regulation(self):
        """R-26 (DS 3.8, MQ 1.4): The 18.0.2.1.0 migration gives a database loaded
        before scopes existed each regulation's texts."""
        self.consultation.support_scope_ids.unlink()
        wizard = self.env["helpdesk.support.preset.wizard"]
        for code in ("ds", "mq"):
            wizard._attach_regulation(code, self.company)
        self.assertEqual(
            set(self.consultation.support_scope_ids.regulation_id.mapped("code")),
            {"ds", "mq"},
        )

    def test_staff_read_the_scope_of_the_tickets_regulation(self):
        """R-26 (DS 3.8, MQ 1.4): staff read the consultation scope of the ticket's
        regulation."""
        tickets = {
            code: self.env["helpdesk.ticket"].create(
                {
                    "name": f"Question {code}",
                    "description": "<p>How to?</p>",
                    "partner_id": contact.id,
                    "category_id": self.consultation.id,
                }
            )
            for code, contact in self.contacts.items()
        }
        self.assertIn("MQ 1.4", tickets["mq"].support_scope_guidance)
        self.assertNotIn("DS 3.8", tickets["mq"].support_scope_guidance)
        self.assertIn("DS 3.8", tickets["ds"].support_scope_guidance)

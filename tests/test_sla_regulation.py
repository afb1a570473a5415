# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""R-11, R-20: the level a ticket gets is the one its regulation promises,
with both presets (DS and MQ) loaded in one company, as the demo ships.

The expected figures are written here from the regulations' text, not read
back from the preset data.
"""

from datetime import timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import DS_CATEGORY_CODES, SupportTicketCase, naive

# Mon 1 June 2026, 10:00 Moscow (the fixtures' clock)
CREATED = "2026-06-01 07:00:00"

# MQ Appendix 1 «Уровни технической поддержки»: «График оказания услуг
# 8x5 | 8x5 | 24x7 | 24x7»; «Гарантированное время ответа 1 рабочий день |
# 4 часа | 2 часа | 1 час» -> (value, unit, schedule, deadline in UTC)
MQ_APPENDIX_1 = {
    "mq_basic": (1, "days", "mq_8x5", "2026-06-02 07:00:00"),
    "mq_basic_plus": (4, "hours", "mq_8x5", "2026-06-01 11:00:00"),
    "mq_premium": (2, "hours", "mq_24x7", "2026-06-01 09:00:00"),
    "mq_premium_plus": (1, "hours", "mq_24x7", "2026-06-01 08:00:00"),
}
MQ_CATEGORIES = (
    "consultation",
    "bug",
    "improvement",
    "account_management",
    "professional_service",
)
DS_CATEGORIES = DS_CATEGORY_CODES
# DS 2.1: 10:00-18:00 Moscow time on working days; Mon 1 June 10:00 + N h
DS_DEADLINES = {
    2: "2026-06-01 09:00:00",
    3: "2026-06-01 10:00:00",
    4: "2026-06-01 11:00:00",
    5: "2026-06-01 12:00:00",
    6: "2026-06-01 13:00:00",
    # 24 working hours: three whole working days, Wed 3 June 18:00
    24: "2026-06-03 15:00:00",
    # 40 working hours: five whole working days, Fri 5 June 18:00
    40: "2026-06-05 15:00:00",
}


def ds_expected(tier_code, sender_code, critical, category_code):
    """(clause, level code, hours) of DS 3.x for a ticket."""
    if category_code == "consultation":
        # DS 3.8 «Консультирование по общим вопросам ... Максимальное время
        # реакции на обращение – 40 рабочих часов»
        return "3.8", "ds_consultation", 40
    if sender_code == "user" or not tier_code:
        # DS 3.7 «Некоммерческая поддержка ... для Пользователей – Участников
        # Систем ЭДО ... 24 рабочих часа»
        return "3.7", "ds_non_commercial", 24
    if tier_code == "ds_vip":
        # DS 3.5 «Лицензиаты ...: VIP – поддержка ... 2 рабочих часа»
        return "3.5", "ds_licensee_vip", 2
    if sender_code == "partner":
        # DS 3.1 «Партнеры: Оперативная поддержка ... 3 рабочих часа»;
        # DS 3.2 «Партнеры: Стандартная поддержка ... 5 рабочих часов»
        return (
            ("3.1", "ds_partner_operational", 3)
            if critical
            else ("3.2", "ds_partner_standard", 5)
        )
    # DS 3.3 «Лицензиаты ...: Оперативная поддержка ... 4 рабочих часа»;
    # DS 3.4 «Лицензиаты ...: Стандартная поддержка ... 6 рабочих часов»
    return (
        ("3.3", "ds_licensee_operational", 4)
        if critical
        else ("3.4", "ds_licensee_standard", 6)
    )


def raw_mail(sender, subject, body="Hello", to="support@company.test"):
    return (
        f"From: {sender}\r\nTo: {to}\r\nSubject: {subject}\r\n"
        f"Message-Id: <{abs(hash((sender, subject, body)))}@levels.test>\r\n"
        "Date: Mon, 01 Jun 2026 10:00:00 +0300\r\nMIME-Version: 1.0\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\n"
        f"{body}\r\n"
    )


class RegulationCase(SupportTicketCase):
    @classmethod
    def registered_customer(cls, tier_code, sender_code=None, name=None):
        """A customer whose contact is registered on the contract and is its
        key contact person (MQ 1.5)."""
        contact = cls.make_customer(tier_code, sender_code, name=name)
        if tier_code:
            contract = cls.contract_of(contact)
            contract.write(
                {
                    "contact_ids": [Command.set(contact.ids)],
                    "key_contact_id": contact.id,
                }
            )
        return contact

    def timer_figure(self, ticket):
        timer = self.response_timer(ticket)
        self.assertEqual(len(timer), 1, ticket.name)
        return (
            timer.target_value,
            timer.target_unit,
            timer.resource_calendar_id.support_preset_code,
            timer.deadline,
        )


@tagged("post_install", "-at_install")
class TestRegulationLevels(RegulationCase):
    """R-20, MQ Appendix 1, DS 3.1-3.9: a level of one regulation never
    matches another's tickets."""

    def test_every_mq_tier_and_category_gets_appendix_1(self):
        """MQ 1.2 «Работа с обращениями осуществляется согласно указанному в
        сервисном договоре уровню технической поддержки (Уровни технической
        поддержки указаны в Приложении №1 к настоящему документу)»;
        Appendix 1 «Гарантированное время ответа: 1 рабочий день / 4 часа /
        2 часа / 1 час», schedules «8x5 / 8x5 / 24x7 / 24x7» — for every
        category of MQ 1.4, whatever the DS levels loaded beside (DS 3.8's
        consultation level shares the category code «consultation»)."""
        Ticket = self.Ticket.with_user(self.support_user)
        for tier_code, (value, unit, schedule, deadline) in MQ_APPENDIX_1.items():
            for priority in ("1", "3"):
                # a customer per criticality: Basic takes 5 tickets in work
                contact = self.registered_customer(
                    tier_code, name=f"MQ {tier_code} {priority}"
                )
                for category_code in MQ_CATEGORIES:
                    with self.subTest(
                        tier=tier_code, category=category_code, priority=priority
                    ):
                        ticket = Ticket.create(
                            {
                                "name": f"{tier_code} {category_code} {priority}",
                                "partner_id": contact.id,
                                "description": "<p>Steps</p>",
                                "team_id": self.team.id,
                                "category_id": self.category(category_code).id,
                                "priority": priority,
                            }
                        )
                        self.assertFalse(ticket.support_queued)
                        self.assertFalse(ticket.support_sla_level_id)
                        self.assertEqual(
                            self.timer_figure(ticket),
                            (value, unit, schedule, naive(deadline)),
                        )
                        self.assertEqual(
                            ticket.support_sla_target_display,
                            self.tier(tier_code).response_target_display,
                        )

    def test_every_ds_sender_criticality_and_category_gets_its_clause(self):
        """DS 3 «Уровни обслуживания ... зависят от категории отправителя
        и/или категории проблемы»: 3.1 partners operational 3 h, 3.2 partners
        standard 5 h, 3.3 licensees operational 4 h, 3.4 licensees standard
        6 h, 3.5 licensees VIP 2 h, 3.7 non-commercial 24 h, 3.8 general
        consultation 40 h; operational = «критическая ошибка» (criticality
        Very High). All in DS 2.1 working time, 10:00-18:00 Moscow."""
        Ticket = self.Ticket.with_user(self.support_user)
        customers = [
            ("ds_commercial", "partner"),
            ("ds_commercial", "licensee"),
            ("ds_vip", "licensee"),
            ("ds_commercial", "user"),
            (None, None),  # no contract: the company's default treatment
        ]
        for tier_code, sender_code in customers:
            contact = self.registered_customer(
                tier_code, sender_code, name=f"DS {tier_code} {sender_code}"
            )
            for critical in (False, True):
                for category_code in DS_CATEGORIES:
                    clause, level_code, hours = ds_expected(
                        tier_code, sender_code, critical, category_code
                    )
                    with self.subTest(
                        tier=tier_code,
                        sender=sender_code,
                        critical=critical,
                        category=category_code,
                        clause=clause,
                    ):
                        ticket = Ticket.create(
                            {
                                "name": f"{sender_code} {category_code}",
                                "partner_id": contact.id,
                                "description": "<p>Steps</p>",
                                "team_id": self.team.id,
                                "category_id": self.category(category_code).id,
                                "priority": "3" if critical else "1",
                            }
                        )
                        self.assertEqual(
                            ticket.support_sla_level_id.code, level_code, clause
                        )
                        self.assertEqual(
                            self.timer_figure(ticket),
                            (hours, "hours", "ds_10_18", naive(DS_DEADLINES[hours])),
                        )

    def test_levels_belong_to_their_regulation(self):
        """R-20 (MQ Appendix 1, DS 3): By construction: each preset's levels, tiers and
        sender categories belong to its regulation, and a level cannot name another
        regulation's tier."""
        ds = self.by_code("helpdesk.support.regulation", "ds")
        mq = self.by_code("helpdesk.support.regulation", "mq")
        self.assertEqual(len(ds | mq), 2)
        levels = self.env["helpdesk.support.sla.level"].search(
            [("company_id", "=", self.company.id)]
        )
        self.assertEqual(levels.regulation_id, ds)
        self.assertEqual(self.tier("mq_premium_plus").regulation_id, mq)
        self.assertEqual(self.tier("ds_commercial").regulation_id, ds)
        self.assertEqual(self.sender("partner").regulation_id, ds)
        with self.assertRaisesMessage(UserError, "belongs to the regulation"):
            self.level("ds_consultation").tier_ids = self.tier("mq_premium_plus")

    def test_reload_attaches_records_of_an_older_database(self):
        """R-10, R-11: A database loaded before regulations existed: loading the preset
        again (or the 18.0.2.1.0 migration) attaches its records."""
        records = (
            self.tier("mq_basic")
            | self.tier("mq_premium")
            | self.tier("mq_basic_plus")
            | self.tier("mq_premium_plus")
        )
        records.regulation_id = False
        self.category("licensing_billing").support_no_sla = False
        self.wizard._attach_regulation("mq", self.company)
        mq = self.by_code("helpdesk.support.regulation", "mq")
        self.assertEqual(records.regulation_id, mq)
        self.assertTrue(self.category("licensing_billing").support_no_sla)
        records.regulation_id = False
        self.wizard._load_preset("mq", self.company.id)
        self.assertEqual(records.regulation_id, mq)


@tagged("post_install", "-at_install")
class TestCriticality(RegulationCase):
    """R-38 (MQ 1.4, DS 3.1, 3.3): criticality declared by the customer,
    confirmed or revoked by staff, drives the level."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.support_alias("company.test", cls.team)
        cls.licensee = cls.registered_customer(
            "ds_commercial", "licensee", name="Critical JSC"
        )

    def test_mail_subject_declares_criticality(self):
        """MQ 1.4 «клиент может самостоятельно обосновано определить ошибку как
        критическую, указав это в запросе»; DS 3.3 «Лицензиаты – Организаторы Систем
        ЭДО: Оперативная поддержка ... 4 рабочих часа» for critical errors: a mail whose
        subject starts with [КРИТИЧНО] or [CRITICAL] gets it."""
        cases = {
            "[КРИТИЧНО] Сервер не отвечает": ("3", "ds_licensee_operational"),
            "  [critical] Server down": ("3", "ds_licensee_operational"),
            "[ Критично ]  База повреждена": ("3", "ds_licensee_operational"),
            # hostile or not a declaration: anywhere else, unclosed, lookalike
            "Server down [CRITICAL]": ("1", "ds_licensee_standard"),
            "[CRITICAL Server down": ("1", "ds_licensee_standard"),
            "[CRITICALLY] wrong": ("1", "ds_licensee_standard"),
            "Re: [КРИТИЧНО] old thread": ("1", "ds_licensee_standard"),
            "[" * 5000 + "CRITICAL]": ("1", "ds_licensee_standard"),
            "=?utf-8?b?W9Ca0KDQmNCi0JjQp9Cd0J5dINCh0LHQvtC5?=": (
                "3",
                "ds_licensee_operational",
            ),
        }
        with freeze_time(CREATED):
            for subject, (priority, level_code) in cases.items():
                with self.subTest(subject=subject[:40]):
                    ticket_id = self.process(
                        raw_mail(self.licensee.email, subject, body=subject[:30])
                    )
                    ticket = self.env["helpdesk.ticket"].browse(ticket_id)
                    self.assertEqual(ticket.partner_id, self.licensee)
                    self.assertEqual(ticket.priority, priority)
                    self.assertEqual(ticket.support_sla_level_id.code, level_code)

    def test_staff_revoke_reselects_from_the_start(self):
        """MQ 1.4 «Сотрудник поддержки вправе отменить установленную клиентом
        критичность»: revoking moves the licensee from DS 3.3 (4 h) to DS 3.4
        (6 h), the open response timer counted again from the ticket's start,
        and the chatter says who, old → new and why."""
        with freeze_time(CREATED):
            ticket = self.make_ticket(self.licensee, priority="3")
        timer = self.response_timer(ticket)
        self.assertEqual(timer.deadline, naive("2026-06-01 11:00:00"))
        with freeze_time("2026-06-01 08:00:00"):
            ticket.with_user(self.support_user).action_support_revoke_criticality()
        self.assertEqual(ticket.priority, "1")
        self.assertEqual(
            ticket.support_sla_level_id, self.level("ds_licensee_standard")
        )
        self.assertEqual(timer.start_date, naive(CREATED))
        self.assertEqual(timer.deadline, naive("2026-06-01 13:00:00"))
        note = self.messages(ticket, "Criticality revoked")
        self.assertEqual(len(note), 1)
        self.assertEqual(note.author_id, self.support_user.partner_id)
        self.assertIn("Licensees: operational support", note.body)
        self.assertIn("Licensees: standard support", note.body)
        self.assertIn("Very High", note.body)

    def test_staff_confirm_and_priority_change_reselect(self):
        """DS 3.3 «если обнаружена критическая ошибка ... (и подтверждена
        сотрудниками техподдержки)»: confirming criticality on a standard
        ticket gives the operational level; changing the priority back by
        hand (form or RPC) re-selects too, tracked as a reclassification."""
        with freeze_time(CREATED):
            ticket = self.make_ticket(self.licensee)
        timer = self.response_timer(ticket)
        self.assertEqual(timer.deadline, naive("2026-06-01 13:00:00"))
        with freeze_time("2026-06-01 08:00:00"):
            ticket.with_user(self.support_user).action_support_confirm_criticality()
        self.assertEqual(ticket.priority, "3")
        self.assertEqual(
            ticket.support_sla_level_id, self.level("ds_licensee_operational")
        )
        self.assertEqual(timer.deadline, naive("2026-06-01 11:00:00"))
        self.assertEqual(len(self.messages(ticket, "Criticality confirmed")), 1)
        with freeze_time("2026-06-01 08:10:00"):
            ticket.with_user(self.support_user).priority = "2"
        self.assertEqual(
            ticket.support_sla_level_id, self.level("ds_licensee_standard")
        )
        self.assertEqual(timer.deadline, naive("2026-06-01 13:00:00"))
        self.assertEqual(len(self.messages(ticket, "Priority changed")), 1)

    def test_customer_cannot_confirm_criticality(self):
        """Only support staff decide on criticality (MQ 1.4)."""
        portal = self.env["res.users"].create(
            {
                "name": "Portal licensee",
                "login": "crit_portal",
                "partner_id": self.licensee.id,
                "groups_id": [Command.set([self.env.ref("base.group_portal").id])],
            }
        )
        with freeze_time(CREATED):
            ticket = self.make_ticket(self.licensee)
        with self.assertRaises(AccessError):
            ticket.with_user(portal).action_support_confirm_criticality()
        self.assertEqual(ticket.priority, "1")


@tagged("post_install", "-at_install")
class TestNoSla(RegulationCase):
    """R-39 (MQ 1.4): no SLA where the regulation says none."""

    def test_licensing_and_billing_has_no_response_timer(self):
        """MQ 1.4 «Лицензирование и выставление счетов ... На обращения данной
        категории не распространяется установленный пакетом поддержки SLA»:
        no level, no timer, «No SLA» on the ticket and in the monthly
        report."""
        contact = self.registered_customer("mq_premium_plus", name="Billing LLC")
        billing = self.category("licensing_billing")
        self.assertTrue(billing.support_no_sla)
        with freeze_time(CREATED):
            ticket = self.make_ticket(
                contact,
                self.support_user,
                name="Invoice for the licence",
                description="<p>Steps</p>",
                category_id=billing.id,
                priority="3",
            )
        self.assertFalse(ticket.support_sla_level_id)
        self.assertFalse(ticket.support_sla_timer_ids)
        self.assertFalse(ticket.support_sla_deadline)
        self.assertEqual(ticket.support_sla_target_display, "No SLA")
        # no contract in a DS+MQ company: the company's default treatment,
        # DS 3.7 non-commercial (DS 4.6 «разъясняются вопросы лицензирования»);
        # MQ 1.4's No SLA is MQ's rule: a level of one regulation never
        # matches another regulation's tickets
        stranger = self.registered_customer(None, name="Billing stranger")
        with freeze_time(CREATED):
            other = self.make_ticket(stranger, category_id=billing.id)
        self.assertEqual(other.support_sla_level_id.code, "ds_non_commercial")
        self.assertEqual(len(other.support_sla_timer_ids), 1)
        contract = ticket.support_contract_id
        # the database's creation date of the ticket
        day = ticket.create_date.date()
        wizard = self.sla_report(contract, day, day)
        html = self.sla_report_html(wizard)
        self.assertIn(ticket.number, html)
        self.assertIn("No SLA", html)

    def test_reclassify_into_and_out_of_no_sla(self):
        """Moving a ticket into *Licensing and billing* ends its response
        obligation (MQ 1.4); moving it out counts the tier's target from the
        ticket's start (MQ Appendix 1, Premium+: 1 hour)."""
        contact = self.registered_customer("mq_premium_plus", name="Moving LLC")
        with freeze_time(CREATED):
            ticket = self.make_ticket(contact, category_id=self.category("bug").id)
        # PostgreSQL stamps the creation with its own clock, which freezegun
        # does not stop: the ticket is created at the frozen instant, as in
        # production the database's and the server's clocks agree
        ticket.flush_recordset()
        self.env.cr.execute(
            "UPDATE helpdesk_ticket SET create_date = %s WHERE id = %s",
            (CREATED, ticket.id),
        )
        ticket.invalidate_recordset(["create_date"])
        self.assertEqual(len(self.response_timer(ticket)), 1)
        with freeze_time("2026-06-01 07:30:00"):
            ticket.with_user(self.support_user)._support_reclassify(
                self.category("licensing_billing"),
                self.env["helpdesk.support.sla.level"],
                "A billing question",
            )
        self.assertFalse(ticket.support_sla_timer_ids)
        self.assertEqual(ticket.support_sla_target_display, "No SLA")
        with freeze_time("2026-06-01 07:40:00"):
            ticket.with_user(self.support_user)._support_reclassify(
                self.category("bug"),
                self.env["helpdesk.support.sla.level"],
                "A bug after all",
            )
        timer = self.response_timer(ticket)
        # from the ticket's start (its creation in the database), 24x7
        self.assertEqual(timer.start_date, ticket.create_date)
        self.assertEqual(timer.deadline, ticket.create_date + timedelta(hours=1))
        self.assertEqual((timer.target_value, timer.target_unit), (1, "hours"))

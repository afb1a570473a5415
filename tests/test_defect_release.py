# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Known defects and releases (MQ 1.2, MQ 1.4, DS 2.2, DS 4.4, DS 5.10),
with both presets loaded in one company and the clock frozen."""

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from .common import SupportTicketCase, set_create_date

CONFIRMATION_REASON = "helpdesk_mgmt_support_contract.waiting_reason_confirmation"


class DefectCase(SupportTicketCase):
    def fill_limit(self):
        """The MQ customer's five tickets in work: its tier's limit of open
        tickets is full (MQ Appendix 1, R-30)."""
        return self.Ticket.create(
            [
                {
                    "name": f"In work {index}",
                    "description": "x",
                    "partner_id": self.mq_contact.id,
                    "team_id": self.team.id,
                }
                for index in range(5)
            ]
        )

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("ru_RU")
        cls.env["ir.module.module"]._load_module_terms(
            ["helpdesk_mgmt_support_contract"], ["ru_RU"]
        )
        cls.product = cls.env["helpdesk.support.product"].create(
            {"name": "Monq", "company_id": cls.company.id}
        )
        cls.v1, cls.v2 = cls.env["helpdesk.support.product.version"].create(
            [
                {"name": "1.0", "product_id": cls.product.id},
                {"name": "1.1", "product_id": cls.product.id},
            ]
        )
        cls.mq_contact = cls.make_customer("mq_basic", name="Defect MQ")
        cls.ds_contact = cls.make_customer(
            "ds_commercial", "licensee", name="Defect DS"
        )
        cls.ru_contact = cls.make_customer("mq_premium", name="Defect RU")
        cls.ru_contact.lang = "ru_RU"
        cls.mq_contact.lang = cls.ds_contact.lang = "en_US"
        cls.Defect = cls.env["helpdesk.support.defect"]

    def make_defect(self, **vals):
        values = {
            "name": "Null pointer in the correlation engine (internal)",
            "public_title": "Events are not correlated",
            "product_id": self.product.id,
            "affected_version_ids": [Command.set(self.v1.ids)],
            "company_id": self.company.id,
        }
        values.update(vals)
        return self.Defect.with_user(self.support_manager).create(values)

    def run_notices(self):
        self.env["helpdesk.ticket"]._cron_support_defect_notices()


@tagged("post_install", "-at_install")
class TestDefectLink(DefectCase):
    def test_link_confirms_and_frees_the_limit(self):
        """MQ 1.4 «Подтвержденные ошибки не учитываются для ограничения
        одновременно открытых обращений» (R-30): a ticket linked to a known
        defect, from the ticket's form or from the defect's, is a confirmed
        bug and leaves the limit: the queued ticket enters work."""
        tickets = self.fill_limit()
        queued_a = self.make_ticket(self.mq_contact, name="Queued A")
        queued_b = self.make_ticket(self.mq_contact, name="Queued B")
        self.assertTrue(queued_a.support_queued)
        defect = self.make_defect()
        # from the ticket
        with Form(tickets[0].with_user(self.support_user)) as form:
            form.support_defect_id = defect
        self.assertTrue(tickets[0].support_defect_confirmed_date)
        self.assertFalse(queued_a.support_queued, "the freed slot is taken")
        self.assertTrue(queued_b.support_queued)
        # from the defect: a support user links, as the regulation's staff
        defect.with_user(self.support_user).write(
            {"ticket_ids": [Command.link(tickets[1].id)]}
        )
        self.assertTrue(tickets[1].support_defect_confirmed_date)
        self.assertFalse(queued_b.support_queued)
        self.assertEqual(defect.ticket_count, 2)
        self.assertEqual(defect.customer_count, 1)
        # the link never starts a per-ticket fix timer: the defect holds it
        self.assertFalse(
            tickets[:2].support_sla_timer_ids.filtered(
                lambda t: t.kind == "critical_fix"
            )
        )

    def test_fix_deadline_once_per_defect(self):
        """MQ 1.4 «Срок исправления критических ошибок составляет не более 10
        рабочих дней с момента подтверждения. Исправление прочих ошибок
        определяется релизной политикой Производителя» (R-24): one deadline
        per defect, counted from its confirmation in the vendor's
        development schedule, whatever tickets are linked; none for a
        defect that is not critical."""
        defect = self.make_defect(critical=True)
        self.assertEqual(defect.critical_date, defect.confirmed_date)
        mq_ticket = self.make_ticket(self.mq_contact)
        ds_ticket = self.make_ticket(self.ds_contact)
        defect.with_user(self.support_user).write(
            {"ticket_ids": [Command.link(mq_ticket.id), Command.link(ds_ticket.id)]}
        )
        expected = self.Defect._fix_deadline_in(
            self.company._get_support_fix_calendar(), defect.confirmed_date, 10
        )
        self.assertEqual(defect.fix_deadline, expected)
        # 2 June … 16 June 2026: ten working days, 12 June a holiday
        self.assertEqual(
            defect.fix_deadline.date().isoformat(), "2026-06-16", defect.fix_deadline
        )
        self.assertEqual(self.customer_count(defect), 2)
        ordinary = self.make_defect(name="Cosmetic")
        self.assertFalse(ordinary.fix_deadline, "the release policy decides")

    def customer_count(self, defect):
        defect.invalidate_recordset(["customer_count"])
        return defect.customer_count

    def test_link_of_another_company_refused(self):
        """MQ 1.6 «Направленные через портал поддержки обращения
        пользователей доступны только для них самих и пользователей,
        состоящих с ними в одной команде» (R-32): a defect gathers its own
        vendor's tickets; a ticket of another company is never linked to it
        (nor seen through it)."""
        defect = self.make_defect()
        other = self.env["res.company"].create({"name": "Other vendor"})
        team = self.env["helpdesk.ticket.team"].create(
            {"name": "Other", "company_id": other.id}
        )
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": "Elsewhere",
                "description": "x",
                "partner_id": self.mq_contact.id,
                "team_id": team.id,
                "company_id": other.id,
            }
        )
        # even a user of both companies (here the superuser) cannot, from
        # either side
        with self.assertRaisesMessage(ValidationError, "another company"):
            defect.sudo().write({"ticket_ids": [Command.link(ticket.id)]})
        with self.assertRaisesMessage(ValidationError, "another company"):
            ticket.write({"support_defect_id": defect.id})
        self.assertFalse(ticket.support_defect_confirmed_date)

    def test_support_user_cannot_edit_the_defect(self):
        """MQ 1.2 «Критичные дефекты исправляются Производителем в течение
        10 рабочих дней с момента подтверждения наличия дефекта СТП» (R-24):
        support staff confirm and link, the managers own the defect and its
        status: a support user links tickets only."""
        defect = self.make_defect()
        with self.assertRaises(AccessError):
            defect.with_user(self.support_user).write({"status": "released"})
        with self.assertRaises(AccessError):
            self.Defect.with_user(self.support_user).create(
                {
                    "name": "x",
                    "public_title": "x",
                    "product_id": self.product.id,
                }
            )
        with self.assertRaises(AccessError):
            self.v2.with_user(self.support_user).action_support_publish_release()


@tagged("post_install", "-at_install")
class TestDefectRelease(DefectCase):
    def setUp(self):
        super().setUp()
        self.defect = self.make_defect(target_version_id=self.v2.id, status="fixed")
        self.en_ticket = self.make_ticket(self.mq_contact, name="EN ticket")
        self.ru_ticket = self.make_ticket(self.ru_contact, name="RU ticket")
        self.ds_ticket = self.make_ticket(self.ds_contact, name="DS ticket")
        self.closed_ticket = self.make_ticket(self.mq_contact, name="Closed one")
        self.tickets = self.en_ticket | self.ru_ticket | self.ds_ticket
        self.defect.write(
            {
                "ticket_ids": [
                    Command.link(t.id) for t in self.tickets | self.closed_ticket
                ]
            }
        )
        self.closed_ticket.stage_id = self.stage_done

    def notices(self, ticket, text):
        return self.messages(ticket, text).filtered(
            lambda m: m.message_type == "comment"
        )

    def test_publish_notifies_once_per_ticket(self):
        """MQ 1.4 «Решением ошибки может быть: … Уведомление о выходе версии
        с исправлением или аналогичным функционалом»; DS 2.2 «с последующим
        выпуском обновления»; R-60: every open linked ticket's customer is
        told once, in their language, in the chatter; the ticket then waits
        for the customer's confirmation (MQ: auto-close counts); a second
        publish sends nothing."""
        with freeze_time("2026-06-02 08:00:00"):
            self.v2.with_user(self.support_manager).action_support_publish_release()
            self.assertEqual(self.defect.notice, "release")
            self.run_notices()
        self.assertEqual(self.v2.release_date.isoformat(), "2026-06-02")
        self.assertEqual(len(self.notices(self.en_ticket, "with the fix")), 1)
        self.assertEqual(len(self.notices(self.ds_ticket, "with the fix")), 1)
        ru = self.notices(self.ru_ticket, "с исправлением")
        self.assertEqual(len(ru), 1)
        self.assertIn("1.1", ru.body)
        self.assertIn("Events are not correlated", ru.body)
        self.assertNotIn("internal", ru.body)
        self.assertIn(self.ru_contact, ru.partner_ids)
        self.assertFalse(self.notices(self.closed_ticket, "with the fix"))
        reason = self.env.ref(CONFIRMATION_REASON)
        for ticket in self.tickets:
            self.assertEqual(ticket.support_waiting_reason_id, reason)
            self.assertTrue(ticket.support_sla_paused)
            self.assertTrue(ticket.support_defect_notice_date)
        # MQ 1.2 auto-close counts for the MQ tickets, not for DS
        self.assertTrue(self.en_ticket.support_autoclose_date)
        self.assertFalse(self.ds_ticket.support_autoclose_date)
        self.assertEqual(self.defect.status, "released")
        self.assertFalse(self.defect.notice)
        # idempotent
        with freeze_time("2026-06-02 09:00:00"):
            self.v2.with_user(self.support_manager).action_support_publish_release()
            self.run_notices()
        for ticket in self.tickets:
            told = self.notices(ticket, "with the fix") | self.notices(
                ticket, "с исправлением"
            )
            self.assertEqual(len(told), 1)

    def test_publish_in_batches(self):
        """MQ 1.4 «Уведомление о выходе версии с исправлением»: the job runs
        in batches; the defect is released once its last ticket is told."""
        self.v2.with_user(self.support_manager).action_support_publish_release()
        Ticket = self.env["helpdesk.ticket"]
        Ticket._cron_support_defect_notices(batch_size=2)
        self.assertEqual(self.defect.status, "fixed")
        self.assertEqual(len(self.tickets.filtered("support_defect_notice_date")), 2)
        Ticket._cron_support_defect_notices(batch_size=2)
        self.assertEqual(self.defect.status, "released")

    def test_withdraw_support_for_the_version(self):
        """MQ 1.4 «Решением ошибки может быть: … Прекращение поддержки версий
        ПО с указанным в ошибке функционалом»: the customers are told with
        its own message, once; the version is no longer supported (MQ 1.1)."""
        self.v1.with_user(self.support_manager).action_support_withdraw_support()
        self.run_notices()
        self.assertFalse(self.v1.is_supported)
        self.assertEqual(self.defect.status, "withdrawn")
        self.assertEqual(len(self.notices(self.en_ticket, "is withdrawn")), 1)
        self.assertEqual(len(self.notices(self.ru_ticket, "прекращена")), 1)
        self.assertFalse(self.notices(self.en_ticket, "with the fix"))
        self.v1.with_user(self.support_manager).action_support_withdraw_support()
        self.run_notices()
        self.assertEqual(len(self.notices(self.en_ticket, "is withdrawn")), 1)

    def test_publish_tells_only_the_defects_fixed_in_the_version(self):
        """MQ 1.4 «Решением ошибки может быть: … Уведомление о выходе версии
        с исправлением или аналогичным функционалом» (R-24): the release
        tells only the customers whose defect is fixed in it; a defect that
        targets the version but is still in development did not make it
        into the build, and its customers are not told a false fix."""
        pending = self.make_defect(
            name="Not in the build",
            target_version_id=self.v2.id,
            status="in_development",
        )
        waiting = self.make_ticket(self.mq_contact, name="Still waiting")
        with Form(waiting.with_user(self.support_user)) as form:
            form.support_defect_id = pending
        with freeze_time("2026-06-02 08:00:00"):
            self.v2.with_user(self.support_manager).action_support_publish_release()
            self.run_notices()
        self.assertEqual(self.defect.status, "released")
        self.assertTrue(self.defect.solved_date)
        self.assertEqual(pending.status, "in_development")
        self.assertFalse(pending.notice)
        self.assertFalse(pending.solved_date)
        self.assertFalse(waiting.support_defect_notice_date)
        self.assertFalse(self.notices(waiting, "with the fix"))
        self.assertFalse(waiting.support_waiting_reason_id)

    def test_confirmation_reason_waits_for_the_customer(self):
        """MQ 1.2 «При отсутствии реакции Пользователя на предложенное
        Службой технической поддержки решения … в течение 3 (трех) рабочих
        дней с даты получения Пользователем соответствующего решения …
        обращение считается неактуальным» (R-60): the release puts the
        tickets into their own reason, waiting for the customer's
        confirmation of the solution, on the customer's side (the timers
        pause, MQ's auto-close counts), named in Russian for Russian
        staff."""
        reason = self.env.ref(CONFIRMATION_REASON)
        self.assertTrue(reason.waits_for_customer)
        self.assertEqual(
            reason.with_context(lang="ru_RU").name,
            "Ожидание подтверждения решения заказчиком",
        )
        with freeze_time("2026-06-02 08:00:00"):
            self.v2.with_user(self.support_manager).action_support_publish_release()
            self.run_notices()
        self.assertEqual(self.en_ticket.support_waiting_reason_id, reason)
        self.assertTrue(self.en_ticket.support_autoclose_date)


@tagged("post_install", "-at_install")
class TestDefectFixCountedOnce(DefectCase):
    """MQ 1.4 «Срок исправления критических ошибок составляет не более 10
    рабочих дней с момента подтверждения» (R-24): one fix obligation per
    known defect, never one per ticket that reported it."""

    def confirm_critical(self, ticket, when):
        with freeze_time(when):
            ticket.with_user(self.support_user).action_support_confirm_critical_defect()
        return ticket.support_sla_timer_ids.filtered(lambda t: t.kind == "critical_fix")

    def link(self, ticket, defect, when):
        with freeze_time(when):
            with Form(ticket.with_user(self.support_user)) as form:
                form.support_defect_id = defect

    def test_ticket_confirmed_critical_hands_its_fix_to_the_defect(self):
        """MQ 1.4 «Срок исправления критических ошибок составляет не более 10
        рабочих дней с момента подтверждения» (R-24): a ticket confirmed
        critical before it is linked keeps the date it was promised — the
        defect's deadline becomes the earliest of its own and the ticket's —
        and its own timer is not counted, the defect named as the reason;
        a linked ticket confirmed critical later hands its term at once."""
        early = self.make_ticket(self.mq_contact, name="Confirmed early")
        timer = self.confirm_critical(early, "2026-06-01 08:00:00")
        self.assertEqual(timer.state, "running")
        promised = timer.deadline
        with freeze_time("2026-06-04 08:00:00"):
            defect = self.make_defect(critical=True)
        own = min(
            self.Defect._fix_deadline_in(calendar, defect.critical_date, 10)
            for calendar in self.company._get_support_fix_calendar()
        )
        self.assertLess(promised, own)
        self.link(early, defect, "2026-06-04 09:00:00")
        self.assertEqual(timer.state, "excluded", "not counted on the ticket")
        self.assertEqual(timer.handed_defect_id, defect)
        self.assertEqual(defect.fix_deadline, promised)
        self.assertTrue(self.messages(early, "counted on the known defect"))
        # a ticket linked first, confirmed critical afterwards
        later = self.make_ticket(self.ds_contact, name="Confirmed after the link")
        self.link(later, defect, "2026-06-05 08:00:00")
        later_timer = self.confirm_critical(later, "2026-06-05 09:00:00")
        self.assertEqual(later_timer.state, "excluded")
        self.assertEqual(later_timer.handed_defect_id, defect)
        self.assertEqual(defect.fix_deadline, promised, "the earliest binds")
        # the compliance pivot of the timers counts neither ticket's term
        counted = self.Timer.search_count(
            [
                ("ticket_id", "in", (early | later).ids),
                ("kind", "=", "critical_fix"),
                ("state", "in", ("met", "breached")),
            ]
        )
        self.assertEqual(counted, 0)
        # closing the tickets meets nothing more: the term is the defect's
        (early | later).write({"stage_id": self.stage_done.id})
        self.assertEqual((timer | later_timer).mapped("state"), ["excluded"] * 2)

    def test_late_term_stays_the_tickets_breach(self):
        """MQ 1.4 «Срок исправления критических ошибок составляет не более 10
        рабочих дней с момента подтверждения» (R-24): a ticket's fix term
        already passed when it is linked is the ticket's breach (history is
        kept); the defect does not count it a second time."""
        ticket = self.make_ticket(self.mq_contact, name="Late")
        timer = self.confirm_critical(ticket, "2026-06-01 08:00:00")
        defect = self.make_defect()
        self.link(ticket, defect, "2026-07-01 08:00:00")
        self.assertEqual(timer.state, "breached")
        self.assertFalse(timer.handed_defect_id)
        self.assertFalse(defect.fix_deadline)


@tagged("post_install", "-at_install")
class TestDefectFixReport(DefectCase):
    """MQ 1.4 «Срок исправления критических ошибок составляет не более 10
    рабочих дней с момента подтверждения» (R-24, R-29): the monthly SLA
    report and the compliance pivot count a defect's fix deadline once."""

    def test_report_and_pivot_count_each_defect_once(self):
        """MQ 1.4 «Срок исправления критических ошибок составляет не более
        10 рабочих дней с момента подтверждения» (R-24, R-29): three
        tickets of one customer reporting one critical defect make one fix
        deadline in the monthly report, met when the release with the fix
        is published by it; an unsolved defect turns breached by the SLA
        timers' scheduled action once its deadline passes; the defects'
        pivot averages the two."""
        with freeze_time("2026-06-01 08:00:00"):
            fixed = self.make_defect(
                critical=True, target_version_id=self.v2.id, public_title="Fixed"
            )
            late = self.make_defect(critical=True, public_title="Never fixed")
            tickets = self.Ticket.union(
                *(
                    self.make_ticket(
                        self.mq_contact, name=f"Report {i}", support_defect_id=fixed.id
                    )
                    for i in range(3)
                )
            )
            other = self.make_ticket(
                self.mq_contact, name="Other", support_defect_id=late.id
            )
        set_create_date(tickets | other, "2026-06-01 08:00:00")
        self.assertEqual(fixed.fix_state, "running")
        with freeze_time("2026-06-05 08:00:00"):
            fixed.with_user(self.support_manager).status = "fixed"
            self.v2.with_user(self.support_manager).action_support_publish_release()
            self.run_notices()
        self.assertEqual(fixed.fix_state, "met")
        self.assertEqual(fixed.fix_compliance, 100.0)
        with freeze_time("2026-07-01 08:00:00"):
            self.Timer._cron_update_states()
        self.assertEqual(late.fix_state, "breached")
        self.assertEqual(fixed.fix_state, "met", "a met deadline stays met")
        contract = self.contract_of(self.mq_contact)
        wizard = self.sla_report(contract)
        fixes = wizard._get_defect_fixes(wizard._get_tickets())
        self.assertEqual(fixes["defects"], fixed | late)
        self.assertEqual(
            (fixes["timers"], fixes["met"], fixes["breached"], fixes["compliance"]),
            (2, 1, 1, 50.0),
        )
        self.assertEqual(fixes["tickets"][fixed.id], tickets)
        html = self.sla_report_html(wizard)
        self.assertIn("report_support_sla_defects", html)
        self.assertEqual(html.count("<td>Fixed</td>"), 1, "one row per defect")
        self.assertIn(", ".join(tickets.mapped("number")), html)
        self.assertIn("Never fixed", html)
        self.assertNotIn("internal", html)
        groups = self.Defect._read_group(
            [
                ("id", "in", (fixed | late).ids),
                ("fix_state", "in", ("met", "breached")),
            ],
            ["product_id"],
            ["fix_compliance:avg", "__count"],
        )
        self.assertEqual(groups, [(self.product, 50.0, 2)])


@tagged("post_install", "-at_install")
class TestDefectRegulationText(DefectCase):
    """What the regulations' own words say of a known defect's fix term,
    of its solutions and of the wait that follows a notice."""

    def fix_deadline_of(self, start):
        calendar = self.company._get_support_fix_calendar()
        return self.Defect._fix_deadline_in(calendar, start, 10)

    def test_fix_term_counts_from_the_defect_confirmation(self):
        """MQ 1.2 «Критичные дефекты исправляются Производителем в течение 10
        рабочих дней с момента подтверждения наличия дефекта СТП»; MQ 1.4
        «Срок исправления критических ошибок составляет не более 10 рабочих
        дней с момента подтверждения» (R-24): the term runs from the day
        support confirmed the defect exists, not from the day it was found
        critical — a defect confirmed on Monday 1 June and found critical
        on Wednesday 3 June is due at the end of Tuesday 16 June (12 June a
        holiday), not two working days later."""
        defect = self.make_defect()
        ticket = self.make_ticket(self.mq_contact)
        defect.with_user(self.support_user).write(
            {"ticket_ids": [Command.link(ticket.id)]}
        )
        with freeze_time("2026-06-03 08:00:00"):
            defect.with_user(self.support_manager).write({"critical": True})
        self.assertEqual(defect.confirmed_date.isoformat(), "2026-06-01T07:00:00")
        self.assertEqual(defect.critical_date.isoformat(), "2026-06-03T08:00:00")
        self.assertEqual(
            defect.fix_deadline, self.fix_deadline_of(defect.confirmed_date)
        )
        self.assertEqual(defect.fix_deadline.date().isoformat(), "2026-06-16")

    def test_fix_term_in_the_vendors_working_days(self):
        """MQ 1.2 «Критичные дефекты исправляются Производителем в течение 10
        рабочих дней»; «в выходные и праздничные (согласно производственному
        календарю РФ) дни» (R-24, R-01): the fix is the vendor's work, so
        the 10 working days are the vendor's development schedule on the
        Russian production calendar — a Premium customer's 24x7 support
        schedule («круглосуточная поддержка, в том числе в праздничные и
        выходные дни») linked to the defect does not turn them into 10
        calendar days, nor does any link move the deadline."""
        defect = self.make_defect(critical=True)
        expected = self.fix_deadline_of(defect.confirmed_date)
        self.assertEqual(defect.fix_deadline, expected)
        premium = self.make_ticket(self.ru_contact)
        self.assertTrue(premium.support_tier_id.resource_calendar_id)
        defect.with_user(self.support_user).write(
            {"ticket_ids": [Command.link(premium.id)]}
        )
        self.assertEqual(defect.fix_deadline, expected)
        self.assertEqual(defect.fix_deadline.date().isoformat(), "2026-06-16")

    def test_release_notice_restarts_the_autoclose_count(self):
        """MQ 1.2 «При отсутствии реакции Пользователя на предложенное
        Службой технической поддержки решения и/или запрос дополнительной
        информации в течение 3 (трех) рабочих дней с даты получения
        Пользователем соответствующего решения или запроса … обращение
        считается неактуальным»; MQ 1.4 «Решением ошибки может быть: …
        Уведомление о выходе версии с исправлением» (R-60): the release
        notice is a new solution, so the 3 working days run from the day
        the customer receives it — also for a ticket that already waited
        for the customer's information since an earlier day; a DS ticket
        is never auto-closed (DS has no such clause)."""
        waiting = self.make_ticket(self.mq_contact, name="Waiting already")
        fresh = self.make_ticket(self.mq_contact, name="Not waiting")
        ds_ticket = self.make_ticket(self.ds_contact, name="DS one")
        defect = self.make_defect(target_version_id=self.v2.id, status="fixed")
        defect.write(
            {"ticket_ids": [Command.link(t.id) for t in waiting | fresh | ds_ticket]}
        )
        reason = self.env.ref(CONFIRMATION_REASON)
        # Monday 1 June: information asked, the count would end on Thursday
        (waiting | ds_ticket).write({"support_waiting_reason_id": reason.id})
        self.assertEqual(
            waiting.support_autoclose_date.date().isoformat(), "2026-06-04"
        )
        # Wednesday 3 June: the release notice is received
        with freeze_time("2026-06-03 08:00:00"):
            self.v2.with_user(self.support_manager).action_support_publish_release()
            self.run_notices()
        for ticket in waiting | fresh:
            self.assertEqual(
                ticket.support_waiting_since.isoformat(), "2026-06-03T08:00:00"
            )
            # Thursday 4, Friday 5, Monday 8 June: closed at the end of the 8th
            self.assertEqual(
                ticket.support_autoclose_date.date().isoformat(), "2026-06-08", ticket
            )
        self.assertFalse(ds_ticket.support_autoclose_date)

    def test_withdrawal_only_once_no_affected_version_is_supported(self):
        """MQ 1.4 «Решением ошибки может быть: … Прекращение поддержки версий
        ПО с указанным в ошибке функционалом»: ending the support of one
        version solves the error only when no version it affects is still
        supported — while another affected version is, the customers are not
        told the error is settled and the defect stays open."""
        defect = self.make_defect(
            affected_version_ids=[Command.set((self.v1 | self.v2).ids)]
        )
        ticket = self.make_ticket(self.mq_contact)
        defect.write({"ticket_ids": [Command.link(ticket.id)]})
        self.v1.with_user(self.support_manager).action_support_withdraw_support()
        self.run_notices()
        self.assertFalse(self.v1.is_supported)
        self.assertEqual(defect.status, "confirmed")
        self.assertFalse(self.messages(ticket, "is withdrawn"))
        self.v2.with_user(self.support_manager).action_support_withdraw_support()
        self.run_notices()
        self.assertEqual(defect.status, "withdrawn")
        self.assertEqual(len(self.messages(ticket, "is withdrawn")), 1)


def customer_mail(contact, subject, body, message_id):
    """A customer's raw RFC 822 reply as the mail server hands it (R-50)."""
    return (
        f"From: {contact.name} <{contact.email}>\r\n"
        "To: support@company.test\r\n"
        f"Subject: {subject}\r\n"
        f"Message-Id: <{message_id}@customer.test>\r\n"
        "MIME-Version: 1.0\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\n"
        f"{body}\r\n"
    )


@tagged("post_install", "-at_install")
class TestDefectAttackPaths(DefectCase):
    """Paths that cross the rules of the known defects: the queue, the
    customer's reply after the notice, a second publish, an archived
    ticket, the scheduled action run as the cron runner."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        domain = cls.env["mail.alias.domain"].create({"name": "company.test"})
        cls.company.alias_domain_id = domain
        cls.team.write({"alias_name": "support", "alias_domain_id": domain.id})

    def told(self, ticket):
        return self.messages(ticket, "with the fix").filtered(
            lambda m: m.message_type == "comment"
        ) | self.messages(ticket, "с исправлением").filtered(
            lambda m: m.message_type == "comment"
        )

    def released_defect(self, *tickets):
        defect = self.make_defect(target_version_id=self.v2.id, status="fixed")
        defect.with_user(self.support_user).write(
            {"ticket_ids": [Command.link(t.id) for t in tickets]}
        )
        self.v2.with_user(self.support_manager).action_support_publish_release()
        self.run_notices()
        return defect

    def test_queued_ticket_linked_leaves_the_queue(self):
        """MQ 1.4 «Подтвержденные ошибки не учитываются для ограничения
        одновременно открытых обращений» (R-30): a ticket waiting in the
        queue beyond the limit, once linked to a known defect, is a
        confirmed bug: it enters work at once and takes no slot, so the
        ticket queued before it keeps its place and the slots stay full."""
        in_work = self.fill_limit()
        queued_a = self.make_ticket(self.mq_contact, name="Queued A")
        queued_b = self.make_ticket(self.mq_contact, name="Queued B")
        self.assertTrue(queued_a.support_queued and queued_b.support_queued)
        defect = self.make_defect()
        with Form(queued_b.with_user(self.support_user)) as form:
            form.support_defect_id = defect
        self.assertTrue(queued_b.support_defect_confirmed_date)
        self.assertFalse(
            queued_b.support_queued,
            "a confirmed bug is outside the limit (MQ 1.4): it must not wait "
            "in the open-ticket queue",
        )
        self.assertTrue(queued_a.support_queued, "the five slots are still taken")
        # a slot freed by a close goes to the queued ticket, not to the
        # confirmed bug that needs none
        in_work[0].stage_id = self.stage_done
        self.assertFalse(queued_a.support_queued)

    def test_customer_reply_after_the_notice_stops_the_autoclose(self):
        """MQ 1.2 «При отсутствии реакции Пользователя на предложенное
        Службой технической поддержки решения … в течение 3 (трех) рабочих
        дней … обращение считается неактуальным» (R-60): the release notice
        starts the wait for the customer's confirmation; the customer's
        reply by mail (the error remains) is a reaction: the auto-close is
        off and the ticket is back on the vendor's side."""
        ticket = self.make_ticket(self.mq_contact, name="Still broken after 1.1")
        with freeze_time("2026-06-02 08:00:00"):
            self.released_defect(ticket)
        self.assertTrue(ticket.support_autoclose_date)
        self.assertTrue(ticket.support_waiting_reason_id)
        self.process(
            customer_mail(
                self.mq_contact,
                f"Re: [{ticket.number}] Version 1.1 with the fix is released",
                "Installed 1.1, the error remains",
                "reply-after-notice",
            ),
            when="2026-06-03 08:00:00",
        )
        self.assertTrue(self.messages(ticket, "the error remains"))
        self.assertFalse(ticket.support_autoclose_date, "the customer reacted")
        self.assertFalse(ticket.support_waiting_reason_id)
        self.assertFalse(ticket.stage_id.closed)
        # the auto-close of 3 working days later does not close it
        with freeze_time("2026-06-10 08:00:00"):
            self.env["helpdesk.ticket"]._cron_support_autoclose()
        self.assertFalse(ticket.stage_id.closed)

    def test_republish_tells_only_the_new_ticket(self):
        """MQ 1.4 «Уведомление о выходе версии с исправлением»; R-60: a
        ticket linked after the release is told when the release is
        published again; the tickets told before are not told twice."""
        first = self.make_ticket(self.mq_contact, name="First reporter")
        defect = self.released_defect(first)
        self.assertEqual(defect.status, "released")
        late = self.make_ticket(self.ds_contact, name="Late reporter")
        defect.with_user(self.support_user).write(
            {"ticket_ids": [Command.link(late.id)]}
        )
        self.v2.with_user(self.support_manager).action_support_publish_release()
        self.run_notices()
        self.assertEqual(len(self.told(first)), 1, "told once only")
        self.assertEqual(
            len(self.told(late)),
            1,
            "the ticket linked to the released defect is never told of the "
            "release, even when the release is published again",
        )
        self.assertEqual(defect.status, "released")
        self.assertFalse(defect.notice)

    def test_publish_while_a_ticket_is_archived(self):
        """MQ 1.4 «Уведомление о выходе версии с исправлением»: an archived
        ticket is nobody's request any more: it is not told and does not
        hold the defect back from *released*; the open ones are told."""
        live = self.make_ticket(self.mq_contact, name="Live")
        archived = self.make_ticket(self.ds_contact, name="Archived")
        defect = self.make_defect(target_version_id=self.v2.id, status="fixed")
        defect.write({"ticket_ids": [Command.link(live.id), Command.link(archived.id)]})
        archived.active = False
        self.v2.with_user(self.support_manager).action_support_publish_release()
        self.run_notices()
        self.assertEqual(len(self.told(live)), 1)
        self.assertFalse(self.told(archived))
        self.assertEqual(defect.status, "released")
        self.assertFalse(defect.notice)

    def test_reopened_ticket_is_not_told_again(self):
        """MQ 1.2 «При поступлении от Пользователя информации по закрытому
        обращению, такое обращение снова открывается» (R-60); MQ 1.4: a
        linked ticket told of the release, closed, then reopened by the
        customer is still a confirmed bug (outside the limit) and is not
        told of the same release again."""
        ticket = self.make_ticket(self.mq_contact, name="Reopened later")
        defect = self.released_defect(ticket)
        ticket.stage_id = self.stage_done
        self.process(
            customer_mail(
                self.mq_contact,
                f"Re: [{ticket.number}] Version 1.1 with the fix is released",
                "It came back",
                "reopen-after-release",
            )
        )
        self.assertFalse(ticket.stage_id.closed, "the customer's mail reopens it")
        self.assertTrue(ticket.support_defect_confirmed_date)
        self.assertFalse(ticket._support_takes_slot())
        self.v2.with_user(self.support_manager).action_support_publish_release()
        self.run_notices()
        self.assertEqual(len(self.told(ticket)), 1)
        self.assertEqual(defect.status, "released")

    def test_cron_runner_tells_in_russian(self):
        """MQ 1.4 «Уведомление о выходе версии с исправлением»: the
        scheduled action, run as the cron runner (no language, no context)
        in a Russian company, tells the Russian-speaking customer in
        Russian, the public title in its Russian translation."""
        defect = self.make_defect(target_version_id=self.v2.id, status="fixed")
        defect.with_context(lang="ru_RU").public_title = "События не коррелируются"
        ticket = self.make_ticket(self.ru_contact, name="RU cron")
        defect.write({"ticket_ids": [Command.link(ticket.id)]})
        self.v2.with_user(self.support_manager).action_support_publish_release()
        cron = self.env.ref(
            "helpdesk_mgmt_support_contract.ir_cron_support_defect_notices"
        )
        runner = self.env(user=cron.user_id.id, context={})
        runner["helpdesk.ticket"]._cron_support_defect_notices()
        told = self.told(ticket)
        self.assertEqual(len(told), 1)
        self.assertIn("События не коррелируются", told.body)
        self.assertNotIn("Events are not correlated", told.body)
        self.assertIn("1.1", told.subject or told.body)

    def test_relinking_the_same_defect_tells_nobody_twice(self):
        """MQ 1.4 «Уведомление о выходе версии с исправлением»: each ticket
        is told once. Linking again a ticket already linked to the defect
        (the defect's list saved with every ticket, the ticket's form saved
        with the same defect) is no new link: a second publish of the
        release does not tell it again."""
        first = self.make_ticket(self.mq_contact, name="Linked once")
        defect = self.released_defect(first)
        defect.with_user(self.support_user).write(
            {"ticket_ids": [Command.set(first.ids)]}
        )
        first.with_user(self.support_user).write({"support_defect_id": defect.id})
        self.v2.with_user(self.support_manager).action_support_publish_release()
        self.run_notices()
        self.assertEqual(len(self.told(first)), 1, "told twice of one release")

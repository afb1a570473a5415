# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Known defects and releases (MQ 1.4, DS 2.2, DS 4.5, DS 5.10), with both
presets loaded in one company and the clock frozen."""

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from .common import SupportTicketCase

CONFIRMATION_REASON = "helpdesk_mgmt_support_contract.waiting_reason_information"


class DefectCase(SupportTicketCase):
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
        tickets = self.Ticket.create(
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
        per defect, counted from its confirmation in the working time of the
        strictest linked customer (the earliest deadline); none for a
        defect that is not critical."""
        defect = self.make_defect(critical=True)
        self.assertEqual(defect.critical_date, defect.confirmed_date)
        mq_ticket = self.make_ticket(self.mq_contact)
        ds_ticket = self.make_ticket(self.ds_contact)
        defect.with_user(self.support_user).write(
            {"ticket_ids": [Command.link(mq_ticket.id), Command.link(ds_ticket.id)]}
        )
        calendars = (mq_ticket | ds_ticket).support_tier_id.resource_calendar_id
        expected = min(
            self.Defect._fix_deadline_in(calendar, defect.critical_date, 10)
            for calendar in calendars
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
        """MQ 1.4: a defect gathers its own vendor's tickets; a ticket of
        another company is never linked to it (nor seen through it)."""
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
        """MQ 1.4: staff confirm and link, the managers own the defect and
        its status (R-24): a support user links tickets only."""
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
        in_work = self.Ticket.create(
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

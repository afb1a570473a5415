# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The SLA lifecycle where the rules meet (R-22, R-30, R-60, R-61): a
ticket closed for want of a reply and reopened, a reopening at the
customer's limit, a vendor-side wait before the answer, the auto-close of
one regulation beside another without one. Each path through the entry
point a user takes (mail gateway, portal over HTTP, backend form, the
scheduled action), both presets (DS and MQ) loaded in one company."""

from datetime import timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.tests import Form, new_test_user, tagged
from odoo.tools.misc import file_open

from ..models.helpdesk_support_sla_timer import OPEN_STATES
from ..models.helpdesk_ticket_lifecycle import (
    LIFECYCLE,
    LIFECYCLE_EVENTS,
    PAUSED_BY_SIDE,
    ROUTED_EVENTS,
    SLA_STATE_FIELDS,
)
from ..tools.lifecycle_scope import LifecycleViolation
from .common import SupportHttpCase, SupportTicketCase, naive
from .test_sla_reply import raw_reply

XMLID = "helpdesk_mgmt_support_contract.waiting_reason_%s"


class LifecycleCase(SupportTicketCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.information = cls.env.ref(XMLID % "information")
        cls.development = cls.env.ref(XMLID % "development")
        cls.autoclosed = cls.env.ref(
            "helpdesk_mgmt_support_contract.helpdesk_ticket_stage_autoclosed"
        )

    def autoclose(self, when):
        with freeze_time(when):
            return self.env["helpdesk.ticket"]._cron_support_autoclose()

    def set_reason(self, ticket, reason, when):
        """A support user sets the waiting reason on the ticket's form."""
        with freeze_time(when):
            with Form(ticket.with_user(self.support_user)) as form:
                form.support_waiting_reason_id = reason

    def running(self, ticket, kinds=("response", "reply")):
        """Open timers of ``kinds`` counting (not paused), with a deadline."""
        return ticket.support_sla_timer_ids.filtered(
            lambda t: t.kind in kinds
            and t.state in ("running", "at_risk")
            and t.deadline
        )


@tagged("post_install", "-at_install")
class TestLifecycleTable(LifecycleCase):
    def test_table_names_a_clause_and_a_handler_for_every_event(self):
        """R-22, R-30, R-60, R-61: every event of the table says which
        clause it applies and the code it is applied with, and has its
        handler. MQ 1.2: «При поступлении от Пользователя информации по
        закрытому обращению, такое обращение снова открывается»."""
        self.assertEqual(len(LIFECYCLE_EVENTS), len(LIFECYCLE))
        self.assertEqual(ROUTED_EVENTS, frozenset(LIFECYCLE_EVENTS))
        for row in LIFECYCLE:
            self.assertTrue(row.clause and row.applied_by, row.event)
            self.assertTrue(
                hasattr(self.Ticket, f"_support_lifecycle_{row.event}"), row.event
            )
        self.assertEqual(PAUSED_BY_SIDE["vendor"], ())
        # README's "The SLA, as the regulations word it" shows this table
        with file_open("helpdesk_mgmt_support_contract/README.md") as readme:
            text = readme.read()
        for row in LIFECYCLE:
            self.assertIn(f"| `{row.event}` | {row.clause} |", text, row.event)
        with self.assertRaises(ValueError):
            self.Ticket.browse()._support_lifecycle_event("recalculated")


@tagged("post_install", "-at_install")
class TestNothingElseWritesTheState(LifecycleCase):
    """The SLA state — the timers (MQ 1.2 «Основным показателем SLA является
    гарантированное время ответа», R-21), the slot of the limit (MQ Appendix
    1, R-30), the auto-close countdown (MQ 1.2, R-60) — moves only through an
    event of the lifecycle: a write outside one is refused, even as the
    superuser, so a new path that forgets the event fails in the tests."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contact = cls.make_customer("mq_basic", name="Outside LLC")

    def test_timers_refuse_writes_outside_an_event(self):
        """R-21 (MQ 1.2): a write of a timer outside a lifecycle event is refused, even
        as the superuser."""
        with freeze_time("2026-06-01 07:00:00"):
            ticket = self.make_ticket(self.contact)
        timer = ticket.sudo().support_sla_timer_ids
        self.assertEqual(len(timer), 1)
        attempts = {
            "write": lambda: timer.write({"state": "met"}),
            "batched write": lambda: timer._write_values(
                {timer.id: {"deadline": naive("2026-06-03 07:00:00")}}
            ),
            "create": lambda: timer.copy(),
            "unlink": lambda: timer.unlink(),
            "pause": lambda: timer._pause(naive("2026-06-01 08:00:00")),
            "start": lambda: ticket._support_start_timers(),
            "release": lambda: ticket._support_release_slots(),
            "reclassify": lambda: ticket._support_apply_reclassification(
                ticket.category_id, ticket.support_sla_level_id, "outside"
            ),
            "critical fix": lambda: ticket._support_start_critical_fix(
                naive("2026-06-01 08:00:00")
            ),
        }
        for name, attempt in attempts.items():
            with self.subTest(name), self.assertRaises(LifecycleViolation):
                with self.env.cr.savepoint():
                    attempt()
        self.assertEqual(timer.state, "running")

    def test_ticket_state_fields_refuse_writes_outside_an_event(self):
        """R-21, R-30, R-60 (MQ 1.2, MQ Appendix 1): the ticket's SLA state fields
        refuse writes outside a lifecycle event."""
        with freeze_time("2026-06-01 07:00:00"):
            ticket = self.make_ticket(self.contact)
        for fname in SLA_STATE_FIELDS:
            value = True if fname == "support_queued" else naive("2026-06-05 15:00:00")
            with self.subTest(fname), self.assertRaises(LifecycleViolation):
                with self.env.cr.savepoint():
                    ticket.sudo().write({fname: value})
            with self.subTest(f"create {fname}"), self.assertRaises(LifecycleViolation):
                with self.env.cr.savepoint():
                    self.make_ticket(self.contact, **{fname: value})
        self.assertFalse(ticket.support_queued)
        self.assertFalse(ticket.support_autoclose_date)

    def test_the_same_writes_inside_an_event_go_through(self):
        """The refusal is the scope's, not the values': the waiting event
        writes the auto-close date the test could not (MQ 1.2 «в течение 3
        (трех) рабочих дней», R-60)."""
        with freeze_time("2026-06-01 07:00:00"):
            ticket = self.make_ticket(self.contact)
        self.set_reason(ticket, self.information, "2026-06-01 08:00:00")
        self.assertTrue(ticket.support_autoclose_date)
        self.assertEqual(ticket.support_sla_timer_ids.state, "paused")


@tagged("post_install", "-at_install")
class TestReopenedAfterAutoclose(LifecycleCase):
    """An MQ Basic customer writes by mail (R-50); Mon 1 Jun 2026 07:00 UTC
    is 10:00 in Moscow."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.support_alias("reply.test", cls.team)
        cls.contact = cls.make_customer("mq_basic", name="Reopen LLC")

    def test_reopened_by_mail_after_autoclose_is_not_closed_again(self):
        """MQ 1.2: «При поступлении от Пользователя информации по закрытому
        обращению, такое обращение снова открывается…»; the auto-close
        applies only «При отсутствии реакции Пользователя» (R-60, R-61).

        Answered with *Waiting for information*, auto-closed, then the
        customer replies by mail: the ticket is open, waits for no one, has
        a running response timer with a deadline and no auto-close date,
        and the scheduled action never closes it again while the customer
        was the last to speak."""
        self.process(
            raw_reply(
                self.contact.email,
                "Exchange fails",
                "Documents are not sent",
                "first",
                "Mon, 01 Jun 2026 10:00:00 +0300",
            ),
            "2026-06-01 07:00:00",
        )
        ticket = self.Ticket.search([("name", "=", "Exchange fails")])
        self.assertEqual(len(ticket), 1)
        self.staff_reply(ticket, "2026-06-01 08:00:00")
        self.set_reason(ticket, self.information, "2026-06-01 08:00:00")
        self.assertTrue(ticket.support_autoclose_date)
        # three working days are long past on Monday 8 June
        self.assertEqual(self.autoclose("2026-06-08 07:00:00"), ticket)
        self.assertEqual(ticket.stage_id, self.autoclosed)
        self.assertFalse(ticket.support_waiting_reason_id)

        self.process(
            raw_reply(
                self.contact.email,
                f"Re: [{ticket.number}] Exchange fails",
                "Here is the log you asked for",
                "log",
                "Mon, 08 Jun 2026 11:00:00 +0300",
            ),
            "2026-06-08 08:00:00",
        )
        self.assertFalse(ticket.stage_id.closed)
        self.assertTrue(self.messages(ticket, "Reopened by the customer"))
        self.assertFalse(ticket.support_waiting_reason_id)
        self.assertFalse(ticket.support_sla_paused)
        self.assertFalse(ticket.support_autoclose_date)
        self.assertFalse(ticket.support_waiting_since)
        timer = self.running(ticket)
        self.assertEqual(len(timer), 1)
        self.assertEqual(timer.start_date, naive("2026-06-08 08:00:00"))
        self.assertGreater(timer.deadline, naive("2026-06-08 08:00:00"))
        self.assertFalse(self.autoclose("2026-06-22 07:00:00"))
        self.assertFalse(ticket.stage_id.closed)


@tagged("post_install", "-at_install")
class TestVendorSideWaitKeepsTheClock(LifecycleCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mq = cls.make_customer("mq_basic", name="Vendor wait LLC")
        cls.ds = cls.make_customer("ds_commercial", "licensee", name="Vendor JSC")

    def test_needs_development_before_the_answer_keeps_the_response_running(self):
        """MQ 1.2: «Основным показателем SLA является гарантированное время
        ответа»; DS 2.3: «Служба технической поддержки не может
        гарантировать время решения проблемы, т. к. на время решения
        проблемы могут влиять … необходимость подготовки и выпуска
        обновления» (R-22): a vendor-side reason set on the form before any
        answer pauses neither the response nor the reply timer, starts no
        auto-close; only a wait for the customer pauses them."""
        for contact in (self.mq, self.ds):
            with self.subTest(contact=contact.name):
                with freeze_time("2026-06-01 07:00:00"):
                    ticket = self.make_ticket(contact)
                deadline = self.response_timer(ticket).deadline
                self.set_reason(ticket, self.development, "2026-06-01 07:30:00")
                self.assertEqual(ticket.support_waiting_reason_id, self.development)
                self.assertFalse(ticket.support_sla_paused)
                self.assertEqual(self.running(ticket), self.response_timer(ticket))
                self.assertEqual(self.response_timer(ticket).deadline, deadline)
                self.assertFalse(ticket.support_autoclose_date)
                # the breach is not avoided by parking the ticket
                with freeze_time(deadline + timedelta(minutes=1)):
                    self.Timer._cron_update_states()
                self.assertEqual(self.response_timer(ticket).state, "breached")
                # a wait for the customer does pause the clocks
                with freeze_time("2026-06-01 07:00:00"):
                    other = self.make_ticket(contact)
                self.set_reason(other, self.information, "2026-06-01 07:30:00")
                self.assertTrue(other.support_sla_paused)
                self.assertEqual(self.response_timer(other).state, "paused")
                # and moving it to the vendor's side resumes them
                self.set_reason(other, self.development, "2026-06-01 08:00:00")
                self.assertEqual(self.running(other), self.response_timer(other))
                self.assertFalse(other.support_autoclose_date)


@tagged("post_install", "-at_install")
class TestAutocloseBelongsToTheRegulation(LifecycleCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mq = cls.make_customer("mq_basic", name="MQ close LLC")
        cls.ds = cls.make_customer("ds_commercial", "licensee", name="DS close JSC")
        cls.regulation_ds = cls.by_code("helpdesk.support.regulation", "ds")
        cls.regulation_mq = cls.by_code("helpdesk.support.regulation", "mq")

    def test_ds_ticket_waiting_for_information_is_never_autoclosed(self):
        """MQ 1.2: «При отсутствии реакции Пользователя … в течение 3 (трех)
        рабочих дней … обращение считается неактуальным … а само обращение
        - закрытым»; DS has no such clause (DS 5.10 only lists why a
        solution is postponed). R-60: the auto-close belongs to the
        regulation; with both presets in one company a DS ticket waiting
        for information stays open, an MQ one is closed."""
        self.assertTrue(self.regulation_mq.autoclose)
        self.assertEqual(self.regulation_mq.autoclose_days, 3)
        self.assertFalse(self.regulation_ds.autoclose)
        with freeze_time("2026-06-01 07:00:00"):
            ds_ticket = self.make_ticket(self.ds)
            mq_ticket = self.make_ticket(self.mq)
        for ticket in ds_ticket | mq_ticket:
            self.staff_reply(ticket, "2026-06-01 07:30:00")
            self.set_reason(ticket, self.information, "2026-06-01 08:00:00")
            self.assertTrue(ticket.support_sla_paused)
        self.assertFalse(ds_ticket.support_autoclose_date)
        self.assertTrue(mq_ticket.support_autoclose_date)
        self.assertEqual(self.autoclose("2026-06-30 07:00:00"), mq_ticket)
        self.assertEqual(mq_ticket.stage_id, self.autoclosed)
        self.assertFalse(ds_ticket.stage_id.closed)
        self.assertFalse(self.messages(ds_ticket, "we received no reply"))

    def test_countdown_runs_from_the_request_the_customer_received(self):
        """MQ 1.2: «При отсутствии реакции Пользователя на предложенное
        Службой технической поддержки решения и/или запрос дополнительной
        информации в течение 3 (трех) рабочих дней с даты получения
        Пользователем соответствующего решения или запроса от Службы
        технической поддержки, обращение считается неактуальным» (R-60).

        The three working days run from the date the customer received the request, not
        from the moment staff set the waiting reason: a reason set on Monday 1 June
        before anything was sent, the request sent on Wednesday 3 June, gives the
        customer Thursday, Friday and Monday — the ticket is not closed on Friday 5
        June, and is at the end of Monday 8 June's working day (Russian law's reading of
        a period from a date, ГК РФ ст. 191, 194: from the next day to the end of the
        last). A later request sent while the ticket still waits restarts the count the
        same way."""
        with freeze_time("2026-06-01 07:00:00"):
            ticket = self.make_ticket(self.mq)
        self.set_reason(ticket, self.information, "2026-06-01 08:00:00")
        self.assertTrue(ticket.support_sla_paused)
        self.staff_reply(ticket, "2026-06-03 08:00:00")
        self.assertEqual(ticket.support_waiting_since, naive("2026-06-03 08:00:00"))
        self.assertEqual(ticket.support_autoclose_date, naive("2026-06-08 15:00:00"))
        self.assertFalse(self.autoclose("2026-06-05 14:00:00"))
        self.assertFalse(ticket.stage_id.closed)
        self.assertEqual(self.autoclose("2026-06-08 15:30:00"), ticket)
        self.assertEqual(ticket.stage_id, self.autoclosed)

    def test_the_setting_lives_on_the_regulation_form(self):
        """R-60 (MQ 1.2): auto-close is the rule of the regulation that
        states it, so DS tickets are auto-closed only when the DS regulation
        is configured to: a manager switches it on on the DS regulation's
        form, with its own period, and the next wait of a DS ticket counts
        down; the company's settings no longer carry a period."""
        self.assertNotIn("support_autoclose_days", self.env["res.company"]._fields)
        self.assertNotIn(
            "support_autoclose_days", self.env["res.config.settings"]._fields
        )
        regulation = self.regulation_ds.with_user(self.support_manager)
        with Form(regulation) as form:
            form.autoclose = True
            form.autoclose_days = 5
        self.assertTrue(self.regulation_ds.autoclose)
        with freeze_time("2026-06-01 07:00:00"):
            ticket = self.make_ticket(self.ds)
        self.staff_reply(ticket, "2026-06-01 07:30:00")
        self.set_reason(ticket, self.information, "2026-06-01 08:00:00")
        self.assertTrue(ticket.support_autoclose_date)
        self.assertGreater(ticket.support_autoclose_date, naive("2026-06-05 08:00:00"))


@tagged("post_install", "-at_install")
class TestReopenWithinTheLimit(SupportHttpCase):
    """An MQ Basic customer (5 tickets in work, MQ Appendix 1) on the portal;
    the requests run at the real date (contracts from 2020 to 2099)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contact = cls.make_portal_customer("Life", "limit", "mq_basic")
        cls.contract = cls.contract_of(cls.contact)
        cls.support_user = new_test_user(
            cls.env,
            login="life_support",
            groups="helpdesk_mgmt_support_contract.group_support_user",
        )
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {"name": "Life support", "user_ids": [Command.set(cls.support_user.ids)]}
        )
        cls.stage_done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        cls.bug = cls.by_code("helpdesk.ticket.category", "bug")

    def in_work(self):
        return self.env["helpdesk.ticket"].search(
            self.contract._support_in_work_domain()
        )

    def test_reply_on_the_portal_reopens_into_the_queue(self):
        """MQ Appendix 1: «Количество одновременно открытых обращений» (R-30:
        the limit holds on every way into work, so a ticket reopened by a
        reply counts again and waits in the queue when the customer is at
        its limit); MQ 1.2 «…такое обращение снова открывается» (R-61).

        Five tickets in work and a sixth queued; the customer's first
        ticket is closed (the sixth enters work), then the customer replies
        to it on the portal: it reopens in the queue, not in work, and
        enters work with a running response timer when a slot frees."""
        limit = self.contract.tier_id.open_ticket_limit
        self.assertEqual(limit, 5)
        Ticket = self.env["helpdesk.ticket"].with_context(tracking_disable=True)
        tickets = Ticket.create(
            [
                {
                    "name": f"Limit {index}",
                    "description": "x",
                    "partner_id": self.contact.id,
                    "team_id": self.team.id,
                    "category_id": self.bug.id,
                }
                for index in range(limit + 1)
            ]
        )
        first, last = tickets[0], tickets[-1]
        self.assertTrue(last.support_queued)
        first.with_user(self.support_user).stage_id = self.stage_done
        self.assertFalse(last.support_queued)
        self.assertEqual(len(self.in_work()), limit)

        self.authenticate("life_limit", "life_limit")
        self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "helpdesk.ticket",
                "thread_id": first.id,
                "post_data": {
                    "body": "It broke again",
                    "message_type": "comment",
                    "subtype_xmlid": "mail.mt_comment",
                },
            },
        )
        first.invalidate_recordset()
        self.assertFalse(first.stage_id.closed)
        self.assertTrue(first.support_queued)
        self.assertEqual(len(self.in_work()), limit)
        self.assertFalse(
            first.support_sla_timer_ids.filtered(lambda t: t.state in OPEN_STATES)
        )
        # a slot frees: the reopened ticket enters work, its clock runs
        tickets[1].with_user(self.support_user).stage_id = self.stage_done
        self.assertFalse(first.support_queued)
        self.assertEqual(len(self.in_work()), limit)
        running = first.support_sla_timer_ids.filtered(
            lambda t: t.state in ("running", "at_risk")
        )
        self.assertEqual(len(running), 1)
        self.assertTrue(running.deadline)


@tagged("post_install", "-at_install")
class TestReopenedByStaff(LifecycleCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mq = cls.make_customer("mq_basic", name="Staff reopen LLC")
        cls.ds = cls.make_customer("ds_commercial", "licensee", name="Staff JSC")
        cls.stage_progress = cls.env.ref(
            "helpdesk_mgmt.helpdesk_ticket_stage_in_progress"
        )

    def move(self, ticket, stage, when):
        """A support user moves the ticket on its form."""
        with freeze_time(when):
            with Form(ticket.with_user(self.support_user)) as form:
                form.stage_id = stage

    def test_reopened_by_staff_runs_the_response_clock_again(self):
        """MQ 1.2: «Основным показателем SLA является гарантированное время
        ответа» and «Одновременно в работе Службы технической поддержки
        может находиться ограниченное количество обращений»; DS 2.1:
        «Максимальный срок реакции на обращение определяется установленным
        уровнем поддержки (SLA)» (R-21, R-30, R-61). A ticket a support user
        closed and then moved back into work is under its level again: a
        new running response timer with a deadline from the reopening, the
        timer the closing met left as it was."""
        for contact in (self.mq, self.ds):
            with self.subTest(contact=contact.name):
                with freeze_time("2026-06-01 07:00:00"):
                    ticket = self.make_ticket(contact)
                first = self.response_timer(ticket)
                self.move(ticket, self.stage_done, "2026-06-01 08:00:00")
                self.assertEqual(first.state, "met")
                met_date = first.met_date
                self.move(ticket, self.stage_progress, "2026-06-02 08:00:00")
                self.assertFalse(ticket.stage_id.closed)
                self.assertFalse(ticket.support_queued)
                timer = self.running(ticket)
                self.assertEqual(len(timer), 1)
                self.assertNotEqual(timer, first)
                self.assertEqual(timer.start_date, naive("2026-06-02 08:00:00"))
                self.assertGreater(timer.deadline, naive("2026-06-02 08:00:00"))
                self.assertEqual((first.state, first.met_date), ("met", met_date))

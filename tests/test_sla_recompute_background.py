# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""R-03, R-21: a change of working time never recomputes the open
deadlines inside the request that saves it; it marks the schedules and
triggers the scheduled action, which recomputes them in committed batches
with progress."""

from datetime import timedelta

from freezegun import freeze_time
from pytz import utc

from odoo import Command
from odoo.tests import JsonRpcException, tagged

from .common import SUPPORT_MANAGER, SUPPORT_USER, SupportHttpCase, naive

CRON = "helpdesk_mgmt_support_contract.ir_cron_support_sla_recompute"
BATCH_PARAM = "helpdesk_mgmt_support_contract.sla_recompute_batch"
# Mon 2 March 2026 17:00 Moscow: DS licensee standard, 6 working hours on
# 10:00-18:00 -> Tue 3 March 15:00 Moscow (12:00 UTC); MQ Basic, 1 working
# day on 09:00-18:00 -> Tue 3 March 17:00 Moscow (14:00 UTC)
CREATED = "2026-03-02 14:00:00"
BEFORE_DUE = "2026-03-02 14:30:00"
# Tuesday 10:00-18:00 Moscow off on the DS schedule
LEAVE = {"date_from": "2026-03-03 07:00:00", "date_to": "2026-03-03 15:00:00"}


@tagged("post_install", "-at_install")
class TestSlaRecomputeInBackground(SupportHttpCase):
    """Both presets in the main company, as the demo ships. The HTTP requests
    run on the real clock; tickets are opened and the action run at frozen,
    explicit instants, so nothing depends on today's date."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = cls.make_user("recompute_manager", SUPPORT_MANAGER)
        cls.support = cls.make_user("recompute_support", SUPPORT_USER)
        # Odoo lets administrators alone edit the leaves of a schedule
        cls.admin = cls.make_user(
            "recompute_admin", "base.group_user,base.group_system"
        )
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {"name": "Recompute support", "user_ids": [Command.set(cls.support.ids)]}
        )
        cls.ds_contact = cls.portal_contact(
            "DS Recompute JSC", "ds_commercial", "recompute_ds", "licensee"
        )
        cls.mq_contact = cls.portal_contact(
            "MQ Recompute LLC", "mq_basic", "recompute_mq"
        )
        cls.mq_contract = cls.env["helpdesk.support.contract"].search(
            [("contact_ids", "in", cls.mq_contact.ids)]
        )
        cls.ds_calendar = cls.by_code(
            "helpdesk.support.tier", "ds_commercial"
        ).resource_calendar_id
        cls.cron = cls.env.ref(CRON)
        cls.Timer = cls.env["helpdesk.support.sla.timer"]

    def ticket(self, contact, when=CREATED):
        with freeze_time(when):
            return self.env["helpdesk.ticket"].create(
                {
                    "name": "Deadline",
                    "description": "<p>x</p>",
                    "partner_id": contact.id,
                    "team_id": self.team.id,
                }
            )

    def timer(self, ticket):
        ticket.invalidate_recordset()
        timer = ticket.support_sla_timer_ids.filtered(lambda t: t.kind == "response")
        timer.invalidate_recordset()
        return timer

    def call_kw(self, login, model, method, args, kwargs=None):
        self.authenticate(login, login)
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    def add_holiday_over_rpc(self, context=None):
        """Tuesday 3 March a holiday of the Russian production calendar both
        regulations' schedules follow, added by a support manager."""
        production = self.ds_calendar.production_calendar_id
        self.assertTrue(production)
        return self.call_kw(
            "recompute_manager",
            "resource.production.calendar.day",
            "create",
            [
                {
                    "production_calendar_id": production.id,
                    "date": "2026-03-03",
                    "kind": "holiday",
                    "name": "Company holiday",
                }
            ],
            {"context": context or {}},
        )

    def add_leave_over_rpc(self, context=None):
        return self.call_kw(
            "recompute_admin",
            "resource.calendar.leaves",
            "create",
            [{"name": "Office closed", "calendar_id": self.ds_calendar.id, **LEAVE}],
            {"context": context or {}},
        )

    def triggers(self):
        return self.env["ir.cron.trigger"].search([("cron_id", "=", self.cron.id)])

    def run_cron(self, when=BEFORE_DUE):
        with freeze_time(when):
            self.cron.method_direct_trigger()
        self.env.invalidate_all()
        return self.env["ir.cron.progress"].search(
            [("cron_id", "=", self.cron.id)], order="id desc", limit=1
        )

    def assert_not_moved_but_pending(self, tickets, deadlines):
        """The request recomputed nothing: same deadlines, same states, the
        timers marked pending and the ticket form saying so to staff."""
        for ticket, deadline in zip(tickets, deadlines, strict=True):
            timer = self.timer(ticket)
            self.assertEqual(timer.deadline, naive(deadline))
            self.assertEqual(ticket.support_sla_deadline, naive(deadline))
            self.assertEqual(timer.state, "running")
            self.assertTrue(timer.recompute_pending)
        reads = self.call_kw(
            "recompute_support",
            "helpdesk.ticket",
            "read",
            [[t.id for t in tickets], ["support_sla_recompute_pending"]],
        )
        self.assertTrue(all(read["support_sla_recompute_pending"] for read in reads))
        views = self.call_kw(
            "recompute_support", "helpdesk.ticket", "get_views", [[[False, "form"]]]
        )
        form = views["views"]["form"]["arch"]
        self.assertIn('name="support_sla_recompute_pending"', form)
        self.assertIn("Deadline being recomputed", form)

    def assert_recomputed(self, ticket, deadline):
        timer = self.timer(ticket)
        self.assertEqual(timer.deadline, naive(deadline))
        calendar = timer.resource_calendar_id
        planned = calendar.plan_hours(
            timer.target_value
            * (calendar.hours_per_day if timer.target_unit == "days" else 1),
            utc.localize(timer.start_date),
            compute_leaves=True,
        )
        self.assertAlmostEqual(
            planned.astimezone(utc).replace(tzinfo=None),
            timer.deadline,
            delta=timedelta(seconds=1),
        )
        self.assertEqual(ticket.support_sla_deadline, naive(deadline))
        self.assertEqual(timer.state, "running")
        self.assertFalse(timer.recompute_pending)
        self.assertFalse(ticket.support_sla_recompute_pending)

    def test_holiday_over_rpc_is_recomputed_in_background(self):
        """DS 2.1: «по рабочим дням с 10 до 18 часов московского времени,
        кроме выходных и праздничных дней (по календарю праздничных дней
        России). Время реакции на обращения включает в себя только рабочее
        время»; MQ 1.2: «График 8x5 – с Пн по Пт, с 9:00 до 18:00 ... в
        выходные и праздничные (согласно производственному календарю РФ)
        дни поддержка не оказывается».

        A holiday a support manager adds to the production calendar over
        JSON-RPC leaves the open deadlines of both regulations as they were
        in that request, marks them pending and triggers the action; the
        action moves each to the next working day and clears the mark."""
        ds_ticket = self.ticket(self.ds_contact)
        mq_ticket = self.ticket(self.mq_contact)
        self.assertEqual(self.timer(ds_ticket).deadline, naive("2026-03-03 12:00:00"))
        self.assertEqual(self.timer(mq_ticket).deadline, naive("2026-03-03 14:00:00"))
        self.assertFalse(self.timer(ds_ticket).recompute_pending)
        triggers = self.triggers()

        self.add_holiday_over_rpc()

        self.assertTrue(self.triggers() - triggers)
        self.assert_not_moved_but_pending(
            [ds_ticket, mq_ticket], ["2026-03-03 12:00:00", "2026-03-03 14:00:00"]
        )

        progress = self.run_cron()

        self.assertEqual((progress.done, progress.remaining), (2, 0))
        # Tuesday off: DS 6 working hours end on Wednesday 15:00 Moscow, the
        # MQ working day on Wednesday 17:00 Moscow
        self.assert_recomputed(ds_ticket, "2026-03-04 12:00:00")
        self.assert_recomputed(mq_ticket, "2026-03-04 14:00:00")

    def test_leave_over_rpc_is_recomputed_in_background(self):
        """DS 2.1 («Время реакции на обращения включает в себя только рабочее
        время»): a leave of the DS schedule an administrator adds over
        JSON-RPC marks the DS deadline only; the MQ schedule did not change
        and its deadline is not touched. Hostile: the client's
        ``support_sla_no_recompute`` changes nothing."""
        ds_ticket = self.ticket(self.ds_contact)
        mq_ticket = self.ticket(self.mq_contact)
        triggers = self.triggers()

        self.add_leave_over_rpc({"support_sla_no_recompute": True})

        self.assertTrue(self.triggers() - triggers)
        self.assert_not_moved_but_pending([ds_ticket], ["2026-03-03 12:00:00"])
        self.assertFalse(self.timer(mq_ticket).recompute_pending)

        progress = self.run_cron()

        self.assertEqual((progress.done, progress.remaining), (1, 0))
        self.assert_recomputed(ds_ticket, "2026-03-04 12:00:00")
        self.assertEqual(self.timer(mq_ticket).deadline, naive("2026-03-03 14:00:00"))

    def test_portal_page_says_the_deadline_is_recomputed(self):
        """DS 2.1 (working time «по календарю праздничных дней России»): the
        customer reading the ticket on the portal while its deadline moves is
        told so, and no longer once it has moved."""
        ticket = self.ticket(self.ds_contact)
        self.add_leave_over_rpc()
        self.authenticate("recompute_ds", "recompute_ds")
        page = self.url_open(f"/my/ticket/{ticket.id}").text
        self.assertIn('id="support_sla_recompute_pending"', page)
        self.run_cron()
        page = self.url_open(f"/my/ticket/{ticket.id}").text
        self.assertNotIn('id="support_sla_recompute_pending"', page)

    def test_batches_report_progress_and_skip_closed_timers(self):
        """DS 2.1 / MQ 1.2 (deadlines follow the holiday calendar): with a
        batch of 2, each run of the action recomputes 2 pending deadlines and
        reports what remains through ``ir.cron._notify_progress``; a timer
        met before its turn is history and is skipped (R-21)."""
        self.env["ir.config_parameter"].set_param(BATCH_PARAM, "2")
        tickets = [self.ticket(self.ds_contact) for _i in range(6)]
        with freeze_time("2026-03-02 14:10:00"):
            tickets[0].with_user(self.support).message_post(
                body="Answer", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
        met = self.timer(tickets[0])
        self.assertEqual(met.state, "met")
        self.env["resource.calendar.leaves"].with_user(self.admin).create(
            [{"name": "Office closed", "calendar_id": self.ds_calendar.id, **LEAVE}]
        )
        open_timers = self.Timer.union(*(self.timer(t) for t in tickets[1:]))
        self.assertTrue(all(open_timers.mapped("recompute_pending")))
        self.assertFalse(met.recompute_pending)
        rounds = []
        for _round in range(3):
            progress = self.run_cron()
            rounds.append((progress.done, progress.remaining))
        self.assertEqual(rounds, [(2, 3), (2, 1), (1, 0)])
        self.assertEqual(
            open_timers.mapped("deadline"), [naive("2026-03-04 12:00:00")] * 5
        )
        self.assertFalse(any(open_timers.mapped("recompute_pending")))
        self.assertEqual(met.deadline, naive("2026-03-03 12:00:00"))
        self.assertEqual(met.state, "met")
        # nothing left: the action does nothing
        self.assertEqual(self.run_cron().done, 0)

    def test_breach_pass_waits_for_the_recompute(self):
        """DS 2.1: «Время реакции на обращения включает в себя только
        рабочее время» — a deadline a new holiday moves is not breached on
        its old date by the at-risk and breach action while the recompute is
        pending (a breach is never undone); the recompute gives its state."""
        ticket = self.ticket(self.ds_contact)
        self.add_leave_over_rpc()
        # Tue 3 March 16:00 Moscow: past the old deadline, not the new one
        with freeze_time("2026-03-03 13:00:00"):
            self.Timer._cron_update_states()
        self.assertEqual(self.timer(ticket).state, "running")
        self.run_cron("2026-03-03 13:00:00")
        timer = self.timer(ticket)
        self.assertEqual(timer.deadline, naive("2026-03-04 12:00:00"))
        self.assertEqual(timer.state, "running")

    def test_deadline_moved_into_the_past_is_breached_once_with_its_note(self):
        """DS 2.1 (holidays are not working time, working days are): a
        leave removed gives back Tuesday; a deadline it brings back before
        now is breached by the action on its real date, with the note on
        the ticket, as the breach action gives it (R-62)."""
        ticket = self.ticket(self.ds_contact)
        leave_id = self.add_leave_over_rpc()
        self.run_cron()
        self.assertEqual(self.timer(ticket).deadline, naive("2026-03-04 12:00:00"))
        self.call_kw(
            "recompute_admin", "resource.calendar.leaves", "unlink", [[leave_id]]
        )
        self.assertEqual(self.timer(ticket).deadline, naive("2026-03-04 12:00:00"))
        self.run_cron("2026-03-03 13:00:00")
        timer = self.timer(ticket)
        self.assertEqual(timer.state, "breached")
        self.assertEqual(timer.breached_date, naive("2026-03-03 12:00:00"))
        notes = self.env["mail.message"].search(
            [
                ("model", "=", "helpdesk.ticket"),
                ("res_id", "=", ticket.id),
                ("body", "ilike", "SLA breached"),
            ]
        )
        self.assertEqual(len(notes), 1)

    def test_generation_is_not_written_by_clients(self):
        """R-03, R-21: Hostile: an administrator's client cannot write a schedule's SLA
        generation over JSON-RPC (that would hide pending deadlines)."""
        ticket = self.ticket(self.ds_contact)
        self.add_leave_over_rpc()
        with self.assertRaises(JsonRpcException) as catcher:
            self.call_kw(
                "recompute_admin",
                "resource.calendar",
                "write",
                [self.ds_calendar.ids, {"support_sla_generation": 0}],
            )
        self.assertIn("AccessError", str(catcher.exception))
        self.assertTrue(self.timer(ticket).recompute_pending)

    def test_tier_change_over_rpc_is_followed_in_background(self):
        """MQ 1.2: «Работа с обращениями осуществляется согласно указанному в
        сервисном договоре уровню технической поддержки»; MQ appendix 1:
        Basic «1 рабочий день», Premium «2 часа» (24x7).

        A support manager moves the contract from Basic to Premium over
        JSON-RPC: the save re-applies nothing (the open tickets keep their
        Basic timers, marked *being recomputed*) and triggers the action; with
        a batch of 2 the action re-applies the SLA to two tickets a run,
        reporting what remains, gives each the note of the change and skips
        a ticket closed meanwhile. Hostile: the manager cannot clear the
        mark over JSON-RPC."""
        self.env["ir.config_parameter"].set_param(BATCH_PARAM, "2")
        tickets = [self.ticket(self.mq_contact) for _i in range(4)]
        closed = tickets.pop()
        for ticket in tickets:
            self.assertEqual(self.timer(ticket).deadline, naive("2026-03-03 14:00:00"))
        triggers = self.triggers()

        self.call_kw(
            "recompute_manager",
            "helpdesk.support.contract",
            "write",
            [
                self.mq_contract.ids,
                {"tier_id": self.by_code("helpdesk.support.tier", "mq_premium").id},
            ],
        )

        self.assertTrue(self.triggers() - triggers)
        for ticket in tickets:
            timer = self.timer(ticket)
            self.assertEqual((timer.target_value, timer.target_unit), (1, "days"))
            self.assertEqual(timer.deadline, naive("2026-03-03 14:00:00"))
        reads = self.call_kw(
            "recompute_support",
            "helpdesk.ticket",
            "read",
            [[t.id for t in tickets], ["support_sla_recompute_pending"]],
        )
        self.assertTrue(all(read["support_sla_recompute_pending"] for read in reads))
        with self.assertRaises(JsonRpcException) as catcher:
            self.call_kw(
                "recompute_manager",
                "helpdesk.support.contract",
                "write",
                [self.mq_contract.ids, {"support_follow_pending": False}],
            )
        self.assertIn("AccessError", str(catcher.exception))
        with freeze_time("2026-03-02 14:20:00"):
            closed.stage_id = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")

        rounds = [self.run_cron() for _round in range(2)]

        self.assertEqual(
            [(progress.done, progress.remaining) for progress in rounds],
            [(2, 1), (1, 0)],
        )
        for ticket in tickets:
            timer = self.timer(ticket)
            self.assertEqual((timer.target_value, timer.target_unit), (2, "hours"))
            # 24x7: two hours from Mon 14:00 UTC
            self.assertEqual(timer.deadline, naive("2026-03-02 16:00:00"))
            self.assertFalse(ticket.support_sla_recompute_pending)
            notes = self.env["mail.message"].search(
                [
                    ("model", "=", "helpdesk.ticket"),
                    ("res_id", "=", ticket.id),
                    ("body", "ilike", "SLA re-applied"),
                ]
            )
            self.assertEqual(len(notes), 1)
            self.assertIn("Basic → Premium", notes.body)
        self.assertEqual(self.timer(closed).target_unit, "days")
        self.assertFalse(self.mq_contract.support_follow_pending)

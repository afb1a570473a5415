# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import SupportTicketCase, naive


@tagged("post_install", "-at_install")
class TestSlaLifecycle(SupportTicketCase):
    """Replies, pauses, at-risk, breach, closing, critical defects."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vip = cls.make_customer("ds_vip", "licensee")
        cls.reason = cls.env.ref(
            "helpdesk_mgmt_support_contract.waiting_reason_information"
        )

    def new_ticket(self, when="2026-06-01 07:00:00", **vals):
        # Mon 1 Jun 2026, 10:00 Moscow; VIP: 2 working hours -> 12:00 Moscow
        with freeze_time(when):
            return self.make_ticket(self.vip, **vals)

    def test_first_public_reply_meets_response(self):
        """R-21: the first public staff reply meets the response timer."""
        ticket = self.new_ticket()
        timer = self.response_timer(ticket)
        self.assertEqual(timer.deadline, naive("2026-06-01 09:00:00"))
        self.staff_reply(ticket, "2026-06-01 08:00:00", subtype="mail.mt_note")
        self.assertEqual(timer.state, "running", "an internal note is no reply")
        self.staff_reply(
            ticket, "2026-06-01 08:10:00", user=self.env.ref("base.user_root")
        )
        self.assertEqual(timer.state, "running", "OdooBot is no staff reply")
        self.staff_reply(ticket, "2026-06-01 08:30:00")
        self.assertEqual(timer.state, "met")
        self.assertEqual(timer.met_date, naive("2026-06-01 08:30:00"))
        self.assertEqual(timer.compliance, 100.0)
        self.assertEqual(ticket.support_sla_state, "met")
        self.assertFalse(ticket.support_sla_deadline)

    def test_customer_message_does_not_meet(self):
        """R-21: a customer's own message does not meet the response timer."""
        ticket = self.new_ticket()
        customer_user = self.env["res.users"].create(
            {
                "name": "Portal customer",
                "login": "portal_sla_customer",
                "partner_id": self.vip.id,
                "groups_id": [(6, 0, [self.env.ref("base.group_portal").id])],
            }
        )
        with freeze_time("2026-06-01 08:00:00"):
            ticket.with_user(customer_user).sudo().message_post(
                body="Any news?",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                author_id=self.vip.id,
            )
        self.assertEqual(self.response_timer(ticket).state, "running")

    def test_pause_by_waiting_reason_and_resume(self):
        """R-22 (DS 5.10): a wait for the customer pauses the response timer; the
        deadline moves by the time paused."""
        ticket = self.new_ticket()
        timer = self.response_timer(ticket)
        with freeze_time("2026-06-01 08:00:00"):  # 11:00, one hour used
            ticket.support_waiting_reason_id = self.reason
        self.assertEqual(timer.state, "paused")
        self.assertEqual(ticket.support_sla_state, "paused")
        self.assertFalse(timer.deadline)
        with freeze_time("2026-06-02 07:30:00"):  # Tue 10:30
            ticket.support_waiting_reason_id = False
        # paused: Mon 11:00-18:00 and Tue 10:00-10:30 = 7.5 working hours
        self.assertAlmostEqual(timer.paused_seconds, 7.5 * 3600)
        self.assertEqual(timer.state, "running")
        # one hour left from Tue 10:30 -> 11:30 Moscow
        self.assertEqual(timer.deadline, naive("2026-06-02 08:30:00"))
        self.assertEqual(ticket.support_sla_deadline, naive("2026-06-02 08:30:00"))

    def test_pause_by_stage(self):
        """R-22 (DS 5.10): a stage marked as pausing pauses the timer."""
        self.stage_awaiting.support_pause_sla = True
        ticket = self.new_ticket()
        timer = self.response_timer(ticket)
        with freeze_time("2026-06-01 08:00:00"):
            ticket.stage_id = self.stage_awaiting
        self.assertEqual(timer.state, "paused")
        with freeze_time("2026-06-05 14:00:00"):  # Fri 17:00
            ticket.stage_id = self.stage_new
        # paused Mon 11:00 -> Fri 17:00: 7 + 3 * 8 + 7 = 38 hours; the hour
        # left ends at 18:00 on Friday
        self.assertAlmostEqual(timer.paused_seconds, 38 * 3600)
        self.assertEqual(timer.deadline, naive("2026-06-05 15:00:00"))

    def test_created_in_pausing_stage(self):
        """R-22 (DS 5.10): a ticket created in a pausing stage starts paused."""
        self.stage_awaiting.support_pause_sla = True
        ticket = self.new_ticket(stage_id=self.stage_awaiting.id)
        timer = self.response_timer(ticket)
        self.assertEqual(timer.state, "paused")
        self.assertEqual(timer.pause_start, naive("2026-06-01 07:00:00"))

    def test_reply_while_paused_meets(self):
        """R-21, R-22: a staff reply while paused meets the timer."""
        ticket = self.new_ticket()
        with freeze_time("2026-06-01 08:00:00"):
            ticket.support_waiting_reason_id = self.reason
        self.staff_reply(ticket, "2026-06-03 08:00:00")
        self.assertEqual(self.response_timer(ticket).state, "met")

    def test_at_risk_then_breach_by_cron_once(self):
        """R-21, R-62: the scheduled action marks a timer at risk, then breached, once
        each."""
        ticket = self.new_ticket()
        other = self.new_ticket(when="2026-06-01 08:50:00")
        timer = self.response_timer(ticket)
        # 80 % of 2 hours = 96 minutes -> 11:36 Moscow
        self.assertEqual(timer.at_risk_date, naive("2026-06-01 08:36:00"))
        with freeze_time("2026-06-01 08:35:00"):
            self.Timer._cron_update_states()
        self.assertEqual(timer.state, "running")
        with freeze_time("2026-06-01 08:40:00"):
            self.Timer._cron_update_states()
        self.assertEqual(timer.state, "at_risk")
        self.assertEqual(ticket.support_sla_state, "at_risk")
        self.assertEqual(self.response_timer(other).state, "running")
        with freeze_time("2026-06-01 09:05:00"):
            self.Timer._cron_update_states()
        self.assertEqual(timer.state, "breached")
        self.assertEqual(timer.breached_date, naive("2026-06-01 09:00:00"))
        self.assertEqual(timer.compliance, 0.0)
        self.assertTrue(timer.is_overdue)
        self.assertIn(timer, self.Timer.search([("is_overdue", "=", True)]))
        notes = ticket.message_ids.filtered(lambda m: "SLA breached" in (m.body or ""))
        self.assertEqual(len(notes), 1)
        with freeze_time("2026-06-01 10:00:00"):
            self.Timer._cron_update_states()
        self.assertEqual(timer.breached_date, naive("2026-06-01 09:00:00"))
        notes = ticket.message_ids.filtered(lambda m: "SLA breached" in (m.body or ""))
        self.assertEqual(len(notes), 1, "a breach is recorded once")
        # a late answer is recorded, the breach stays
        self.staff_reply(ticket, "2026-06-01 11:00:00")
        self.assertEqual(timer.state, "breached")
        self.assertEqual(timer.met_date, naive("2026-06-01 11:00:00"))
        self.assertFalse(timer.is_overdue)

    def test_late_reply_before_cron_is_a_breach(self):
        """R-21: a reply after the deadline is a breach even before the scheduled action
        ran."""
        ticket = self.new_ticket()
        self.staff_reply(ticket, "2026-06-01 09:30:00")
        timer = self.response_timer(ticket)
        self.assertEqual(timer.state, "breached")
        self.assertEqual(timer.breached_date, naive("2026-06-01 09:00:00"))

    def test_closing_meets_open_timers(self):
        """R-21: closing a ticket meets its open timers."""
        ticket = self.new_ticket()
        with freeze_time("2026-06-01 08:00:00"):
            ticket.stage_id = self.stage_done
        self.assertEqual(self.response_timer(ticket).state, "met")

    def test_history_is_immutable(self):
        """R-21, R-29: met and breached timers are history and cannot be rewritten."""
        met = self.new_ticket()
        self.staff_reply(met, "2026-06-01 08:00:00")
        breached = self.new_ticket()
        with freeze_time("2026-06-01 09:30:00"):
            self.Timer._cron_update_states()
        timers = self.response_timer(met) | self.response_timer(breached)
        before = timers.read(["state", "deadline", "met_date", "breached_date"])
        tier = self.tier("ds_vip")
        tier.response_time = 10
        self.level("ds_licensee_vip").response_time = 10
        calendar = tier.resource_calendar_id
        with freeze_time("2026-06-02 08:00:00"):
            calendar.attendance_ids[:1].hour_to = 20
            self.Timer._recompute_for_calendars(calendar)
            self.Timer._cron_update_states()
        self.assertEqual(
            timers.read(["state", "deadline", "met_date", "breached_date"]), before
        )

    def test_critical_defect_fix_deadline(self):
        """R-24 (MQ 1.2, 1.4): a confirmed critical defect gets a fix deadline of 10
        working days from confirmation."""
        ticket = self.new_ticket()
        with freeze_time("2026-06-01 08:00:00"):  # Mon 11:00 Moscow
            ticket.with_user(self.support_user).action_support_confirm_critical_defect()
        self.assertEqual(ticket.priority, "3")
        fix = ticket.support_sla_timer_ids.filtered(lambda t: t.kind == "critical_fix")
        self.assertEqual(fix.target_value, 10)
        self.assertEqual(fix.target_unit, "days")
        # ten working days on the development schedule (10:00-18:00) from the
        # day after the confirmation (ГК РФ ст. 191), Fri 12 June a holiday:
        # to the end of Tue 16 June's working time, 18:00 Moscow
        self.assertEqual(fix.deadline, naive("2026-06-16 15:00:00"))
        with self.assertRaises(UserError):
            ticket.action_support_confirm_critical_defect()
        # the reply meets the response timer, not the fix
        self.staff_reply(ticket, "2026-06-01 08:30:00")
        self.assertEqual(fix.state, "running")
        with freeze_time("2026-06-10 08:00:00"):
            ticket.stage_id = self.stage_done
        self.assertEqual(fix.state, "met")

    def test_queue_order(self):
        """R-25 (DS 2.1): first come, first served; critical tickets jump the queue."""
        old_low = self.new_ticket(when="2026-06-01 07:00:00", priority="1")
        new_critical = self.new_ticket(when="2026-06-01 08:00:00", priority="3")
        newer_low = self.new_ticket(when="2026-06-01 09:00:00", priority="1")
        tickets = self.Ticket.search(
            [("id", "in", (old_low | new_critical | newer_low).ids)]
        )
        self.assertEqual(tickets, new_critical | old_low | newer_low)
        mine = (old_low | newer_low).with_user(self.support_user)
        mine.assign_to_me()
        action_domain = [("user_id", "=", self.support_user.id), ("closed", "=", False)]
        self.assertEqual(
            self.Ticket.with_user(self.support_user).search(action_domain),
            old_low | newer_low,
        )

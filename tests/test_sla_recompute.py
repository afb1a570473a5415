# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from freezegun import freeze_time
from pytz import utc

from odoo.tests import tagged

from .common import SupportTicketCase, naive


@tagged("post_install", "-at_install")
@freeze_time("2026-03-02 14:30:00")
class TestSlaRecompute(SupportTicketCase):
    """Open deadlines follow changes of the schedules, in bulk, once the
    background recompute the change triggers has run."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.licensee = cls.make_customer("ds_commercial", "licensee")
        cls.calendar = cls.tier("ds_commercial").resource_calendar_id
        cls.production = cls.calendar.production_calendar_id

    def recompute(self):
        """Run the background recompute a change of working time triggers
        (the change itself recomputes nothing: R-03, a long recompute never
        runs inside the user's request)."""
        self.Timer._cron_recompute_deadlines()
        self.env.invalidate_all()

    def new_ticket(self):
        # Mon 2 Mar 17:00 Moscow + 6 hours: Tue 3 Mar 15:00 Moscow
        with freeze_time("2026-03-02 14:00:00"):
            ticket = self.make_ticket(self.licensee)
        self.assertEqual(ticket.support_sla_deadline, naive("2026-03-03 12:00:00"))
        return ticket

    def test_new_holiday_moves_open_deadlines(self):
        """R-01, R-03: a new holiday moves the open deadlines."""
        tickets = self.new_ticket() | self.new_ticket()
        day = self.env["resource.production.calendar.day"].create(
            {
                "production_calendar_id": self.production.id,
                "date": "2026-03-03",
                "kind": "holiday",
                "name": "Company holiday",
            }
        )
        self.recompute()
        self.assertEqual(
            tickets.mapped("support_sla_deadline"), [naive("2026-03-04 12:00:00")] * 2
        )
        day.unlink()
        self.recompute()
        self.assertEqual(
            tickets.mapped("support_sla_deadline"), [naive("2026-03-03 12:00:00")] * 2
        )

    def test_shortened_day_and_leave(self):
        """R-01, R-03: a shortened day and a leave move the open deadlines."""
        ticket = self.new_ticket()
        self.env["resource.production.calendar.day"].create(
            {
                "production_calendar_id": self.production.id,
                "date": "2026-03-03",
                "kind": "short",
                "name": "Shortened",
            }
        )
        self.recompute()
        # Tue now ends at 17:00: still in time (15:00)
        self.assertEqual(ticket.support_sla_deadline, naive("2026-03-03 12:00:00"))
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Office closed",
                "calendar_id": self.calendar.id,
                "date_from": "2026-03-03 07:00:00",
                "date_to": "2026-03-03 15:00:00",
            }
        )
        self.recompute()
        self.assertEqual(ticket.support_sla_deadline, naive("2026-03-04 12:00:00"))

    def test_attendance_change(self):
        """R-02, R-03: a change of the schedule's hours moves the open deadlines."""
        ticket = self.new_ticket()
        tuesday = self.calendar.attendance_ids.filtered(lambda a: a.dayofweek == "1")
        tuesday.hour_from = 12  # Tue 12:00-18:00: 1 + 5 hours -> 17:00 Moscow
        self.recompute()
        self.assertEqual(ticket.support_sla_deadline, naive("2026-03-03 14:00:00"))

    def test_recompute_matches_plan_hours(self):
        """R-02, R-03: recomputed deadlines equal Odoo's plan_hours on the changed
        schedule."""
        tickets = self.new_ticket() | self.new_ticket() | self.new_ticket()
        self.env["resource.production.calendar.day"].create(
            {
                "production_calendar_id": self.production.id,
                "date": "2026-03-04",
                "kind": "holiday",
                "name": "Company holiday",
            }
        )
        self.recompute()
        for timer in tickets.support_sla_timer_ids:
            planned = self.calendar.plan_hours(
                timer.target_value, utc.localize(timer.start_date), compute_leaves=True
            )
            self.assertAlmostEqual(
                planned.astimezone(utc).replace(tzinfo=None),
                timer.deadline,
                delta=timedelta(seconds=1),
            )

    def test_closed_timers_untouched(self):
        """R-21, R-29: met and breached timers are history; a schedule change leaves
        them."""
        ticket = self.new_ticket()
        timer = self.response_timer(ticket)
        self.staff_reply(ticket, "2026-03-02 14:10:00")
        self.env["resource.production.calendar.day"].create(
            {
                "production_calendar_id": self.production.id,
                "date": "2026-03-03",
                "kind": "holiday",
                "name": "Company holiday",
            }
        )
        self.recompute()
        self.assertEqual(timer.state, "met")
        self.assertEqual(timer.deadline, naive("2026-03-03 12:00:00"))

    def test_leave_of_every_schedule(self):
        """R-02, R-03: A leave without schedule applies to every schedule: creating,
        moving and deleting it moves the open deadlines of all of them."""
        ds_ticket = self.new_ticket()
        with freeze_time("2026-03-02 14:00:00"):
            # MQ Basic: 1 working day on 8x5 09:00-18:00 -> Tue 17:00 Moscow
            mq_ticket = self.make_ticket(self.make_customer("mq_basic"))
        self.assertEqual(mq_ticket.support_sla_deadline, naive("2026-03-03 14:00:00"))
        mq_calendar = self.response_timer(mq_ticket).resource_calendar_id
        self.assertNotEqual(mq_calendar, self.calendar)
        leave = self.env["resource.calendar.leaves"].create(
            {
                "name": "Everybody off on Tuesday",
                "calendar_id": False,
                "date_from": "2026-03-02 21:00:00",  # Tue 00:00 Moscow
                "date_to": "2026-03-03 21:00:00",
            }
        )
        self.recompute()
        self.assertFalse(leave.calendar_id)
        self.assertEqual(ds_ticket.support_sla_deadline, naive("2026-03-04 12:00:00"))
        self.assertEqual(mq_ticket.support_sla_deadline, naive("2026-03-04 14:00:00"))
        # moved to Wednesday: Tuesday works again, Thursday takes the rest
        leave.write(
            {"date_from": "2026-03-03 21:00:00", "date_to": "2026-03-04 21:00:00"}
        )
        self.recompute()
        self.assertEqual(ds_ticket.support_sla_deadline, naive("2026-03-03 12:00:00"))
        self.assertEqual(mq_ticket.support_sla_deadline, naive("2026-03-03 14:00:00"))
        leave.date_from = "2026-03-02 21:00:00"  # Tuesday and Wednesday
        self.recompute()
        self.assertEqual(ds_ticket.support_sla_deadline, naive("2026-03-05 12:00:00"))
        self.assertEqual(mq_ticket.support_sla_deadline, naive("2026-03-05 14:00:00"))
        leave.unlink()
        self.recompute()
        self.assertEqual(ds_ticket.support_sla_deadline, naive("2026-03-03 12:00:00"))
        self.assertEqual(mq_ticket.support_sla_deadline, naive("2026-03-03 14:00:00"))

    def test_leave_given_a_schedule_later(self):
        """R-02, R-03: A leave of every schedule narrowed to one: the others move
        back."""
        ds_ticket = self.new_ticket()
        with freeze_time("2026-03-02 14:00:00"):
            mq_ticket = self.make_ticket(self.make_customer("mq_basic"))
        leave = self.env["resource.calendar.leaves"].create(
            {
                "name": "Everybody off on Tuesday",
                "date_from": "2026-03-02 21:00:00",
                "date_to": "2026-03-03 21:00:00",
            }
        )
        self.recompute()
        self.assertEqual(mq_ticket.support_sla_deadline, naive("2026-03-04 14:00:00"))
        leave.calendar_id = self.calendar
        self.recompute()
        self.assertEqual(ds_ticket.support_sla_deadline, naive("2026-03-04 12:00:00"))
        self.assertEqual(mq_ticket.support_sla_deadline, naive("2026-03-03 14:00:00"))

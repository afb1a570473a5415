# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, timedelta

from freezegun import freeze_time
from pytz import utc

from odoo.tests import tagged

from .common import SupportTicketCase, naive


@tagged("post_install", "-at_install")
class TestSlaLevelsOnDates(SupportTicketCase):
    """Each DS level and each MQ tier on concrete dates (times are UTC;
    Moscow is UTC+3): weekends, holidays, moved days off, shortened days and
    a working Saturday."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ds_vip_licensee = cls.make_customer("ds_vip", "licensee")
        cls.ds_partner = cls.make_customer("ds_commercial", "partner")
        cls.ds_licensee = cls.make_customer("ds_commercial", "licensee")
        cls.nobody = cls.make_customer()
        cls.mq_basic = cls.make_customer("mq_basic")
        cls.mq_basic_plus = cls.make_customer("mq_basic_plus")
        cls.mq_premium = cls.make_customer("mq_premium")
        cls.mq_premium_plus = cls.make_customer("mq_premium_plus")

    def check(self, contact, created, expected_level, expected_deadline, **vals):
        with freeze_time(created):
            ticket = self.make_ticket(contact, **vals)
        timer = self.response_timer(ticket)
        self.assertEqual(len(timer), 1)
        if expected_level:
            self.assertEqual(ticket.support_sla_level_id, self.level(expected_level))
        else:
            self.assertFalse(ticket.support_sla_level_id)
        self.assertEqual(timer.start_date, naive(created))
        self.assertEqual(timer.deadline, naive(expected_deadline))
        self.assertEqual(ticket.support_sla_deadline, naive(expected_deadline))
        self.assertEqual(ticket.support_sla_state, "running")
        if timer.target_unit == "hours":
            # Odoo's own planning agrees with the timer
            planned = timer.resource_calendar_id.plan_hours(
                timer.target_value, utc.localize(naive(created)), compute_leaves=True
            )
            self.assertAlmostEqual(
                planned.astimezone(utc).replace(tzinfo=None),
                timer.deadline,
                delta=timedelta(seconds=1),
            )
        return ticket

    def test_ds_licensee_vip_over_long_may_weekend(self):
        """R-11, R-01 (DS 3.5): the VIP level of a licensee over the long May weekend,
        the shortened day before it counted."""
        # Fri 8 May 2026 is shortened (until 17:00), 9-11 May are off
        self.check(
            self.ds_vip_licensee,
            "2026-05-08 13:00:00",
            "ds_licensee_vip",
            "2026-05-12 08:00:00",
        )

    def test_ds_partner_operational_before_may_day(self):
        """R-11, R-01 (DS 3.1): a partner's operational level before May Day, over a
        shortened day."""
        # Thu 30 Apr shortened, Fri 1 May holiday
        self.check(
            self.ds_partner,
            "2026-04-30 12:00:00",
            "ds_partner_operational",
            "2026-05-04 08:00:00",
            priority="3",
        )

    def test_ds_licensee_operational_over_defender_day(self):
        """R-11, R-01 (DS 3.3): a licensee's operational level over the 23 February
        holiday."""
        # Mon 23 Feb holiday
        self.check(
            self.ds_licensee,
            "2026-02-20 14:00:00",
            "ds_licensee_operational",
            "2026-02-24 10:00:00",
            priority="3",
        )

    def test_ds_partner_standard_over_unity_day(self):
        """R-11, R-01 (DS 3.2): a partner's standard level over the Unity Day
        holiday."""
        # Tue 3 Nov shortened, Wed 4 Nov holiday
        self.check(
            self.ds_partner,
            "2026-11-03 11:00:00",
            "ds_partner_standard",
            "2026-11-05 09:00:00",
        )

    def test_ds_licensee_standard_over_moved_day_off(self):
        """R-11, R-01 (DS 3.4): a licensee's standard level over a day off moved by
        decree."""
        # Mon 9 Mar 2026 is the day off moved from Sun 8 Mar
        self.check(
            self.ds_licensee,
            "2026-03-06 11:00:00",
            "ds_licensee_standard",
            "2026-03-10 09:00:00",
        )

    def test_ds_non_commercial_without_contract(self):
        """R-11 (DS 3.7): a sender without a contract gets the non-commercial level."""
        # Thu 11 Jun shortened, Fri 12 Jun holiday
        self.check(
            self.nobody,
            "2026-06-09 09:00:00",
            "ds_non_commercial",
            "2026-06-15 10:00:00",
        )

    def test_ds_consultation_category(self):
        """R-11 (DS 3.8): a consultation gets the general consultation level, 40 working
        hours."""
        self.check(
            self.ds_licensee,
            "2026-02-17 07:00:00",
            "ds_consultation",
            "2026-02-24 15:00:00",
            category_id=self.category("consultation").id,
        )

    def test_ds_special_request_round_the_clock(self):
        """R-11, R-42 (DS 3.6): a special request's one hour counts round the clock,
        holidays too."""
        # set explicitly (coupons do it); counted round the clock, holidays too
        self.check(
            self.ds_licensee,
            "2026-05-09 09:00:00",
            "ds_special_request",
            "2026-05-09 10:00:00",
            support_sla_level_id=self.level("ds_special_request").id,
        )

    def test_ds_working_saturday(self):
        """R-11, R-01 (DS 2.1): a working Saturday of the production calendar counts,
        shortened."""
        # Sat 1 Nov 2025 was a shortened working day (10:00-17:00)
        self.check(
            self.ds_vip_licensee,
            "2025-10-31 14:00:00",
            "ds_licensee_vip",
            "2025-11-01 08:00:00",
        )

    def test_mq_basic_one_working_day(self):
        """R-10, R-03 (MQ Appendix 1): Basic answers within one working day, the same
        time of the next working day."""
        # 15:00 on a shortened Friday: same time on the next working day
        self.check(self.mq_basic, "2026-05-08 12:00:00", None, "2026-05-12 12:00:00")

    def test_mq_basic_from_shortened_day(self):
        """R-10, R-03 (MQ Appendix 1): one working day from a shortened day."""
        # 16:30 on shortened Thu 30 Apr -> 16:30 on Mon 4 May
        self.check(self.mq_basic, "2026-04-30 13:30:00", None, "2026-05-04 13:30:00")

    def test_mq_basic_into_shortened_day(self):
        """R-10, R-03 (MQ Appendix 1): one working day into a shortened day ends at its
        close."""
        # 17:30 on Mon 2 Nov -> end of shortened Tue 3 Nov (17:00)
        self.check(self.mq_basic, "2026-11-02 14:30:00", None, "2026-11-03 14:00:00")

    def test_mq_basic_after_hours(self):
        """R-10, R-03 (MQ Appendix 1): after 18:00 the next working day counts as the
        first."""
        # after 18:00: the next working day counts as the first, ends at 18:00
        self.check(self.mq_basic, "2026-03-06 16:00:00", None, "2026-03-10 15:00:00")

    def test_mq_basic_plus(self):
        """R-10 (MQ Appendix 1): Basic+ answers within its working hours on 8x5."""
        self.check(
            self.mq_basic_plus, "2026-03-06 13:00:00", None, "2026-03-10 08:00:00"
        )

    def test_mq_premium_round_the_clock(self):
        """R-10, R-02 (MQ Appendix 1, MQ 1.2): Premium counts round the clock."""
        self.check(self.mq_premium, "2026-01-04 20:30:00", None, "2026-01-04 22:30:00")

    def test_mq_premium_plus_on_holiday_weekend(self):
        """R-10, R-02 (MQ Appendix 1): Premium+ counts on a holiday weekend too."""
        self.check(
            self.mq_premium_plus, "2026-03-07 07:00:00", None, "2026-03-07 08:00:00"
        )

    def test_tier_fields_on_ticket(self):
        """R-10, R-20: the ticket shows its contract's tier, schedule and target."""
        with freeze_time("2026-03-02 08:00:00"):
            ticket = self.make_ticket(self.mq_basic)
        contract = ticket.support_contract_id
        self.assertEqual(contract.partner_id, self.mq_basic.commercial_partner_id)
        self.assertEqual(ticket.support_tier_id, self.tier("mq_basic"))
        self.assertEqual(ticket.support_sla_target_display, "1 working day")

    def test_no_sla_in_a_company_without_default(self):
        """R-20 (DS 2.1): a company without a default level gives no SLA."""
        company = self.env["res.company"].create({"name": "Bare"})
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": "x",
                "description": "x",
                "company_id": company.id,
                "partner_id": self.nobody.id,
            }
        )
        self.assertFalse(ticket.support_sla_level_id)
        self.assertFalse(ticket.support_sla_timer_ids)
        self.assertFalse(ticket.support_sla_state)

    def test_batch_creation_mixed_customers(self):
        """R-20: tickets created together for customers of different tiers each get
        their own level."""
        with freeze_time("2026-03-02 08:00:00"):
            tickets = self.Ticket.create(
                [
                    {
                        "name": f"t{i}",
                        "description": "x",
                        "partner_id": contact.id,
                        "team_id": self.team.id,
                    }
                    for i, contact in enumerate(
                        [self.mq_basic, self.ds_licensee, self.nobody, self.mq_premium]
                    )
                ]
            )
        self.assertEqual(
            tickets.mapped("support_sla_level_id.code"),
            ["ds_licensee_standard", "ds_non_commercial"],
        )
        self.assertEqual(len(tickets.support_sla_timer_ids), 4)
        self.assertEqual(
            tickets.mapped("support_sla_deadline"),
            [
                naive("2026-03-03 08:00:00"),
                naive("2026-03-02 14:00:00"),
                naive("2026-03-05 08:00:00"),
                naive("2026-03-02 10:00:00"),
            ],
        )

    def test_email_channel_gets_the_contract_level(self):
        """R-20, R-50 (DS 5.1): a ticket created by e-mail gets the level of the
        sender's contract."""
        raw = (
            f"From: {self.ds_licensee.email}\r\nTo: support@company.test\r\n"
            "Subject: Server down\r\nMessage-Id: <sla-mail-1@customer.test>\r\n"
            "Date: Mon, 02 Mar 2026 11:00:00 +0300\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n\r\nIt does not start.\r\n"
        )
        with freeze_time("2026-03-02 08:00:00"):
            ticket_id = (
                self.env["mail.thread"]
                .with_company(self.company)
                .message_process(
                    "helpdesk.ticket", raw, custom_values={"team_id": self.team.id}
                )
            )
        ticket = self.Ticket.browse(ticket_id)
        self.assertEqual(ticket.partner_id, self.ds_licensee)
        self.assertEqual(
            ticket.support_sla_level_id, self.level("ds_licensee_standard")
        )
        self.assertEqual(ticket.support_sla_deadline, datetime(2026, 3, 2, 14, 0))

# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime

from freezegun import freeze_time
from psycopg2.errors import CheckViolation
from pytz import timezone, utc

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import SUPPORT_USER, SupportTicketCase

MSK = timezone("Europe/Moscow")


def msk(*args):
    """A naive UTC datetime from Moscow wall-clock time."""
    return MSK.localize(datetime(*args)).astimezone(utc).replace(tzinfo=None)


class ProfessionalServicesCase(SupportTicketCase):
    """MQ 2: a customer with a contract, a key contact, a certificate and a
    professional-service ticket of a team whose time is logged as timesheets.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ps_calendar = cls.company.support_ps_calendar_id
        for year in (2024, 2025):
            cls.ps_calendar.production_calendar_id.action_generate_year(year)
        cls.project = cls.env["project.project"].create(
            {
                "name": "Professional services",
                "company_id": cls.company.id,
                "allow_timesheets": True,
            }
        )
        cls.team.write({"allow_timesheet": True, "default_project_id": cls.project.id})
        cls.employee = cls.env["hr.employee"].create(
            {
                "name": "Specialist",
                "user_id": cls.support_user.id,
                "company_id": cls.company.id,
                "resource_calendar_id": cls.ps_calendar.id,
            }
        )
        cls.kcp = cls.make_customer("mq_basic", name="PS Customer")
        cls.customer_company = cls.kcp.parent_id
        cls.other_contact = cls.env["res.partner"].create(
            {
                "name": "Not the key contact",
                "parent_id": cls.customer_company.id,
                "email": "other@ps.test",
            }
        )
        cls.contract = cls.env["helpdesk.support.contract"].search(
            [("partner_id", "=", cls.customer_company.id)]
        )
        cls.contract.write(
            {
                "contact_ids": [Command.set((cls.kcp | cls.other_contact).ids)],
                "key_contact_id": cls.kcp.id,
            }
        )
        cls.certificate = cls.env["helpdesk.support.certificate"].create(
            {
                "partner_id": cls.customer_company.id,
                "company_id": cls.company.id,
                "date_start": "2024-01-01",
                "date_end": "2027-03-31",
                "hours_prepaid": 40,
            }
        )
        cls.ps_category = cls.category("professional_service")

    def make_order(self, **vals):
        values = {
            "name": "Configure backups",
            "category_id": self.ps_category.id,
            "project_id": self.project.id,
        }
        values.update(vals)
        return self.make_ticket(self.kcp, **values)

    def log(self, ticket, start, hours):
        return self.env["account.analytic.line"].create(
            {
                "name": "Work",
                "ticket_id": ticket.id,
                "project_id": ticket.project_id.id,
                "employee_id": self.employee.id,
                "date_time": start,
                "unit_amount": hours,
            }
        )

    def send_estimate(self, ticket, hours=4.0, start="2026-03-10"):
        return self.env["helpdesk.support.estimate"]._support_send(
            ticket, hours, start, "Access to the server is needed"
        )


@tagged("post_install", "-at_install")
class TestOvertime(ProfessionalServicesCase):
    """R-71: 09:00-18:00 Moscow time by the production calendar, x2 outside."""

    def assertSplit(self, line, regular, overtime):
        self.assertAlmostEqual(line.support_regular_hours, regular, places=4)
        self.assertAlmostEqual(line.support_overtime_hours, overtime, places=4)
        self.assertAlmostEqual(
            line.support_charged_hours, regular + 2 * overtime, places=4
        )

    def test_preset_sets_the_professional_services_hours(self):
        """R-71 (MQ 2): the MQ preset sets the professional-services hours, 09:00-18:00
        Moscow time on the production calendar, and the professional-service
        category."""
        self.assertEqual(self.ps_calendar.support_preset_code, "mq_8x5")
        self.assertEqual(self.ps_calendar.tz, "Europe/Moscow")
        self.assertTrue(self.ps_calendar.production_calendar_id)
        self.assertTrue(self.ps_category.support_professional_service)

    def test_line_crossing_18_is_split(self):
        """R-71 (MQ 2): a timesheet line crossing 18:00 or 09:00 is split into regular
        hours and overtime charged x2."""
        ticket = self.make_order()
        # Tuesday 10 March 2026, 16:00-20:00 Moscow time
        self.assertSplit(self.log(ticket, msk(2026, 3, 10, 16), 4), 2, 2)
        # and one crossing 09:00 in the morning: 07:30-10:00
        self.assertSplit(self.log(ticket, msk(2026, 3, 10, 7, 30), 2.5), 1, 1.5)

    def test_the_hour_at_18(self):
        """R-71 (MQ 2): the hour 17-18 is regular, the hour 18-19 is overtime."""
        ticket = self.make_order()
        self.assertSplit(self.log(ticket, msk(2026, 3, 10, 17), 1), 1, 0)
        self.assertSplit(self.log(ticket, msk(2026, 3, 10, 18), 1), 0, 1)

    def test_shortened_pre_holiday_day(self):
        """R-71, R-01 (MQ 2): 30 April 2026 ends at 17:00: the hour 17-18 is
        overtime."""
        ticket = self.make_order()
        self.assertSplit(self.log(ticket, msk(2026, 4, 30, 16), 2), 1, 1)

    def test_holiday_and_weekend_are_overtime(self):
        """R-71, R-01 (MQ 2): hours on a holiday or a weekend are overtime."""
        ticket = self.make_order()
        self.assertSplit(self.log(ticket, msk(2026, 5, 1, 10), 2), 0, 2)  # holiday
        self.assertSplit(self.log(ticket, msk(2026, 3, 14, 10), 3), 0, 3)  # Saturday

    def test_working_saturday_is_regular(self):
        """R-71, R-01 (MQ 2): 28 December 2024 is a working Saturday of the production
        calendar."""
        ticket = self.make_order()
        self.assertSplit(self.log(ticket, msk(2024, 12, 28, 10), 2), 2, 0)
        # 1 November 2025: a shortened working Saturday, 09:00-17:00
        self.assertSplit(self.log(ticket, msk(2025, 11, 1, 16), 2), 1, 1)

    def test_edit_recomputes(self):
        """R-71 (MQ 2): editing a timesheet line's time or amount splits it again."""
        ticket = self.make_order()
        line = self.log(ticket, msk(2026, 3, 10, 10), 2)
        self.assertSplit(line, 2, 0)
        line.write({"date_time": msk(2026, 3, 10, 17), "unit_amount": 3})
        self.assertSplit(line, 1, 2)

    def test_staff_see_the_split_in_the_timesheets(self):
        """R-71 (MQ 2): staff read the regular and overtime split in the timesheets."""
        specialist = self.make_user(
            "ps_specialist",
            "helpdesk_mgmt_support_contract.group_support_user,"
            "hr_timesheet.group_hr_timesheet_user",
        )
        form = (
            self.env["helpdesk.ticket"]
            .with_user(specialist)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        for field in ("support_overtime_hours", "support_charged_hours"):
            self.assertIn(f'name="{field}"', form)
        tree = self.env.ref("hr_timesheet.hr_timesheet_line_tree")
        arch = self.env["account.analytic.line"].get_view(tree.id, "list")["arch"]
        self.assertIn('name="support_charged_hours"', arch)

    def test_no_professional_services_hours_means_no_overtime(self):
        """R-71 (MQ 2): a company without professional-services hours charges no
        overtime."""
        self.company.support_ps_calendar_id = False
        ticket = self.make_order()
        self.assertSplit(self.log(ticket, msk(2026, 3, 14, 22), 2), 2, 0)


@tagged("post_install", "-at_install")
class TestOrderCharge(ProfessionalServicesCase):
    """R-71/R-72: minimum order, charge whatever the result, balance."""

    def test_minimum_one_hour_once_accepted(self):
        """R-71 (MQ 2): once the order is accepted, at least one working hour is
        charged; logged time adds to it."""
        ticket = self.make_order()
        self.log(ticket, msk(2026, 3, 10, 10), 0.25)
        self.assertAlmostEqual(ticket.support_ps_charged_hours, 0.25)
        self.send_estimate(ticket)._support_decide(self.kcp, accept=True)
        self.assertTrue(ticket.support_ps_ordered)
        self.assertAlmostEqual(ticket.support_ps_charged_hours, 1.0)
        self.log(ticket, msk(2026, 3, 10, 17, 30), 1)  # 0.5 regular + 0.5 x2
        self.assertAlmostEqual(ticket.support_ps_charged_hours, 0.25 + 1.5)

    def test_accepted_order_is_charged_whatever_the_result(self):
        """R-71, R-72 (MQ 2): an accepted order is charged whatever the result, a later
        declined estimate does not undo it."""
        ticket = self.make_order()
        self.send_estimate(ticket)._support_decide(self.kcp, accept=True)
        ticket.stage_id = self.stage_done
        self.assertAlmostEqual(ticket.support_ps_charged_hours, 1.0)
        # a new estimate for a changed scope does not undo the order
        self.send_estimate(ticket, hours=2)._support_decide(self.kcp, accept=False)
        self.assertAlmostEqual(ticket.support_ps_charged_hours, 1.0)
        self.assertAlmostEqual(self.certificate.hours_balance, 39.0)

    def test_declined_or_superseded_estimate_is_no_order(self):
        """MQ 2.1: «Минимальным временным интервалом заказа является 1 рабочий
        час» (the minimum order is one working hour), and MQ 2.3: «После
        подтверждения ККЛ, указанной в ответе на заявку информации (сроки,
        часы, дополнительные условия), заявка передается на исполнение» (the
        request goes to work once the key contact confirms the estimate).

        An estimate declined, or superseded before anybody accepted it, is no
        order: no "Order accepted", no one-hour minimum; the ticket shows the
        time spent as spent, not rounded up to the hour.
        """
        ticket = self.make_order()
        self.log(ticket, msk(2026, 3, 10, 10), 0.25)
        self.send_estimate(ticket)._support_decide(self.kcp, accept=False)
        self.assertEqual(ticket.support_estimate_state, "declined")
        self.assertFalse(ticket.support_ps_ordered)
        self.assertAlmostEqual(ticket.support_ps_charged_hours, 0.25)
        # superseded while awaiting approval, the next one declined too
        other = self.make_order(name="Tune the database")
        self.log(other, msk(2026, 3, 11, 10), 0.5)
        first = self.send_estimate(other)
        self.send_estimate(other, hours=3)._support_decide(self.kcp, accept=False)
        self.assertEqual(first.state, "superseded")
        self.assertFalse(other.support_ps_ordered)
        self.assertAlmostEqual(other.support_ps_charged_hours, 0.5)

    def test_balance_arithmetic(self):
        """R-72 (MQ 2): the certificate's balance is its prepaid hours less the charged
        hours (minimum and overtime applied)."""
        first, second = self.make_order(), self.make_order(name="Upgrade")
        for ticket in first | second:
            self.send_estimate(ticket)._support_decide(self.kcp, accept=True)
        self.log(first, msk(2026, 3, 10, 9), 3)  # 3 regular
        self.log(first, msk(2026, 3, 10, 18), 1.5)  # 1.5 overtime -> 3
        self.log(second, msk(2026, 3, 11, 10), 0.5)  # below the minimum -> 1
        self.assertAlmostEqual(self.certificate.hours_work_charged, 3 + 3 + 1)
        self.assertAlmostEqual(self.certificate.hours_balance, 40 - 7)
        # a ticket of another customer never touches the certificate
        other = self.make_customer("mq_basic", name="Other Customer")
        foreign = self.make_ticket(
            other, category_id=self.ps_category.id, project_id=self.project.id
        )
        self.log(foreign, msk(2026, 3, 10, 10), 5)
        self.assertAlmostEqual(self.certificate.hours_balance, 33)
        # the balance may go negative: work is charged whatever the result
        self.log(first, msk(2026, 3, 12, 9), 9)
        self.log(first, msk(2026, 3, 13, 9), 9)
        self.log(first, msk(2026, 3, 16, 9), 9)
        self.log(first, msk(2026, 3, 17, 9), 9)
        self.assertAlmostEqual(self.certificate.hours_balance, 33 - 36)

    def test_certificate_constraints(self):
        """R-72 (MQ 2): a certificate has a validity period and prepaid hours; invalid
        values are refused."""
        Certificate = self.env["helpdesk.support.certificate"]
        values = {
            "partner_id": self.customer_company.id,
            "company_id": self.company.id,
            "date_start": "2026-01-01",
            "date_end": "2026-12-31",
            "hours_prepaid": 10,
        }
        with self.assertRaises(CheckViolation), mute_logger("odoo.sql_db"):
            with self.cr.savepoint():
                Certificate.create(dict(values, date_end="2025-12-31"))
        with self.assertRaisesMessage(ValidationError, "must be greater than 0"):
            Certificate.create(dict(values, hours_prepaid=0))
        certificate = Certificate.create(values)
        self.assertTrue(certificate.name.startswith("PS/"))

    def test_active_certificate_and_state(self):
        """R-72 (MQ 2): a certificate is active only within its validity period, expired
        after it."""
        Certificate = self.env["helpdesk.support.certificate"]
        with freeze_time("2027-04-01"):
            self.assertEqual(self.certificate.state, "expired")
            self.assertFalse(
                Certificate._get_active_certificates(self.kcp).get(
                    self.customer_company.id
                )
            )
            self.assertNotIn(
                self.certificate, Certificate.search([("state", "=", "valid")])
            )
        self.certificate.invalidate_recordset(["state"])
        with freeze_time("2026-11-23"):
            self.assertEqual(self.certificate.state, "valid")
            self.assertEqual(
                Certificate._get_active_certificates(self.kcp)[
                    self.customer_company.id
                ],
                self.certificate,
            )
            self.assertIn(
                self.certificate, Certificate.search([("state", "=", "valid")])
            )


@tagged("post_install", "-at_install")
class TestEstimate(ProfessionalServicesCase):
    """R-70: estimate -> key contact person's approval -> work."""

    def test_only_for_professional_service_tickets(self):
        """R-70 (MQ 2): an estimate is sent only on a professional-service ticket."""
        ticket = self.make_ticket(self.kcp, category_id=self.category("bug").id)
        with self.assertRaisesMessage(UserError, "professional-service tickets"):
            self.send_estimate(ticket)

    def test_minimum_hours_in_estimate(self):
        """R-70, R-71 (MQ 2): an estimate asks for at least one working hour, the
        minimum order."""
        with self.assertRaisesMessage(ValidationError, "at least one working hour"):
            self.send_estimate(self.make_order(), hours=0.5)

    def test_estimate_mailed_to_the_key_contact(self):
        """R-70 (MQ 2): the estimate with its signed link is mailed to the key contact
        person alone."""
        ticket = self.make_order()
        estimate = self.send_estimate(ticket)
        # the e-mail with the link signed for the KCP goes to the KCP alone
        mail = self.env["mail.mail"].search(
            [("body_html", "ilike", estimate.access_token)]
        )
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.recipient_ids, self.kcp)
        self.assertIn("Accept or decline the estimate", mail.body_html)
        self.assertIn(estimate.access_token, mail.body_html)
        self.assertIn(f"pid={self.kcp.id}", mail.body_html)
        self.assertIn(estimate._support_kcp_token(self.kcp), mail.body_html)
        # the ticket's chatter, read by the customer's other contacts on the
        # portal, says an estimate was sent but carries neither token nor hash
        message = self.messages(ticket, "Estimate sent to the key contact person")
        self.assertEqual(len(message), 1)
        self.assertIn(f"/my/support/estimate/{estimate.id}", message.body)
        self.assertNotIn(estimate.access_token, message.body)
        self.assertNotIn(estimate._support_kcp_token(self.kcp), message.body)
        self.assertEqual(ticket.support_estimate_state, "sent")

    def test_only_the_key_contact_decides(self):
        """R-70 (MQ 2): only the key contact person accepts or declines an estimate."""
        ticket = self.make_order()
        estimate = self.send_estimate(ticket)
        with self.assertRaisesMessage(AccessError, "Only the key contact person"):
            estimate._support_decide(self.other_contact, accept=True)
        self.assertEqual(estimate.state, "sent")
        estimate._support_decide(self.kcp, accept=True)
        self.assertEqual(estimate.state, "accepted")
        self.assertEqual(estimate.decided_by_id, self.kcp)
        self.assertEqual(ticket.support_estimate_state, "accepted")
        self.assertEqual(ticket.support_certificate_id, self.certificate)
        self.assertEqual(ticket.stage_id, self.company._get_support_processing_stage())
        with self.assertRaisesMessage(UserError, "no longer awaiting approval"):
            estimate._support_decide(self.kcp, accept=False)

    def test_decision_notifies_the_assigned_staff(self):
        """R-70 (MQ 2): the key contact person's decision is posted on the ticket and
        notifies the assigned staff."""
        ticket = self.make_order(user_id=self.support_user.id)
        ticket.message_subscribe(partner_ids=self.support_user.partner_id.ids)
        self.send_estimate(ticket)._support_decide(self.kcp, accept=True)
        message = self.messages(ticket, "Estimate accepted by")
        self.assertEqual(message.author_id, self.kcp)
        self.assertEqual(message.subtype_id, self.env.ref("mail.mt_comment"))
        self.assertIn(
            self.support_user.partner_id, message.notification_ids.res_partner_id
        )
        activity = ticket.activity_ids
        self.assertEqual(activity.user_id, self.support_user)
        self.assertEqual(activity.date_deadline, date(2026, 3, 10))
        self.assertEqual(activity.summary, "Start the accepted order")

    def test_changed_scope_gets_a_new_estimate(self):
        """R-70 (MQ 2): a changed scope gets a new estimate, superseding the previous
        one."""
        ticket = self.make_order()
        first = self.send_estimate(ticket)
        first._support_decide(self.kcp, accept=True)
        second = self.send_estimate(ticket, hours=8)
        self.assertEqual(first.state, "superseded")
        self.assertEqual(ticket.support_estimate_state, "sent")
        second._support_decide(self.kcp, accept=False)
        self.assertEqual(ticket.support_estimate_state, "declined")

    def test_key_contact_of_an_active_contract_only(self):
        """R-70, R-12 (MQ 2): only the key contact person of an active contract decides
        or receives an estimate."""
        ticket = self.make_order()
        estimate = self.send_estimate(ticket)
        self.contract.action_expire()
        with self.assertRaisesMessage(AccessError, "Only the key contact person"):
            estimate._support_decide(self.kcp, accept=True)
        with self.assertRaisesMessage(UserError, "no key contact person"):
            self.send_estimate(ticket)

    def test_no_certificate_no_order(self):
        """R-70, R-72 (MQ 2): no valid professional-services certificate, no order."""
        self.certificate.date_end = "2025-12-31"
        estimate = self.send_estimate(self.make_order())
        with freeze_time("2026-11-23"):
            with self.assertRaisesMessage(UserError, "no valid professional"):
                estimate._support_decide(self.kcp, accept=True)

    def test_signed_link_is_not_for_staff(self):
        """R-70 (MQ 2): the link signed for the key contact person is not readable by
        staff."""
        estimate = self.send_estimate(self.make_order())
        with self.assertRaises(AccessError):
            estimate.with_user(self.support_user).read(["support_kcp_url"])
        self.assertIn("kcp_token=", estimate.support_kcp_url)

    def test_wizard(self):
        """R-70 (MQ 2): staff send an estimate (hours, start date) through the
        wizard."""
        ticket = self.make_order()
        action = ticket.action_support_send_estimate()
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.support_user)
            .with_context(**action["context"])
            .create({"hours": 3, "date_start": "2026-12-01"})
        )
        wizard.action_send()
        self.assertEqual(ticket.support_estimate_ids.hours, 3)


@tagged("post_install", "-at_install")
class TestBooking(ProfessionalServicesCase):
    """R-73: monthly booking of specialist hours."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.employee.support_ps_specialist = True
        cls.Booking = cls.env["helpdesk.support.booking"]

    def month_hours(self, first, last):
        return self.ps_calendar.get_work_hours_count(
            msk(*first), msk(*last), compute_leaves=True
        )

    def test_capacity_from_specialists_working_time(self):
        """R-73 (MQ 2): a month's capacity is the working time of the
        professional-services specialists."""
        second = self.ps_specialist("Second specialist")
        self.env["hr.employee"].create(
            {
                "name": "Not a specialist",
                "company_id": self.company.id,
                "resource_calendar_id": self.ps_calendar.id,
            }
        )
        december = self.month_hours((2026, 12, 1), (2027, 1, 1))
        self.assertGreater(december, 150)
        with freeze_time("2026-11-20"):
            self.Booking._support_book(self.certificate, "2026-12-01", 10)
        month = self.env["helpdesk.support.booking.month"].search(
            [("company_id", "=", self.company.id), ("month", "=", "2026-12-01")]
        )
        self.assertAlmostEqual(month.capacity_hours, 2 * december)
        self.assertAlmostEqual(month.booked_hours, 10)
        second.support_ps_specialist = False
        month.action_recompute_capacity()
        self.assertAlmostEqual(month.capacity_hours, december)

    def test_capacity_deducts_the_specialists_leaves(self):
        """R-73 (MQ 2): a specialist's leaves are deducted from the month's capacity."""
        december = self.month_hours((2026, 12, 1), (2027, 1, 1))
        # the specialist is away 7-11 December (five working days)
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Vacation",
                "resource_id": self.employee.resource_id.id,
                "calendar_id": self.ps_calendar.id,
                "date_from": msk(2026, 12, 7),
                "date_to": msk(2026, 12, 11, 23, 59),
            }
        )
        capacity = self.env["helpdesk.support.booking.month"]._support_compute_capacity(
            self.company, [date(2026, 12, 1)]
        )[date(2026, 12, 1)]
        self.assertAlmostEqual(capacity, december - 5 * 9)
        with freeze_time("2026-11-10"):
            self.Booking._support_book(self.certificate, "2026-12-01", 10)
            self.Booking._support_book(self.certificate, "2027-01-01", 5)
        self.assertAlmostEqual(self.certificate.hours_booked_open, 15)

    def test_booking_window_exactly_five_days(self):
        """R-73 (MQ 2): December 2026 closes on 26 November (5 calendar days before)."""
        with freeze_time("2026-11-26 20:59:00"):  # 23:59 Moscow time
            booking = self.Booking._support_book(self.certificate, "2026-12-01", 8)
        self.assertEqual(booking.change_deadline, date(2026, 11, 26))
        self.assertEqual(booking.month_end, date(2026, 12, 31))
        with freeze_time("2026-11-26 21:00:00"):  # 27 November in Moscow
            with self.assertRaisesMessage(ValidationError, "closed on 2026-11-26"):
                self.Booking._support_book(self.certificate, "2026-12-01", 8)
            with self.assertRaisesMessage(ValidationError, "closed on 2026-11-26"):
                booking.action_support_change(4)
            with self.assertRaisesMessage(ValidationError, "closed on 2026-11-26"):
                booking.action_support_cancel()
        self.assertEqual(booking.state, "confirmed")

    def test_later_month_up_to_certificate_end(self):
        """R-73 (MQ 2): bookings are for a later calendar month, up to the certificate's
        end."""
        with freeze_time("2026-11-10"):
            with self.assertRaisesMessage(ValidationError, "later calendar month"):
                self.Booking._support_book(self.certificate, "2026-11-01", 8)
            with self.assertRaisesMessage(ValidationError, "ends on 2027-03-31"):
                self.Booking._support_book(self.certificate, "2027-04-01", 8)
            self.Booking._support_book(self.certificate, "2027-03-01", 8)
            self.assertEqual(
                self.Booking._support_bookable_months(self.certificate),
                [date(2026, 12, 1), date(2027, 1, 1), date(2027, 2, 1)]
                + [date(2027, 3, 1)],
            )
            with self.assertRaisesMessage(ValidationError, "already booked"):
                self.Booking._support_book(self.certificate, "2027-03-01", 2)

    def test_certificate_must_be_valid(self):
        """R-73 (MQ 2): booking needs a certificate valid today."""
        with (
            freeze_time("2027-04-10"),
            self.assertRaisesMessage(ValidationError, "not valid today"),
        ):
            self.Booking._support_book(self.certificate, "2027-05-01", 8)

    def test_capacity_full(self):
        """R-73 (MQ 2): booking for a month closes when the specialists' capacity is
        full."""
        with freeze_time("2026-11-10"):
            first = self.Booking._support_book(self.certificate, "2026-12-01", 8)
            month = first.month_id
            month.capacity_hours = 20
            other = self.make_customer("mq_basic", name="Second booker")
            certificate = self.certificate.copy({"partner_id": other.parent_id.id})
            with self.assertRaisesMessage(ValidationError, "fully booked"):
                self.Booking._support_book(certificate, "2026-12-01", 13)
            self.Booking._support_book(certificate, "2026-12-01", 12)
            self.assertAlmostEqual(month.booked_hours, 20)
            with self.assertRaisesMessage(ValidationError, "fully booked"):
                first.action_support_change(9)
            self.assertNotIn(
                date(2026, 12, 1),
                self.Booking._support_bookable_months(self.certificate),
                "a full month is no longer offered",
            )
            first.action_support_change(4)
            self.assertAlmostEqual(month.booked_hours, 16)
            self.assertIn(
                date(2026, 12, 1),
                self.Booking._support_bookable_months(self.certificate),
            )
            first.action_support_cancel()
            self.assertEqual(first.state, "cancelled")
            self.assertAlmostEqual(month.booked_hours, 12)
            # a cancelled month can be booked again
            self.Booking._support_book(self.certificate, "2026-12-01", 8)
            self.assertAlmostEqual(month.booked_hours, 20)

    def test_month_end_charge_exactly_once(self):
        """R-73 (MQ 2): booked hours not used are charged in full at month end, exactly
        once."""
        ticket = self.make_order()
        self.send_estimate(ticket)._support_decide(self.kcp, accept=True)
        with freeze_time("2026-11-10"):
            booking = self.Booking._support_book(self.certificate, "2026-12-01", 20)
        self.log(ticket, msk(2026, 12, 2, 10), 3)
        self.log(ticket, msk(2026, 12, 3, 10), 2)
        self.log(ticket, msk(2026, 11, 30, 10), 4)  # another month
        self.assertAlmostEqual(self.certificate.hours_balance, 40 - 9)
        with freeze_time("2026-12-31 12:00"):
            self.assertFalse(self.Booking._cron_charge_unused())
        with freeze_time("2027-01-01 06:00"):
            settled = self.Booking._cron_charge_unused()
            self.assertEqual(settled, booking)
            self.assertFalse(self.Booking._cron_charge_unused())
        self.assertEqual(booking.state, "settled")
        self.assertAlmostEqual(booking.hours_used, 5)
        self.assertAlmostEqual(booking.hours_charged, 15)
        self.assertAlmostEqual(self.certificate.hours_booking_charged, 15)
        self.assertAlmostEqual(self.certificate.hours_balance, 40 - 9 - 15)
        # claiming an already settled booking again is a no-op
        self.assertFalse(booking._support_claim())

    def test_staff_see_bookings_in_a_calendar(self):
        """R-73 (MQ 2): staff see the bookings in a calendar view."""
        action = self.env.ref(
            "helpdesk_mgmt_support_contract.helpdesk_support_booking_action"
        )
        self.assertTrue(action.view_mode.startswith("calendar"))
        user = self.make_user("ps_viewer", SUPPORT_USER)
        with freeze_time("2026-11-10"):
            booking = self.Booking._support_book(self.certificate, "2026-12-01", 8)
        self.assertEqual(
            self.Booking.with_user(user).search([("id", "=", booking.id)]), booking
        )
        self.env["helpdesk.support.booking"].with_user(user).get_views(
            [(False, "calendar"), (False, "list"), (False, "form")]
        )

    def test_staff_book_and_change_on_behalf_of_the_customer(self):
        """R-73 (MQ 2): staff book and change a booking on the customer's behalf, within
        the same windows."""
        Wizard = self.env["helpdesk.support.booking.wizard"].with_user(
            self.support_user
        )
        with freeze_time("2026-11-10"):
            action = Wizard.create(
                {
                    "certificate_id": self.certificate.id,
                    "partner_id": self.other_contact.id,
                    "month": "2027-01-15",
                    "hours": 12,
                }
            ).action_confirm()
            booking = self.Booking.browse(action["res_id"])
            self.assertEqual(booking.month, date(2027, 1, 1))
            self.assertEqual(booking.booked_by_id, self.other_contact)
            wizard = Wizard.with_context(default_booking_id=booking.id).create(
                {"hours": 6}
            )
            self.assertEqual(wizard.certificate_id, self.certificate)
            wizard.action_confirm()
            self.assertAlmostEqual(booking.hours, 6)
            self.assertAlmostEqual(booking.month_id.booked_hours, 6)
        # the same rules as on the portal
        with (
            freeze_time("2026-12-28"),
            self.assertRaisesMessage(ValidationError, "closed on 2026-12-27"),
        ):
            Wizard.with_context(default_booking_id=booking.id).create(
                {"hours": 8}
            ).action_confirm()

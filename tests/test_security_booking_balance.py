# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""R-73 (MQ 2.4): no booking beyond the certificate's remaining balance.

MQ 2.4: "В случае неиспользования клиентом забронированного времени,
забронированные часы подлежат полной оплате (списания с сертификата)". A
customer with a 10-hour certificate could book (and block for everybody else)
the whole capacity of the specialists, then cancel free of charge up to the
cutoff. A booking is now refused beyond prepaid − charged − booked and not yet
settled, on the portal and in the staff wizard alike.
"""

from datetime import timedelta

from freezegun import freeze_time

from odoo import fields, http
from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged

from .common import SecurityHttpCase, call_kw_result, make_specialists
from .race import committed_env, run_concurrently

REFUSED = "not yet charged or booked"


@tagged("post_install", "-at_install")
class TestBookingBalance(SecurityHttpCase):
    """A 10-hour certificate, specialists with plenty of capacity."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.organisation = cls.env["res.partner"].create(
            {"name": "Balance LLC", "is_company": True}
        )
        cls.member = cls.env["res.partner"].create(
            {"name": "bal_member", "parent_id": cls.organisation.id}
        )
        cls.make_portal_user(cls.member, "bal_member")
        cls.make_user(
            "bal_manager",
            groups="helpdesk_mgmt_support_contract.group_support_manager",
        )
        cls.make_user(
            "bal_staff",
            groups="helpdesk_mgmt_support_contract.group_support_user",
        )
        # about a year ahead: the portal offers (and computes the capacity
        # of) every month up to the certificate's end
        cls.certificate = cls.env["helpdesk.support.certificate"].create(
            {
                "partner_id": cls.organisation.id,
                "date_start": "2020-01-01",
                "date_end": fields.Date.today() + timedelta(days=400),
                "hours_prepaid": 10,
            }
        )
        make_specialists(cls.env, cls.company, "First specialist", "Second specialist")
        cls.Booking = cls.env["helpdesk.support.booking"]
        cls.first, cls.second = cls.Booking._support_bookable_months(cls.certificate)[
            :2
        ]

    def book(self, month, hours):
        return self.url_open(
            "/my/support/booking",
            data={
                "certificate_id": self.certificate.id,
                "month": month.isoformat(),
                "hours": hours,
                "csrf_token": http.Request.csrf_token(self),
            },
        )

    def booked(self, month):
        return (
            self.env["helpdesk.support.booking.month"]
            .search([("company_id", "=", self.company.id), ("month", "=", month)])
            .booked_hours
        )

    def test_portal_booking_beyond_the_balance(self):
        """R-73 (MQ 2.4: «забронированные часы подлежат полной оплате (списания
        с сертификата)»): a 10-hour certificate books 11 hours on the
        portal."""
        self.assertGreater(
            self.Booking._support_bookable_free_hours(self.certificate)[self.first],
            11,
            "the specialists could take it: only the balance refuses",
        )
        self.authenticate("bal_member", "bal_member")
        response = self.book(self.first, "11")
        self.assertIn("support_ps_error", response.text)
        self.assertIn(REFUSED, response.text)
        self.assertFalse(self.certificate.booking_ids)
        self.assertFalse(self.booked(self.first))
        # the whole balance can be booked
        self.assertIn("Hours booked", self.book(self.first, "10").text)
        self.assertEqual(self.certificate.booking_ids.hours, 10)

    def test_portal_second_month_beyond_the_remaining_balance(self):
        """R-73 (MQ 2.4: «забронированные часы подлежат полной оплате (списания
        с сертификата)»): hours booked and not yet settled count against the
        balance: 6 hours of one month leave 4 for the next."""
        first = self.Booking._support_book(self.certificate, self.first, 6)
        self.authenticate("bal_member", "bal_member")
        response = self.book(self.second, "5")
        self.assertIn(REFUSED, response.text)
        self.assertEqual(self.certificate.booking_ids, first)
        self.assertFalse(self.booked(self.second))
        self.assertIn("Hours booked", self.book(self.second, "4").text)
        self.assertEqual(self.certificate.hours_booked_open, 10)

    def test_portal_booking_beyond_the_balance_left_by_charges(self):
        """R-73 (MQ 2.4: «забронированные часы подлежат полной оплате (списания
        с сертификата)»): hours already charged (here unused hours of a settled
        booking) are no longer there to book."""
        month = self.env["helpdesk.support.booking.month"].create(
            {"company_id": self.company.id, "month": "2020-03-01", "capacity_hours": 50}
        )
        self.Booking.create(
            {
                "certificate_id": self.certificate.id,
                "month_id": month.id,
                "month": "2020-03-01",
                "hours": 3,
                "state": "settled",
                "hours_used": 0,
                "hours_charged": 3,
            }
        )
        self.assertEqual(self.certificate.hours_balance, 7)
        self.authenticate("bal_member", "bal_member")
        response = self.book(self.first, "8")
        self.assertIn(REFUSED, response.text)
        self.assertFalse(self.booked(self.first))
        self.assertIn("Hours booked", self.book(self.first, "7").text)

    def test_portal_change_beyond_the_balance(self):
        """R-73 (MQ 2.4: «забронированные часы подлежат полной оплате (списания
        с сертификата)»): a booking of 6 hours is raised to 11 on the
        portal."""
        booking = self.Booking._support_book(self.certificate, self.first, 6)
        self.authenticate("bal_member", "bal_member")
        csrf = http.Request.csrf_token(self)
        response = self.url_open(
            f"/my/support/booking/{booking.id}/change",
            data={"hours": "11", "csrf_token": csrf},
        )
        self.assertIn(REFUSED, response.text)
        self.assertEqual(booking.hours, 6)
        self.assertEqual(booking.month_id.booked_hours, 6)
        response = self.url_open(
            f"/my/support/booking/{booking.id}/change",
            data={"hours": "10", "csrf_token": csrf},
        )
        self.assertIn("Booking changed", response.text)
        self.assertEqual(booking.month_id.booked_hours, 10)

    def test_staff_wizard_booking_beyond_the_balance(self):
        """R-73 (MQ 2.4: «забронированные часы подлежат полной оплате (списания
        с сертификата)»): a support user books 11 hours of a 10-hour
        certificate in the booking wizard (a request by phone or e-mail)."""
        self.authenticate("bal_staff", "bal_staff")
        model = "helpdesk.support.booking.wizard"
        wizard_id, error = call_kw_result(
            self,
            model,
            "create",
            {
                "certificate_id": self.certificate.id,
                "month": self.first.isoformat(),
                "hours": 11,
            },
        )
        self.assertIsNone(error)
        _result, error = call_kw_result(self, model, "action_confirm", [wizard_id])
        self.assertEqual(error["name"], "odoo.exceptions.ValidationError")
        self.assertIn(REFUSED, error["message"])
        self.assertFalse(self.certificate.booking_ids)
        self.assertFalse(self.booked(self.first))

    def test_staff_wizard_change_beyond_the_balance(self):
        """R-73 (MQ 2.4: «забронированные часы подлежат полной оплате (списания
        с сертификата)»): a support user raises a booking beyond the balance in
        the booking wizard."""
        self.Booking._support_book(self.certificate, self.second, 4)
        booking = self.Booking._support_book(self.certificate, self.first, 5)
        self.authenticate("bal_staff", "bal_staff")
        model = "helpdesk.support.booking.wizard"
        wizard_id, error = call_kw_result(
            self,
            model,
            "create",
            {"hours": 7},
            context={"default_booking_id": booking.id},
        )
        self.assertIsNone(error)
        _result, error = call_kw_result(self, model, "action_confirm", [wizard_id])
        self.assertEqual(error["name"], "odoo.exceptions.ValidationError")
        self.assertIn(REFUSED, error["message"])
        self.assertEqual(booking.hours, 5)
        self.assertEqual(booking.month_id.booked_hours, 5)

    def test_staff_rpc_write_around_the_booking_rules(self):
        """R-73 (MQ 2.4: «забронированные часы подлежат полной оплате (списания
        с сертификата)»): a support user writes a booking's hours (or cancels
        it, moves it, settles it) over RPC, around the balance and capacity
        checks of the wizard."""
        booking = self.Booking._support_book(self.certificate, self.first, 4)
        self.authenticate("bal_staff", "bal_staff")
        for values in (
            {"hours": 500},
            {"state": "cancelled"},
            {"month": self.second.isoformat()},
            {"hours_charged": 9},
        ):
            with self.subTest(values=values):
                _result, error = call_kw_result(
                    self, "helpdesk.support.booking", "write", [booking.id], values
                )
                self.assertEqual(error["name"], "odoo.exceptions.AccessError")
        booking.invalidate_recordset()
        self.assertEqual(
            (booking.hours, booking.state, booking.month, booking.hours_charged),
            (4, "confirmed", self.first, 0),
        )
        self.assertEqual(booking.month_id.booked_hours, 4)
        self.assertEqual(self.certificate.hours_balance, 10)

    def test_staff_rpc_create_around_the_booking_rules(self):
        """R-73 (MQ 2.4: «забронированные часы подлежат полной оплате (списания
        с сертификата)»): a support user creates a 500-hour booking over RPC
        instead of using the booking wizard."""
        month = self.Booking._support_book(self.certificate, self.first, 4).month_id
        self.authenticate("bal_staff", "bal_staff")
        _result, error = call_kw_result(
            self,
            "helpdesk.support.booking",
            "create",
            {
                "certificate_id": self.certificate.id,
                "month_id": month.id,
                "month": self.second.isoformat(),
                "hours": 500,
            },
        )
        self.assertEqual(error["name"], "odoo.exceptions.AccessError")
        self.assertEqual(len(self.certificate.booking_ids), 1)
        self.assertEqual(month.booked_hours, 4)

    def test_manager_rpc_write_to_the_month_counter(self):
        """R-73 (MQ 2.4: «забронированные часы подлежат полной оплате (списания
        с сертификата)»): a support manager (who adjusts a month's capacity)
        zeroes the month's counter of booked hours, or moves the month, over
        RPC: the capacity would be sold twice."""
        month = self.Booking._support_book(self.certificate, self.first, 4).month_id
        self.authenticate("bal_manager", "bal_manager")
        for values in (
            {"booked_hours": 0},
            {"month": self.second.isoformat()},
        ):
            with self.subTest(values=values):
                _result, error = call_kw_result(
                    self, month._name, "write", [month.id], values
                )
                self.assertEqual(error["name"], "odoo.exceptions.AccessError")
        month.invalidate_recordset()
        self.assertEqual((month.booked_hours, month.month), (4, self.first))
        # the capacity itself is the manager's to adjust
        _result, error = call_kw_result(
            self, month._name, "write", [month.id], {"capacity_hours": 100}
        )
        self.assertIsNone(error)
        self.assertEqual(month.capacity_hours, 100)


@tagged("post_install", "-at_install")
class TestBookingBalanceRace(TransactionCase):
    """Under concurrency: two bookings of one certificate at once.

    Each books 6 hours of a different month (different capacity rows) on a
    10-hour certificate: the certificate's row serialises them, so exactly
    one succeeds and the other, retried, sees the balance taken. The data
    lives in committed transactions and is removed at the end.
    """

    def setUp(self):
        super().setUp()
        with committed_env(self.registry) as env:
            company = env.ref("base.main_company")
            customer = env["res.partner"].create(
                {"name": "Balance race", "is_company": True}
            )
            certificate = env["helpdesk.support.certificate"].create(
                {
                    "partner_id": customer.id,
                    "company_id": company.id,
                    "date_start": "2026-01-01",
                    "date_end": "2027-12-31",
                    "hours_prepaid": 10,
                }
            )
            months = env["helpdesk.support.booking.month"].search(
                [
                    ("company_id", "=", company.id),
                    ("month", "in", ["2026-12-01", "2027-01-01"]),
                ]
            )
            self.assertFalse(months, "left over by another run")
            months = env["helpdesk.support.booking.month"].create(
                [
                    {"company_id": company.id, "month": month, "capacity_hours": 100}
                    for month in ("2026-12-01", "2027-01-01")
                ]
            )
            self.ids = {
                "customer": customer.id,
                "certificate": certificate.id,
                "months": months.ids,
            }
        self.addCleanup(self.remove_data)

    def remove_data(self):
        with committed_env(self.registry) as env:
            env["helpdesk.support.booking"].search(
                [("certificate_id", "=", self.ids["certificate"])]
            ).unlink()
            env["helpdesk.support.booking.month"].browse(self.ids["months"]).unlink()
            env["helpdesk.support.certificate"].browse(self.ids["certificate"]).unlink()
            env["res.partner"].browse(self.ids["customer"]).unlink()

    def book(self, month, env):
        certificate = env["helpdesk.support.certificate"].browse(
            self.ids["certificate"]
        )
        try:
            env["helpdesk.support.booking"]._support_book(certificate, month, 6)
        except ValidationError as error:
            return str(error)
        return "booked"

    def test_two_months_at_once_cannot_overdraw(self):
        """R-73 (MQ 2.4): two bookings of one certificate at once (two
        sessions) together cannot book more than its remaining balance."""
        with freeze_time("2026-11-10 09:00"):
            results, attempts = run_concurrently(
                self.registry,
                lambda env: self.book("2026-12-01", env),
                lambda env: self.book("2027-01-01", env),
            )
        self.assertEqual(results.count("booked"), 1, results)
        refused = [result for result in results if result != "booked"]
        self.assertIn(REFUSED, refused[0])
        # the loser met the certificate's row lock, failed to serialize and
        # was retried
        self.assertEqual(sorted(attempts), [1, 2])
        with committed_env(self.registry) as env:
            certificate = env["helpdesk.support.certificate"].browse(
                self.ids["certificate"]
            )
            self.assertEqual(len(certificate.booking_ids), 1)
            self.assertEqual(certificate.hours_booked_open, 6)
            months = env["helpdesk.support.booking.month"].browse(self.ids["months"])
            self.assertEqual(sum(months.mapped("booked_hours")), 6)

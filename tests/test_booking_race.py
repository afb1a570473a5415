# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged

from .race import committed_env, run_concurrently


@tagged("post_install", "-at_install")
class TestBookingRace(TransactionCase):
    """Two customers book the last capacity of a month at once (R-73).

    Exactly one booking succeeds: both update the month's counter row, the
    second fails to serialize, is retried like an Odoo request and then sees
    the month full. The data lives in committed transactions and is removed
    at the end.
    """

    def setUp(self):
        super().setUp()
        with committed_env(self.registry) as env:
            company = env.ref("base.main_company")
            customers = env["res.partner"].create(
                [
                    {"name": f"Race booker {index}", "is_company": True}
                    for index in (1, 2)
                ]
            )
            certificates = env["helpdesk.support.certificate"].create(
                [
                    {
                        "partner_id": customer.id,
                        "company_id": company.id,
                        "date_start": "2026-01-01",
                        "date_end": "2027-12-31",
                        "hours_prepaid": 100,
                    }
                    for customer in customers
                ]
            )
            month = env["helpdesk.support.booking.month"].create(
                {"company_id": company.id, "month": "2026-12-01", "capacity_hours": 10}
            )
            self.ids = {
                "customers": customers.ids,
                "certificates": certificates.ids,
                "month": month.id,
            }
        self.addCleanup(self.remove_data)

    def remove_data(self):
        with committed_env(self.registry) as env:
            env["helpdesk.support.booking"].search(
                [("certificate_id", "in", self.ids["certificates"])]
            ).unlink()
            env["helpdesk.support.booking.month"].browse(self.ids["month"]).unlink()
            env["helpdesk.support.certificate"].browse(
                self.ids["certificates"]
            ).unlink()
            env["res.partner"].browse(self.ids["customers"]).unlink()

    def book(self, index, env):
        certificate = env["helpdesk.support.certificate"].browse(
            self.ids["certificates"][index]
        )
        try:
            env["helpdesk.support.booking"]._support_book(certificate, "2026-12-01", 6)
        except ValidationError as error:
            return str(error)
        return "booked"

    def test_last_capacity_booked_once(self):
        """R-73 (MQ 2): two customers booking a month's last capacity at once: exactly
        one booking succeeds."""
        with freeze_time("2026-11-10 09:00"):
            results, attempts = run_concurrently(
                self.registry,
                lambda env: self.book(0, env),
                lambda env: self.book(1, env),
            )
        self.assertEqual(results.count("booked"), 1, results)
        refused = [result for result in results if result != "booked"]
        self.assertRegex(refused[0], "fully booked")
        # the loser met the row lock, failed to serialize and was retried
        self.assertEqual(sorted(attempts), [1, 2])
        with committed_env(self.registry) as env:
            month = env["helpdesk.support.booking.month"].browse(self.ids["month"])
            self.assertAlmostEqual(month.booked_hours, 6)
            self.assertEqual(len(month.booking_ids), 1)

    def test_month_end_charge_runs_once_when_raced(self):
        """R-73 (MQ 2.4): Two runs of the month-end action at once charge a booking
        once."""
        with committed_env(self.registry) as env:
            booking = env["helpdesk.support.booking"].create(
                {
                    "certificate_id": self.ids["certificates"][0],
                    "month_id": self.ids["month"],
                    "month": "2026-12-01",
                    "hours": 7,
                }
            )
            booking_id = booking.id

        def settle(env):
            return env["helpdesk.support.booking"]._cron_charge_unused().ids

        with freeze_time("2027-01-02 09:00"):
            results, attempts = run_concurrently(self.registry, settle, settle)
        self.assertEqual(sorted(results), [[], [booking_id]])
        self.assertEqual(sorted(attempts), [1, 2])
        with committed_env(self.registry) as env:
            booking = env["helpdesk.support.booking"].browse(booking_id)
            self.assertEqual(booking.state, "settled")
            self.assertAlmostEqual(booking.hours_charged, 7)
            certificate = booking.certificate_id
            self.assertAlmostEqual(certificate.hours_balance, 100 - 7)
            notes = env["mail.message"].search_count(
                [
                    ("model", "=", certificate._name),
                    ("res_id", "=", certificate.id),
                    ("body", "ilike", "unused booked hours"),
                ]
            )
            self.assertEqual(notes, 1)

# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Every number of the regulation (hours R-70 to R-73, limits and times
R-10, R-11, R-30, coupons R-40, days R-60, years R-01) is a number:
hostile numbers through every entry point that takes one.

Each test is one attack through the route, the wizard or the RPC write an
attacker uses, with ``nan``, ``inf``, ``-1``, ``1e308``, ``""`` and ``"abc"``;
it asserts the clear message and that nothing changed. The last class proves
that the database itself refuses NaN and infinity.
"""

from datetime import date, timedelta

from psycopg2.errors import CheckViolation

from odoo import Command, fields, http
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from .common import WIDE, SecurityHttpCase, call_kw_result, make_specialists

#: (value typed into a form, what the message says)
HOSTILE = (
    ("nan", "must be a number"),
    ("inf", "must be a number"),
    ("-1", "must be (greater than|at least)"),
    ("1e308", "cannot exceed"),
    ("", "must be a number"),
    ("abc", "must be a number"),
)
#: the same attacks as JSON values of an RPC call (NaN and Infinity are
#: valid JSON for Python's parser, hence for Odoo's JSON-RPC)
HOSTILE_JSON = (
    (float("nan"), "must be a number"),
    (float("inf"), "must be a number"),
    (-1, "must be (greater than|at least)"),
    (1e308, "cannot exceed"),
    ("", "must be a number"),
    ("abc", "must be a number"),
)
#: valid at the real date of the HTTP server, whatever the year


@tagged("post_install", "-at_install")
class TestHostileNumbers(SecurityHttpCase):
    """Hostile hours on the portal, in the staff wizards and in RPC writes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.organisation = cls.env["res.partner"].create(
            {"name": "Numbers LLC", "is_company": True}
        )
        cls.kcp, cls.member = cls.env["res.partner"].create(
            [
                {
                    "name": name,
                    "parent_id": cls.organisation.id,
                    "email": f"{name}@n.test",
                }
                for name in ("num_kcp", "num_member")
            ]
        )
        contract = cls.env["helpdesk.support.contract"].create(
            dict(
                WIDE,
                partner_id=cls.organisation.id,
                tier_id=cls.env["helpdesk.support.tier"]
                .search(
                    [("code", "=", "mq_basic"), ("company_id", "=", cls.company.id)]
                )
                .id,
                contact_ids=[Command.set((cls.kcp | cls.member).ids)],
                key_contact_id=cls.kcp.id,
            )
        )
        contract.action_activate()
        cls.make_portal_user(cls.member, "num_member")
        cls.staff = cls.make_user(
            "num_staff",
            groups="helpdesk_mgmt_support_contract.group_support_user",
        )
        cls.manager = cls.make_user(
            "num_manager",
            groups="helpdesk_mgmt_support_contract.group_support_manager",
        )
        # about a year ahead: the portal offers (and computes the capacity
        # of) every month up to the certificate's end
        cls.certificate = cls.env["helpdesk.support.certificate"].create(
            {
                "partner_id": cls.organisation.id,
                "date_start": "2020-01-01",
                "date_end": fields.Date.today() + timedelta(days=400),
                "hours_prepaid": 500,
            }
        )
        make_specialists(cls.env, cls.company, "Numbers specialist")
        cls.Booking = cls.env["helpdesk.support.booking"]
        cls.month = cls.Booking._support_bookable_months(cls.certificate)[0]
        team = cls.env["helpdesk.ticket.team"].create(
            {"name": "Numbers team", "user_ids": [Command.set(cls.staff.ids)]}
        )
        cls.ticket = cls.env["helpdesk.ticket"].create(
            {
                "name": "Migrate the archive",
                "description": "x",
                "partner_id": cls.kcp.id,
                "team_id": team.id,
                "category_id": cls.env["helpdesk.ticket.category"]
                .search(
                    [
                        ("code", "=", "professional_service"),
                        ("company_id", "=", cls.company.id),
                    ]
                )
                .id,
            }
        )

    def assertRefused(self, error, label, pattern):
        self.assertTrue(error, "the hostile value was accepted")
        self.assertEqual(error["name"], "odoo.exceptions.ValidationError", error)
        self.assertRegex(error["message"], f"{label} {pattern}")

    def post(self, url, **data):
        data["csrf_token"] = http.Request.csrf_token(self)
        return self.url_open(url, data=data)

    def month_record(self):
        return self.env["helpdesk.support.booking.month"].search(
            [("company_id", "=", self.company.id), ("month", "=", self.month)]
        )

    # ------------------------------------------------------------------
    # Portal routes, as the customer's portal contact
    # ------------------------------------------------------------------
    def test_portal_booking_refuses_hostile_hours(self):
        """R-73 (MQ 2.4, booked hours): /my/support/booking with hostile hours
        books nothing."""
        self.authenticate("num_member", "num_member")
        for value, message in HOSTILE:
            with self.subTest(hours=value):
                response = self.post(
                    "/my/support/booking",
                    certificate_id=self.certificate.id,
                    month=self.month.isoformat(),
                    hours=value,
                )
                self.assertEqual(response.status_code, 200)
                self.assertIn("support_ps_error", response.text)
                self.assertRegex(response.text, f"Booked hours {message}")
        self.assertFalse(self.certificate.booking_ids)
        self.assertFalse(self.month_record().booked_hours)

    def test_portal_booking_change_refuses_hostile_hours(self):
        """R-73 (MQ 2.4, booked hours): /my/support/booking/<id>/change with
        ``nan`` left the month's counter untouched, let the booking hold any
        number of hours and, on cancelling, wrote NaN into the counter (HTTP
        500 for every customer)."""
        booking = self.Booking._support_book(self.certificate, self.month, 4)
        month = booking.month_id
        self.authenticate("num_member", "num_member")
        for value, message in HOSTILE:
            with self.subTest(hours=value):
                response = self.post(
                    f"/my/support/booking/{booking.id}/change", hours=value
                )
                self.assertEqual(response.status_code, 200)
                self.assertRegex(response.text, f"Booked hours {message}")
                self.assertEqual(booking.hours, 4)
                self.assertEqual(month.booked_hours, 4)
        # the counter is intact: cancelling frees exactly the 4 hours
        response = self.post(f"/my/support/booking/{booking.id}/cancel")
        self.assertIn("Booking cancelled", response.text)
        self.assertEqual(month.booked_hours, 0)
        page = self.url_open("/my/support/certificates")
        self.assertEqual(page.status_code, 200)

    def test_estimate_page_refuses_hostile_pid(self):
        """R-70 (MQ 2.3, the key contact's estimate link): the estimate's
        e-mail link with a hostile ``pid`` (a number of the link) shows the
        page without the decision, never an error."""
        estimate = self.env["helpdesk.support.estimate"]._support_send(
            self.ticket, 3, date(2030, 1, 1), ""
        )
        self.authenticate(None, None)
        for value, _message in HOSTILE:
            with self.subTest(pid=value):
                response = self.url_open(
                    f"/my/support/estimate/{estimate.id}?access_token="
                    f"{estimate.access_token}&pid={value}&hash=0"
                )
                self.assertEqual(response.status_code, 200)
                self.assertIn("support_estimate", response.text)
                self.assertNotIn("support_estimate_decide", response.text)

    def test_estimate_decision_refuses_hostile_pid(self):
        """R-70 (MQ 2.3, the key contact's estimate link): deciding through the
        e-mail link with a hostile ``pid`` changes nothing and never fails with
        a server error."""
        estimate = self.env["helpdesk.support.estimate"]._support_send(
            self.ticket, 3, date(2030, 1, 1), ""
        )
        self.authenticate(None, None)
        for value, _message in HOSTILE:
            with self.subTest(pid=value):
                response = self.post(
                    f"/my/support/estimate/{estimate.id}/decide",
                    decision="accept",
                    access_token=estimate.access_token,
                    pid=value,
                    hash="0",
                )
                self.assertEqual(response.status_code, 200)
                self.assertEqual(estimate.state, "sent")
        self.assertFalse(estimate.decided_by_id)

    # ------------------------------------------------------------------
    # Staff wizards, over JSON-RPC as a plain support user
    # ------------------------------------------------------------------
    def test_booking_wizard_refuses_hostile_hours(self):
        """R-73 (MQ 2.4, booked hours): the staff booking wizard with hostile
        hours books nothing."""
        self.authenticate("num_staff", "num_staff")
        model = "helpdesk.support.booking.wizard"
        for value, message in HOSTILE_JSON:
            with self.subTest(hours=value):
                wizard_id, error = call_kw_result(
                    self,
                    model,
                    "create",
                    {
                        "certificate_id": self.certificate.id,
                        "month": self.month.isoformat(),
                        "hours": value,
                    },
                )
                if not error:
                    _result, error = call_kw_result(
                        self, model, "action_confirm", [wizard_id]
                    )
                self.assertRefused(error, "Hours", message)
        self.assertFalse(self.certificate.booking_ids)
        self.assertFalse(self.month_record().booked_hours)
        # the same wizard with sound hours books
        wizard_id, error = call_kw_result(
            self,
            model,
            "create",
            {
                "certificate_id": self.certificate.id,
                "month": self.month.isoformat(),
                "hours": 4,
            },
        )
        call_kw_result(self, model, "action_confirm", [wizard_id])
        self.assertEqual(self.certificate.booking_ids.hours, 4)

    def test_booking_wizard_change_refuses_hostile_hours(self):
        """R-73 (MQ 2.4, booked hours): changing a booking in the staff wizard
        with hostile hours leaves the booking and the month's counter as they
        were."""
        booking = self.Booking._support_book(self.certificate, self.month, 4)
        self.authenticate("num_staff", "num_staff")
        model = "helpdesk.support.booking.wizard"
        for value, message in HOSTILE_JSON:
            with self.subTest(hours=value):
                wizard_id, error = call_kw_result(
                    self,
                    model,
                    "create",
                    {"hours": value},
                    context={"default_booking_id": booking.id},
                )
                if not error:
                    _result, error = call_kw_result(
                        self, model, "action_confirm", [wizard_id]
                    )
                self.assertRefused(error, "Hours", message)
                self.assertEqual(booking.hours, 4)
                self.assertEqual(booking.month_id.booked_hours, 4)

    def test_estimate_wizard_refuses_hostile_hours(self):
        """R-70 (MQ 2.3, the estimate's hours): the estimate wizard with
        hostile hours sends no estimate."""
        self.authenticate("num_staff", "num_staff")
        model = "helpdesk.support.estimate.wizard"
        for value, message in HOSTILE_JSON:
            with self.subTest(hours=value):
                wizard_id, error = call_kw_result(
                    self,
                    model,
                    "create",
                    {
                        "ticket_id": self.ticket.id,
                        "hours": value,
                        "date_start": "2030-01-01",
                    },
                )
                if not error:
                    _result, error = call_kw_result(
                        self, model, "action_send", [wizard_id]
                    )
                self.assertRefused(error, "Estimated hours", message)
        self.assertFalse(self.ticket.support_estimate_ids)
        # the same wizard with sound hours sends the estimate
        wizard_id, error = call_kw_result(
            self,
            model,
            "create",
            {"ticket_id": self.ticket.id, "hours": 3, "date_start": "2030-01-01"},
        )
        call_kw_result(self, model, "action_send", [wizard_id])
        self.assertEqual(self.ticket.support_estimate_ids.hours, 3)

    # ------------------------------------------------------------------
    # RPC writes of numeric fields
    # ------------------------------------------------------------------
    def assertWriteRefused(self, login, record, field, label):
        """``label`` None: the field is not writable over RPC at all."""
        self.authenticate(login, login)
        before = record[field]
        for value, message in HOSTILE_JSON:
            with self.subTest(field=field, value=value):
                _result, error = call_kw_result(
                    self, record._name, "write", [record.id], {field: value}
                )
                if label is None:
                    self.assertEqual(error["name"], "odoo.exceptions.AccessError")
                else:
                    self.assertRefused(error, label, message)
                record.invalidate_recordset()
                self.assertEqual(record[field], before)

    def test_rpc_booking_hours(self):
        """R-73 (MQ 2.4, booked hours): a support user writes hostile hours
        into a booking; the booking rules alone write its hours (MQ 2.4)."""
        booking = self.Booking._support_book(self.certificate, self.month, 4)
        self.assertWriteRefused("num_staff", booking, "hours", None)
        self.assertEqual(booking.month_id.booked_hours, 4)

    def test_rpc_estimate_hours(self):
        """R-70 (MQ 2.3, the estimate's hours): a support user writes hostile
        hours into an estimate; the hours of a sent estimate are fixed (MQ
        2.3)."""
        estimate = self.env["helpdesk.support.estimate"]._support_send(
            self.ticket, 3, date(2030, 1, 1), ""
        )
        self.assertWriteRefused("num_staff", estimate, "hours", None)

    def test_rpc_certificate_prepaid_hours(self):
        """R-72 (MQ 2.4, the certificate's prepaid hours): a manager writes
        hostile prepaid hours into a certificate."""
        self.assertWriteRefused(
            "num_manager", self.certificate, "hours_prepaid", "Prepaid hours"
        )
        self.assertEqual(self.certificate.hours_balance, 500)

    def test_rpc_month_capacity(self):
        """R-73 (MQ 2.4, booked hours): a manager writes a hostile capacity
        into a booking month."""
        month = self.Booking._support_book(self.certificate, self.month, 4).month_id
        capacity = month.capacity_hours
        self.assertWriteRefused(
            "num_manager", month, "capacity_hours", r"Capacity \(h\)"
        )
        self.assertEqual(month.capacity_hours, capacity)

    def test_rpc_tier_response_time_and_limits(self):
        """R-10 / R-30 (MQ Appendix 1, the tier's response time and limits): a
        manager writes hostile response times and limits into a support
        tier."""
        tier = self.env["helpdesk.support.tier"].search(
            [("code", "=", "mq_basic"), ("company_id", "=", self.company.id)]
        )
        self.assertWriteRefused("num_manager", tier, "response_time", "Response time")
        self.assertWriteRefused(
            "num_manager", tier, "open_ticket_limit", "Open tickets limit"
        )
        self.assertWriteRefused("num_manager", tier, "contact_limit", "Contacts limit")

    def test_rpc_sla_level_response_time(self):
        """R-11 (DS 3.1–3.9, the level's reaction time): a manager writes a
        hostile response time into an SLA level."""
        level = self.env["helpdesk.support.sla.level"].create(
            {
                "name": "Numbers level",
                "code": "num_level",
                "company_id": self.company.id,
                "response_time": 4,
            }
        )
        self.assertWriteRefused("num_manager", level, "response_time", "Response time")

    def test_rpc_coupon_uses(self):
        """R-40 (DS 3.6: a coupon grants 12 special requests): a manager writes
        hostile uses into a coupon."""
        coupon = self.env["helpdesk.support.coupon"].create(
            {
                "partner_id": self.organisation.id,
                "company_id": self.company.id,
                "licence_ref": "LIC-1",
                "purchase_date": "2020-01-01",
            }
        )
        self.assertWriteRefused("num_manager", coupon, "uses_total", "Uses")

    def test_rpc_company_settings(self):
        """R-60 / R-63 (the company's support settings): hostile values in the
        support settings of the company."""
        self.authenticate("admin", "admin")
        company = self.company
        before = (company.support_at_risk_percent, company.support_reopen_days)
        for field, label in (
            ("support_at_risk_percent", r"SLA at risk from \(%\)"),
            ("support_reopen_days", r"Reopen within \(days\)"),
            ("support_confidential_days", r"Purge confidential data after \(days\)"),
            ("support_critical_fix_days", r"Critical defect fix \(working days\)"),
        ):
            for value, message in HOSTILE_JSON:
                with self.subTest(field=field, value=value):
                    _result, error = call_kw_result(
                        self, "res.config.settings", "create", {field: value}
                    )
                    self.assertRefused(error, label, message)
                    _result, error = call_kw_result(
                        self, "res.company", "write", [company.id], {field: value}
                    )
                    self.assertRefused(error, label, message)
        company.invalidate_recordset()
        self.assertEqual(
            (company.support_at_risk_percent, company.support_reopen_days), before
        )

    def test_rpc_regulation_autoclose_days(self):
        """R-60: the auto-close period moved from the company to the
        regulation (MQ 1.2: 3 working days); hostile values are refused
        there as they were in the settings."""
        regulation = self.env["helpdesk.support.regulation"].search(
            [("code", "=", "mq"), ("company_id", "=", self.company.id)]
        )
        self.assertWriteRefused(
            "num_manager",
            regulation,
            "autoclose_days",
            r"Auto-close after \(working days\)",
        )

    def test_rpc_production_calendar_year(self):
        """R-01 (the production calendar of a year): the production calendar
        wizard with a hostile year."""
        self.authenticate("num_manager", "num_manager")
        calendar = self.company.support_ps_calendar_id.production_calendar_id
        model = "resource.production.calendar.generate.wizard"
        for value, message in HOSTILE_JSON:
            with self.subTest(year=value):
                wizard_id, error = call_kw_result(
                    self,
                    model,
                    "create",
                    {"production_calendar_id": calendar.id, "year": value},
                )
                if not error:
                    _result, error = call_kw_result(
                        self, model, "action_generate", [wizard_id]
                    )
                self.assertRefused(error, "Year", message)


@tagged("post_install", "-at_install")
class TestNumbersInTheDatabase(TransactionCase):
    """R-72 / R-73: the CHECK constraints refuse NaN and infinity themselves.

    In PostgreSQL ``'NaN'::float > 0`` is true and NaN equals NaN, so a plain
    ``CHECK(hours > 0)`` lets NaN in; each constraint also says
    ``<> 'NaN'`` and ``< 'Infinity'``.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env.company
        cls.env["helpdesk.support.preset.wizard"]._load_preset("mq", company.id)
        customer = cls.env["res.partner"].create(
            {"name": "SQL LLC", "is_company": True}
        )
        certificate = cls.env["helpdesk.support.certificate"].create(
            dict(WIDE, partner_id=customer.id, hours_prepaid=10)
        )
        month = cls.env["helpdesk.support.booking.month"].create(
            {"company_id": company.id, "month": "2030-01-01", "capacity_hours": 100}
        )
        booking = cls.env["helpdesk.support.booking"].create(
            {
                "certificate_id": certificate.id,
                "month_id": month.id,
                "month": "2030-01-01",
                "hours": 2,
            }
        )
        ticket = cls.env["helpdesk.ticket"].create(
            {"name": "SQL", "description": "x", "partner_id": customer.id}
        )
        estimate = cls.env["helpdesk.support.estimate"].create(
            {"ticket_id": ticket.id, "hours": 2, "date_start": "2030-01-01"}
        )
        tier = cls.env["helpdesk.support.tier"].search(
            [("company_id", "=", company.id)], limit=1
        )
        level = cls.env["helpdesk.support.sla.level"].create(
            {"name": "SQL level", "code": "sql_level", "company_id": company.id}
        )
        cls.env.flush_all()
        cls.columns = (
            (booking, "hours"),
            (booking, "hours_used"),
            (booking, "hours_charged"),
            (month, "capacity_hours"),
            (month, "booked_hours"),
            (certificate, "hours_prepaid"),
            (estimate, "hours"),
            (tier, "response_time"),
            (level, "response_time"),
            (company, "support_at_risk_percent"),
        )

    def test_postgresql_lets_nan_through_a_positive_check(self):
        """R-72 / R-73: Why the constraints name NaN: it passes ``> 0`` and ``>= 0``."""
        self.env.cr.execute("SELECT 'NaN'::float8 > 0, 'NaN'::float8 = 'NaN'")
        self.assertEqual(self.env.cr.fetchone(), (True, True))

    def test_check_constraints_refuse_nan_and_infinity(self):
        """R-72 / R-73 (hours of certificates and bookings): raw SQL cannot
        store NaN or ±infinity in any hours column."""
        for record, column in self.columns:
            table = record._table
            for value in ("NaN", "Infinity", "-Infinity"):
                with self.subTest(table=table, column=column, value=value):
                    with (
                        self.assertRaises(CheckViolation),
                        mute_logger("odoo.sql_db"),
                        self.env.cr.savepoint(),
                    ):
                        self.env.cr.execute(
                            f"UPDATE {table} SET {column} = %s::float8 "  # noqa: S608
                            "WHERE id = %s",
                            (value, record.id),
                        )

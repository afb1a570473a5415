# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""R-72, R-73: certificates and bookings on the portal go through portal ACLs,
record rules, ``_document_check_access`` and ``portal_pager``.

Dates are explicit and wide: the HTTP server runs on the real clock, and the
suite must pass on any date.
"""

from lxml import html

from odoo import Command, http
from odoo.tests import HttpCase, JsonRpcException, new_test_user, tagged
from odoo.tools import mute_logger

EXPIRED = {"date_start": "2020-01-01", "date_end": "2020-12-31"}


@tagged("post_install", "-at_install")
class TestPortalProfessionalServicesRules(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env.company
        Partner = cls.env["res.partner"]
        cls.customer_a, cls.customer_b = Partner.create(
            [{"name": name, "is_company": True} for name in ("PSR A JSC", "PSR B JSC")]
        )
        cls.anna, cls.boris = Partner.create(
            [
                {"name": name, "parent_id": customer.id, "email": f"{name}@psr.test"}
                for name, customer in (
                    ("psr_anna", cls.customer_a),
                    ("psr_boris", cls.customer_b),
                )
            ]
        )
        for partner in cls.anna | cls.boris:
            new_test_user(
                cls.env,
                login=partner.name,
                groups="base.group_portal",
                partner_id=partner.id,
                company_id=company.id,
                company_ids=[Command.set(company.ids)],
            )
        Certificate = cls.env["helpdesk.support.certificate"]
        # one more than a page of A's certificates; expired ones, so that no
        # month is bookable and the page does not depend on today
        cls.certificates_a = Certificate.create(
            [
                {"partner_id": cls.customer_a.id, "hours_prepaid": 10 + i, **EXPIRED}
                for i in range(11)
            ]
        )
        cls.certificate_b = Certificate.create(
            {"partner_id": cls.customer_b.id, "hours_prepaid": 30, **EXPIRED}
        )
        month = cls.env["helpdesk.support.booking.month"].create(
            {
                "company_id": company.id,
                "month": "2020-06-01",
                "capacity_hours": 170,
                "booked_hours": 8,
            }
        )
        # written as superuser, as the booking rules do
        cls.booking_a, cls.booking_b = cls.env["helpdesk.support.booking"].create(
            [
                {
                    "certificate_id": certificate.id,
                    "month_id": month.id,
                    "month": "2020-06-01",
                    "hours": 4,
                }
                for certificate in (cls.certificates_a[0], cls.certificate_b)
            ]
        )

    def _listed(self, response):
        """Ids of the certificates shown on a certificates page."""
        self.assertEqual(response.status_code, 200)
        return {
            int(value)
            for value in html.fromstring(response.content).xpath(
                "//div[contains(@class, 'support_certificate')]/@data-certificate-id"
            )
        }

    def call_kw(self, model, method, *args, **kwargs):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def test_other_customers_pages_are_refused(self):
        """R-72, R-73 (MQ 2): Another customer's certificate and booking pages answer
        403, ids that do not exist 404; the forms cannot reach them either."""
        self.authenticate("psr_boris", "psr_boris")
        certificate_a = self.certificates_a[0]
        missing = self.certificate_b.id + self.booking_b.id + 1000
        with mute_logger("odoo.http"):
            for url, status in (
                (f"/my/support/certificate/{certificate_a.id}", 403),
                (f"/my/support/booking/{self.booking_a.id}", 403),
                (f"/my/support/certificate/{missing}", 404),
                (f"/my/support/booking/{missing}", 404),
            ):
                with self.subTest(url=url):
                    response = self.url_open(url, allow_redirects=False)
                    self.assertEqual(response.status_code, status)
                    self.assertNotIn(certificate_a.name, response.text)
        # B's own pages
        response = self.url_open(f"/my/support/certificate/{self.certificate_b.id}")
        self.assertEqual(self._listed(response), {self.certificate_b.id})
        self.assertIn(f"support_booking_{self.booking_b.id}", response.text)
        response = self.url_open(
            f"/my/support/booking/{self.booking_b.id}", allow_redirects=False
        )
        self.assertEqual(response.status_code, 303)
        self.assertTrue(
            response.headers["Location"].endswith(
                f"/my/support/certificate/{self.certificate_b.id}"
                f"#support_booking_{self.booking_b.id}"
            )
        )
        # the list shows B's certificate only
        page = self.url_open("/my/support/certificates")
        self.assertEqual(self._listed(page), {self.certificate_b.id})
        # the forms: A's booking and certificate are unknown to B
        csrf = http.Request.csrf_token(self)
        for action, data in (
            ("cancel", {}),
            ("change", {"hours": "1"}),
        ):
            response = self.url_open(
                f"/my/support/booking/{self.booking_a.id}/{action}",
                data=dict(data, csrf_token=csrf),
            )
            self.assertIn("Unknown booking.", response.text)
        response = self.url_open(
            "/my/support/booking",
            data={
                "certificate_id": certificate_a.id,
                "month": "2098-01-01",
                "hours": 4,
                "csrf_token": csrf,
            },
        )
        self.assertIn("Unknown certificate.", response.text)
        self.assertEqual(self.booking_a.state, "confirmed")
        self.assertEqual(self.booking_a.hours, 4)
        self.assertEqual(certificate_a.booking_ids, self.booking_a)

    def test_json_rpc_reads_nothing_of_others(self):
        """R-72, R-73 (MQ 2): Over JSON-RPC a portal user reads its own certificates and
        bookings, nothing of another customer, and writes nothing."""
        self.authenticate("psr_boris", "psr_boris")
        for model, mine, theirs in (
            ("helpdesk.support.certificate", self.certificate_b, self.certificates_a),
            ("helpdesk.support.booking", self.booking_b, self.booking_a),
        ):
            with self.subTest(model=model):
                rows = self.call_kw(model, "search_read", [], fields=["partner_id"])
                self.assertEqual([row["id"] for row in rows], mine.ids)
                rows = self.call_kw(
                    model, "search_read", [("id", "in", theirs.ids)], fields=["id"]
                )
                self.assertEqual(rows, [])
                self.assertEqual(
                    self.call_kw(
                        model, "search_count", [("partner_id", "=", self.customer_a.id)]
                    ),
                    0,
                )
                with mute_logger("odoo.http"), self.assertRaises(JsonRpcException):
                    self.call_kw(model, "read", theirs.ids[:1], ["name"])
        # read-only: even its own booking is changed on the portal pages only
        with mute_logger("odoo.http"):
            for method, args in (
                ("write", [{"hours": 1}]),
                ("action_support_cancel", []),
            ):
                with self.assertRaises(JsonRpcException):
                    self.call_kw(
                        "helpdesk.support.booking", method, self.booking_b.ids, *args
                    )
            with self.assertRaises(JsonRpcException):
                self.call_kw("helpdesk.support.booking.month", "search_read", [])
        self.assertEqual(self.booking_b.state, "confirmed")
        self.assertEqual(self.booking_b.hours, 4)

    def test_staff_notes_of_a_certificate_stay_internal(self):
        """R-72 (MQ 2): Reading its certificates does not open their chatter: staff
        notes (the month-end settlement writes its charges as notes) stay hidden, on
        its own certificate as on another customer's."""
        public = {}
        for certificate in self.certificate_b | self.certificates_a[0]:
            certificate.message_post(
                body="internal remark", subtype_xmlid="mail.mt_note"
            )
            public[certificate] = certificate.message_post(
                body="public remark", subtype_xmlid="mail.mt_comment"
            )
        self.authenticate("psr_boris", "psr_boris")
        rows = self.call_kw(
            "mail.message",
            "search_read",
            [("model", "=", "helpdesk.support.certificate")],
            fields=["body"],
        )
        # the one public message of its own certificate, nothing else
        self.assertEqual([row["id"] for row in rows], public[self.certificate_b].ids)

    def test_certificates_list_is_paged(self):
        """R-72 (MQ 2): The list is paged with ``portal_pager``; the counter counts the
        customer's certificates through the rules."""
        self.authenticate("psr_anna", "psr_anna")
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["support_certificate_count"]}
        )
        self.assertEqual(counters["support_certificate_count"], 11)
        first = self.url_open("/my/support/certificates")
        self.assertIn('href="/my/support/certificates/page/2"', first.text)
        second = self.url_open("/my/support/certificates/page/2")
        self.assertEqual(len(self._listed(first)), 10)
        self.assertEqual(len(self._listed(second)), 1)
        self.assertEqual(
            self._listed(first) | self._listed(second), set(self.certificates_a.ids)
        )
        # beyond the last page, the pager shows the last one
        self.assertEqual(
            self._listed(self.url_open("/my/support/certificates/page/9")),
            self._listed(second),
        )
        # a booking is listed on its certificate's page
        certificate = self.booking_a.certificate_id
        page = self.url_open(f"/my/support/certificate/{certificate.id}")
        self.assertIn(f"support_booking_{self.booking_a.id}", page.text)

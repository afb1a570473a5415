# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta
from urllib.parse import parse_qs, urlparse

from odoo import Command, fields, http
from odoo.tests import tagged

from .common import SupportHttpCase


@tagged("post_install", "-at_install")
class TestProfessionalServicesPortal(SupportHttpCase):
    """Estimates and bookings on the portal (R-70, R-72, R-73).

    Dates are relative to today: the browser and the HTTP server run on the
    real clock.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.company
        cls.ps_calendar = company.support_ps_calendar_id
        cls.category = cls.env["helpdesk.ticket.category"].search(
            [("code", "=", "professional_service"), ("company_id", "=", company.id)]
        )
        cls.organisation = cls.env["res.partner"].create(
            {"name": "Booker LLC", "is_company": True}
        )
        cls.kcp, cls.member = cls.env["res.partner"].create(
            [
                {
                    "name": name,
                    "parent_id": cls.organisation.id,
                    "email": f"{name}@b.test",
                }
                for name in ("kira_kcp", "oleg_member")
            ]
        )
        contract = cls.env["helpdesk.support.contract"].create(
            {
                "partner_id": cls.organisation.id,
                "tier_id": cls.by_code("helpdesk.support.tier", "mq_basic").id,
                "date_start": "2020-01-01",
                "contact_ids": [Command.set((cls.kcp | cls.member).ids)],
                "key_contact_id": cls.kcp.id,
            }
        )
        contract.action_activate()
        for partner in cls.kcp | cls.member:
            cls.make_user(partner.name, "base.group_portal", partner_id=partner.id)
        today = fields.Date.today()
        cls.certificate = cls.current_certificate(cls.organisation, 50)
        cls.ps_specialist("Specialist")
        cls.ticket = cls.env["helpdesk.ticket"].create(
            {
                "name": "Set up monitoring",
                "description": "x",
                "partner_id": cls.kcp.id,
                "category_id": cls.category.id,
            }
        )
        cls.estimate = cls.env["helpdesk.support.estimate"]._support_send(
            cls.ticket, 6, today + timedelta(days=7), "VPN access"
        )

    def decide(self, decision="accept", **params):
        data = dict(params, decision=decision, csrf_token=http.Request.csrf_token(self))
        return self.url_open(
            f"/my/support/estimate/{self.estimate.id}/decide", data=data
        )

    def test_only_the_key_contact_accepts_on_the_portal(self):
        """R-70 (MQ 2): only the key contact person accepts an estimate on the portal; a
        colleague with the link reads it but cannot decide."""
        # a colleague of the KCP: with the estimate's link he sees it, but
        # cannot decide, not even with the token
        self.authenticate("oleg_member", "oleg_member")
        token = self.estimate.access_token
        page = self.url_open(
            f"/my/support/estimate/{self.estimate.id}?access_token={token}"
        )
        self.assertIn("support_estimate", page.text)
        self.assertNotIn("support_estimate_decide", page.text)
        self.assertIn("Only the key contact person", page.text)
        response = self.decide(access_token=token)
        self.assertIn("Only the key contact person", response.text)
        self.assertEqual(self.estimate.state, "sent")
        self.authenticate("kira_kcp", "kira_kcp")
        page = self.url_open(f"/my/ticket/{self.ticket.id}")
        self.assertIn("support_ticket_estimates", page.text)
        page = self.url_open(f"/my/support/estimate/{self.estimate.id}")
        self.assertIn("support_estimate_decide", page.text)
        self.decide()
        self.assertEqual(self.estimate.state, "accepted")
        self.assertEqual(self.estimate.decided_by_id, self.kcp)
        self.assertEqual(self.ticket.support_certificate_id, self.certificate)
        page = self.url_open(f"/my/ticket/{self.ticket.id}")
        self.assertIn("support_ticket_charged", page.text)
        # the minimum order of one hour, charged once the estimate is accepted
        self.assertRegex(
            page.text, r"(?s)support_ticket_charged.*?<strong[^>]*>1\.00</strong>"
        )

    def test_email_link_lets_the_key_contact_decide(self):
        """R-70 (MQ 2): the signed link of the estimate's e-mail lets the key contact
        person decide."""
        query = parse_qs(urlparse(self.estimate.support_kcp_url).query)
        params = {key: values[0] for key, values in query.items()}
        self.assertEqual(set(params), {"access_token", "pid", "kcp_token"})
        self.authenticate(None, None)  # a visitor who is not logged in
        # a forged signature: the page shows, but nobody may decide
        forged = dict(params, kcp_token="0" * 64)
        page = self.url_open(
            f"/my/support/estimate/{self.estimate.id}?"
            + "&".join(f"{k}={v}" for k, v in forged.items())
        )
        self.assertIn("support_estimate", page.text)
        self.assertNotIn("support_estimate_decide", page.text)
        self.decide(**forged)
        self.assertEqual(self.estimate.state, "sent")
        # the link of another partner of the customer is no better
        member = dict(
            params,
            pid=str(self.member.id),
            kcp_token=self.estimate._support_kcp_token(self.member),
        )
        self.decide(**member)
        self.assertEqual(self.estimate.state, "sent")
        # without the access token there is nothing to see
        response = self.url_open(f"/my/support/estimate/{self.estimate.id}")
        self.assertNotIn("support_estimate_decide", response.text)
        # the key contact's own link
        page = self.url_open(self.estimate.support_kcp_url)
        self.assertIn("support_estimate_decide", page.text)
        self.decide(decision="decline", **params)
        self.assertEqual(self.estimate.state, "declined")
        self.assertEqual(self.estimate.decided_by_id, self.kcp)

    def test_certificates_page_and_counter(self):
        """R-72 (MQ 2): the customer's certificates and their balance on the portal,
        with the counter."""
        self.authenticate("oleg_member", "oleg_member")
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["support_certificate_count"]}
        )
        self.assertEqual(counters["support_certificate_count"], 1)
        page = self.url_open("/my/support/certificates")
        self.assertIn(self.certificate.name, page.text)
        self.assertIn("50.00", page.text)
        self.assertIn("support_booking_form", page.text)
        self.assertNotIn("support_booking_closed", page.text)
        # each month offered says how many specialist hours are still free
        month = self.env["helpdesk.support.booking"]._support_bookable_months(
            self.certificate
        )[0]
        free = self.env["helpdesk.support.booking.month"]._support_free_hours(
            self.env.company, [month]
        )[month]
        self.assertGreater(free, 100)
        self.assertRegex(
            page.text,
            rf"(?s)<option value=\"{month}\">\s*{month:%m.%Y} —\s*{free:.0f} h free",
        )
        # an expired certificate is listed, but nothing can be booked on it
        expired = self.certificate.copy(
            {"date_start": "2020-01-01", "date_end": "2020-12-31"}
        )
        page = self.url_open("/my/support/certificates")
        self.assertIn(expired.name, page.text)
        self.assertIn("support_booking_closed", page.text)
        # a booking for the current month is refused, with the reason shown
        today = fields.Date.today()
        response = self.url_open(
            "/my/support/booking",
            data={
                "certificate_id": self.certificate.id,
                "month": today.replace(day=1),
                "hours": 4,
                "csrf_token": http.Request.csrf_token(self),
            },
        )
        self.assertIn("support_ps_error", response.text)
        self.assertIn("later calendar month", response.text)
        self.assertFalse(self.certificate.booking_ids)
        # a form without a month, or with garbage, is refused politely
        for month in ("", "not-a-date"):
            response = self.url_open(
                "/my/support/booking",
                data={
                    "certificate_id": self.certificate.id,
                    "month": month,
                    "hours": "abc",
                    "csrf_token": http.Request.csrf_token(self),
                },
            )
            self.assertEqual(response.status_code, 200)
            self.assertIn("support_ps_error", response.text)
        self.assertFalse(self.certificate.booking_ids)

    def test_stranger_sees_no_certificate(self):
        """R-72 (MQ 2): a contact of another customer sees no certificate."""
        stranger = self.env["res.partner"].create({"name": "stranger_ps"})
        self.make_user("stranger_ps", "base.group_portal", partner_id=stranger.id)
        self.authenticate("stranger_ps", "stranger_ps")
        page = self.url_open("/my/support/certificates")
        self.assertNotIn(self.certificate.name, page.text)
        response = self.url_open(
            "/my/support/booking",
            data={
                "certificate_id": self.certificate.id,
                "month": "2030-01-01",
                "hours": 4,
                "csrf_token": http.Request.csrf_token(self),
            },
        )
        self.assertIn("Unknown certificate", response.text)
        page = self.url_open(f"/my/support/estimate/{self.estimate.id}")
        self.assertNotIn("support_estimate_decide", page.text)

    def test_booking_tour(self):
        """R-73 (MQ 2): a customer books specialist hours for a later month on the
        portal."""
        months = self.env["helpdesk.support.booking"]._support_bookable_months(
            self.certificate
        )
        self.assertTrue(months)
        self.start_tour(
            "/my/support/certificates", "support_portal_booking", login="oleg_member"
        )
        booking = self.certificate.booking_ids
        self.assertEqual(len(booking), 1)
        self.assertEqual(booking.month, months[0])
        self.assertAlmostEqual(booking.hours, 6)
        self.assertEqual(booking.state, "confirmed")
        self.assertEqual(booking.booked_by_id, self.member)

    def test_change_and_cancel_on_the_portal(self):
        """R-73 (MQ 2): a booking is changed and cancelled on the portal until its
        change deadline."""
        Booking = self.env["helpdesk.support.booking"]
        month = Booking._support_bookable_months(self.certificate)[0]
        booking = Booking._support_book(self.certificate, month, 4, self.member)
        self.authenticate("oleg_member", "oleg_member")
        csrf = http.Request.csrf_token(self)
        page = self.url_open(
            f"/my/support/booking/{booking.id}/change",
            data={"hours": "6,5", "csrf_token": csrf},
        )
        self.assertIn("Booking changed", page.text)
        self.assertAlmostEqual(booking.hours, 6.5)
        self.assertAlmostEqual(booking.month_id.booked_hours, 6.5)
        page = self.url_open(
            f"/my/support/booking/{booking.id}/cancel", data={"csrf_token": csrf}
        )
        self.assertIn("Booking cancelled", page.text)
        self.assertEqual(booking.state, "cancelled")
        self.assertAlmostEqual(booking.month_id.booked_hours, 0)
        # another customer's booking is not reachable
        other = self.env["res.partner"].create({"name": "other_booker"})
        self.make_user("other_booker", "base.group_portal", partner_id=other.id)
        self.authenticate("other_booker", "other_booker")
        page = self.url_open(
            f"/my/support/booking/{booking.id}/cancel",
            data={"csrf_token": http.Request.csrf_token(self)},
        )
        self.assertIn("Unknown booking", page.text)

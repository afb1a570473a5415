# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""R-54 (MQ 1.3: the portal is a channel of every tier): texts of the URL shown
as alerts on trusted portal pages.

A crafted link must not make a page of the support portal show a warning
the attacker wrote ("your account is blocked, call ..."): the URL carries a
message code, the page shows the server's text for it, or nothing.
"""

from datetime import timedelta
from urllib.parse import quote

from lxml import html

from odoo import fields, http
from odoo.tests import tagged

from .common import SecurityHttpCase, make_specialists

FAKE = "FAKE-WARNING: your account is blocked, call +7 999 000-00-00"


@tagged("post_install", "-at_install")
class TestSecurityPortalMessages(SecurityHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.company
        organisation, cls.kcp, _contract = cls.make_organisation(
            "Messages LLC",
            [("msg_kcp", "k@m.test")],
            key_contact="msg_kcp",
            portal=["msg_kcp"],
        )
        today = fields.Date.today()
        cls.certificate = cls.env["helpdesk.support.certificate"].create(
            {
                "partner_id": organisation.id,
                "date_start": today - timedelta(days=30),
                "date_end": today + timedelta(days=400),
                "hours_prepaid": 50,
            }
        )
        make_specialists(cls.env, company, "Specialist")
        cls.ticket = cls.env["helpdesk.ticket"].create(
            {
                "name": "Set up monitoring",
                "description": "x",
                "partner_id": cls.kcp.id,
                "category_id": cls.env["helpdesk.ticket.category"]
                .search(
                    [
                        ("code", "=", "professional_service"),
                        ("company_id", "=", company.id),
                    ]
                )
                .id,
            }
        )
        cls.estimate = cls.env["helpdesk.support.estimate"]._support_send(
            cls.ticket, 6, today + timedelta(days=7), "VPN access"
        )

    def page(self, url):
        """The text a visitor reads on the page (not the links' URLs)."""
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        document = html.fromstring(response.content)
        for script in document.xpath("//script"):
            script.drop_tree()
        return document.text_content()

    def alerts(self, url):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        document = html.fromstring(response.content)
        return [
            " ".join(node.text_content().split())
            for node in document.xpath("//*[@role='alert' or @role='status']")
        ]

    def snapshot(self):
        self.env.invalidate_all()
        return (
            self.certificate.booking_ids.ids,
            self.estimate.state,
            self.ticket.stage_id,
            self.ticket.message_ids.ids,
        )

    def test_ticket_form_shows_no_error_of_the_url(self):
        """R-54 (MQ 1.3: the portal is a channel of every tier, its words the
        support's own): /new/ticket?support_error=<text> showed the text as the
        form's error alert."""
        self.authenticate("msg_kcp", "msg_kcp")
        before = self.snapshot()
        url = "/new/ticket?support_error=" + quote(FAKE)
        self.assertNotIn("FAKE-WARNING", self.page(url))
        self.assertEqual(self.alerts(url), [])
        self.assertEqual(self.snapshot(), before)

    def test_certificates_page_shows_no_error_text_of_the_url(self):
        """R-54 (MQ 1.3: the portal is a channel of every tier, its words the
        support's own): /my/support/certificates?error=<text> showed the text
        as a red alert; an unknown code shows nothing."""
        self.authenticate("msg_kcp", "msg_kcp")
        before = self.snapshot()
        for query in (
            "error=" + quote(FAKE),
            "error=refused",
            "error=nonsense",
            # a known code the server did not send either
            "error=unknown_booking",
        ):
            url = "/my/support/certificates?" + query
            self.assertNotIn("FAKE-WARNING", self.page(url))
            self.assertEqual(self.alerts(url), [], query)
        self.assertEqual(self.snapshot(), before)
        # the server's own code shows its text, once
        response = self.url_open(
            "/my/support/booking/0/cancel",
            data={"csrf_token": http.Request.csrf_token(self)},
        )
        self.assertIn("error=unknown_booking", response.url)
        self.assertIn("Unknown booking.", response.text)
        self.assertEqual(self.alerts(response.url), [])

    def test_certificates_page_shows_no_message_text_of_the_url(self):
        """R-54 (MQ 1.3: the portal is a channel of every tier, its words the
        support's own): /my/support/certificates?message=<text> showed the text
        as a green confirmation."""
        self.authenticate("msg_kcp", "msg_kcp")
        before = self.snapshot()
        for code in (quote(FAKE), "booked"):
            url = "/my/support/certificates?message=" + code
            self.assertNotIn("FAKE-WARNING", self.page(url))
            self.assertNotIn("Hours booked.", self.page(url))
            self.assertEqual(self.alerts(url), [])
        self.assertEqual(self.snapshot(), before)

    def test_estimate_page_shows_no_error_text_of_the_url(self):
        """R-54 (MQ 1.3: the portal is a channel of every tier, its words the
        support's own): the estimate page (reached from the e-mail link, even
        logged out) showed ?error=<text> as an alert."""
        self.authenticate(None, None)
        before = self.snapshot()
        token = self.estimate.access_token
        url = f"/my/support/estimate/{self.estimate.id}?access_token={token}"
        for code in (quote(FAKE), "refused"):
            self.assertIn("Working hours", self.page(f"{url}&error={code}"))
            self.assertNotIn("FAKE-WARNING", self.page(f"{url}&error={code}"))
            self.assertEqual(self.alerts(f"{url}&error={code}"), [])
        self.assertEqual(self.snapshot(), before)

    def test_refusal_reason_is_shown_once_by_the_server(self):
        """R-54 (MQ 1.3: the portal is a channel of every tier, its words the
        support's own): the real refusal reason of the server still reaches the
        user who was refused, through the session, not the URL. The refusal
        here is the booking rule of MQ 2.4 «Бронирование осуществляется на
        любой последующий календарный месяц» (R-73): the current month is
        refused."""
        self.authenticate("msg_kcp", "msg_kcp")
        before = self.snapshot()
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
        self.assertIn("later calendar month", response.text)
        self.assertIn("error=refused", response.url)
        self.assertNotIn("later", response.url)
        self.assertEqual(self.snapshot(), before)
        # shown once: reloading the page does not show it again
        self.assertNotIn("later calendar month", self.page(response.url))

    def test_ticket_page_shows_no_text_of_the_url(self):
        """R-54 (MQ 1.3: the portal is a channel of every tier, its words the
        support's own): the portal ticket page shows no error, warning or
        success text of the URL."""
        self.authenticate("msg_kcp", "msg_kcp")
        before = self.snapshot()
        fake = quote(FAKE)
        for query in (
            f"support_error={fake}&error={fake}&warning={fake}&success={fake}",
            # known codes the server did not send
            "support_error=export_too_large&support_escalated=1",
        ):
            url = f"/my/ticket/{self.ticket.id}?{query}"
            self.assertNotIn("FAKE-WARNING", self.page(url))
            self.assertNotIn("head of support has been notified", self.page(url))
            self.assertEqual(self.alerts(url), [], query)
        self.assertEqual(self.snapshot(), before)

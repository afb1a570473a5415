# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Professional services (MQ 2; R-70, R-72, R-73): the key contact decides the
estimate, a customer books on its own certificate; attacked through their entry
points.

The portal routes of bookings (``/my/support/booking``, ``…/change``,
``…/cancel``) and estimates (``/my/support/estimate/<id>``, ``…/decide``),
and the estimate and booking records over JSON-RPC ``call_kw``, as (a) a
logged-out visitor, (b) a portal user of another customer, (c) a contact of
the same customer outside the creator's team or who is not the key contact,
(d) a plain support user, with hostile values. Each test is one attack and
asserts the refusal and that nothing changed.

MQ 2.3: «После подтверждения ККЛ, указанной в ответе на заявку информации
(сроки, часы, дополнительные условия), заявка передается на исполнение» —
the key contact person accepts what was sent. MQ 2.4: «Услугой бронирования
может воспользоваться любой клиент с действующим сертификатом
профессионального сервиса.»
"""

from datetime import timedelta
from urllib.parse import urlencode

from odoo import Command, fields, http
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import WIDE, SecurityHttpCase, call_kw, make_specialists

HOSTILE_IDS = ("abc", "nan", "inf", "-1", "0", "1e308", "", "<script>", "9" * 30)


@tagged("post_install", "-at_install")
class TestProfessionalServicesAttacks(SecurityHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.customer_a, cls.customer_b = Partner.create(
            [{"name": f"Atk PS Customer {x}", "is_company": True} for x in ("A", "B")]
        )
        cls.kcp, cls.owner, cls.outsider = Partner.create(
            [
                {"name": name, "parent_id": cls.customer_a.id, "email": f"{name}@p.t"}
                for name in ("atk_ps_kcp", "atk_ps_owner", "atk_ps_outsider")
            ]
        )
        cls.boris = Partner.create(
            {"name": "atk_ps_boris", "parent_id": cls.customer_b.id, "email": "b@p.t"}
        )
        premium = cls.env["helpdesk.support.tier"].search(
            [("code", "=", "mq_premium"), ("company_id", "=", cls.company.id)]
        )
        contract = cls.env["helpdesk.support.contract"].create(
            {
                "partner_id": cls.customer_a.id,
                "tier_id": premium.id,
                "contact_ids": [Command.set((cls.kcp | cls.owner | cls.outsider).ids)],
                "key_contact_id": cls.kcp.id,
                **WIDE,
            }
        )
        cls.env["helpdesk.support.contact.team"].create(
            [
                {
                    "name": "Ops",
                    "contract_id": contract.id,
                    "member_ids": [Command.set(cls.owner.ids)],
                },
                {
                    "name": "Dev",
                    "contract_id": contract.id,
                    "member_ids": [Command.set(cls.outsider.ids)],
                },
            ]
        )
        contract.action_activate()
        for partner in cls.kcp | cls.owner | cls.outsider | cls.boris:
            cls.make_portal_user(partner, partner.name)
        cls.make_user(
            "atk_ps_staff",
            groups="helpdesk_mgmt_support_contract.group_support_user",
        )
        # about a year ahead: the portal offers every month up to the end
        Certificate = cls.env["helpdesk.support.certificate"]
        cls.certificate_a, cls.certificate_b = Certificate.create(
            [
                {
                    "partner_id": customer.id,
                    "date_start": "2020-01-01",
                    "date_end": fields.Date.today() + timedelta(days=400),
                    "hours_prepaid": 40,
                }
                for customer in (cls.customer_a, cls.customer_b)
            ]
        )
        make_specialists(cls.env, cls.company, "Atk PS specialist")
        cls.Booking = cls.env["helpdesk.support.booking"]
        cls.first, cls.second = cls.Booking._support_bookable_months(cls.certificate_a)[
            :2
        ]
        cls.booking_a = cls.Booking._support_book(cls.certificate_a, cls.first, 4)
        cls.booking_b = cls.Booking._support_book(cls.certificate_b, cls.first, 2)
        ps_category = cls.env["helpdesk.ticket.category"].search(
            [
                ("company_id", "=", cls.company.id),
                ("support_professional_service", "=", True),
            ],
            limit=1,
        )
        cls.ticket = cls.env["helpdesk.ticket"].create(
            {
                "name": "Atk PS order",
                "description": "x",
                "partner_id": cls.owner.id,
                "category_id": ps_category.id,
            }
        )
        cls.ticket_b = cls.env["helpdesk.ticket"].create(
            {
                "name": "Atk PS order of B",
                "description": "x",
                "partner_id": cls.boris.id,
                "category_id": ps_category.id,
            }
        )
        cls.estimate = cls.env["helpdesk.support.estimate"]._support_send(
            cls.ticket, 4, fields.Date.to_date("2030-01-10"), "Root access needed"
        )

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------

    def assertRefused(self, response, error="odoo.exceptions.AccessError"):
        self.assertIn("error", response, "the call must be refused")
        self.assertEqual(response["error"]["data"]["name"], error)
        self.env.invalidate_all()

    def estimate_state(self):
        self.env.flush_all()
        self.env.invalidate_all()
        estimate = self.estimate
        return (
            estimate.state,
            estimate.decided_by_id,
            estimate.hours,
            estimate.date_start,
            estimate.conditions,
            estimate.ticket_id,
            self.ticket.support_certificate_id,
            self.env["helpdesk.support.estimate"].search_count([]),
        )

    def booking_state(self):
        self.env.flush_all()
        self.env.invalidate_all()
        Booking = self.env["helpdesk.support.booking"]
        return (
            Booking.search([], order="id").read(
                ["certificate_id", "month_id", "month", "hours", "state"]
            ),
            self.booking_a.month_id.booked_hours,
            self.certificate_a.hours_balance,
            self.certificate_b.hours_balance,
        )

    def decide(self, login=None, decision="accept", **params):
        """The decision form posted as ``login`` (None: a logged-out visitor,
        with a valid CSRF token of its own session)."""
        self.authenticate(login, login)
        data = dict(params, decision=decision)
        data["csrf_token"] = http.Request.csrf_token(self)
        return self.url_open(
            f"/my/support/estimate/{self.estimate.id}/decide",
            data=data,
            allow_redirects=False,
        )

    def post(self, login, url, **data):
        """A portal form posted as ``login`` (None: logged out, with a valid
        CSRF token of its own session)."""
        self.authenticate(login, login)
        data.setdefault("csrf_token", http.Request.csrf_token(self))
        return self.url_open(url, data=data, allow_redirects=False)

    # ------------------------------------------------------------------
    # Estimates over JSON-RPC (d): what the KCP accepts is fixed once sent
    # ------------------------------------------------------------------

    def test_user_cannot_change_the_hours_of_a_sent_estimate(self):
        """(d) MQ 2.3, the key contact person accepts the hours sent; a support
        user lowered (or raised) them over RPC while the estimate awaited the
        decision."""
        self.authenticate("atk_ps_staff", "atk_ps_staff")
        before = self.estimate_state()
        for hours in (1.0, 400.0):
            with self.subTest(hours=hours):
                response = call_kw(
                    self,
                    "helpdesk.support.estimate",
                    "write",
                    self.estimate.ids,
                    {"hours": hours},
                )
                self.assertRefused(response)
        self.assertEqual(self.estimate_state(), before)

    def test_user_cannot_move_the_start_of_a_sent_estimate(self):
        """(d) the work's start date the KCP agreed to (MQ 2.3) moved over
        RPC."""
        self.authenticate("atk_ps_staff", "atk_ps_staff")
        before = self.estimate_state()
        response = call_kw(
            self,
            "helpdesk.support.estimate",
            "write",
            self.estimate.ids,
            {"date_start": "2031-06-01"},
        )
        self.assertRefused(response)
        self.assertEqual(self.estimate_state(), before)

    def test_user_cannot_rewrite_an_accepted_estimate(self):
        """R-70 (MQ 2.3: «После подтверждения ККЛ ... заявка передается на
        исполнение»): (d) the record of what the KCP accepted (hours, start,
        conditions, ticket) rewritten after the decision."""
        self.estimate._support_decide(self.kcp, accept=True)
        self.authenticate("atk_ps_staff", "atk_ps_staff")
        before = self.estimate_state()
        for values in (
            {"hours": 40.0},
            {"conditions": "The customer pays travel"},
            {"ticket_id": self.ticket_b.id},
        ):
            with self.subTest(values=values):
                response = call_kw(
                    self,
                    "helpdesk.support.estimate",
                    "write",
                    self.estimate.ids,
                    values,
                )
                self.assertRefused(response)
        self.assertEqual(self.estimate_state(), before)

    def test_user_cannot_create_an_estimate_around_the_wizard(self):
        """R-70 (MQ 2.3: «После подтверждения ККЛ ... заявка передается на
        исполнение»): (d) an estimate created over RPC skipped the checks of
        the Send button (professional-service ticket, a KCP, the previous
        estimate superseded) and reached the portal awaiting approval."""
        self.authenticate("atk_ps_staff", "atk_ps_staff")
        before = self.estimate_state()
        response = call_kw(
            self,
            "helpdesk.support.estimate",
            "create",
            {
                "ticket_id": self.ticket.id,
                "hours": 2,
                "date_start": "2030-02-01",
            },
        )
        self.assertRefused(response)
        self.assertEqual(self.estimate_state(), before)

    def test_user_still_sends_an_estimate_with_the_wizard(self):
        """R-70 (MQ 2.3: «После подтверждения ККЛ ... заявка передается на
        исполнение»): (d) the wizard remains the way, over the same RPC; the
        new estimate supersedes the previous one."""
        self.authenticate("atk_ps_staff", "atk_ps_staff")
        response = call_kw(
            self,
            "helpdesk.support.estimate.wizard",
            "create",
            {"ticket_id": self.ticket.id, "hours": 6, "date_start": "2030-02-01"},
        )
        self.assertNotIn("error", response, response.get("error"))
        response = call_kw(
            self,
            "helpdesk.support.estimate.wizard",
            "action_send",
            [response["result"]],
        )
        self.assertNotIn("error", response, response.get("error"))
        self.env.invalidate_all()
        estimates = self.ticket.support_estimate_ids
        self.assertEqual(len(estimates), 2)
        self.assertEqual(self.estimate.state, "superseded")
        self.assertEqual((estimates - self.estimate).hours, 6)

    # ------------------------------------------------------------------
    # Estimate routes: only the KCP decides (MQ 2.3)
    # ------------------------------------------------------------------

    def test_logged_out_estimate_page_without_token(self):
        """R-70 (MQ 2.3: «После подтверждения ККЛ ... заявка передается на
        исполнение»): (a) the estimate page without its access token."""
        for token in ("", "abc", "x" * 5000):
            with self.subTest(token=token[:10]):
                response = self.url_open(
                    f"/my/support/estimate/{self.estimate.id}?"
                    + urlencode({"access_token": token}),
                    allow_redirects=False,
                )
                self.assertLess(response.status_code, 500)
                self.assertNotIn("Root access needed", response.text)

    def test_logged_out_decision_with_forged_signature(self):
        """R-70 (MQ 2.3: «После подтверждения ККЛ ... заявка передается на
        исполнение»): (a) a visitor holding the estimate's access token (a
        share link) signs as the KCP with a forged hash."""
        before = self.estimate_state()
        for hash_ in ("", "abc", "0" * 64):
            with self.subTest(hash=hash_):
                response = self.decide(
                    access_token=self.estimate.access_token,
                    pid=str(self.kcp.id),
                    hash=hash_,
                )
                self.assertLess(response.status_code, 500)
        self.assertEqual(self.estimate_state(), before)

    def test_decision_by_another_customer(self):
        """R-70 (MQ 2.3: «После подтверждения ККЛ ... заявка передается на
        исполнение»): (b) a portal user of another customer decides."""
        before = self.estimate_state()
        response = self.decide("atk_ps_boris")
        self.assertLess(response.status_code, 500)
        self.assertEqual(self.estimate_state(), before)

    def test_decision_by_contact_outside_the_team(self):
        """(c) R-32, a contact of the customer outside the creator's team
        decides on an order it may not see."""
        before = self.estimate_state()
        response = self.decide("atk_ps_outsider")
        self.assertLess(response.status_code, 500)
        self.assertEqual(self.estimate_state(), before)

    def test_decision_by_the_creator_who_is_not_the_kcp(self):
        """(c) MQ 2.3, the creator of the order sees it but is
        not the key contact person."""
        before = self.estimate_state()
        response = self.decide("atk_ps_owner")
        self.assertLess(response.status_code, 500)
        self.assertEqual(self.estimate_state(), before)

    def test_decision_by_support_user(self):
        """R-70 (MQ 2.3: «После подтверждения ККЛ ... заявка передается на
        исполнение»): (d) a support user (who reads the ticket) posts the KCP's
        decision form."""
        before = self.estimate_state()
        response = self.decide("atk_ps_staff")
        self.assertLess(response.status_code, 500)
        self.assertEqual(self.estimate_state(), before)

    def test_decision_by_get_link(self):
        """R-70 (MQ 2.3: «После подтверждения ККЛ ... заявка передается на
        исполнение»): a link opened by the logged-in KCP decides nothing."""
        self.authenticate("atk_ps_kcp", "atk_ps_kcp")
        before = self.estimate_state()
        with mute_logger("odoo.http"):
            response = self.url_open(
                f"/my/support/estimate/{self.estimate.id}/decide?decision=accept",
                allow_redirects=False,
            )
        self.assertLess(response.status_code, 500)
        self.assertEqual(self.estimate_state(), before)

    # ------------------------------------------------------------------
    # Bookings over JSON-RPC (d): the booking rules alone write them
    # ------------------------------------------------------------------

    def test_user_cannot_move_a_booking_around_the_counter(self):
        """(d) a booking's month, capacity month and certificate (another
        customer's) written over RPC, around the capacity counter and the
        balance (MQ 2.4)."""
        other_month = self.Booking._support_book(
            self.certificate_b, self.second, 1
        ).month_id
        self.authenticate("atk_ps_staff", "atk_ps_staff")
        before = self.booking_state()
        for values in (
            {"month_id": other_month.id},
            {"certificate_id": self.certificate_b.id},
            {"state": "settled"},
            {"hours_used": 4},
        ):
            with self.subTest(values=values):
                response = call_kw(
                    self,
                    "helpdesk.support.booking",
                    "write",
                    self.booking_a.ids,
                    values,
                )
                self.assertRefused(response)
        self.assertEqual(self.booking_state(), before)

    # ------------------------------------------------------------------
    # Booking routes
    # ------------------------------------------------------------------

    def test_book_on_another_customers_certificate(self):
        """R-73 (MQ 2.4: a customer books on its own certificate): (b) a portal
        user books on another customer's certificate by its id."""
        before = self.booking_state()
        response = self.post(
            "atk_ps_boris",
            "/my/support/booking",
            certificate_id=str(self.certificate_a.id),
            month=self.second.isoformat(),
            hours="1",
        )
        self.assertLess(response.status_code, 500)
        self.assertEqual(self.booking_state(), before)

    def test_book_with_hostile_certificate_ids(self):
        """R-73 (MQ 2.4: a customer books on its own certificate): certificate
        ids no form sends."""
        for value in HOSTILE_IDS:
            with self.subTest(certificate_id=value):
                before = self.booking_state()
                response = self.post(
                    "atk_ps_owner",
                    "/my/support/booking",
                    certificate_id=value,
                    month=self.second.isoformat(),
                    hours="1",
                )
                self.assertLess(response.status_code, 500)
                self.assertEqual(self.booking_state(), before)

    def test_book_with_hostile_months(self):
        """R-73 (MQ 2.4: a customer books on its own certificate): months no
        form sends (the form offers the bookable months of the certificate
        only)."""
        for value in (
            "abc",
            "",
            "2026-13-45",
            "0000-00-00",
            "9999-12-31",
            "1900-01-01",
            "x" * 10_000,
            "<script>",
            self.first.isoformat() + "' OR 1=1 --",
        ):
            with self.subTest(month=value[:20]):
                before = self.booking_state()
                response = self.post(
                    "atk_ps_owner",
                    "/my/support/booking",
                    certificate_id=str(self.certificate_a.id),
                    month=value,
                    hours="1",
                )
                self.assertLess(response.status_code, 500)
                self.assertEqual(self.booking_state(), before)

    def test_book_logged_out(self):
        """R-73 (MQ 2.4: a customer books on its own certificate): (a) the
        booking form without a session."""
        before = self.booking_state()
        response = self.post(
            None,
            "/my/support/booking",
            certificate_id=str(self.certificate_a.id),
            month=self.second.isoformat(),
            hours="1",
        )
        self.assertLess(response.status_code, 500)
        self.assertEqual(self.booking_state(), before)

    def test_book_by_get_link(self):
        """R-73 (MQ 2.4: a customer books on its own certificate): a link
        opened by a logged-in customer books nothing."""
        self.authenticate("atk_ps_owner", "atk_ps_owner")
        before = self.booking_state()
        query = urlencode(
            {
                "certificate_id": self.certificate_a.id,
                "month": self.second.isoformat(),
                "hours": 1,
            }
        )
        with mute_logger("odoo.http"):
            response = self.url_open(
                f"/my/support/booking?{query}", allow_redirects=False
            )
        self.assertLess(response.status_code, 500)
        self.assertEqual(self.booking_state(), before)

    def test_change_and_cancel_another_customers_booking(self):
        """R-73 (MQ 2.4: a customer books on its own certificate): (b) the
        change and cancel forms of another customer's booking, by its id in the
        URL."""
        before = self.booking_state()
        for action, data in (("change", {"hours": "1"}), ("cancel", {})):
            with self.subTest(action=action):
                response = self.post(
                    "atk_ps_boris",
                    f"/my/support/booking/{self.booking_a.id}/{action}",
                    **data,
                )
                self.assertLess(response.status_code, 500)
        self.assertEqual(self.booking_state(), before)

    def test_change_and_cancel_by_support_user(self):
        """R-73 (MQ 2.4: a customer books on its own certificate): (d) a
        support user (whose partner is no customer's) posts the customer's
        change and cancel forms."""
        before = self.booking_state()
        for action, data in (("change", {"hours": "1"}), ("cancel", {})):
            with self.subTest(action=action):
                response = self.post(
                    "atk_ps_staff",
                    f"/my/support/booking/{self.booking_a.id}/{action}",
                    **data,
                )
                self.assertLess(response.status_code, 500)
        self.assertEqual(self.booking_state(), before)

    def test_change_and_cancel_unknown_bookings(self):
        """R-73 (MQ 2.4: a customer books on its own certificate): booking ids
        that do not exist or are out of range."""
        before = self.booking_state()
        for booking_id in ("0", "999999999", "2147483648", "9" * 30):
            for action in ("change", "cancel"):
                with self.subTest(booking_id=booking_id, action=action):
                    response = self.post(
                        "atk_ps_owner",
                        f"/my/support/booking/{booking_id}/{action}",
                        hours="1",
                    )
                    self.assertLess(response.status_code, 500)
        self.assertEqual(self.booking_state(), before)

    # ------------------------------------------------------------------
    # /my/support/certificates
    # ------------------------------------------------------------------

    def test_certificates_page_of_another_customer(self):
        """(b)/(d)/(a) the certificates page shows the certificates
        of the user's own organisation only (R-72: "the balance is visible to
        the customer")."""
        name = self.certificate_a.name
        for login in ("atk_ps_boris", "atk_ps_staff"):
            with self.subTest(login=login):
                self.authenticate(login, login)
                response = self.url_open("/my/support/certificates")
                self.assertEqual(response.status_code, 200)
                self.assertNotIn(name, response.text)
        self.authenticate(None, None)
        response = self.url_open("/my/support/certificates", allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
        self.assertNotIn(name, response.text)
        # the control: the customer's own contact sees it
        self.authenticate("atk_ps_owner", "atk_ps_owner")
        self.assertIn(name, self.url_open("/my/support/certificates").text)

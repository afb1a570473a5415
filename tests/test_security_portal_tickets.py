# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The portal's ticket routes serve a customer its own contract and its
own tickets (R-32, MQ 1.6; R-12; R-35, MQ 1.3 and DS 6), attacked through
their URLs.

The new-ticket form (``/submitted/ticket``, helpdesk_mgmt's route extended
here), the escalation (``/my/ticket/<id>/escalate``) and the ticket page, as
(a) a logged-out visitor, (b) a portal user of another customer, (c) a
portal contact of the same customer outside the creator's team (R-32), (d) a
plain support user, with hostile values in the parameters. Each test is one
attack; it asserts the refusal and that nothing changed in the database.

R-32: "a ticket is visible to its creator and the members of the creator's
team (MQ 1.3, 1.6), nobody else on the portal." R-35: "KCP can escalate to
the head of support (MQ 1.3; DS 6)."
"""

from urllib.parse import urlencode

from odoo import Command, http
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import SecurityHttpCase

HOSTILE_IDS = ("abc", "nan", "inf", "-1", "1e308", "0x10", " ", "<script>", "9" * 30)


@tagged("post_install", "-at_install")
class TestPortalTicketsAttacks(SecurityHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_company = cls.env["res.company"].create({"name": "Atk Other Co"})
        Product = cls.env["helpdesk.support.product"]
        cls.product = Product.create({"name": "Atk Platform", "code": "atk_platform"})
        cls.version = cls.env["helpdesk.support.product.version"].create(
            {"product_id": cls.product.id, "name": "8.0"}
        )
        # a product the customer does not run, and one of another company
        cls.product_elsewhere = Product.create(
            {"name": "Atk Elsewhere", "code": "atk_elsewhere"}
        )
        cls.product_other_company = Product.create(
            {
                "name": "Atk Other Company Product",
                "code": "atk_other_co",
                "company_id": cls.other_company.id,
            }
        )
        cls.contract = cls.make_kcp_team_organisation(
            "Atk Premium LLC",
            "atk",
            email_domain="a.test",
            product_ids=[Command.set(cls.product.ids)],
        )
        stranger_company = cls.env["res.partner"].create(
            {"name": "Atk Stranger Corp", "is_company": True}
        )
        stranger = cls.env["res.partner"].create(
            {
                "name": "atk_stranger",
                "parent_id": stranger_company.id,
                "email": "atk_stranger@s.test",
            }
        )
        cls.make_portal_user(stranger)
        cls.head = cls.make_user(
            "atk_head", groups="helpdesk_mgmt_support_contract.group_support_manager"
        )
        cls.company.support_head_user_id = cls.head
        cls.make_user("atk_staff")
        cls.ticket = cls.env["helpdesk.ticket"].create(
            {
                "name": "Atk owner's ticket",
                "description": "<p>x</p>",
                "partner_id": cls.owner.id,
            }
        )
        Category = cls.env["helpdesk.ticket.category"]
        cls.category_other_company = Category.create(
            {"name": "Atk other company category", "company_id": cls.other_company.id}
        )
        cls.category_hidden = Category.create(
            {
                "name": "Atk category not offered",
                "company_id": cls.company.id,
                "show_in_portal": False,
            }
        )
        cls.team_other_company = cls.env["helpdesk.ticket.team"].create(
            {"name": "Atk other company team", "company_id": cls.other_company.id}
        )

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------

    def snapshot(self):
        """What an attack on the ticket routes could change."""
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.env.invalidate_all()
        Ticket = self.env["helpdesk.ticket"].with_context(active_test=False)
        return (
            Ticket.search([], order="id").ids,
            self.ticket.stage_id,
            self.ticket.message_ids.ids,
            self.ticket.activity_ids.ids,
            self.env["mail.mail"].search_count([]),
        )

    def submit(self, login, method="POST", **data):
        """The portal form's request to ``/submitted/ticket``."""
        if login:
            self.authenticate(login, login)
        data.setdefault("subject", "Atk submitted")
        data.setdefault("description", "Atk description")
        if method == "GET":
            return self.url_open(
                "/submitted/ticket?" + urlencode(data), allow_redirects=False
            )
        if "csrf_token" not in data:
            data["csrf_token"] = http.Request.csrf_token(self)
        return self.url_open("/submitted/ticket", data=data, allow_redirects=False)

    def assertNoTicketFrom(self, before, response=None):
        self.assertEqual(self.snapshot(), before, "nothing changed")
        self.assertFalse(
            self.env["helpdesk.ticket"].search([("name", "=", "Atk submitted")])
        )
        if response is not None:
            self.assertLess(response.status_code, 500, "refused, not a crash")

    def escalate(self, login, method="POST", reason="Atk: please hurry"):
        if login:
            self.authenticate(login, login)
        url = f"/my/ticket/{self.ticket.id}/escalate"
        if method == "GET":
            return self.url_open(
                f"{url}?{urlencode({'reason': reason})}", allow_redirects=False
            )
        csrf = http.Request.csrf_token(self) if login else "none without a session"
        data = {"reason": reason, "csrf_token": csrf}
        return self.url_open(url, data=data, allow_redirects=False)

    # ------------------------------------------------------------------
    # /submitted/ticket
    # ------------------------------------------------------------------

    def test_get_link_creates_no_ticket_for_a_customer(self):
        """helpdesk_mgmt's /submitted/ticket took a GET, where Odoo checks no
        CSRF token: a link or an image in a mail created a ticket in the name
        of the logged-in customer (and took a slot of the organisation's
        open-ticket limit, R-30)."""
        before = self.snapshot()
        response = self.submit("atk_owner", method="GET")
        self.assertNoTicketFrom(before, response)

    def test_get_link_creates_no_ticket_for_staff(self):
        """R-54 (MQ 1.3, the portal is the channel of the customer's registered
        contacts): the same link opened by a logged-in support user."""
        before = self.snapshot()
        response = self.submit("atk_staff", method="GET")
        self.assertNoTicketFrom(before, response)

    def test_post_without_csrf_token_creates_no_ticket(self):
        """R-54 (MQ 1.3, the portal is the channel of the customer's registered
        contacts): a form of another site posting to /submitted/ticket."""
        self.authenticate("atk_owner", "atk_owner")
        before = self.snapshot()
        with mute_logger("odoo.http"):
            response = self.url_open(
                "/submitted/ticket",
                data={"subject": "Atk submitted", "description": "x"},
                allow_redirects=False,
            )
        self.assertNoTicketFrom(before)
        self.assertEqual(response.status_code, 400)

    def test_logged_out_visitor_creates_no_ticket(self):
        """R-54 (MQ 1.3, the portal is the channel of the customer's registered
        contacts): (a) the form's POST without a session."""
        before = self.snapshot()
        response = self.submit(None, csrf_token="x")
        self.assertNoTicketFrom(before)
        self.assertIn(response.status_code, (302, 303, 400))

    def test_hostile_category_values(self):
        """R-26 (MQ 1.4, the categories the customer's portal offers): the
        category parameter with values no form sends; helpdesk_mgmt's ``int()``
        made a server error of them."""
        self.company.helpdesk_mgmt_portal_select_category = True
        for value in HOSTILE_IDS:
            with self.subTest(category=value):
                before = self.snapshot()
                response = self.submit("atk_owner", category=value)
                self.assertNoTicketFrom(before, response)
                self.assertIn("Choose a category from the list", response.text)

    def test_category_of_another_company(self):
        """R-26 (MQ 1.4, the categories the customer's portal offers): a
        category of another company made helpdesk_mgmt create the ticket, with
        sudo, in that company's helpdesk."""
        self.company.helpdesk_mgmt_portal_select_category = True
        before = self.snapshot()
        response = self.submit(
            "atk_owner", category=str(self.category_other_company.id)
        )
        self.assertNoTicketFrom(before, response)
        self.assertIn("Choose a category from the list", response.text)

    def test_category_not_offered_on_the_portal(self):
        """a category the portal does not offer (it selects the
        SLA level and the open-ticket limit, R-20, R-30) was taken from the
        request although the form has no category field."""
        before = self.snapshot()
        response = self.submit("atk_owner", category=str(self.category_hidden.id))
        self.assertNoTicketFrom(before, response)
        self.assertIn("Choose a category from the list", response.text)

    def test_team_of_another_company(self):
        """R-12 (the ticket stays in the customer's support, its company's): a
        helpdesk team of another company, searched by helpdesk_mgmt with sudo,
        received the customer's ticket."""
        self.company.helpdesk_mgmt_portal_select_team = True
        before = self.snapshot()
        response = self.submit("atk_owner", team=str(self.team_other_company.id))
        self.assertNoTicketFrom(before, response)
        self.assertIn("Choose a team from the list", response.text)

    def test_hostile_team_values(self):
        """R-12 (the ticket stays in the customer's support, its company's):
        the team parameter with values no form sends."""
        self.company.helpdesk_mgmt_portal_select_team = True
        for value in HOSTILE_IDS:
            with self.subTest(team=value):
                before = self.snapshot()
                response = self.submit("atk_owner", team=value)
                self.assertNoTicketFrom(before, response)
                self.assertIn("Choose a team from the list", response.text)

    def test_product_of_another_company(self):
        """R-13 (MQ 1.1: a ticket names a product and version of its contract):
        the product was read with sudo by its id, whatever its company: the
        ticket named (and showed) another company's product."""
        before = self.snapshot()
        response = self.submit(
            "atk_owner", support_product=str(self.product_other_company.id)
        )
        self.assertNoTicketFrom(before, response)
        self.assertIn("Choose a product from the list", response.text)

    def test_product_not_covered_by_the_contract(self):
        """R-12/R-13, the contract names the products covered;
        the form offers those only, the request named another."""
        before = self.snapshot()
        response = self.submit(
            "atk_owner", support_product=str(self.product_elsewhere.id)
        )
        self.assertNoTicketFrom(before, response)
        self.assertIn("Choose a product from the list", response.text)

    def test_hostile_product_and_version_values(self):
        """R-13 (MQ 1.1: a ticket names a product and version of its contract):
        product and version with values no form sends."""
        for field in ("support_product", "support_version"):
            for value in HOSTILE_IDS:
                with self.subTest(field=field, value=value):
                    before = self.snapshot()
                    values = {"support_product": str(self.product.id), field: value}
                    response = self.submit("atk_owner", **values)
                    self.assertNoTicketFrom(before, response)

    def test_markup_in_the_form_is_not_rendered(self):
        """R-54 (MQ 1.3, the portal is the channel of the customer's registered
        contacts): markup typed into the form comes back escaped on the form
        (an error) and is stored as text in the ticket."""
        payload = '<script>alert("atk")</script><a href="https://evil.test">x</a>'
        # refused (no description): the form comes back with what was typed
        response = self.submit(
            "atk_owner",
            description="",
            support_system_address=payload,
            support_steps=payload,
        )
        self.assertNotIn(payload, response.text)
        self.assertIn("&lt;script&gt;", response.text)
        self.submit(
            "atk_owner",
            subject="Atk markup",
            description=payload,
            support_system_address=payload,
            support_steps=payload,
        )
        ticket = self.env["helpdesk.ticket"].search([("name", "=", "Atk markup")])
        self.assertEqual(len(ticket), 1)
        self.assertNotIn("<script>", ticket.description)
        page = self.url_open(f"/my/ticket/{ticket.id}")
        self.assertNotIn(payload, page.text)

    # ------------------------------------------------------------------
    # /my/ticket/<id>/escalate (R-35: the KCP only)
    # ------------------------------------------------------------------

    def assertNotEscalated(self, before, response):
        self.assertEqual(self.snapshot(), before, "nothing changed")
        self.assertFalse(self.ticket.activity_ids)
        self.assertLess(response.status_code, 500)

    def test_escalate_logged_out(self):
        """R-35 (MQ 1.3; DS 6: the key contact person escalates to the head of
        support): (a) escalation without a session."""
        before = self.snapshot()
        response = self.escalate(None)
        self.assertNotEscalated(before, response)

    def test_escalate_by_another_customer(self):
        """R-35 (MQ 1.3; DS 6: the key contact person escalates to the head of
        support): (b) a portal user of another customer escalates."""
        before = self.snapshot()
        response = self.escalate("atk_stranger")
        self.assertNotEscalated(before, response)

    def test_escalate_by_contact_outside_the_team(self):
        """(c) a contact of the customer outside the creator's
        team (R-32) escalates the ticket it may not see."""
        before = self.snapshot()
        response = self.escalate("atk_outsider")
        self.assertNotEscalated(before, response)

    def test_escalate_by_teammate_who_is_not_the_kcp(self):
        """(c) a teammate sees the ticket but is not the KCP (R-35: "KCP can
        escalate to the head of support")."""
        before = self.snapshot()
        response = self.escalate("atk_mate")
        self.assertNotEscalated(before, response)

    def test_escalate_by_support_user(self):
        """R-35 (MQ 1.3; DS 6: the key contact person escalates to the head of
        support): (d) a plain support user posts the KCP's form."""
        before = self.snapshot()
        response = self.escalate("atk_staff")
        self.assertNotEscalated(before, response)

    def test_escalate_by_get_link(self):
        """R-35 (MQ 1.3; DS 6: the key contact person escalates to the head of
        support): a link opened by the logged-in KCP escalates nothing."""
        before = self.snapshot()
        with mute_logger("odoo.http"):
            response = self.escalate("atk_kcp", method="GET")
        self.assertNotEscalated(before, response)

    def test_escalation_reason_is_escaped(self):
        """the KCP's reason goes to the head of support by mail
        and into the chatter as text, never as markup. The KCP escalates a
        ticket it sees: under MQ a ticket of its own team (MQ 1.6 «доступны
        только для них самих и пользователей, состоящих с ними в одной
        команде»), so it joins the owner's team first."""
        ops = self.contract.contact_team_ids.filtered(lambda t: t.name == "Ops")
        ops.member_ids = [Command.link(self.kcp.id)]
        payload = '<a href="https://evil.test/login">Re-login</a><script>x</script>'
        self.escalate("atk_kcp", reason=payload)
        message = self.ticket.message_ids.filtered(lambda m: "Escalated" in m.body)
        self.assertEqual(len(message), 1)
        self.assertNotIn("<a href", message.body)
        self.assertNotIn("<script>", message.body)
        self.assertIn("&lt;script&gt;", message.body)

    # ------------------------------------------------------------------
    # /my/ticket/<id>
    # ------------------------------------------------------------------

    def test_ticket_page_for_another_customer(self):
        """R-32 (MQ 1.6: a ticket is shown to its creator and the creator's
        team): (b) the ticket page of another customer's ticket shows nothing
        of it."""
        self.authenticate("atk_stranger", "atk_stranger")
        response = self.url_open(f"/my/ticket/{self.ticket.id}")
        self.assertNotIn("Atk owner&#39;s ticket", response.text)
        self.assertNotIn("Atk owner's ticket", response.text)
        self.assertNotIn(self.ticket.number, response.text)

    def test_ticket_page_for_contact_outside_the_team(self):
        """(c) R-32, the ticket page for a contact of the same
        customer outside the creator's team."""
        self.authenticate("atk_outsider", "atk_outsider")
        response = self.url_open(f"/my/ticket/{self.ticket.id}")
        self.assertNotIn("Atk owner&#39;s ticket", response.text)
        self.assertNotIn("Atk owner's ticket", response.text)
        self.assertNotIn(self.ticket.number, response.text)

    def test_ticket_page_with_hostile_access_token(self):
        """R-32 (MQ 1.6: a ticket is shown to its creator and the creator's
        team): (a) a logged-out visitor guessing access tokens."""
        for token in ("", "abc", "' OR 1=1 --", "x" * 5000, "<script>"):
            with self.subTest(token=token[:20]):
                response = self.url_open(
                    f"/my/ticket/{self.ticket.id}?"
                    + urlencode({"access_token": token}),
                    allow_redirects=False,
                )
                self.assertLess(response.status_code, 500)
                self.assertNotIn(self.ticket.number, response.text)

    # ------------------------------------------------------------------
    # /my/tickets (overridden for the overdue tickets, R-35)
    # ------------------------------------------------------------------

    def test_ticket_list_with_hostile_parameters(self):
        """R-32 (MQ 1.6: a ticket is shown to its creator and the creator's
        team): the ticket list's sort, filter, grouping, search and page
        parameters with values no link of the page sends."""
        self.authenticate("atk_stranger", "atk_stranger")
        for name in (
            "sortby",
            "filterby",
            "groupby",
            "search_in",
            "search",
            "page",
            "date_begin",
        ):
            for value in ("abc", "-1", "1e308", "<script>", "x" * 5000):
                with self.subTest(parameter=name, value=value[:10]):
                    params = {name: value}
                    if name == "date_begin":
                        params["date_end"] = value
                    response = self.url_open(
                        "/my/tickets?" + urlencode(params),
                        allow_redirects=False,
                    )
                    self.assertLess(response.status_code, 500)
                    self.assertNotIn("Atk owner", response.text)
                    self.assertNotIn("<script>", response.text.split("</head>")[-1])

    def test_new_ticket_form_with_hostile_parameters(self):
        """R-54 (MQ 1.3, the portal is the channel of the customer's registered
        contacts): /new/ticket fills the form from its URL (a form that comes
        back with an error keeps what was typed); a crafted link puts markup
        there, shown as text only."""
        payload = '"><script>alert(1)</script><a href="https://evil.test">x</a>'
        self.authenticate("atk_owner", "atk_owner")
        params = {key: payload for key in ("subject", "description", "support_steps")}
        params.update(support_product="abc", support_version="1e308", category="-1")
        response = self.url_open("/new/ticket?" + urlencode(params))
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("<script>alert(1)</script>", response.text)
        self.assertNotIn('<a href="https://evil.test">', response.text)

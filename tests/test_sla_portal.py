# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, http
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestSlaPortal(HttpCase):
    """The customer sees the SLA level and the response deadline (R-20)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env.company
        cls.env["helpdesk.support.preset.wizard"]._load_preset("ds", company.id)
        customer = cls.env["res.partner"].create(
            {"name": "Portal SLA Customer", "is_company": True}
        )
        contact = cls.env["res.partner"].create(
            {"name": "Portal SLA Contact", "parent_id": customer.id}
        )
        tiers = cls.env["helpdesk.support.tier"].search(
            [("company_id", "=", company.id), ("code", "=", "ds_vip")]
        )
        licensee = cls.env["helpdesk.support.sender.category"].search(
            [("company_id", "=", company.id), ("code", "=", "licensee")]
        )
        cls.env["helpdesk.support.contract"].create(
            {
                "partner_id": customer.id,
                "tier_id": tiers.id,
                "sender_category_id": licensee.id,
                "date_start": "2020-01-01",
                # the contract serves its registered contacts (MQ 1.1)
                "contact_ids": [Command.set(contact.ids)],
            }
        ).action_activate()
        cls.portal = new_test_user(
            cls.env,
            login="sla_portal_page",
            groups="base.group_portal",
            partner_id=contact.id,
            company_ids=[Command.set(company.ids)],
        )
        cls.ticket = cls.env["helpdesk.ticket"].create(
            {
                "name": "Portal SLA ticket",
                "description": "<p>x</p>",
                "partner_id": contact.id,
            }
        )

    def test_ticket_page_and_list_show_the_sla(self):
        """R-20 (DS 5.4): the portal ticket page and list show the SLA level and the
        response deadline."""
        self.assertEqual(self.ticket.support_sla_level_id.code, "ds_licensee_vip")
        self.authenticate("sla_portal_page", "sla_portal_page")
        page = self.url_open(f"/my/ticket/{self.ticket.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Licensees: VIP support", page.text)
        self.assertIn("2 working hours", page.text)
        self.assertIn("Response due", page.text)
        listing = self.url_open("/my/tickets")
        self.assertEqual(listing.status_code, 200)
        self.assertIn("Licensees: VIP support", listing.text)

    def test_ticket_submitted_on_the_portal_gets_the_sla(self):
        """R-20 (DS 5.4): a ticket submitted on the portal gets the level of the
        sender's contract."""
        self.authenticate("sla_portal_page", "sla_portal_page")
        response = self.url_open(
            "/submitted/ticket",
            data={
                "subject": "Submitted from the portal",
                "description": "Nothing works",
                "csrf_token": http.Request.csrf_token(self),
            },
        )
        self.assertEqual(response.status_code, 200)
        ticket = self.env["helpdesk.ticket"].search(
            [("name", "=", "Submitted from the portal")]
        )
        self.assertEqual(ticket.partner_id, self.portal.partner_id)
        self.assertEqual(ticket.support_sla_level_id.code, "ds_licensee_vip")
        self.assertEqual(ticket.support_sla_state, "running")
        self.assertTrue(ticket.support_sla_deadline)

# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from freezegun import freeze_time

from odoo import Command, http
from odoo.tests import tagged

from .common import SupportHttpCase


@tagged("post_install", "-at_install")
class TestPortalCustomer(SupportHttpCase):
    """The portal form keeps what was typed; overdue count; KCP escalation."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.company
        cls.product = cls.env["helpdesk.support.product"].create(
            {"name": "Platform", "code": "portal_platform"}
        )
        cls.v7, cls.v8 = cls.env["helpdesk.support.product.version"].create(
            [
                {"product_id": cls.product.id, "name": "7.0", "is_supported": False},
                {"product_id": cls.product.id, "name": "8.0"},
            ]
        )
        other = cls.env["helpdesk.support.product"].create(
            {"name": "Other product", "code": "portal_other"}
        )
        cls.other_version = cls.env["helpdesk.support.product.version"].create(
            {"product_id": other.id, "name": "1.0"}
        )
        customer = cls.env["res.partner"].create(
            {"name": "Portal Premium LLC", "is_company": True}
        )
        cls.kcp, cls.member = cls.env["res.partner"].create(
            [
                {"name": "Kate KCP", "parent_id": customer.id, "email": "kate@p.test"},
                {"name": "Max Member", "parent_id": customer.id, "email": "max@p.test"},
            ]
        )
        tier = cls.by_code("helpdesk.support.tier", "mq_premium")
        cls.contract = cls.env["helpdesk.support.contract"].create(
            {
                "partner_id": customer.id,
                "tier_id": tier.id,
                "date_start": "2020-01-01",
                "contact_ids": [Command.set((cls.kcp | cls.member).ids)],
                "key_contact_id": cls.kcp.id,
                "product_ids": [Command.set(cls.product.ids)],
            }
        )
        cls.contract.action_activate()
        cls.head = cls.make_user("head_of_support", "helpdesk_mgmt.group_helpdesk_user")
        company.support_head_user_id = cls.head
        for partner, login in ((cls.kcp, "kate_kcp"), (cls.member, "max_member")):
            cls.make_user(login, "base.group_portal", partner_id=partner.id)

    def test_form_shows_products_and_versions(self):
        """R-13, R-28 (MQ 1.1, DS 5.2): the portal form offers the contract's products
        and supported versions."""
        self.authenticate("max_member", "max_member")
        page = self.url_open("/new/ticket")
        self.assertIn('name="support_product"', page.text)
        self.assertIn("8.0", page.text)
        self.assertIn("(not supported)", page.text)

    def test_bad_version_keeps_what_was_typed(self):
        """R-13, R-28 (MQ 1.1, DS 5.2): a refused version keeps what the customer typed
        in the form."""
        self.authenticate("max_member", "max_member")
        response = self.submit_ticket(
            subject="Charts are empty",
            description="Since the update every chart is empty",
            support_product=str(self.product.id),
            support_version=str(self.other_version.id),
            support_system_address="https://monq.customer.test",
            support_steps="Open the dashboard",
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("is not a version of Platform", response.text)
        for typed in (
            "Charts are empty",
            "Since the update every chart is empty",
            "https://monq.customer.test",
            "Open the dashboard",
        ):
            self.assertIn(typed, response.text)
        self.assertFalse(
            self.env["helpdesk.ticket"].search([("name", "=", "Charts are empty")])
        )

    def test_ticket_with_unsupported_version_is_flagged(self):
        """R-13 (MQ 1.1): a ticket naming an unsupported version is flagged to staff."""
        self.authenticate("max_member", "max_member")
        self.submit_ticket(
            subject="Old version trouble",
            description="It crashes",
            support_product=str(self.product.id),
            support_version=str(self.v7.id),
            support_system_address="https://old.customer.test",
            support_steps="1. log in\n2. crash",
        )
        ticket = self.env["helpdesk.ticket"].search(
            [("name", "=", "Old version trouble")]
        )
        self.assertEqual(ticket.support_product_version_id, self.v7)
        self.assertTrue(ticket.support_version_unsupported)
        self.assertEqual(ticket.support_system_address, "https://old.customer.test")
        self.assertIn("2. crash", ticket.support_steps_to_reproduce)

    def test_overdue_count_and_escalation_by_the_kcp(self):
        """R-35 (MQ 1.3, DS 6): the portal shows the overdue count; the key contact
        person escalates to the head of support."""
        ticket = self.env["helpdesk.ticket"].create(
            {"name": "Late one", "description": "x", "partner_id": self.member.id}
        )
        timer = ticket.support_sla_timer_ids
        # the working time of the target passes: the clock's own
        # scheduled action records the breach
        with freeze_time(timer.deadline + timedelta(minutes=1)):
            self.env["helpdesk.support.sla.timer"]._cron_update_states()
        self.assertEqual(ticket.support_sla_state, "breached")
        self.authenticate("max_member", "max_member")
        listing = self.url_open("/my/tickets")
        self.assertIn("support_overdue_tickets", listing.text)
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["support_overdue_count"]}
        )
        self.assertEqual(counters["support_overdue_count"], 1)
        page = self.url_open(f"/my/ticket/{ticket.id}")
        self.assertNotIn("support_escalate_form", page.text, "only the KCP")
        denied = self.url_open(
            f"/my/ticket/{ticket.id}/escalate",
            data={"reason": "x", "csrf_token": http.Request.csrf_token(self)},
        )
        self.assertEqual(denied.status_code, 200)
        self.assertFalse(ticket.activity_ids)
        self.authenticate("kate_kcp", "kate_kcp")
        page = self.url_open(f"/my/ticket/{ticket.id}")
        self.assertIn("support_escalate_form", page.text)
        response = self.url_open(
            f"/my/ticket/{ticket.id}/escalate",
            data={
                "reason": "Production is down",
                "csrf_token": http.Request.csrf_token(self),
            },
        )
        self.assertIn("head of support has been notified", response.text)
        activity = ticket.activity_ids
        self.assertEqual(activity.user_id, self.head)
        self.assertIn(self.kcp.name, activity.summary)
        notified = self.env["mail.message"].search(
            [
                ("model", "=", "helpdesk.ticket"),
                ("res_id", "=", ticket.id),
                ("partner_ids", "in", self.head.partner_id.ids),
            ]
        )
        self.assertTrue(notified)

# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import tagged

from .common import SupportHttpCase


@tagged("post_install", "-at_install")
class TestPortalTours(SupportHttpCase):
    """Customers on the portal, in headless Chromium (R-30, R-32, R-42)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()

        def customer(name, tier, contacts, sender=None, teams=None):
            organisation = cls.env["res.partner"].create(
                {"name": name, "is_company": True}
            )
            people = cls.env["res.partner"].create(
                [
                    {
                        "name": person,
                        "parent_id": organisation.id,
                        "email": f"{person.lower()}@{name.split()[0].lower()}.test",
                    }
                    for person in contacts
                ]
            )
            contract = cls.env["helpdesk.support.contract"].create(
                {
                    "partner_id": organisation.id,
                    "tier_id": cls.by_code("helpdesk.support.tier", tier).id,
                    "sender_category_id": sender
                    and cls.by_code("helpdesk.support.sender.category", sender).id,
                    "date_start": "2020-01-01",
                    "contact_ids": [Command.set(people.ids)],
                    "key_contact_id": people[0].id,
                }
            )
            for team_name, members in (teams or {}).items():
                cls.env["helpdesk.support.contact.team"].create(
                    {
                        "name": team_name,
                        "contract_id": contract.id,
                        "member_ids": [
                            Command.set(
                                people.filtered(lambda p, m=members: p.name in m).ids
                            )
                        ],
                    }
                )
            contract.action_activate()
            for person in people:
                cls.make_user(
                    person.name.lower(), "base.group_portal", partner_id=person.id
                )
            return people

        cls.licensee = customer("Licensee JSC", "ds_commercial", ["Lena"], "licensee")
        cls.coupon = cls.env["helpdesk.support.coupon"].create(
            {
                "name": "TOUR-CODE-ABCD",
                "partner_id": cls.licensee.commercial_partner_id.id,
                "licence_ref": "LIC-TOUR",
                "purchase_date": fields.Date.today() - timedelta(days=30),
            }
        )
        cls.basic = customer("Basic LLC", "mq_basic", ["Boris"])
        cls.env["helpdesk.ticket"].create(
            [
                {"name": f"In work {i}", "description": "x", "partner_id": cls.basic.id}
                for i in range(5)
            ]
        )
        cls.premium = customer(
            "Premium LLC",
            "mq_premium",
            ["Kira", "Oleg", "Pavel", "Rita"],
            teams={"Ops": ["Oleg", "Pavel"], "Dev": ["Rita"]},
        )
        cls.teammate_ticket = cls.env["helpdesk.ticket"].create(
            {
                "name": "Ticket of a teammate",
                "description": "x",
                # Pavel (new_test_user renames partners after their login)
                "partner_id": cls.premium[2].id,
            }
        )

    def test_coupon_ticket(self):
        """R-42 (DS 3.6): a customer redeems a coupon on the portal ticket form."""
        self.start_tour("/new/ticket", "support_portal_coupon_ticket", login="lena")
        ticket = self.env["helpdesk.ticket"].search(
            [("name", "=", "Signature fails on every document")]
        )
        self.assertEqual(ticket.support_coupon_id, self.coupon)
        self.assertEqual(ticket.support_sla_level_id.code, "ds_special_request")
        self.assertEqual(self.coupon.uses_count, 1)
        self.assertIn("edo.customer.test", ticket.support_system_address)

    def test_wrong_coupon_then_normal_ticket(self):
        """R-42, R-43: a wrong coupon is refused with an error and the ticket typed is
        kept."""
        self.start_tour(
            "/new/ticket", "support_portal_wrong_coupon_keeps_ticket", login="lena"
        )
        ticket = self.env["helpdesk.ticket"].search(
            [("name", "=", "Archive does not open")]
        )
        self.assertEqual(len(ticket), 1)
        self.assertFalse(ticket.support_coupon_id)
        self.assertEqual(ticket.support_sla_level_id.code, "ds_licensee_standard")

    def test_over_limit_ticket_is_queued(self):
        """R-30 (MQ 1.2): a ticket over the open-ticket limit is queued, the customer
        told."""
        self.start_tour(
            "/new/ticket", "support_portal_over_limit_queued", login="boris"
        )
        ticket = self.env["helpdesk.ticket"].search(
            [("name", "=", "One ticket too many")]
        )
        self.assertTrue(ticket.support_queued)
        self.assertFalse(ticket.support_sla_timer_ids)

    def test_teammate_sees_the_ticket(self):
        """R-32 (MQ 1.3, 1.6): a teammate sees the ticket on the portal."""
        self.start_tour("/my/tickets", "support_portal_teammate_ticket", login="oleg")

    def test_other_customers_see_nothing(self):
        """R-32 (MQ 1.6): a contact of another customer sees no ticket, by list, URL or
        RPC."""
        # a contact of another customer: no ticket listed, none by URL or RPC
        other = self.env["res.partner"].create(
            {"name": "Stranger Ltd", "is_company": True}
        )
        stranger = self.env["res.partner"].create(
            {"name": "Sam", "parent_id": other.id, "email": "sam@stranger.test"}
        )
        self.make_user("sam", "base.group_portal", partner_id=stranger.id)
        self.start_tour(
            "/my/tickets", "support_portal_stranger_sees_nothing", login="sam"
        )
        # a contact of the same customer in another team sees not the ticket
        self.authenticate("rita", "rita")
        listing = self.url_open("/my/tickets")
        self.assertNotIn("Ticket of a teammate", listing.text)
        self.authenticate("sam", "sam")
        page = self.url_open(f"/my/ticket/{self.teammate_ticket.id}")
        self.assertNotIn("Ticket of a teammate", page.text)
        self.assertTrue(page.url.endswith("/my"))
        found = self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {
                "model": "helpdesk.ticket",
                "method": "search_read",
                "args": [[("id", "=", self.teammate_ticket.id)], ["name"]],
                "kwargs": {},
            },
        )
        self.assertEqual(found, [])

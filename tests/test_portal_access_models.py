# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import SupportTicketCase

ADDON = "helpdesk_mgmt_support_contract"


@tagged("post_install", "-at_install")
@freeze_time("2026-06-01 07:00:00")
class TestPortalReadsNothingOfOthers(SupportTicketCase):
    """Every model of the addon, at the rights of a real portal user of
    customer A: nothing of customer B can be read."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contact_a = cls.make_customer("ds_commercial", "licensee", name="A JSC")
        cls.contact_b = cls.make_customer("ds_vip", "licensee", name="B JSC")
        cls.portal_a = cls.make_user(
            "portal_of_a", "base.group_portal", partner_id=cls.contact_a.id
        )
        contract_b = cls.contract_of(cls.contact_b)
        contract_b.contact_ids = [Command.set(cls.contact_b.ids)]
        cls.env["helpdesk.support.contact.team"].create(
            {
                "name": "B team",
                "contract_id": contract_b.id,
                "member_ids": [Command.set(cls.contact_b.ids)],
            }
        )
        cls.env["helpdesk.support.coupon"].create(
            {
                "partner_id": cls.contact_b.commercial_partner_id.id,
                "company_id": cls.company.id,
                "licence_ref": "B-1",
                "purchase_date": "2026-01-01",
            }
        )

        # a portal user reads the certificates of its own customer and
        # their bookings; B has some too, which A must not see
        Certificate = cls.env["helpdesk.support.certificate"]
        cls.certificate_a, cls.certificate_b = Certificate.create(
            [
                {
                    "partner_id": contact.commercial_partner_id.id,
                    "company_id": cls.company.id,
                    "date_start": "2026-01-01",
                    "date_end": "2026-12-31",
                    "hours_prepaid": 40,
                }
                for contact in (cls.contact_a, cls.contact_b)
            ]
        )
        month = cls.env["helpdesk.support.booking.month"].create(
            {
                "company_id": cls.company.id,
                "month": "2026-09-01",
                "capacity_hours": 170,
                "booked_hours": 8,
            }
        )
        cls.booking_a, cls.booking_b = cls.env["helpdesk.support.booking"].create(
            [
                {
                    "certificate_id": certificate.id,
                    "month_id": month.id,
                    "month": "2026-09-01",
                    "hours": 4,
                }
                for certificate in (cls.certificate_a, cls.certificate_b)
            ]
        )

    def test_every_model(self):
        """R-32 (MQ 1.6), R-72, R-73: a portal user of customer A reads nothing of
        customer B in any model of the addon."""
        ticket_a = self.make_ticket(self.contact_a, name="A's ticket")
        ticket_b = self.make_ticket(self.contact_b, name="B's ticket")
        b_user = self.make_user(
            "portal_of_b", "base.group_portal", partner_id=self.contact_b.id
        )
        coupon_b = self.env["helpdesk.support.coupon"].search(
            [("partner_id", "=", self.contact_b.commercial_partner_id.id)]
        )
        self.env["helpdesk.support.coupon"]._support_redeem(
            coupon_b.name,
            {"name": "B special", "description": "x", "partner_id": self.contact_b.id},
            b_user,
        )
        models = (
            self.env["ir.model"]
            .search([("transient", "=", False)])
            .filtered(lambda m: ADDON in (m.modules or "").split(", "))
        )
        own = {
            name
            for name in models.mapped("model")
            if self.env[name]._original_module == ADDON
        }
        self.assertGreaterEqual(len(own), 12, own)
        # certificates and bookings are read on the portal, A's only
        readable = {
            "helpdesk.support.certificate": (self.certificate_a, self.certificate_b),
            "helpdesk.support.booking": (self.booking_a, self.booking_b),
        }
        for name in sorted(own):
            with self.subTest(model=name):
                Model = self.env[name].with_user(self.portal_a)
                if name in readable:
                    mine, theirs = readable[name]
                    self.assertEqual(Model.search([]), mine)
                    self.assertFalse(Model.search([("id", "=", theirs.id)]))
                    with self.assertRaises(AccessError):
                        theirs.with_user(self.portal_a).read(["partner_id"])
                    continue
                with self.assertRaises(AccessError):
                    Model.search([])
        # the ticket model, extended by the addon: A's own ticket only
        visible = self.env["helpdesk.ticket"].with_user(self.portal_a).search([])
        self.assertIn(ticket_a, visible)
        self.assertNotIn(ticket_b, visible)
        self.assertFalse(
            visible.filtered(
                lambda t: t.commercial_partner_id
                == self.contact_b.commercial_partner_id
            )
        )
        with self.assertRaises(AccessError):
            ticket_b.with_user(self.portal_a).read(["name", "support_sla_deadline"])

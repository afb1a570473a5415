# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Manager-only rules (R-12, R-23, R-70, R-72, R-73) and system-maintained
fields are enforced on the server, not only in the views.

Each test is one attack of a plain *Support User* (or a manager where the
ownership constraint is concerned) through JSON-RPC ``call_kw``, the entry
point the web client uses; each asserts the call is refused and that nothing
changed in the database. Records are dated 2020-2099, so the tests do not
depend on today's date.
"""

from odoo import Command
from odoo.tests import tagged

from .common import WIDE, SecurityHttpCase, call_kw


@tagged("post_install", "-at_install")
class TestSecurityRights(SecurityHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.support_user = cls.make_user(
            "sec_rights_user",
            groups="helpdesk_mgmt_support_contract.group_support_user",
        )
        cls.support_manager = cls.make_user(
            "sec_rights_manager",
            groups="helpdesk_mgmt_support_contract.group_support_manager",
        )
        tiers = cls.env["helpdesk.support.tier"].search(
            [("company_id", "=", cls.company.id)]
        )
        cls.basic = tiers.filtered(lambda t: t.code == "mq_basic")
        cls.premium = tiers.filtered(lambda t: t.code == "mq_premium")
        Partner = cls.env["res.partner"]
        cls.customer_a, cls.customer_b, cls.customer_c = Partner.create(
            [
                {"name": f"Rights Customer {x}", "is_company": True}
                for x in ("A", "B", "C")
            ]
        )
        cls.anna, cls.boris, cls.clara = Partner.create(
            [
                {"name": name, "parent_id": parent.id, "email": f"{name}@r.test"}
                for name, parent in (
                    ("anna", cls.customer_a),
                    ("boris", cls.customer_b),
                    ("clara", cls.customer_c),
                )
            ]
        )
        Contract = cls.env["helpdesk.support.contract"]
        cls.contract_a = Contract.create(
            {
                "partner_id": cls.customer_a.id,
                "tier_id": cls.basic.id,
                "contact_ids": [Command.set(cls.anna.ids)],
                "key_contact_id": cls.anna.id,
                **WIDE,
            }
        )
        cls.contract_b = Contract.create(
            {"partner_id": cls.customer_b.id, "tier_id": cls.basic.id, **WIDE}
        )
        (cls.contract_a | cls.contract_b).action_activate()
        # C's contract was ended by a manager; its contact lost the portal
        cls.clara_user = cls.make_portal_user(cls.clara, "sec_rights_clara")
        cls.contract_c = Contract.create(
            {
                "partner_id": cls.customer_c.id,
                "tier_id": cls.basic.id,
                "contact_ids": [Command.set(cls.clara.ids)],
                **WIDE,
            }
        )
        cls.contract_c.action_activate()
        cls.contract_c.action_expire()
        cls.contract_c._support_block_portal_access()
        Certificate = cls.env["helpdesk.support.certificate"]
        cls.certificate_a, cls.certificate_b = Certificate.create(
            [
                {
                    "partner_id": customer.id,
                    "company_id": cls.company.id,
                    "hours_prepaid": 40,
                    **WIDE,
                }
                for customer in (cls.customer_a, cls.customer_b)
            ]
        )
        cls.coupon_b = cls.env["helpdesk.support.coupon"].create(
            {
                "partner_id": cls.customer_b.id,
                "company_id": cls.company.id,
                "licence_ref": "LIC-RIGHTS",
                "purchase_date": "2026-01-01",
            }
        )
        month = cls.env["helpdesk.support.booking.month"].create(
            {
                "company_id": cls.company.id,
                "month": "2098-01-01",
                "capacity_hours": 170,
                "booked_hours": 30,
            }
        )
        cls.booking_a = cls.env["helpdesk.support.booking"].create(
            {
                "certificate_id": cls.certificate_a.id,
                "month_id": month.id,
                "month": "2098-01-01",
                "hours": 30,
            }
        )
        cls.boris_user = cls.make_portal_user(cls.boris, "sec_rights_boris")
        cls.ticket_a = cls.env["helpdesk.ticket"].create(
            {"name": "Rights ticket", "description": "x", "partner_id": cls.anna.id}
        )
        cls.estimate_a = cls.env["helpdesk.support.estimate"].create(
            {"ticket_id": cls.ticket_a.id, "hours": 4, "date_start": "2098-01-10"}
        )

    def setUp(self):
        super().setUp()
        self.authenticate("sec_rights_user", "sec_rights_user")

    def assertRefused(self, response, error="odoo.exceptions.AccessError"):
        self.assertIn("error", response, "the call must be refused")
        self.assertEqual(response["error"]["data"]["name"], error)
        self.env.invalidate_all()

    # ------------------------------------------------------------------
    # Contracts: commercial state is the managers' business
    # ------------------------------------------------------------------

    def test_user_cannot_reactivate_expired_contract(self):
        """R-12 (the contract and its terms are a manager's): a plain support
        user activates a contract a manager expired, which would also give its
        contacts their portal access back through the sudo portal wizard."""
        response = call_kw(
            self, "helpdesk.support.contract", "action_activate", self.contract_c.ids
        )
        self.assertRefused(response)
        self.assertEqual(self.contract_c.state, "expired")
        self.assertEqual(self.contract_c.portal_blocked_user_ids, self.clara_user)
        self.assertFalse(self.clara_user.with_context(active_test=False).active)

    def test_user_cannot_write_contract_state(self):
        """R-12 (the contract and its terms are a manager's): the same, writing
        ``state`` directly instead of the button."""
        response = call_kw(
            self,
            "helpdesk.support.contract",
            "write",
            self.contract_c.ids,
            {"state": "active"},
        )
        self.assertRefused(response)
        self.assertEqual(self.contract_c.state, "expired")

    def test_user_cannot_change_contract_tier(self):
        """R-12 (the contract and its terms are a manager's): a plain support
        user moves a customer to a larger tier."""
        response = call_kw(
            self,
            "helpdesk.support.contract",
            "write",
            self.contract_a.ids,
            {"tier_id": self.premium.id},
        )
        self.assertRefused(response)
        self.assertEqual(self.contract_a.tier_id, self.basic)

    def test_user_cannot_extend_contract(self):
        """R-12 (the contract and its terms are a manager's): a plain support
        user moves the end date of a contract."""
        response = call_kw(
            self,
            "helpdesk.support.contract",
            "write",
            self.contract_c.ids,
            {"date_end": "2199-12-31"},
        )
        self.assertRefused(response)
        self.assertEqual(str(self.contract_c.date_end), "2099-12-31")

    def test_manager_still_manages_contracts(self):
        """R-12 (the contract and its terms are a manager's): what a plain user
        may not do, a support manager may."""
        self.authenticate("sec_rights_manager", "sec_rights_manager")
        response = call_kw(
            self,
            "helpdesk.support.contract",
            "write",
            self.contract_a.ids,
            {"tier_id": self.premium.id, "date_end": "2098-12-31"},
        )
        self.assertNotIn("error", response)
        response = call_kw(
            self, "helpdesk.support.contract", "action_activate", self.contract_c.ids
        )
        self.assertNotIn("error", response)
        self.env.invalidate_all()
        self.assertEqual(self.contract_a.tier_id, self.premium)
        self.assertEqual(self.contract_c.state, "active")
        self.assertTrue(self.clara_user.active)

    # ------------------------------------------------------------------
    # Professional services: settlement and the customer's decision
    # ------------------------------------------------------------------

    def test_user_cannot_charge_booking(self):
        """R-73 (MQ 2.4, a booking is charged by the month's settlement): a
        plain support user writes the charged hours of a booking, taking 30 of
        the certificate's 40 hours (MQ 2.4: unused booked hours are charged at
        the month's end, by the system)."""
        self.assertEqual(self.certificate_a.hours_balance, 40)
        response = call_kw(
            self,
            "helpdesk.support.booking",
            "write",
            self.booking_a.ids,
            {"hours_charged": 30},
        )
        self.assertRefused(response)
        self.assertEqual(self.booking_a.hours_charged, 0)
        self.assertEqual(self.certificate_a.hours_balance, 40)

    def test_portal_user_cannot_cancel_foreign_booking(self):
        """R-73 (MQ 2.4, a customer books on its own certificate): a portal
        contact of customer B cancels customer A's booking by calling the
        button method over JSON-RPC (the method works with the rights of the
        system)."""
        self.authenticate("sec_rights_boris", "sec_rights_boris")
        response = call_kw(
            self,
            "helpdesk.support.booking",
            "action_support_cancel",
            self.booking_a.ids,
        )
        self.assertRefused(response)
        self.assertEqual(self.booking_a.state, "confirmed")
        self.assertEqual(self.booking_a.month_id.booked_hours, 30)

    def test_portal_user_cannot_change_foreign_booking(self):
        """R-73 (MQ 2.4, a customer books on its own certificate): the same
        contact books all of the month's capacity on customer A's certificate
        by changing A's booking."""
        self.authenticate("sec_rights_boris", "sec_rights_boris")
        response = call_kw(
            self,
            "helpdesk.support.booking",
            "action_support_change",
            self.booking_a.ids,
            170,
        )
        self.assertRefused(response)
        self.assertEqual(self.booking_a.hours, 30)
        self.assertEqual(self.booking_a.month_id.booked_hours, 30)

    def test_user_cannot_accept_estimate(self):
        """R-70 (MQ 2.3: the key contact confirms the estimate): a plain
        support user accepts an estimate in the customer's place (MQ 2.3: "the
        order is accepted by the key contact person")."""
        response = call_kw(
            self,
            "helpdesk.support.estimate",
            "write",
            self.estimate_a.ids,
            {"state": "accepted"},
        )
        self.assertRefused(response)
        self.assertEqual(self.estimate_a.state, "sent")
        self.assertEqual(self.ticket_a.support_estimate_state, "sent")

    def test_user_cannot_sign_estimate_decision(self):
        """R-70 (MQ 2.3: the key contact confirms the estimate): a plain
        support user records the key contact as the one who decided."""
        response = call_kw(
            self,
            "helpdesk.support.estimate",
            "write",
            self.estimate_a.ids,
            {"decided_by_id": self.anna.id},
        )
        self.assertRefused(response)
        self.assertFalse(self.estimate_a.decided_by_id)

    # ------------------------------------------------------------------
    # Tickets: fields maintained by the system
    # ------------------------------------------------------------------

    def test_user_cannot_charge_ticket_to_another_customer(self):
        """R-72 (MQ 2.4, hours charged to the customer's own certificate): a
        plain support user charges A's order to B's certificate."""
        response = call_kw(
            self,
            "helpdesk.ticket",
            "write",
            self.ticket_a.ids,
            {"support_certificate_id": self.certificate_b.id},
        )
        self.assertRefused(response)
        self.assertFalse(self.ticket_a.support_certificate_id)
        self.assertFalse(self.certificate_b.ticket_ids)

    def test_manager_cannot_charge_ticket_to_another_customer(self):
        """R-72 (MQ 2.4, hours charged to the customer's own certificate): not
        even a manager may charge a ticket to the certificate of another
        customer."""
        self.authenticate("sec_rights_manager", "sec_rights_manager")
        response = call_kw(
            self,
            "helpdesk.ticket",
            "write",
            self.ticket_a.ids,
            {"support_certificate_id": self.certificate_b.id},
        )
        self.assertRefused(response, "odoo.exceptions.ValidationError")
        self.assertFalse(self.ticket_a.support_certificate_id)
        # the customer's own certificate is fine
        response = call_kw(
            self,
            "helpdesk.ticket",
            "write",
            self.ticket_a.ids,
            {"support_certificate_id": self.certificate_a.id},
        )
        self.assertNotIn("error", response)
        self.env.invalidate_all()
        self.assertEqual(self.ticket_a.support_certificate_id, self.certificate_a)

    def test_user_cannot_create_ticket_on_another_certificate(self):
        """R-72 (MQ 2.4, hours charged to the customer's own certificate): the
        same through ``create`` instead of ``write``."""
        response = call_kw(
            self,
            "helpdesk.ticket",
            "create",
            {
                "name": "Charged elsewhere",
                "description": "x",
                "partner_id": self.anna.id,
                "support_certificate_id": self.certificate_b.id,
            },
        )
        self.assertRefused(response)
        self.assertFalse(
            self.env["helpdesk.ticket"].search([("name", "=", "Charged elsewhere")])
        )

    def test_user_cannot_move_ticket_to_another_contract(self):
        """R-20 (the SLA comes from the sender's contract): a plain support
        user puts A's ticket under B's contract."""
        response = call_kw(
            self,
            "helpdesk.ticket",
            "write",
            self.ticket_a.ids,
            {"support_contract_id": self.contract_b.id},
        )
        self.assertRefused(response)
        self.assertEqual(self.ticket_a.support_contract_id, self.contract_a)

    def test_user_cannot_set_sla_level(self):
        """R-23 (MQ 1.4, a reclassification is tracked with who and why): a
        plain support user changes the SLA level without the reclassification
        wizard (R-23: a reason is recorded)."""
        level = self.ticket_a.support_sla_level_id
        other = self.env["helpdesk.support.sla.level"].search(
            [("company_id", "=", self.company.id), ("id", "!=", level.id)], limit=1
        )
        response = call_kw(
            self,
            "helpdesk.ticket",
            "write",
            self.ticket_a.ids,
            {"support_sla_level_id": other.id},
        )
        self.assertRefused(response)
        self.assertEqual(self.ticket_a.support_sla_level_id, level)

    def test_user_cannot_set_coupon(self):
        """R-42 (DS 3.6, the customer redeems its own coupon): a plain support
        user marks a ticket as paid with B's coupon (it would leave the
        open-ticket limit, R-42)."""
        response = call_kw(
            self,
            "helpdesk.ticket",
            "write",
            self.ticket_a.ids,
            {"support_coupon_id": self.coupon_b.id},
        )
        self.assertRefused(response)
        self.assertFalse(self.ticket_a.support_coupon_id)

    def test_user_cannot_queue_ticket(self):
        """R-25 / R-30 (DS 2.1, MQ 1.2: the queue follows the limit): a plain
        support user puts a ticket in the queue of the open-ticket limit, which
        stops its SLA (R-30)."""
        response = call_kw(
            self,
            "helpdesk.ticket",
            "write",
            self.ticket_a.ids,
            {"support_queued": True},
        )
        self.assertRefused(response)
        self.assertFalse(self.ticket_a.support_queued)

    def test_user_still_reclassifies_with_a_reason(self):
        """R-23 (MQ 1.4, a reclassification is tracked with who and why): the
        legitimate way to change the SLA level stays open to support users: the
        reclassification wizard (R-23)."""
        other = self.env["helpdesk.support.sla.level"].search(
            [
                ("company_id", "=", self.company.id),
                ("id", "!=", self.ticket_a.support_sla_level_id.id),
            ],
            limit=1,
        )
        response = call_kw(
            self,
            "helpdesk.support.reclassify.wizard",
            "create",
            {
                "ticket_id": self.ticket_a.id,
                "support_sla_level_id": other.id,
                "reason": "A question, not an error",
            },
        )
        self.assertNotIn("error", response)
        response = call_kw(
            self,
            "helpdesk.support.reclassify.wizard",
            "action_confirm",
            [response["result"]],
        )
        self.assertNotIn("error", response)
        self.env.invalidate_all()
        self.assertEqual(self.ticket_a.support_sla_level_id, other)

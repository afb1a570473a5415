# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import SupportContractCase


@tagged("post_install", "-at_install")
class TestSecurity(SupportContractCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contract = cls.make_contract(
            contact_ids=[Command.set([cls.alice.id])], key_contact_id=cls.alice.id
        )
        cls.internal = cls.make_user("plain_internal", "base.group_user")
        cls.portal = new_test_user(
            cls.env, login="portal_customer", groups="base.group_portal"
        )

    def test_groups_chained_on_helpdesk(self):
        """R-12: the support groups imply helpdesk_mgmt's own groups."""
        self.assertTrue(
            self.support_user.has_group("helpdesk_mgmt.group_helpdesk_user")
        )
        self.assertFalse(
            self.support_user.has_group("helpdesk_mgmt.group_helpdesk_manager")
        )
        self.assertTrue(
            self.support_manager.has_group("helpdesk_mgmt.group_helpdesk_manager")
        )
        self.assertTrue(
            self.support_manager.has_group(
                "helpdesk_mgmt_support_contract.group_support_user"
            )
        )

    def test_support_user(self):
        """R-10, R-12: a support user reads tiers, notes on a contract, and
        neither configures tiers and levels nor creates or deletes contracts."""
        tier = self.tier("mq_basic").with_user(self.support_user)
        self.assertEqual(tier.name, "Basic")
        with self.assertRaises(AccessError):
            tier.write({"response_time": 3})
        with self.assertRaises(AccessError):
            self.env["helpdesk.support.sla.level"].with_user(self.support_user).create(
                {"name": "x", "code": "x", "company_id": self.company.id}
            )
        contract = self.contract.with_user(self.support_user)
        contract.note = "<p>called the customer</p>"
        with self.assertRaises(AccessError):
            self.env["helpdesk.support.contract"].with_user(self.support_user).create(
                {
                    "partner_id": self.customer.id,
                    "tier_id": self.tier("mq_premium").id,
                    "company_id": self.company.id,
                }
            )
        with self.assertRaises(AccessError):
            contract.unlink()

    def test_support_manager(self):
        """R-10, R-12: a support manager configures tiers and contracts."""
        env = self.env(user=self.support_manager)
        tier = env["helpdesk.support.tier"].browse(self.tier("mq_basic").id)
        tier.response_time = 2
        contract = env["helpdesk.support.contract"].create(
            {
                "partner_id": self.customer.id,
                "tier_id": self.tier("mq_premium").id,
                "company_id": self.company.id,
            }
        )
        contract.action_activate()
        self.assertEqual(contract.state, "active")
        wizard = env["helpdesk.support.preset.wizard"].create({"preset": "ds"})
        wizard.action_load()

    def test_no_access_without_group(self):
        """R-12, R-32: internal users without a support group and portal users read no
        support record."""
        for user in (self.internal, self.portal):
            for model in (
                "helpdesk.support.contract",
                "helpdesk.support.tier",
                "helpdesk.support.sla.level",
                "helpdesk.support.contact.team",
            ):
                with self.subTest(user=user.login, model=model):
                    with self.assertRaises(AccessError):
                        self.env[model].with_user(user).search([])

    def test_multi_company(self):
        """R-12, R-32: a user of another company sees none of this company's support
        records."""
        other = self.env["res.company"].create({"name": "Other Company"})
        outsider = new_test_user(
            self.env,
            login="support_outsider",
            groups="helpdesk_mgmt_support_contract.group_support_manager",
            company_id=other.id,
            company_ids=[Command.set(other.ids)],
        )
        env = self.env(user=outsider)
        self.assertFalse(
            env["helpdesk.support.contract"].search([("id", "=", self.contract.id)])
        )
        self.assertFalse(
            env["helpdesk.support.tier"].search([("company_id", "=", self.company.id)])
        )
        with self.assertRaises(AccessError):
            env["helpdesk.support.contract"].browse(self.contract.id).name  # noqa: B018

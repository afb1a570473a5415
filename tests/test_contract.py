# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import SupportContractCase


@tagged("post_install", "-at_install")
class TestContract(SupportContractCase):
    def test_reference_from_sequence(self):
        """R-12: a contract gets its reference from a sequence and starts as a draft."""
        contract = self.make_contract()
        self.assertTrue(contract.name.startswith("SC/"))
        self.assertEqual(contract.state, "draft")

    def test_end_before_start(self):
        """R-12: a contract's validity cannot end before it starts."""
        with self.assertRaisesMessage(ValidationError, "ends .* before it starts"):
            self.make_contract(date_start="2026-05-01", date_end="2026-04-30")
        # a one-day contract is fine
        self.make_contract(date_start="2026-05-01", date_end="2026-05-01")

    def test_kcp_must_be_a_registered_contact(self):
        """R-12 (MQ 1.5): the key contact person is one of the registered contacts."""
        with self.assertRaisesMessage(ValidationError, "must be one of the registered"):
            self.make_contract(
                contact_ids=[Command.set([self.alice.id])],
                key_contact_id=self.bob.id,
            )
        contract = self.make_contract(
            contact_ids=[Command.set([self.alice.id, self.bob.id])],
            key_contact_id=self.bob.id,
        )
        with self.assertRaises(ValidationError):
            contract.contact_ids = [Command.unlink(self.bob.id)]

    def test_contacts_belong_to_the_customer(self):
        """R-12 (MQ 1.5): registered contacts are people of the customer
        organisation."""
        stranger = self.env["res.partner"].create({"name": "Stranger"})
        with self.assertRaisesMessage(ValidationError, "Only people of"):
            self.make_contract(contact_ids=[Command.set([self.alice.id, stranger.id])])

    def test_overlapping_active_contracts(self):
        """R-12: one customer has no two active contracts over the same dates."""
        first = self.make_contract()
        first.action_activate()
        second = self.make_contract(date_start="2026-12-01", date_end="2027-11-30")
        with self.assertRaisesMessage(ValidationError, "overlapping period"):
            second.action_activate()
        # another tier, or a period after the first one, is fine
        self.make_contract(tier_code="mq_premium").action_activate()
        self.make_contract(
            date_start="2027-01-01", date_end="2027-12-31"
        ).action_activate()
        # an open-ended contract overlaps everything after its start
        with self.assertRaises(ValidationError):
            self.make_contract(
                date_start="2025-01-01", date_end=False
            ).action_activate()

    def test_overlap_within_one_batch(self):
        """R-12: overlapping contracts are refused within one batch too."""
        contracts = self.env["helpdesk.support.contract"].create(
            [
                {
                    "partner_id": self.customer.id,
                    "company_id": self.company.id,
                    "tier_id": self.tier("mq_basic").id,
                    "date_start": start,
                    "date_end": end,
                }
                for start, end in (
                    ("2026-01-01", "2026-06-30"),
                    ("2026-06-01", "2026-12-31"),
                )
            ]
        )
        with self.assertRaises(ValidationError):
            contracts.write({"state": "active"})

    def test_teams(self):
        """R-12, R-31 (MQ 1.5, MQ Appendix 1): a team holds registered contacts
        only; several teams only on Premium and up."""
        contract = self.make_contract(
            contact_ids=[Command.set([self.alice.id, self.bob.id])]
        )
        team = self.env["helpdesk.support.contact.team"].create(
            {
                "name": "Ops",
                "contract_id": contract.id,
                "member_ids": [Command.set([self.alice.id])],
            }
        )
        with self.assertRaisesMessage(ValidationError, "not registered contacts"):
            team.member_ids = [Command.link(self.carol.id)]
        # Basic allows only one team (MQ Appendix 1)
        with self.assertRaisesMessage(ValidationError, "only one team"):
            self.env["helpdesk.support.contact.team"].create(
                {"name": "Dev", "contract_id": contract.id}
            )
        # Premium allows several; going back to Basic is refused
        contract.tier_id = self.tier("mq_premium")
        self.env["helpdesk.support.contact.team"].create(
            {"name": "Dev", "contract_id": contract.id}
        )
        with self.assertRaises(ValidationError):
            contract.tier_id = self.tier("mq_basic_plus")
        # removing a contact who is in a team is refused
        with self.assertRaises(ValidationError):
            contract.contact_ids = [Command.unlink(self.alice.id)]

    @freeze_time("2026-06-15")
    def test_activate_ended_contract(self):
        """R-12: a contract that has ended cannot be activated."""
        contract = self.make_contract(date_start="2025-01-01", date_end="2025-12-31")
        with self.assertRaises(UserError):
            contract.action_activate()

    @freeze_time("2026-06-15")
    def test_expire_cron_and_expiring_filter(self):
        """R-12, R-34 (MQ 1.5 «в случае окончания сервисного договора»): the
        scheduled action expires ended contracts; the filter lists the
        expiring ones. A contract is valid through its end date, that day
        included (ГК РФ ст. 194: a period ends at 24:00 of its last day): one
        ending 1 July is still active on 15 June, one that ended 31 December
        is expired."""
        Contract = self.env["helpdesk.support.contract"]
        ended = self.make_contract(date_start="2025-01-01", date_end="2025-12-31")
        ended.state = "active"
        ending = self.make_contract(
            tier_code="mq_premium", date_start="2026-01-01", date_end="2026-07-01"
        )
        ending.action_activate()
        later = self.make_contract(
            tier_code="mq_premium_plus", date_start="2026-01-01", date_end="2026-12-31"
        )
        later.action_activate()
        expired = Contract._cron_expire_contracts()
        self.assertEqual(expired, ended)
        self.assertEqual(ended.state, "expired")
        self.assertEqual(ending.state, "active")
        self.assertTrue(ending.is_expiring)
        self.assertFalse(later.is_expiring)
        mine = Contract.search([("partner_id", "=", self.customer.id)])
        self.assertEqual(mine.filtered_domain([("is_expiring", "=", True)]), ending)
        self.assertEqual(
            Contract.search([("id", "in", mine.ids), ("is_expiring", "=", False)]),
            ended | later,
        )

    def test_active_contract_lookup(self):
        """R-12, R-20: a contact's active contract is found for its tickets."""
        contract = self.make_contract(
            contact_ids=[Command.set([self.alice.id])], key_contact_id=self.alice.id
        )
        contract.state = "active"
        other = self.env["res.partner"].create(
            {"name": "No contract Ltd", "is_company": True}
        )
        found = self.env["helpdesk.support.contract"]._get_active_contract(
            self.alice | other, fields.Date.to_date("2026-03-01")
        )
        self.assertEqual(found, {self.customer: contract})
        outside = self.env["helpdesk.support.contract"]._get_active_contract(
            self.alice, fields.Date.to_date("2027-03-01")
        )
        self.assertEqual(outside, {})

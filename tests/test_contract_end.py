# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time

from odoo import Command
from odoo.tests import new_test_user, tagged

from .common import SupportTicketCase, naive


@tagged("post_install", "-at_install")
class TestContractEnd(SupportTicketCase):
    """R-34 (MQ 1.5 «в течение десяти рабочих дней блокируется доступ»):
    portal access ends ten working days after the contract, a period from a
    date read as Russian law reads it (ГК РФ ст. 191-194): from the day
    after the contract's last day to the end of the tenth working day."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contract = cls.make_contract(
            "mq_basic",
            date_start="2026-01-01",
            date_end="2026-04-30",
            contact_ids=[Command.set((cls.alice | cls.bob).ids)],
            key_contact_id=cls.alice.id,
        )
        with freeze_time("2026-03-01"):
            cls.contract.action_activate()
        cls.users = cls.env["res.users"]
        for partner in cls.alice | cls.bob:
            cls.users |= new_test_user(
                cls.env,
                login=f"end_{partner.name}",
                groups="base.group_portal",
                partner_id=partner.id,
            )

    def test_block_date_counts_working_days(self):
        """R-34 (MQ 1.5), R-01: the block date is the end of the tenth working day after
        the contract's end, holidays and shortened days counted; the count
        begins on the day after the last day of the contract (ГК РФ ст. 191)
        and ends with the working time of its last day (ст. 193, 194)."""
        # after Thu 30 Apr: 1 and 9-11 May are off, 8 May is shortened;
        # ten working days: 4-8, 12-15, 18 May -> end of Mon 18 May (18:00 MSK)
        self.assertEqual(self.contract.portal_block_date, naive("2026-05-18 15:00:00"))

    def test_warn_then_block_then_restore(self):
        """R-34 (MQ 1.5): the contacts are warned, then their portal access is blocked,
        then restored by a new contract. The contract is valid through its
        last day and expires the day after; the block comes at the end of the
        tenth working day after it, not earlier (ГК РФ ст. 191, 194)."""
        Contract = self.env["helpdesk.support.contract"]
        with freeze_time("2026-05-01 09:00:00"):
            Contract._cron_expire_contracts()
            Contract._cron_portal_access()
        self.assertEqual(self.contract.state, "expired")
        warning = self.messages(self.contract, "portal access of your contacts")
        self.assertEqual(len(warning), 1)
        self.assertIn(self.alice, warning.partner_ids)
        self.assertTrue(all(self.users.mapped("active")))
        with freeze_time("2026-05-18 14:00:00"):
            Contract._cron_portal_access()
        self.assertTrue(all(self.users.mapped("active")), "not before the date")
        with freeze_time("2026-05-18 16:00:00"):
            Contract._cron_portal_access()
            Contract._cron_portal_access()
        self.assertFalse(
            any(self.users.with_context(active_test=False).mapped("active"))
        )
        self.assertEqual(self.contract.portal_blocked_user_ids, self.users)
        self.assertEqual(len(self.messages(self.contract, "portal access of your")), 1)
        # renewal gives the access back
        with freeze_time("2026-06-01"):
            renewal = self.make_contract(
                "mq_basic",
                date_start="2026-06-01",
                date_end="2027-05-31",
                contact_ids=[Command.set((self.alice | self.bob).ids)],
                key_contact_id=self.alice.id,
            )
            renewal.action_activate()
        users = self.users.with_context(active_test=False)
        self.assertTrue(all(users.mapped("active")))
        self.assertTrue(all(u.has_group("base.group_portal") for u in users))
        self.assertFalse(self.contract.portal_blocked_user_ids)

    def test_renewed_before_the_date_keeps_access(self):
        """R-34 (MQ 1.5): a contract renewed before the block date keeps the portal
        access."""
        with freeze_time("2026-04-20"):
            self.make_contract(
                "mq_basic",
                date_start="2026-05-01",
                date_end="2027-04-30",
                contact_ids=[Command.set((self.alice | self.bob).ids)],
                key_contact_id=self.alice.id,
            ).action_activate()
        with freeze_time("2026-05-20 09:00:00"):
            self.env["helpdesk.support.contract"]._cron_expire_contracts()
            self.env["helpdesk.support.contract"]._cron_portal_access()
        self.assertTrue(all(self.users.mapped("active")))
        self.assertFalse(self.messages(self.contract, "portal access of your"))

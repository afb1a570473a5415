# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import SupportContractCase


@tagged("post_install", "-at_install")
class TestSlaLevel(SupportContractCase):
    def _select(self, tier_code, sender_code, category_code=None, priority="1"):
        candidates = self.env["helpdesk.support.sla.level"]._get_candidates(
            self.company
        )
        tier = self.tier(tier_code) if tier_code else self.env["helpdesk.support.tier"]
        sender = (
            self.sender(sender_code)
            if sender_code
            else self.env["helpdesk.support.sender.category"]
        )
        category = (
            self.category(category_code)
            if category_code
            else self.env["helpdesk.ticket.category"]
        )
        return candidates._select_level(tier, sender, category, priority).code

    def test_ds_matching(self):
        """One model holds DS levels by sender category and criticality."""
        cases = [
            (("ds_commercial", "partner", "errors", "3"), "ds_partner_operational"),
            (("ds_commercial", "partner", "errors", "1"), "ds_partner_standard"),
            (("ds_commercial", "licensee", "errors", "3"), "ds_licensee_operational"),
            (("ds_commercial", "licensee", None, "2"), "ds_licensee_standard"),
            (("ds_vip", "licensee", "errors", "3"), "ds_licensee_vip"),
            (("ds_commercial", "partner", "consultation", "3"), "ds_consultation"),
            ((None, None, "consultation", "0"), "ds_consultation"),
            (("ds_commercial", "user", None, "1"), "ds_non_commercial"),
        ]
        for args, expected in cases:
            with self.subTest(args=args):
                self.assertEqual(self._select(*args), expected)

    def test_explicit_levels_never_matched(self):
        """R-11, R-42 (DS 3.6, 3.9): levels set explicitly (special request,
        development) are never matched on creation."""
        for args in (("ds_commercial", "licensee", None, "3"), (None, None, None, "3")):
            self.assertNotIn(
                self._select(*args), ("ds_special_request", "ds_development")
            )

    def test_mq_tier_without_level(self):
        """MQ tiers need no level: nothing matches and the tier's target rules."""
        self.assertFalse(self._select("mq_premium", None, "bug", "3"))
        self.assertFalse(self._select(None, None, "bug", "1"))

    def test_response_target_display(self):
        """R-11 (DS 3.9): a level's target reads in its unit, e.g. 24 working days for
        development."""
        self.assertEqual(
            self.level("ds_development").response_target_display, "24 working days"
        )
        self.assertEqual(
            self.tier("mq_premium").response_target_display, "2 hours (24/7)"
        )

    def test_negative_targets_refused(self):
        """R-10, R-11: a negative target is refused."""
        with self.assertRaises(ValidationError):
            self.level("ds_partner_standard").response_time = -1
        with self.assertRaises(ValidationError):
            self.tier("mq_basic").response_time = -0.5
        with self.assertRaises(ValidationError):
            self.tier("mq_basic").open_ticket_limit = -1
        with self.assertRaises(ValidationError):
            self.tier("mq_basic").contact_limit = -3

    def test_candidates_follow_the_levels_at_once(self):
        """R-11 (DS 3.9): «Among levels matching a ticket, the lowest
        sequence wins». The candidates of automatic assignment are read once
        a process (every incoming mail asks): a level added, reordered,
        taken off automatic assignment, archived or deleted changes the next
        ticket's level in the same transaction."""
        args = ("ds_commercial", "licensee", None, "2")
        self.assertEqual(self._select(*args), "ds_licensee_standard")
        standard = self.level("ds_licensee_standard")
        urgent = standard.copy(
            {"code": "ds_licensee_urgent", "sequence": standard.sequence - 1}
        )
        self.assertEqual(self._select(*args), "ds_licensee_urgent")
        urgent.sequence = standard.sequence + 1
        self.assertEqual(self._select(*args), "ds_licensee_standard")
        urgent.sequence = standard.sequence - 1
        self.assertEqual(self._select(*args), "ds_licensee_urgent")
        urgent.auto_assign = False
        self.assertEqual(self._select(*args), "ds_licensee_standard")
        urgent.auto_assign = True
        self.assertEqual(self._select(*args), "ds_licensee_urgent")
        urgent.active = False
        self.assertEqual(self._select(*args), "ds_licensee_standard")
        urgent.active = True
        self.assertEqual(self._select(*args), "ds_licensee_urgent")
        urgent.unlink()
        self.assertEqual(self._select(*args), "ds_licensee_standard")

# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from .race import committed_env, run_concurrently


@tagged("post_install", "-at_install")
class TestOpenTicketLimitRace(TransactionCase):
    """Two tickets for the last slot at once: exactly one enters work (R-30).

    The data lives in committed transactions (the workers cannot see the
    test's own) and is removed at the end.
    """

    def setUp(self):
        super().setUp()
        with committed_env(self.registry) as env:
            company = env.ref("base.main_company")
            tier = env["helpdesk.support.tier"].create(
                {
                    "name": "Race tier",
                    "code": "race_tier",
                    "company_id": company.id,
                    "resource_calendar_id": company.resource_calendar_id.id,
                    "response_time": 4,
                    "open_ticket_limit": 2,
                }
            )
            customer = env["res.partner"].create(
                {"name": "Race Customer", "is_company": True}
            )
            contact = env["res.partner"].create(
                {"name": "Race Contact", "parent_id": customer.id}
            )
            contract = env["helpdesk.support.contract"].create(
                {
                    "partner_id": customer.id,
                    "company_id": company.id,
                    "tier_id": tier.id,
                    "date_start": "2020-01-01",
                    # the contract serves its registered contacts
                    "contact_ids": [(4, contact.id)],
                }
            )
            contract.action_activate()
            env["helpdesk.ticket"].create(
                {"name": "Holds a slot", "description": "x", "partner_id": contact.id}
            )
            self.ids = {
                "tier": tier.id,
                "customer": customer.id,
                "contact": contact.id,
                "contract": contract.id,
            }
        self.addCleanup(self.remove_data)

    def remove_data(self):
        with committed_env(self.registry) as env:
            env["helpdesk.ticket"].search(
                [("support_contract_id", "=", self.ids["contract"])]
            ).unlink()
            env["helpdesk.support.contract"].browse(self.ids["contract"]).unlink()
            env["helpdesk.support.tier"].browse(self.ids["tier"]).unlink()
            env["res.partner"].browse(
                [self.ids["contact"], self.ids["customer"]]
            ).unlink()

    def new_ticket(self, name, env):
        ticket = env["helpdesk.ticket"].create(
            {"name": name, "description": "x", "partner_id": self.ids["contact"]}
        )
        return ticket.support_queued

    def test_last_slot_taken_once(self):
        """R-30 (MQ 1.2): two tickets for the last slot at once: exactly one enters
        work, the other is queued."""
        results, attempts = run_concurrently(
            self.registry,
            lambda env: self.new_ticket("Racer A", env),
            lambda env: self.new_ticket("Racer B", env),
        )
        self.assertEqual(sorted(results), [False, True], "one in work, one queued")
        # the loser met the lock, failed to serialize and was retried
        self.assertEqual(sorted(attempts), [1, 2])
        with committed_env(self.registry) as env:
            contract = env["helpdesk.support.contract"].browse(self.ids["contract"])
            self.assertEqual(contract.in_work_ticket_count, 2)
            self.assertEqual(contract.queued_ticket_count, 1)


@tagged("post_install", "-at_install")
class TestCouponRace(TransactionCase):
    """Two redemptions of the last use at once: exactly one succeeds (R-43)."""

    def setUp(self):
        super().setUp()
        with committed_env(self.registry) as env:
            company = env.ref("base.main_company")
            level = env["helpdesk.support.sla.level"].create(
                {
                    "name": "Race special request",
                    "code": "race_special_request",
                    "company_id": company.id,
                    "resource_calendar_id": company.resource_calendar_id.id,
                    "response_time": 1,
                    "auto_assign": False,
                }
            )
            previous_level = company.support_coupon_sla_level_id
            company.support_coupon_sla_level_id = level
            customer = env["res.partner"].create(
                {"name": "Coupon Race JSC", "is_company": True}
            )
            contact = env["res.partner"].create(
                {"name": "Coupon Racer", "parent_id": customer.id}
            )
            user = env["res.users"].create(
                {
                    "name": "Coupon Racer",
                    "login": "coupon_racer",
                    "partner_id": contact.id,
                    "groups_id": [(6, 0, [env.ref("base.group_portal").id])],
                }
            )
            coupon = env["helpdesk.support.coupon"].create(
                {
                    "partner_id": customer.id,
                    "company_id": company.id,
                    "licence_ref": "RACE",
                    "purchase_date": fields.Date.today() - timedelta(days=30),
                    "uses_total": 1,
                }
            )
            self.ids = {
                "customer": customer.id,
                "contact": contact.id,
                "user": user.id,
                "coupon": coupon.id,
                "code": coupon.name,
                "level": level.id,
                "previous_level": previous_level.id,
            }
        self.addCleanup(self.remove_data)

    def remove_data(self):
        with committed_env(self.registry) as env:
            coupon = env["helpdesk.support.coupon"].browse(self.ids["coupon"])
            tickets = coupon.redemption_ids.ticket_id
            coupon.redemption_ids.unlink()
            tickets.unlink()
            coupon.unlink()
            env["helpdesk.support.coupon.attempt"].search(
                [("user_id", "=", self.ids["user"])]
            ).unlink()
            env["res.users"].browse(self.ids["user"]).unlink()
            env["res.partner"].browse(
                [self.ids["contact"], self.ids["customer"]]
            ).unlink()
            env.ref("base.main_company").support_coupon_sla_level_id = self.ids[
                "previous_level"
            ]
            env["helpdesk.support.sla.level"].browse(self.ids["level"]).unlink()

    def redeem(self, name, env):
        try:
            env["helpdesk.support.coupon"]._support_redeem(
                self.ids["code"],
                {"name": name, "description": "x", "partner_id": self.ids["contact"]},
                env["res.users"].browse(self.ids["user"]),
            )
        except UserError as error:
            return str(error)
        return "ok"

    def test_last_use_redeemed_once(self):
        """R-43 (DS 3.6): two redemptions of a coupon's last use at once: exactly one
        succeeds."""
        results, attempts = run_concurrently(
            self.registry,
            lambda env: self.redeem("Racer A", env),
            lambda env: self.redeem("Racer B", env),
        )
        self.assertEqual(
            sorted(results)[0],
            f"All 1 special requests of the coupon {self.ids['code']} are used.",
        )
        self.assertEqual(sorted(results)[1], "ok")
        self.assertEqual(sorted(attempts), [1, 2])
        with committed_env(self.registry) as env:
            coupon = env["helpdesk.support.coupon"].browse(self.ids["coupon"])
            self.assertEqual(coupon.uses_count, 1)
            self.assertEqual(len(coupon.redemption_ids), 1)

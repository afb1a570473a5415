# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from ..models.helpdesk_support_coupon import CODE_ALPHABET
from .common import SupportTicketCase, naive


@tagged("post_install", "-at_install")
@freeze_time("2026-06-01 07:00:00")
class TestCoupon(SupportTicketCase):
    """R-40 … R-43: codes, uses, validity, ledger, renewal, throttle."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contact = cls.make_customer("ds_commercial", "licensee", name="Coupon JSC")
        cls.customer = cls.contact.commercial_partner_id
        cls.portal = new_test_user(
            cls.env,
            login="coupon_portal",
            groups="base.group_portal",
            partner_id=cls.contact.id,
        )
        cls.duty = new_test_user(
            cls.env,
            login="duty_engineer",
            groups="helpdesk_mgmt.group_helpdesk_user",
            phone="+7 495 000-00-01",
        )
        cls.company.support_coupon_user_id = cls.duty
        cls.Coupon = cls.env["helpdesk.support.coupon"].with_company(cls.company)
        cls.coupon = cls.Coupon.create(
            {
                "partner_id": cls.customer.id,
                "company_id": cls.company.id,
                "licence_ref": "LIC-0001",
                "purchase_date": "2026-02-10",
                "uses_total": 2,
            }
        )

    def redeem(self, code, subject="Special request"):
        return self.Coupon._support_redeem(
            code,
            {
                "name": subject,
                "description": "<p>one problem</p>",
                "partner_id": self.contact.id,
                "team_id": self.team.id,
            },
            self.portal,
        )

    def test_code_is_random_unambiguous_and_unique(self):
        """R-40 (DS 3.6): a coupon's alphanumeric code is random, unambiguous to read
        and unique."""
        codes = {self.Coupon._generate_code() for _i in range(200)}
        self.assertEqual(len(codes), 200)
        for code in codes:
            self.assertRegex(code, r"^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$")
            self.assertTrue(set(code.replace("-", "")) <= set(CODE_ALPHABET))
            self.assertFalse(set("01OIL") & set(code))
        self.assertEqual(self.coupon.date_expiry.isoformat(), "2027-02-10")
        self.assertEqual(self.coupon.uses_total, 2)
        self.assertEqual(self.Coupon.new({}).uses_total, 12)

    def test_redeem_special_request(self):
        """R-42 (DS 3.6): a redeemed code makes the ticket a special request with a
        1-hour response, typed in any case and spacing."""
        typed = self.coupon.name.lower().replace("-", " ")
        ticket = self.redeem(typed)
        self.assertEqual(ticket.support_coupon_id, self.coupon)
        self.assertEqual(ticket.support_sla_level_id, self.level("ds_special_request"))
        self.assertEqual(ticket.stage_id, self.company._get_support_processing_stage())
        self.assertEqual(ticket.user_id, self.duty)
        # one working hour round the clock
        self.assertEqual(ticket.support_sla_deadline, naive("2026-06-01 08:00:00"))
        self.assertEqual(self.coupon.uses_count, 1)
        line = self.coupon.redemption_ids
        self.assertEqual((line.ticket_id, line.user_id), (ticket, self.portal))
        mail = self.messages(ticket, "+7 495 000-00-01")
        self.assertEqual(len(mail), 1)
        self.assertIn(self.contact, mail.partner_ids)
        self.assertEqual(self.response_timer(ticket).state, "running")

    def test_used_up_expired_wrong_and_other_customer(self):
        """R-40, R-42 (DS 3.6): a used-up, expired, wrong or other customer's code is
        refused with a clear error. «Срок действия купона - 1 год с момента
        покупки Лицензии» is read as Russian law reads a period of years (ГК
        РФ ст. 192, 194): a licence bought 10 January 2025 gives a coupon
        valid through 10 January 2026, expired at the frozen date."""
        self.redeem(self.coupon.name)
        self.redeem(self.coupon.name)
        with self.assertRaisesMessage(UserError, "All 2 special requests"):
            self.redeem(self.coupon.name)
        self.assertEqual(self.coupon.uses_count, 2)
        with self.assertRaisesMessage(UserError, "not valid"):
            self.redeem("ABCD-EFGH-JKMN")
        other = self.Coupon.create(
            {
                "partner_id": self.customer.id,
                "company_id": self.company.id,
                "licence_ref": "LIC-OLD",
                "purchase_date": "2025-01-10",
            }
        )
        with self.assertRaisesMessage(UserError, "valid from"):
            self.redeem(other.name)
        stranger = self.env["res.partner"].create(
            {"name": "Stranger", "is_company": True}
        )
        foreign = self.Coupon.create(
            {
                "partner_id": stranger.id,
                "company_id": self.company.id,
                "licence_ref": "LIC-X",
                "purchase_date": "2026-05-01",
            }
        )
        with self.assertRaisesMessage(UserError, "not valid"):
            self.redeem(foreign.name)
        self.assertEqual(foreign.uses_count, 0)
        self.assertFalse(
            self.env["helpdesk.ticket"].search([("support_coupon_id", "=", foreign.id)])
        )

    def test_renewal_replaces_and_unused_uses_lapse(self):
        """R-41 (DS 3.6): renewal issues a new coupon; unused requests of the old one do
        not carry over. Its year ends on the anniversary of the renewal's
        purchase, that day included (ГК РФ ст. 192, 194)."""
        self.redeem(self.coupon.name)
        wizard = (
            self.env["helpdesk.support.coupon.renew.wizard"]
            .with_user(self.support_manager)
            .create({"coupon_id": self.coupon.id, "purchase_date": "2027-02-10"})
        )
        action = wizard.action_renew()
        new = self.Coupon.browse(action["res_id"])
        self.assertEqual(self.coupon.state, "replaced")
        self.assertEqual(self.coupon.replaced_by_id, new)
        self.assertNotEqual(new.name, self.coupon.name)
        self.assertEqual((new.uses_count, new.uses_total), (0, 2))
        self.assertEqual(new.date_expiry.isoformat(), "2028-02-10")
        with self.assertRaisesMessage(UserError, "replaced by a renewal"):
            self.redeem(self.coupon.name)
        with freeze_time("2027-03-01 07:00:00"):
            self.assertTrue(self.redeem(new.name))

    def test_wrong_codes_are_throttled(self):
        """R-42, R-43: wrong codes are throttled so that codes cannot be guessed."""
        # as the portal does: the error is shown, the transaction is kept
        # (assertRaises would roll the recorded attempt back)
        for _i in range(5):
            try:
                self.redeem("WRNG-CODE-XXXX")
            except UserError as error:
                self.assertIn("not valid", str(error))
            else:
                self.fail("a wrong code was accepted")
        with self.assertRaisesMessage(UserError, "Too many wrong coupon codes"):
            self.redeem(self.coupon.name)
        with freeze_time("2026-06-01 07:16:00"):
            self.assertTrue(self.redeem(self.coupon.name))

    def test_throttle_is_five_codes_per_user_in_fifteen_minutes(self):
        """R-42, R-43 (DS 3.6 «в специальном поле указывается купон
        спецобращения»): the wrong codes a user types are counted for that
        user, five in fifteen minutes: four leave the field open, a
        colleague's wrong codes do not lock another user out, and the lock
        holds to the end of the fifteen minutes."""
        colleague = new_test_user(
            self.env,
            login="coupon_colleague",
            groups="base.group_portal",
            partner_id=self.env["res.partner"]
            .create({"name": "Colleague", "parent_id": self.customer.id})
            .id,
        )

        def wrong(user):
            try:
                self.Coupon._support_redeem(
                    "WRNG-CODE-XXXX",
                    {
                        "name": "x",
                        "description": "<p>x</p>",
                        "partner_id": user.partner_id.id,
                    },
                    user,
                )
            except UserError as error:
                return str(error)
            self.fail("a wrong code was accepted")

        for _i in range(4):
            self.assertIn("not valid", wrong(self.portal))
        # four wrong codes: the fifth try is still checked
        self.assertIn("not valid", wrong(self.portal))
        self.assertIn("Too many wrong coupon codes", wrong(self.portal))
        # the colleague's own count is empty
        self.assertIn("not valid", wrong(colleague))
        with freeze_time("2026-06-01 07:14:30"):
            self.assertIn("Too many wrong coupon codes", wrong(self.portal))
        with freeze_time("2026-06-01 07:15:30"):
            self.assertTrue(self.redeem(self.coupon.name))

    def test_rights(self):
        """R-40, R-43: portal users do not read coupons, support users do not
        rewrite their uses, and the redemption ledger is not deleted."""
        with self.assertRaises(AccessError):
            self.coupon.with_user(self.portal).read(["name"])
        with self.assertRaises(AccessError):
            self.coupon.with_user(self.support_user).write({"uses_count": 0})
        ticket = self.redeem(self.coupon.name)
        with self.assertRaises(AccessError):
            self.coupon.redemption_ids.with_user(self.support_manager).unlink()
        self.assertTrue(ticket.exists())

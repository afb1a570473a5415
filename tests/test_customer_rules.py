# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import SupportTicketCase, naive


@tagged("post_install", "-at_install")
@freeze_time("2026-03-02 08:00:00")
class TestOpenTicketLimit(SupportTicketCase):
    """R-30: MQ Basic allows 5 tickets in work; more are queued, not refused."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contact = cls.make_customer("mq_basic", name="Limited LLC")
        cls.contract = cls.contract_of(cls.contact)

    def fill(self, count=5):
        return self.Ticket.create(
            [
                {
                    "name": f"In work {i}",
                    "description": "x",
                    "partner_id": self.contact.id,
                    "team_id": self.team.id,
                }
                for i in range(count)
            ]
        )

    def test_sixth_ticket_is_queued_without_sla(self):
        """R-30 (MQ 1.2, MQ Appendix 1): the sixth open ticket of a Basic customer is
        queued, without an SLA timer, not refused."""
        first = self.fill()
        self.assertFalse(any(first.mapped("support_queued")))
        self.assertEqual(self.contract.in_work_ticket_count, 5)
        sixth = self.make_ticket(self.contact, name="Sixth")
        self.assertTrue(sixth.support_queued)
        self.assertFalse(sixth.support_sla_timer_ids)
        self.assertFalse(sixth.support_sla_state)
        message = self.messages(sixth, "free slot")
        self.assertEqual(len(message), 1)
        self.assertEqual(message.message_type, "comment")
        self.assertIn(
            self.contact.commercial_partner_id,
            message.partner_ids.commercial_partner_id,
        )
        for ticket in first:
            self.assertIn(ticket.number, message.body)
        self.contract.invalidate_recordset(["queued_ticket_count"])
        self.assertEqual(self.contract.queued_ticket_count, 1)

    def test_batch_over_the_limit(self):
        """R-30 (MQ 1.2): tickets created together past the limit are queued in
        order."""
        tickets = self.fill(7)
        self.assertEqual(tickets.mapped("support_queued"), [False] * 5 + [True] * 2)

    def test_exempt_categories_and_confirmed_defects_do_not_count(self):
        """R-30 (MQ 1.2): confirmed bugs, licensing and billing, improvements and
        account management do not count against the limit."""
        self.fill()
        improvement = self.make_ticket(
            self.contact, category_id=self.category("improvement").id
        )
        self.assertFalse(improvement.support_queued)
        self.assertTrue(improvement.support_sla_timer_ids)
        queued = self.make_ticket(self.contact, name="Queued")
        self.assertTrue(queued.support_queued)

    def test_slot_freed_by_closing_or_confirming_a_defect(self):
        """R-30 (MQ 1.2): closing a ticket or confirming a defect frees a slot for the
        oldest queued ticket."""
        first = self.fill()
        queued_a = self.make_ticket(self.contact, name="Queued A")
        queued_b = self.make_ticket(self.contact, name="Queued B")
        with freeze_time("2026-03-02 10:00:00"):
            first[0].stage_id = self.stage_done
        self.assertFalse(queued_a.support_queued, "the oldest queued enters work")
        self.assertTrue(queued_b.support_queued)
        timer = self.response_timer(queued_a)
        self.assertEqual(timer.start_date, naive("2026-03-02 10:00:00"))
        self.assertTrue(self.messages(queued_a, "now in work"))
        with freeze_time("2026-03-02 11:00:00"):
            first[1].with_user(self.support_user).action_support_confirm_defect()
        self.assertFalse(queued_b.support_queued)
        self.assertEqual(
            self.response_timer(queued_b).start_date, naive("2026-03-02 11:00:00")
        )

    def test_larger_limit_lets_queued_tickets_in(self):
        """R-30 (MQ Appendix 1): raising the tier's limit lets queued tickets into
        work."""
        self.fill()
        queued = self.make_ticket(self.contact)
        self.tier("mq_basic").open_ticket_limit = 6
        self.assertFalse(queued.support_queued)
        self.assertTrue(queued.support_sla_timer_ids)

    def test_same_rule_on_the_email_channel(self):
        """R-30 (MQ 1.2): the limit holds on the e-mail channel too."""
        self.fill()
        raw = (
            f"From: {self.contact.email}\r\nTo: support@company.test\r\n"
            "Subject: One more\r\nMessage-Id: <limit-mail-1@customer.test>\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n\r\nHelp.\r\n"
        )
        ticket_id = (
            self.env["mail.thread"]
            .with_company(self.company)
            .message_process(
                "helpdesk.ticket", raw, custom_values={"team_id": self.team.id}
            )
        )
        self.assertTrue(self.Ticket.browse(ticket_id).support_queued)

    def test_unlimited_tier_never_queues(self):
        """R-30 (MQ Appendix 1): an unlimited tier never queues."""
        premium = self.make_customer("mq_premium", name="Unlimited LLC")
        tickets = self.Ticket.create(
            [
                {"name": f"t{i}", "description": "x", "partner_id": premium.id}
                for i in range(12)
            ]
        )
        self.assertFalse(any(tickets.mapped("support_queued")))


@tagged("post_install", "-at_install")
@freeze_time("2026-03-02 08:00:00")
class TestContactsAndKcp(SupportTicketCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contract = cls.make_contract(
            "mq_basic",
            contact_ids=[Command.set((cls.alice | cls.bob).ids)],
            key_contact_id=cls.alice.id,
        )
        cls.contract.action_activate()

    def test_contact_limit(self):
        """R-31 (MQ Appendix 1): a contract registers no more contacts than its tier
        allows."""
        self.contract.contact_ids = [Command.link(self.carol.id)]
        with self.assertRaisesMessage(ValidationError, "allows 3 registered contacts"):
            self.contract.contact_ids = [Command.link(self.dave.id)]
        with self.assertRaisesMessage(ValidationError, "allows 2 registered"):
            self.tier("mq_basic").contact_limit = 2

    def test_account_management_only_from_the_kcp(self):
        """R-33 (MQ 1.4): account-management requests are accepted only from the key
        contact person; anyone else's is closed with the reason."""
        category = self.category("account_management")
        from_bob = self.make_ticket(self.bob, category_id=category.id)
        self.assertTrue(from_bob.stage_id.closed)
        self.assertFalse(from_bob.support_sla_timer_ids)
        note = self.messages(from_bob, "key contact person")
        self.assertEqual(len(note), 1)
        self.assertIn("alice", note.body)
        self.assertIn(self.bob, note.partner_ids)
        from_alice = self.make_ticket(self.alice, category_id=category.id)
        self.assertFalse(from_alice.stage_id.closed)
        # answering the refusal does not reopen it
        bob_user = self.make_user(
            "bob_portal_kcp_rule", "base.group_portal", partner_id=self.bob.id
        )
        from_bob.with_user(bob_user).message_post(
            body="But I need it",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.assertTrue(from_bob.stage_id.closed)
        self.assertFalse(
            self.env["helpdesk.ticket"].search(
                [("support_parent_ticket_id", "=", from_bob.id)]
            )
        )

    def test_portal_access_through_odoo_wizard(self):
        """R-12, R-31 (MQ 1.5): portal access is granted to the registered contacts
        through Odoo's portal wizard."""
        action = self.contract.action_grant_portal_access()
        wizard = self.env["portal.wizard"].browse(action["res_id"])
        self.assertEqual(wizard.user_ids.partner_id, self.alice | self.bob)
        wizard.user_ids.filtered(
            lambda u: u.partner_id == self.alice
        ).action_grant_access()
        user = self.alice.user_ids
        self.assertTrue(user.has_group("base.group_portal"))


@tagged("post_install", "-at_install")
class TestPortalVisibility(SupportTicketCase):
    """R-32: the creator and its teammates; nobody else, the KCP included
    under MQ (MQ 1.6)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        contacts = cls.alice | cls.bob | cls.carol | cls.dave
        cls.contract = cls.make_contract(
            "mq_premium",
            contact_ids=[Command.set(contacts.ids)],
            key_contact_id=cls.dave.id,
        )
        cls.env["helpdesk.support.contact.team"].create(
            [
                {
                    "name": "Ops",
                    "contract_id": cls.contract.id,
                    "member_ids": [Command.set((cls.alice | cls.bob).ids)],
                },
                {
                    "name": "Dev",
                    "contract_id": cls.contract.id,
                    "member_ids": [Command.set(cls.carol.ids)],
                },
            ]
        )
        cls.contract.action_activate()
        cls.stranger = cls.make_customer("mq_premium", name="Other Customer")
        cls.users = {
            partner: cls.make_user(
                f"portal_{partner.name}".replace(" ", "_"),
                "base.group_portal",
                partner_id=partner.id,
            )
            for partner in contacts | cls.stranger
        }
        cls.tickets = {
            partner: cls.env["helpdesk.ticket"].create(
                {
                    "name": f"Ticket of {partner.name}",
                    "description": "x",
                    "partner_id": partner.id,
                    "team_id": cls.team.id,
                }
            )
            for partner in contacts | cls.stranger
        }

    def visible(self, partner):
        return (
            self.env["helpdesk.ticket"]
            .with_user(self.users[partner])
            .search([("id", "in", [t.id for t in self.tickets.values()])])
        )

    def test_creator_and_teammates(self):
        """R-32 (MQ 1.3, 1.6): a ticket is visible to its creator and the creator's
        team."""
        t = self.tickets
        self.assertEqual(self.visible(self.alice), t[self.alice] | t[self.bob])
        self.assertEqual(self.visible(self.bob), t[self.alice] | t[self.bob])
        self.assertEqual(self.visible(self.carol), t[self.carol])

    def test_key_contact_person_outside_the_teams_sees_own_tickets(self):
        """R-32 (sharpened), MQ 1.6: «Направленные через портал поддержки
        обращения пользователей доступны только для них самих и
        пользователей, состоящих с ними в одной команде». Dave, the key
        contact person of this MQ Premium customer, is in neither team: he
        sees his own ticket only (the former rule gave him the whole
        customer)."""
        self.assertEqual(self.visible(self.dave), self.tickets[self.dave])

    def test_other_customer_sees_nothing(self):
        """R-32 (MQ 1.6): another customer neither lists nor reads the tickets."""
        self.assertEqual(self.visible(self.stranger), self.tickets[self.stranger])
        with self.assertRaises(AccessError):
            self.tickets[self.alice].with_user(self.users[self.stranger]).read(["name"])

    def test_team_change_applies_at_once(self):
        """R-32 (MQ 1.5): a change of the contact teams applies to visibility at
        once."""
        ops = self.contract.contact_team_ids.filtered(lambda t: t.name == "Ops")
        ops.member_ids = [Command.unlink(self.bob.id)]
        self.assertEqual(self.visible(self.alice), self.tickets[self.alice])

    def test_expired_contract_keeps_only_own_tickets(self):
        """R-32, R-34 (MQ 1.5): after the contract expires each contact keeps only its
        own tickets."""
        self.contract.action_expire()
        self.assertEqual(self.visible(self.dave), self.tickets[self.dave])
        self.assertEqual(self.visible(self.alice), self.tickets[self.alice])

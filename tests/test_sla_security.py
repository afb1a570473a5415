# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import SupportTicketCase


@tagged("post_install", "-at_install")
@freeze_time("2026-03-02 08:00:00")
class TestSlaSecurity(SupportTicketCase):
    """A helpdesk user sees the timers of the tickets it may see, nothing else."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.own_user = cls.make_user(
            "own_tickets_user", "helpdesk_mgmt.group_helpdesk_user_own"
        )
        cls.team.user_ids = [Command.link(cls.own_user.id)]
        cls.other_team = cls.env["helpdesk.ticket.team"].create(
            {"name": "Other", "company_id": cls.company.id}
        )
        cls.internal = cls.make_user("plain_internal", "base.group_user")
        cls.customer_contact = cls.make_customer("mq_basic")
        cls.portal = cls.make_user(
            "sla_portal", "base.group_portal", partner_id=cls.customer_contact.id
        )

    def test_own_user_sees_timers_of_its_tickets_only(self):
        """R-21, R-32: a user limited to its own tickets sees their timers only."""
        mine = self.make_ticket(self.customer_contact, user_id=self.own_user.id)
        unassigned = self.make_ticket(self.customer_contact, user_id=False)
        others = self.make_ticket(self.customer_contact, user_id=self.support_user.id)
        other_team = self.make_ticket(self.customer_contact, team_id=self.other_team.id)
        visible = self.Timer.with_user(self.own_user).search([])
        self.assertEqual(
            visible, self.response_timer(mine) | self.response_timer(unassigned)
        )
        with self.assertRaises(AccessError):
            self.response_timer(others).with_user(self.own_user).read(["deadline"])
        with self.assertRaises(AccessError):
            self.response_timer(other_team).with_user(self.own_user).read(["deadline"])
        # a full helpdesk user sees them all
        self.assertEqual(
            self.Timer.with_user(self.support_user).search_count([]),
            len(self.Timer.search([("company_id", "=", self.company.id)])),
        )

    def test_no_helpdesk_group_no_timer(self):
        """R-21: without a helpdesk group no timer is readable."""
        self.make_ticket(self.customer_contact)
        for user in (self.internal, self.portal):
            with self.assertRaises(AccessError):
                self.Timer.with_user(user).search([])

    def test_timers_are_read_only_for_users(self):
        """R-21, R-29: timers are history, read-only for users."""
        ticket = self.make_ticket(self.customer_contact)
        with self.assertRaises(AccessError):
            self.response_timer(ticket).with_user(self.support_user).write(
                {"state": "met"}
            )
        with self.assertRaises(AccessError):
            self.response_timer(ticket).with_user(self.support_user).unlink()

    def test_portal_reads_sla_of_its_ticket(self):
        """R-20 (DS 5.4): a portal user reads the SLA of its own ticket."""
        ticket = self.make_ticket(self.customer_contact)
        values = ticket.with_user(self.portal).read(
            ["support_sla_deadline", "support_sla_state"]
        )[0]
        self.assertEqual(values["support_sla_deadline"], ticket.support_sla_deadline)
        self.assertEqual(values["support_sla_state"], "running")

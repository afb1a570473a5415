# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""R-64: the rating request on solve is OCA helpdesk_mgmt_rating's, once."""

import importlib.util
from pathlib import Path

from freezegun import freeze_time

from odoo.tests import tagged

from .common import SupportTicketCase

MIGRATION = (
    Path(__file__).resolve().parent.parent
    / "migrations"
    / "18.0.1.4.0"
    / "post-migrate.py"
)


@tagged("post_install", "-at_install")
class TestRating(SupportTicketCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contact = cls.make_customer("ds_commercial", "licensee", name="Rate JSC")
        cls.template = cls.env.ref(
            "helpdesk_mgmt_support_contract.mail_template_rating_request"
        )

    def new_ticket(self):
        with freeze_time("2026-06-01 07:00:00"):
            return self.make_ticket(self.contact)

    def solve(self, ticket):
        with freeze_time("2026-06-01 08:00:00"):
            ticket.stage_id = self.stage_done

    def requests(self, ticket):
        return self.messages(ticket, "/rate/")

    def test_solved_stage_asks_with_the_addons_template(self):
        """R-64 (DS 6): the solved stage asks for a rating with the addon's template,
        through helpdesk_mgmt_rating."""
        module = self.env["ir.module.module"].search(
            [("name", "=", "helpdesk_mgmt_rating")]
        )
        self.assertEqual(module.state, "installed")
        self.assertEqual(self.stage_done.rating_mail_template_id, self.template)

    def test_one_request_to_the_customer(self):
        """R-64 (DS 6): solving a ticket sends one rating request to the customer."""
        ticket = self.new_ticket()
        self.solve(ticket)
        request = self.requests(ticket)
        self.assertEqual(len(request), 1)
        self.assertIn(self.contact, request.partner_ids)
        rating = self.env["rating.rating"].search(
            [("res_model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id)]
        )
        self.assertEqual(len(rating), 1)
        self.assertEqual(rating.partner_id, self.contact)
        self.assertIn(rating.access_token, request.body)

    def test_the_addon_sends_none_of_its_own(self):
        """R-64 (DS 6): Without helpdesk_mgmt_rating's template on the stage nothing
        asks: no second path could send a second request."""
        self.stage_done.rating_mail_template_id = False
        ticket = self.new_ticket()
        self.solve(ticket)
        self.assertFalse(self.requests(ticket))
        self.assertFalse(ticket.rating_ids)

    def test_ticket_without_rating(self):
        """R-64 (DS 6): a ticket marked without rating is not asked."""
        ticket = self.new_ticket()
        ticket.rating_status = "no_rate"
        self.solve(ticket)
        self.assertFalse(self.requests(ticket))

    def test_other_closing_stage_does_not_ask(self):
        """R-64 (DS 6): only resolution asks; a rejected ticket is not asked for a
        rating."""
        ticket = self.new_ticket()
        ticket.stage_id = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_rejected")
        self.assertFalse(self.requests(ticket))

    def test_migration_keeps_the_stages_that_asked(self):
        """R-64 (DS 6): 18.0.1.4.0: a stage flagged with the former *Ask for a rating*
        gets the addon's template; one with a template keeps it."""
        cr = self.env.cr
        flagged = self.stage_new
        other = self.env["helpdesk.ticket.stage"].create({"name": "Answered"})
        kept = self.env.ref("helpdesk_mgmt_rating.rating_ticket_email_template")
        other.rating_mail_template_id = kept
        self.env.flush_all()
        cr.execute(
            "ALTER TABLE helpdesk_ticket_stage "
            "ADD COLUMN support_rating_request boolean"
        )
        cr.execute(
            "UPDATE helpdesk_ticket_stage SET support_rating_request = true "
            "WHERE id IN %s",
            [(flagged.id, other.id)],
        )
        self.template.partner_to = False
        spec = importlib.util.spec_from_file_location("post_migrate", MIGRATION)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.migrate(cr, "18.0.1.3.0")
        self.assertEqual(flagged.rating_mail_template_id, self.template)
        self.assertEqual(other.rating_mail_template_id, kept)
        self.assertEqual(
            self.template.partner_to, "{{ object._rating_get_partner().id }}"
        )

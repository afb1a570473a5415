# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import SupportTicketCase, naive


@tagged("post_install", "-at_install")
class TestSlaReclassify(SupportTicketCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.licensee = cls.make_customer("ds_commercial", "licensee")

    def new_ticket(self):
        # Mon 2 Mar 2026 11:00 Moscow; licensee standard: 6 hours -> 17:00
        with freeze_time("2026-03-02 08:00:00"):
            return self.make_ticket(self.licensee)

    def reclassify(self, ticket, when, reason="Not an error: a question", **vals):
        with freeze_time(when):
            wizard_form = Form(
                self.env["helpdesk.support.reclassify.wizard"]
                .with_user(self.support_user)
                .with_context(default_ticket_id=ticket.id)
            )
            for name, value in vals.items():
                setattr(wizard_form, name, value)
            wizard_form.reason = reason
            wizard_form.save().action_confirm()

    def test_reclassify_recomputes_from_start(self):
        """R-23 (MQ 1.4, DS 3.8): reclassifying recomputes the deadline from the
        ticket's start."""
        ticket = self.new_ticket()
        timer = self.response_timer(ticket)
        self.assertEqual(timer.deadline, naive("2026-03-02 14:00:00"))
        self.reclassify(
            ticket, "2026-03-02 10:00:00", category_id=self.category("consultation")
        )
        self.assertEqual(ticket.category_id, self.category("consultation"))
        self.assertEqual(ticket.support_sla_level_id, self.level("ds_consultation"))
        # 40 working hours from Mon 11:00; Mon 9 Mar is a day off -> Tue 10 11:00
        self.assertEqual(timer.start_date, naive("2026-03-02 08:00:00"))
        self.assertEqual(timer.deadline, naive("2026-03-10 08:00:00"))
        self.assertEqual(timer.support_sla_level_id, self.level("ds_consultation"))
        note = ticket.message_ids.filtered(lambda m: "reclassified" in (m.body or ""))
        self.assertEqual(len(note), 1)
        self.assertIn("Not an error: a question", note.body)
        self.assertIn("Licensees: standard support", note.body)
        self.assertEqual(note.author_id, self.support_user.partner_id)

    def test_met_timer_keeps_its_history(self):
        """R-23, R-21: a met timer keeps its history when the ticket is reclassified."""
        ticket = self.new_ticket()
        timer = self.response_timer(ticket)
        self.staff_reply(ticket, "2026-03-02 09:00:00")
        self.reclassify(
            ticket,
            "2026-03-02 10:00:00",
            support_sla_level_id=self.level("ds_consultation"),
        )
        self.assertEqual(ticket.support_sla_level_id, self.level("ds_consultation"))
        self.assertEqual(timer.state, "met")
        self.assertEqual(timer.support_sla_level_id, self.level("ds_licensee_standard"))
        self.assertEqual(timer.deadline, naive("2026-03-02 14:00:00"))

    def test_shorter_target_in_the_past_breaches(self):
        """R-23, R-21: a shorter target whose deadline has passed is a breach."""
        ticket = self.new_ticket()
        timer = self.response_timer(ticket)
        self.reclassify(
            ticket,
            "2026-03-02 11:00:00",
            support_sla_level_id=self.level("ds_licensee_vip"),
        )
        # 2 hours from 11:00 were over at 13:00 Moscow
        self.assertEqual(timer.state, "breached")
        self.assertEqual(timer.breached_date, naive("2026-03-02 10:00:00"))

    def test_reason_is_mandatory(self):
        """R-23: every reclassification is tracked with its reason, which is
        mandatory."""
        ticket = self.new_ticket()
        with self.assertRaisesMessage(UserError, "reason"):
            ticket._support_reclassify(
                ticket.category_id, ticket.support_sla_level_id, "  "
            )
        wizard_form = Form(
            self.env["helpdesk.support.reclassify.wizard"].with_context(
                default_ticket_id=ticket.id
            )
        )
        with self.assertRaises(AssertionError):
            wizard_form.save()

    def test_move_to_development_starts_a_development_timer(self):
        """R-23, R-24 (DS 3.9): moving to development starts a 24-working-day
        development timer."""
        ticket = self.new_ticket()
        with freeze_time("2026-04-27 09:00:00"):  # Mon 27 Apr 12:00 Moscow
            ticket._support_reclassify(
                ticket.category_id,
                self.level("ds_development"),
                "Needs a change in the program",
            )
        development = ticket.support_sla_timer_ids.filtered(
            lambda t: t.kind == "development"
        )
        self.assertEqual(development.start_date, naive("2026-04-27 09:00:00"))
        self.assertEqual(development.target_value, 24)
        # 24 working days, May holidays and shortened days skipped
        self.assertEqual(development.deadline, naive("2026-06-02 09:00:00"))
        self.assertEqual(self.response_timer(ticket).state, "running")

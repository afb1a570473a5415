# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time

from odoo.tests import tagged

from .common import SupportTicketCase, set_create_date


@tagged("post_install", "-at_install")
class TestSlaReport(SupportTicketCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contact = cls.make_customer("ds_vip", "licensee", name="Report Customer")
        cls.contract = cls.contract_of(cls.contact)

    def test_monthly_report_and_compliance(self):
        """R-29: the monthly report counts met and breached timers per tier, team and
        customer and gives the compliance."""
        with freeze_time("2026-06-01 07:00:00"):
            met = self.make_ticket(self.contact, name="Answered in time")
            late = self.make_ticket(self.contact, name="Answered late")
        set_create_date(met | late, "2026-06-01 07:00:00")
        self.staff_reply(met, "2026-06-01 08:00:00")
        with freeze_time("2026-06-01 10:00:00"):
            self.Timer._cron_update_states()
        with freeze_time("2026-07-01 07:00:00"):
            later = self.make_ticket(self.contact, name="Next month")
        set_create_date(later, "2026-07-01 07:00:00")
        wizard = self.sla_report(self.contract)
        self.assertEqual(wizard._get_tickets(), met | late)
        summary = wizard._get_summary(wizard._get_tickets())
        self.assertEqual(
            (summary["met"], summary["breached"], summary["compliance"]),
            (1, 1, 50.0),
        )
        action = wizard.action_print()
        self.assertEqual(
            action["report_name"], "helpdesk_mgmt_support_contract.report_support_sla"
        )
        html = self.sla_report_html(wizard)
        self.assertIn(met.number, html)
        self.assertIn(late.number, html)
        self.assertNotIn("Next month", html)
        self.assertIn("Breached", html)
        self.assertIn("50.0", html)
        # pivot measure: average compliance per tier
        groups = self.Timer._read_group(
            [
                ("contract_id", "=", self.contract.id),
                ("state", "in", ("met", "breached")),
            ],
            ["tier_id"],
            ["compliance:avg"],
        )
        self.assertEqual(groups, [(self.tier("ds_vip"), 50.0)])

    def test_compliance_pivot_counts_the_period(self):
        """R-29: "SLA compliance per tier / team / customer / month". The
        compliance pivot opens on this year's counted timers (met or
        breached, by their start): a timer counts from its start once it is
        met or breached, a running one not yet; the action's default filters
        name the period, so the pivot reads the period and not the years of
        history (R-29)."""
        with freeze_time("2026-06-01 07:00:00"):
            met = self.make_ticket(self.contact, name="Answered in time")
            late = self.make_ticket(self.contact, name="Answered late")
        set_create_date(met | late, "2026-06-01 07:00:00")
        with freeze_time("2026-06-01 09:59:00"):
            running = self.make_ticket(self.contact, name="Still open")
        set_create_date(running, "2026-06-01 09:59:00")
        timers = (met | late | running).support_sla_timer_ids
        self.assertFalse(any(timers.mapped("compliance_date")))
        self.staff_reply(met, "2026-06-01 08:00:00")
        with freeze_time("2026-06-01 10:00:00"):
            self.Timer._cron_update_states()
        by_ticket = {
            timer.ticket_id: (timer.state, timer.compliance_date)
            for timer in timers.filtered(lambda t: t.kind == "response")
        }
        self.assertEqual(by_ticket[met][0], "met")
        self.assertEqual(by_ticket[late][0], "breached")
        self.assertEqual(by_ticket[running], ("running", False))
        for ticket in (met, late):
            self.assertEqual(
                by_ticket[ticket][1], ticket.support_sla_timer_ids[0].start_date
            )
        action = self.env.ref(
            "helpdesk_mgmt_support_contract.helpdesk_support_sla_timer_action"
        )
        self.assertIn("'search_default_filter_compliance_date': 1", action.context)
        search = self.env.ref(
            "helpdesk_mgmt_support_contract.helpdesk_support_sla_timer_view_search"
        )
        self.assertIn('date="compliance_date"', search.arch_db)
        self.assertIn('default_period="year"', search.arch_db)
        groups = self.Timer.with_user(self.support_user)._read_group(
            [
                ("contract_id", "=", self.contract.id),
                ("compliance_date", ">=", "2026-01-01"),
                ("compliance_date", "<", "2027-01-01"),
            ],
            ["tier_id"],
            ["__count", "compliance:avg"],
        )
        self.assertEqual(groups, [(self.tier("ds_vip"), 2, 50.0)])

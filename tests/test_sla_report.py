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
        cls.contract = cls.env["helpdesk.support.contract"].search(
            [("partner_id", "=", cls.contact.commercial_partner_id.id)]
        )

    def test_monthly_report_and_compliance(self):
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
        wizard = (
            self.env["helpdesk.support.sla.report.wizard"]
            .with_user(self.support_user)
            .create(
                {
                    "contract_id": self.contract.id,
                    "date_from": "2026-06-01",
                    "date_to": "2026-06-30",
                }
            )
        )
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
        html, _type = (
            self.env["ir.actions.report"]
            .with_user(self.support_user)
            ._render_qweb_html(
                "helpdesk_mgmt_support_contract.report_support_sla", wizard.ids
            )
        )
        html = html.decode()
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

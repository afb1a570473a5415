# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""R-29: the SLA report wizard renders only contracts the user may
read in their companies (multi-company record rule).

Each test is one attack of a support user of company A on a contract of
company B, through JSON-RPC and the report URL, as the web client does.
Records are dated 2020-2099, so the tests do not depend on today's date.
"""

import json

from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import SecurityHttpCase, call_kw

REPORT = "helpdesk_mgmt_support_contract.report_support_sla"
WIZARD = "helpdesk.support.sla.report.wizard"


@tagged("post_install", "-at_install")
class TestSecurityReport(SecurityHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Preset = cls.env["helpdesk.support.preset.wizard"]
        # company A is the test company, both presets loaded
        cls.company_a = cls.company
        cls.company_b = cls.env["res.company"].create({"name": "Report Company B"})
        Preset._load_preset("mq", cls.company_b.id)
        cls.user_a = cls.make_user("sec_report_user_a")
        cls.contract_a = cls._contract(cls.company_a, "Own Customer")
        cls.contract_b = cls._contract(cls.company_b, "Secret Customer of B")
        team_b = cls.env["helpdesk.ticket.team"].create(
            {"name": "Support B", "company_id": cls.company_b.id}
        )
        cls.ticket_b = cls.env["helpdesk.ticket"].create(
            {
                "name": "Confidential merger question",
                "description": "x",
                "partner_id": cls.contract_b.partner_id.child_ids.id,
                "team_id": team_b.id,
                "company_id": cls.company_b.id,
            }
        )

    @classmethod
    def _contract(cls, company, name):
        customer = cls.env["res.partner"].create({"name": name, "is_company": True})
        cls.env["res.partner"].create(
            {"name": f"Contact of {name}", "parent_id": customer.id}
        )
        tier = cls.env["helpdesk.support.tier"].search(
            [("company_id", "=", company.id), ("code", "=", "mq_basic")]
        )
        contract = cls.env["helpdesk.support.contract"].create(
            {
                "partner_id": customer.id,
                "company_id": company.id,
                "tier_id": tier.id,
                "date_start": "2020-01-01",
                "date_end": "2099-12-31",
            }
        )
        contract.action_activate()
        return contract

    def setUp(self):
        super().setUp()
        self.authenticate("sec_report_user_a", "sec_report_user_a")

    def wizards(self):
        return self.env[WIZARD].search([])

    def test_create_report_on_other_company_contract(self):
        """R-29 (SLA compliance per tier / team / customer / month, each
        company its own): a user of company A creates the SLA report wizard on
        a contract of company B, to print B's customer and ticket titles."""
        before = self.wizards()
        response = call_kw(
            self,
            WIZARD,
            "create",
            {
                "contract_id": self.contract_b.id,
                "date_from": "2020-01-01",
                "date_to": "2099-12-31",
            },
        )
        self.assertIn("error", response)
        self.assertEqual(
            response["error"]["data"]["name"], "odoo.exceptions.AccessError"
        )
        self.assertNotIn("Secret Customer of B", json.dumps(response))
        self.assertEqual(self.wizards(), before, "no wizard is created")

    def test_switch_report_to_other_company_contract(self):
        """R-29 (SLA compliance per tier / team / customer / month, each
        company its own): the user creates the wizard on an own contract, then
        points it at company B's contract before printing."""
        response = call_kw(
            self,
            WIZARD,
            "create",
            {
                "contract_id": self.contract_a.id,
                "date_from": "2020-01-01",
                "date_to": "2099-12-31",
            },
        )
        wizard = self.env[WIZARD].browse(response["result"])
        response = call_kw(
            self, WIZARD, "write", wizard.ids, {"contract_id": self.contract_b.id}
        )
        self.assertIn("error", response)
        self.assertEqual(
            response["error"]["data"]["name"], "odoo.exceptions.AccessError"
        )
        self.env.invalidate_all()
        self.assertEqual(wizard.contract_id, self.contract_a)
        # and the report URL of the wizard prints the own contract only
        with mute_logger("odoo.http", "odoo.addons.base.models.ir_actions_report"):
            page = self.url_open(f"/report/html/{REPORT}/{wizard.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Own Customer", page.text)
        self.assertNotIn("Secret Customer of B", page.text)
        self.assertNotIn("Confidential merger question", page.text)

    def test_report_url_on_other_company_contract(self):
        """R-29 (SLA compliance per tier / team / customer / month, each
        company its own): the user prints, through the report URL, an own
        wizard that points at company B's contract (made while the user still
        worked for B): no PDF, nothing of B in the answer."""
        # the contract of B is written in SQL, as the ORM now refuses it
        wizard = (
            self.env[WIZARD]
            .with_user(self.user_a)
            .create(
                {
                    "contract_id": self.contract_a.id,
                    "date_from": "2020-01-01",
                    "date_to": "2099-12-31",
                }
            )
        )
        self.env.cr.execute(
            f"UPDATE {wizard._table} SET contract_id = %s WHERE id = %s",
            (self.contract_b.id, wizard.id),
        )
        self.env.invalidate_all()
        for converter in ("pdf", "html"):
            with mute_logger("odoo.http"):
                page = self.url_open(f"/report/{converter}/{REPORT}/{wizard.id}")
            self.assertNotEqual(page.status_code, 200, converter)
            self.assertNotIn(b"Secret Customer of B", page.content)
            self.assertNotIn(b"Confidential merger question", page.content)

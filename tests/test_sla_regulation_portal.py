# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""R-38, R-39, R-20 through the entry points customers and staff use: the
portal form and ticket page as a portal user, JSON-RPC ``call_kw`` as a
support user. Both presets are loaded in the company, as the demo ships;
contracts run from 2020 to 2099 so the tests do not depend on today."""

from odoo import Command
from odoo.tests import new_test_user, tagged

from .common import SupportHttpCase, call_kw


@tagged("post_install", "-at_install")
class TestSlaRegulationPortal(SupportHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.company
        # the form offers the categories (helpdesk_mgmt setting)
        company.helpdesk_mgmt_portal_select_category = True
        cls.support_user = new_test_user(
            cls.env,
            login="levels_support",
            groups="helpdesk_mgmt_support_contract.group_support_user",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )
        cls.contacts = {
            code: cls.make_portal_customer("Levels", code, tier_code, sender_code)
            for code, tier_code, sender_code in (
                ("licensee", "ds_commercial", "licensee"),
                ("premium", "mq_premium_plus", None),
            )
        }

    def portal_ticket(self, subject):
        return self.env["helpdesk.ticket"].search([("name", "=", subject)])

    def test_portal_form_declares_criticality(self):
        """MQ 1.4 «клиент может самостоятельно обосновано определить ошибку как
        критическую, указав это в запросе»; DS 3.3 «Лицензиаты – Организаторы Систем
        ЭДО: Оперативная поддержка ... 4 рабочих часа», DS 3.4 «Стандартная поддержка
        ... 6 рабочих часов». The form's box declares it; any other value (or a forged
        priority) does not."""
        self.authenticate("levels_licensee", "levels_licensee")
        page = self.url_open("/new/ticket")
        self.assertIn('name="support_critical"', page.text)
        errors = self.by_code("helpdesk.ticket.category", "errors")
        cases = [
            ("Server down", {"support_critical": "1"}, "3", "ds_licensee_operational"),
            ("Slow report", {}, "1", "ds_licensee_standard"),
            ("Forged priority", {"priority": "3"}, "1", "ds_licensee_standard"),
            (
                "Hostile box",
                {"support_critical": "1' OR 1=1"},
                "1",
                "ds_licensee_standard",
            ),
            ("Box on", {"support_critical": "on"}, "1", "ds_licensee_standard"),
        ]
        for subject, extra, priority, level_code in cases:
            with self.subTest(subject=subject):
                response = self.submit_ticket(
                    subject=subject,
                    description="It fails",
                    category=str(errors.id),
                    **extra,
                )
                self.assertEqual(response.status_code, 200)
                ticket = self.portal_ticket(subject)
                self.assertEqual(len(ticket), 1)
                self.assertEqual(ticket.partner_id, self.contacts["licensee"])
                self.assertEqual(ticket.priority, priority)
                self.assertEqual(ticket.support_sla_level_id.code, level_code)

    def test_category_change_over_rpc_is_a_reclassification(self):
        """R-23 / MQ 1.2 «СТП вправе переклассифицировать обращение после
        проверки»: a support user's ``write`` of the category over JSON-RPC
        is refused and changes nothing; the Reclassify wizard, with a reason,
        re-selects the level (DS 3.8: 40 working hours) and notes it."""
        ticket = (
            self.env["helpdesk.ticket"]
            .with_user(self.support_user)
            .create(
                {
                    "name": "Under SLA",
                    "description": "<p>x</p>",
                    "partner_id": self.contacts["licensee"].id,
                    "category_id": self.by_code(
                        "helpdesk.ticket.category", "errors"
                    ).id,
                }
            )
        )
        self.assertEqual(ticket.support_sla_level_id.code, "ds_licensee_standard")
        consultation = self.by_code("helpdesk.ticket.category", "consultation")
        self.authenticate("levels_support", "levels_support")
        for hostile in (
            {},
            {"support_reclassify": True},
            {"support_priority_reason": "x"},
        ):
            with self.subTest(context=hostile):
                response = call_kw(
                    self,
                    "helpdesk.ticket",
                    "write",
                    [ticket.id],
                    {"category_id": consultation.id},
                    context=hostile,
                )
                self.assertIn("error", response)
                self.assertIn("Reclassify", response["error"]["data"]["message"])
                ticket.invalidate_recordset()
                self.assertEqual(ticket.category_id.code, "errors")
                self.assertEqual(
                    ticket.support_sla_level_id.code, "ds_licensee_standard"
                )
        # the wizard is the way, over RPC too
        created = call_kw(
            self,
            "helpdesk.support.reclassify.wizard",
            "create",
            {
                "ticket_id": ticket.id,
                "category_id": consultation.id,
                "reason": "A general question",
            },
        )
        self.assertNotIn("error", created)
        done = call_kw(
            self,
            "helpdesk.support.reclassify.wizard",
            "action_confirm",
            [created["result"]],
        )
        self.assertNotIn("error", done)
        ticket.invalidate_recordset()
        self.assertEqual(ticket.category_id, consultation)
        self.assertEqual(ticket.support_sla_level_id.code, "ds_consultation")
        note = ticket.message_ids.filtered(lambda m: "A general question" in m.body)
        self.assertEqual(note.author_id, self.support_user.partner_id)

    def test_priority_change_over_rpc_reselects(self):
        """R-38 (DS 3.3 / 3.4): a priority change by RPC re-selects the level
        and is noted with its author."""
        ticket = (
            self.env["helpdesk.ticket"]
            .with_user(self.support_user)
            .create(
                {
                    "name": "Priority by RPC",
                    "description": "<p>x</p>",
                    "partner_id": self.contacts["licensee"].id,
                }
            )
        )
        self.authenticate("levels_support", "levels_support")
        response = call_kw(
            self, "helpdesk.ticket", "write", [ticket.id], {"priority": "3"}
        )
        self.assertNotIn("error", response)
        ticket.invalidate_recordset()
        self.assertEqual(ticket.support_sla_level_id.code, "ds_licensee_operational")
        note = ticket.message_ids.filtered(lambda m: "Priority changed" in m.body)
        self.assertEqual(note.author_id, self.support_user.partner_id)

    def test_portal_page_shows_no_sla(self):
        """MQ 1.4 «На обращения данной категории не распространяется
        установленный пакетом поддержки SLA»: the customer's ticket page and
        list say «No SLA», and no deadline."""
        billing = self.by_code("helpdesk.ticket.category", "licensing_billing")
        self.authenticate("levels_premium", "levels_premium")
        self.submit_ticket(
            subject="Invoice please", description="For 2027", category=str(billing.id)
        )
        ticket = self.portal_ticket("Invoice please")
        self.assertEqual(ticket.partner_id, self.contacts["premium"])
        self.assertFalse(ticket.support_sla_timer_ids)
        page = self.url_open(f"/my/ticket/{ticket.id}")
        self.assertIn('id="support_no_sla"', page.text)
        self.assertIn("No SLA", page.text)
        self.assertNotIn('id="support_sla_deadline"', page.text)
        listing = self.url_open("/my/tickets")
        self.assertIn("support_no_sla", listing.text)

# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Workflow without noise (R-23, R-26, R-29, R-30): the reclassification
offers the categories of the ticket's own regulation, its note lists what
changed, and the monthly report names a queued ticket as queued. Both presets
are loaded in one company."""

from freezegun import freeze_time

from odoo.tests import Form, tagged

from .common import SupportTicketCase, set_create_date

ADDON = "helpdesk_mgmt_support_contract"


@tagged("post_install", "-at_install")
class TestWorkflowNoise(SupportTicketCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.licensee = cls.make_customer("ds_commercial", "licensee")
        cls.mq_contact = cls.make_customer("mq_basic", name="Mq Basic LLC")

    def regulation(self, code):
        return self.by_code("helpdesk.support.regulation", code)

    def wizard_form(self, ticket):
        return Form(
            self.env["helpdesk.support.reclassify.wizard"]
            .with_user(self.support_user)
            .with_context(default_ticket_id=ticket.id)
        )

    def offered(self, form):
        """The categories the wizard's form offers (its field's domain)."""
        Category = self.env["helpdesk.ticket.category"]
        return Category.browse([record.id for record in form.support_category_ids])

    def test_wizard_offers_the_ticket_regulation_categories(self):
        """DS 3.8 «обращение с другим SLA может быть переведено на данный
        уровень технической поддержки сотрудниками технической поддержки»,
        MQ 1.2 «СТП вправе переклассифицировать обращение после проверки»
        among MQ 1.4 «Категории обращений»: a DS ticket is reclassified among the DS
        categories, an MQ ticket among the MQ ones, never the other
        regulation's nor unrelated ones (R-23, R-26)."""
        unrelated = self.env["helpdesk.ticket.category"].create(
            {"name": "Unrelated", "company_id": self.company.id}
        )
        ds = self.regulation("ds")
        mq = self.regulation("mq")
        ds_only = self.env["helpdesk.ticket.category"].search(
            [
                ("support_regulation_ids", "in", ds.ids),
                ("support_regulation_ids", "not in", mq.ids),
            ]
        )
        mq_only = self.env["helpdesk.ticket.category"].search(
            [
                ("support_regulation_ids", "in", mq.ids),
                ("support_regulation_ids", "not in", ds.ids),
            ]
        )
        self.assertTrue(ds_only and mq_only)
        with freeze_time("2026-03-02 08:00:00"):
            ds_ticket = self.make_ticket(self.licensee)
            mq_ticket = self.make_ticket(self.mq_contact)
        form = self.wizard_form(ds_ticket)
        offered = self.offered(form)
        self.assertEqual(form.support_regulation_id, ds)
        self.assertLessEqual(ds_only, offered)
        self.assertFalse(offered & mq_only, "MQ's categories on a DS ticket")
        self.assertNotIn(unrelated, offered)
        form.category_id = self.category("consultation")
        form.reason = "A question, not an error"
        form.save().action_confirm()
        self.assertEqual(ds_ticket.category_id, self.category("consultation"))
        form = self.wizard_form(mq_ticket)
        self.assertEqual(form.support_regulation_id, mq)
        self.assertLessEqual(mq_only, self.offered(form))
        self.assertFalse(self.offered(form) & ds_only)

    def test_priority_click_notes_only_what_changed(self):
        """MQ 1.4 (staff may revoke or confirm criticality) and DS 3.3
        «Оперативная поддержка … критическая ошибка»: a click on the
        priority stars that keeps category and level posts no note at all;
        one that changes the level lists the level only — never «Category:
        Производительность → Производительность» (R-23, R-38)."""
        with freeze_time("2026-03-02 08:00:00"):
            ticket = self.make_ticket(
                self.licensee, category_id=self.category("performance").id
            )
        level = ticket.support_sla_level_id
        before = ticket.message_ids
        with freeze_time("2026-03-02 08:10:00"):
            ticket.with_user(self.support_user).priority = "2"
        self.assertEqual(ticket.support_sla_level_id, level)
        self.assertFalse(ticket.message_ids - before, "nothing of the SLA changed")
        with freeze_time("2026-03-02 08:20:00"):
            ticket.with_user(self.support_user).priority = "3"
        self.assertNotEqual(ticket.support_sla_level_id, level)
        note = ticket.message_ids - before
        self.assertEqual(len(note), 1)
        self.assertIn("Ticket reclassified", note.body)
        self.assertIn("SLA level:", note.body)
        self.assertNotIn("Category:", note.body)

    def test_wizard_without_change_records_the_decision(self):
        """R-23 (MQ 1.2, reclassification tracked with who, when and why): staff who
        keep the classification through the wizard leave their reason, and
        no line claims a change."""
        with freeze_time("2026-03-02 08:00:00"):
            ticket = self.make_ticket(self.licensee)
        before = ticket.message_ids
        with freeze_time("2026-03-02 09:00:00"):
            form = self.wizard_form(ticket)
            form.reason = "Checked: it is an error indeed"
            form.save().action_confirm()
        note = ticket.message_ids - before
        self.assertEqual(len(note), 1)
        self.assertIn("Checked: it is an error indeed", note.body)
        self.assertNotIn("→", note.body)

    def test_report_names_queued_tickets(self):
        """MQ Appendix 1 «Количество одновременно открытых обращений» (Basic:
        5), R-30: a ticket beyond the limit waits for a slot; the monthly SLA
        report says «В очереди», not «Без SLA» (R-29)."""
        self.env["res.lang"]._activate_lang("ru_RU")
        self.env["ir.module.module"]._load_module_terms([ADDON], ["ru_RU"])
        with freeze_time("2026-06-01 07:00:00"):
            tickets = self.Ticket.create(
                [
                    {
                        "name": f"Mq ticket {index}",
                        "description": "x",
                        "partner_id": self.mq_contact.id,
                        "team_id": self.team.id,
                    }
                    for index in range(6)
                ]
            )
        set_create_date(tickets, "2026-06-01 07:00:00")
        queued = tickets.filtered("support_queued")
        self.assertEqual(len(queued), 1)
        self.assertFalse(queued.support_sla_timer_ids)
        wizard = self.sla_report(tickets.support_contract_id)
        html, _type = (
            self.env["ir.actions.report"]
            .with_user(self.support_user)
            .with_context(lang="ru_RU")
            ._render_qweb_html(f"{ADDON}.report_support_sla", wizard.ids)
        )
        html = html.decode()
        self.assertIn("В очереди", html)
        self.assertNotIn("Без SLA", html)

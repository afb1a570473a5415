# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""R-26 (DS 3.8, MQ 1.4): the scope guidance of the ticket's category for
staff on the ticket form, and in short for the customer on the portal form.

Both presets are loaded in one company, as the demo ships.
"""

from odoo.tests import tagged

from .common import SupportHttpCase, call_kw

SUPPORT_USER = "helpdesk_mgmt_support_contract.group_support_user"


@tagged("post_install", "-at_install")
class TestCategoryGuidance(SupportHttpCase):
    """DS 4.4 «Ошибки Программы»: «В рамках технической поддержки решаются
    вопросы: ошибки, возникающие в процессе эксплуатации. Сбой в работе и
    восстановление работы Программы…» / «В рамках технической поддержки НЕ
    решаются вопросы: ошибки установки продукта…». MQ 1.4 «Лицензирование и
    выставление счетов»: «На обращения данной категории не распространяется
    установленный пакетом поддержки SLA.»; «Ошибки (баги)»: «клиент может
    самостоятельно обосновано определить ошибку как критическую, указав это
    в запросе».
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.helpdesk_mgmt_portal_select_category = True

        def category(code):
            return cls.env["helpdesk.ticket.category"].search(
                [("code", "=", code), ("company_id", "=", cls.company.id)]
            )

        cls.errors = category("errors")
        cls.licensing = category("licensing_billing")
        cls.bug = category("bug")
        org = cls.env["res.partner"].create(
            {"name": "Guidance LLC", "is_company": True}
        )
        contact = cls.env["res.partner"].create(
            {"name": "guidance_contact", "parent_id": org.id, "email": "g@g.test"}
        )
        cls.make_user(
            "guidance_contact",
            "base.group_portal",
            partner_id=contact.id,
            email=contact.email,
        )
        cls.make_user("guidance_staff", SUPPORT_USER)
        cls.ticket = cls.env["helpdesk.ticket"].create(
            {
                "name": "Guidance ticket",
                "description": "x",
                "partner_id": contact.id,
                "category_id": cls.errors.id,
            }
        )

    def test_presets_give_every_category_its_guidance(self):
        """R-26 (DS 4, MQ 1.4): the presets give every category its in-scope and
        out-of-scope guidance."""
        categories = self.env["helpdesk.ticket.category"].search(
            [("company_id", "=", self.company.id), ("code", "!=", False)]
        )
        self.assertGreaterEqual(len(categories), 11)
        for category in categories:
            self.assertTrue(category.support_scope_guidance, category.code)
            self.assertTrue(category.support_scope_summary, category.code)
        self.assertIn("4.4", self.errors.support_scope_guidance)
        self.assertIn("SLA does not apply", self.licensing.support_scope_summary)
        self.assertIn("critical", self.bug.support_scope_summary)

    def test_staff_ticket_form(self):
        """R-26 (DS 4, MQ 1.4): The form and the ticket's data as a support user over
        JSON-RPC."""
        self.authenticate("guidance_staff", "guidance_staff")
        context = {"allowed_company_ids": self.company.ids}
        views = call_kw(
            self,
            "helpdesk.ticket",
            "get_views",
            [[False, "form"]],
            context=context,
        )["result"]
        arch = views["views"]["form"]["arch"]
        self.assertIn('name="support_scope_guidance"', arch)
        data = call_kw(
            self,
            "helpdesk.ticket",
            "web_read",
            self.ticket.ids,
            specification={"support_scope_guidance": {}},
            context=context,
        )["result"]
        self.assertIn("In scope (DS 4.4)", data[0]["support_scope_guidance"])

    def test_portal_form_shows_the_chosen_category_in_short(self):
        """R-26 (DS 4, MQ 1.4): the portal form shows the chosen category's guidance in
        short."""
        self.authenticate("guidance_contact", "guidance_contact")
        page = self.url_open("/new/ticket").text
        self.assertIn('id="support_category_guidance"', page)
        for category in (self.errors, self.licensing, self.bug):
            self.assertIn(f'data-category-id="{category.id}"', page)
            self.assertIn(category.support_scope_summary, page)
        # nothing chosen yet: every text hidden until the customer picks one
        self.assertIn("text-muted mt-1 d-none", page)
        self.assertNotIn('text-muted mt-1" data-category-id', page)
        # the form comes back (an error) with the category picked: its text shown
        response = self.submit_ticket(
            category=self.licensing.id, subject="", description="x"
        )
        self.assertIn(
            'class="support_category_guidance form-text text-muted mt-1"'
            f' data-category-id="{self.licensing.id}"',
            response.text,
        )

    def test_portal_guidance_is_text_not_markup(self):
        """R-26 (DS 4.4): Hostile: markup in a summary reaches the customer escaped."""
        self.errors.support_scope_summary = "<script>alert('x')</script>"
        self.authenticate("guidance_contact", "guidance_contact")
        page = self.url_open("/new/ticket").text
        self.assertNotIn("<script>alert('x')</script>", page)
        self.assertIn("&lt;script&gt;", page)

# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The portal in Russian, at desktop (1280 px) and phone (390 px) sizes, in
headless Chromium: no table wider than its container (the tours fail on
it), the overdue card with its count, the estimate's breadcrumb back to its
ticket (R-35, R-21, R-37, MQ 2). Both presets are loaded in one company."""

from datetime import timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.tests import new_test_user, tagged

from .common import SupportHttpCase

PORTAL_MODULES = ["web", "portal", "helpdesk_mgmt", "helpdesk_mgmt_support_contract"]


@tagged("post_install", "-at_install")
class TestPortalLayoutDesktop(SupportHttpCase):
    """MQ 1.3 «Портал поддержки является основным средством коммуникации
    пользователей со Службой технической поддержки»; R-35 (MQ 1.3): the portal
    shows the customer's overdue tickets."""

    browser_size = "1280x800"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("ru_RU")
        cls.env["ir.module.module"]._load_module_terms(PORTAL_MODULES, ["ru_RU"])
        company = cls.company
        organisation = cls.env["res.partner"].create(
            {"name": "ООО «Раскладка»", "is_company": True, "lang": "ru_RU"}
        )
        cls.contact = cls.env["res.partner"].create(
            {
                "name": "Ирина Раскладкина",
                "parent_id": organisation.id,
                "email": "irina@layout.test",
                "lang": "ru_RU",
            }
        )
        contract = cls.env["helpdesk.support.contract"].create(
            {
                "partner_id": organisation.id,
                "tier_id": cls.by_code("helpdesk.support.tier", "mq_premium").id,
                "date_start": "2020-01-01",
                "date_end": "2099-12-31",
                "contact_ids": [Command.set(cls.contact.ids)],
                "key_contact_id": cls.contact.id,
            }
        )
        contract.action_activate()
        new_test_user(
            cls.env,
            login="layout_ru",
            groups="base.group_portal",
            partner_id=cls.contact.id,
            lang="ru_RU",
            company_ids=[Command.set(company.ids)],
        )
        Ticket = cls.env["helpdesk.ticket"]
        values = [
            {
                "name": f"Длинная тема обращения номер {index}: отчёт не строится",
                "description": "x",
                "partner_id": cls.contact.id,
            }
            for index in range(3)
        ]
        # one ticket past its guaranteed response time: sent three
        # hours ago on Premium (2 hours round the clock), its breach recorded
        # by the clock's scheduled action
        with freeze_time(fields.Datetime.now() - timedelta(hours=3)):
            cls.overdue = Ticket.create(values[0])
        cls.tickets = cls.overdue | Ticket.create(values[1:])
        cls.env["helpdesk.support.sla.timer"]._cron_update_states()
        # one answered on the substance: its response is met
        cls.answered = cls.tickets[1]
        cls.answered._support_post_answer("<p>Отчёт строится после обновления.</p>")
        ps_category = cls.by_code("helpdesk.ticket.category", "professional_service")
        cls.ps_ticket = Ticket.create(
            {
                "name": "Настройка интеграции",
                "description": "x",
                "partner_id": cls.contact.id,
                "category_id": ps_category.id,
            }
        )
        cls.estimate = cls.env["helpdesk.support.estimate"].create(
            {
                "ticket_id": cls.ps_ticket.id,
                "hours": 6,
                "date_start": fields.Date.today() + timedelta(days=10),
                "state": "sent",
            }
        )
        cls.certificate = cls.current_certificate(organisation, 50)
        cls.ps_specialist("Специалист")
        Booking = cls.env["helpdesk.support.booking"]
        month = Booking._support_bookable_months(cls.certificate)[0]
        Booking._support_book(cls.certificate, month, 4, cls.contact)

    def test_ticket_list_fits(self):
        """R-35 (MQ 1.3): The ticket list at this size: no column pushed out of sight;
        the overdue filter lists the overdue ticket only."""
        self.start_tour(
            "/my/tickets", "support_portal_layout_tickets", login="layout_ru"
        )

    def test_home_overdue_card(self):
        """R-35: the home card counts the overdue tickets, carries no
        «+ Новый» button and opens the overdue list."""
        self.start_tour("/my", "support_portal_layout_home", login="layout_ru")

    def test_certificates_fit(self):
        """MQ 2.4 «с действующим сертификатом профессионального сервиса»:
        the card of the
        certificate and its bookings fit the screen."""
        self.start_tour(
            "/my/support/certificates",
            "support_portal_layout_certificates",
            login="layout_ru",
        )

    def test_estimate_breadcrumb(self):
        """MQ 2.3 «специалист поддержки информирует клиента … требуемом
        количестве рабочего времени … и дате начала работы»: the estimate
        page leads back to its ticket."""
        self.authenticate("layout_ru", "layout_ru")
        page = self.url_open(f"/my/support/estimate/{self.estimate.id}").text
        self.assertIn('id="support_breadcrumb_ticket"', page)
        self.assertIn(f'href="/my/ticket/{self.ps_ticket.id}"', page)
        self.assertIn(self.ps_ticket.number, page)

    def test_overdue_filter(self):
        """R-35: the overdue list shows the overdue tickets only."""
        self.authenticate("layout_ru", "layout_ru")
        page = self.url_open("/my/tickets?filterby=overdue").text
        self.assertIn(self.overdue.name, page)
        self.assertNotIn(self.tickets[2].name, page)

    def test_no_response_deadline_after_the_answer(self):
        """MQ glossary «Гарантированное время ответа — это срок, в который
        будет предоставлен исчерпывающий ответ … по существу задаваемого
        вопроса» (R-37): once answered, the page no longer says «Срок
        ответа»; an unanswered ticket still does."""
        self.authenticate("layout_ru", "layout_ru")
        page = self.url_open(f"/my/ticket/{self.answered.id}").text
        self.assertNotIn("Срок ответа", page)
        self.assertNotIn('id="support_sla_deadline"', page)
        page = self.url_open(f"/my/ticket/{self.tickets[2].id}").text
        self.assertIn("Срок ответа", page)


@tagged("post_install", "-at_install")
class TestPortalLayoutPhone(TestPortalLayoutDesktop):
    """The same pages on a phone (390 × 844, touch)."""

    browser_size = "390x844"
    touch_enabled = True

# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A Russian company and its customers see a Russian helpdesk: the
regulations (DS, MQ) are Russian and so are the screens they name.

The screens are read as a Russian portal contact (HTTP) and as Russian staff
(views and menus); any English term of helpdesk_mgmt, helpdesk_mgmt_timesheet
or this addon found on them is a failure. Record data (ticket titles,
names) is Cyrillic in the fixtures, so any English text left is a term.
"""

import re
from datetime import timedelta

import lxml.html
import polib

from odoo import Command, fields
from odoo.modules.module import get_module_path
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools.translate import TranslationModuleReader

from .common import SupportContractCase

ADDON = "helpdesk_mgmt_support_contract"
UPSTREAM = ("helpdesk_mgmt", "helpdesk_mgmt_timesheet")
# modules whose Russian terms a Russian installation loads for these screens
SCREEN_MODULES = (
    "base",
    "web",
    "mail",
    "portal",
    "rating",
    "project",
    "hr_timesheet",
    *UPSTREAM,
    ADDON,
)
# attributes whose text is shown to the user
SHOWN_ATTRIBUTES = ("placeholder", "title", "aria-label", "alt", "string", "help")
TAG_OR_PLACEHOLDER = re.compile(
    r"<[^>]*>|\{\{.*?\}\}|%\(\w+\)[sd]|%[sd]|\$\{.*?\}", re.DOTALL
)
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def normalize(text):
    return " ".join((text or "").split()).strip(" :.,;—–-·()«»\"'")


def fragments(term):
    """The visible pieces of a term: its text between tags and placeholders."""
    return {normalize(part) for part in TAG_OR_PLACEHOLDER.split(term)} - {""}


def po_entries(module, folder):
    path = f"{get_module_path(module)}/{folder}/ru.po"
    return polib.pofile(path)


def english_needles(env):
    """English pieces of the terms of helpdesk_mgmt, helpdesk_mgmt_timesheet
    and this addon (as Odoo exports them) that their Russian translation in
    the addon's files does not keep (``SLA`` or ``ID`` stay as they are and
    are no needle; a term without translation is all needles)."""
    russian = {}
    for folder in ("i18n", "i18n_extra"):
        for entry in po_entries(ADDON, folder):
            if entry.msgstr and not entry.obsolete:
                russian.setdefault(entry.msgid, entry.msgstr)
    needles = set()
    reader = TranslationModuleReader(env.cr, modules=[*UPSTREAM, ADDON])
    for _module, _type, _name, _res_id, source, _value, _comments in reader:
        kept = fragments(russian.get(source, ""))
        needles |= {
            piece for piece in fragments(source) - kept if LATIN_WORD.search(piece)
        }
    return needles


def shown_texts(html):
    """The texts a browser shows: text nodes and shown attributes, without
    scripts, styles and the texts of ``<option>`` values."""
    doc = lxml.html.fromstring(html)
    for bad in doc.xpath("//script|//style|//template|//noscript"):
        bad.drop_tree()
    texts = []
    for element in doc.iter():
        if not isinstance(element.tag, str):
            continue
        texts.extend([element.text, element.tail])
        texts.extend(element.get(name) for name in SHOWN_ATTRIBUTES)
        if element.tag == "input" and element.get("type") in ("submit", "button"):
            texts.append(element.get("value"))
    return {normalize(text) for text in texts} - {""}


def untranslated(texts, needles):
    """Needles shown: a text equal to a needle, or containing a needle of
    several words as a phrase."""
    found = set()
    for text in texts:
        if text in needles:
            found.add(text)
            continue
        for needle in needles:
            if " " in needle and re.search(rf"\b{re.escape(needle)}\b", text):
                found.add(needle)
    return found


def install_russian(env):
    """What Settings > Languages > Russian does, for the screens' modules."""
    env["res.lang"]._activate_lang("ru_RU")
    env["ir.module.module"]._load_module_terms(list(SCREEN_MODULES), ["ru_RU"])


@tagged("post_install", "-at_install")
class TestRussianScreens(HttpCase):
    """A Russian company: the regulation preset was loaded before Russian
    was installed (its records get their Russian names then)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.env["helpdesk.support.preset.wizard"]._load_preset("mq", cls.company.id)
        install_russian(cls.env)
        cls.needles = english_needles(cls.env)
        Tier = cls.env["helpdesk.support.tier"]
        cls.tier = Tier.search(
            [("code", "=", "mq_basic"), ("company_id", "=", cls.company.id)]
        )
        Category = cls.env["helpdesk.ticket.category"]
        cls.bug = Category.search(
            [("code", "=", "bug"), ("company_id", "=", cls.company.id)]
        )
        cls.ps = Category.search(
            [("code", "=", "professional_service"), ("company_id", "=", cls.company.id)]
        )
        cls.project = cls.env["project.project"].create(
            {
                "name": "Профессиональные сервисы",
                "company_id": cls.company.id,
                "allow_timesheets": True,
            }
        )
        cls.staff = new_test_user(
            cls.env,
            login="staff_ru",
            name="Пётр Сотрудников",
            groups="helpdesk_mgmt_support_contract.group_support_manager,"
            "hr_timesheet.group_hr_timesheet_user",
            lang="ru_RU",
            tz="Europe/Moscow",
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "Первая линия",
                "company_id": cls.company.id,
                "user_ids": [Command.set(cls.staff.ids)],
                "allow_timesheet": True,
                "show_timesheet_portal": True,
                "default_project_id": cls.project.id,
            }
        )
        cls.employee = cls.env["hr.employee"].create(
            {
                "name": "Анна Специалистова",
                "user_id": cls.staff.id,
                "company_id": cls.company.id,
                "resource_calendar_id": cls.company.support_ps_calendar_id.id,
                "support_ps_specialist": True,
            }
        )
        cls.organisation = cls.env["res.partner"].create(
            {"name": "ООО «Ромашка»", "is_company": True, "lang": "ru_RU"}
        )
        cls.contact = cls.env["res.partner"].create(
            {
                "name": "Ирина Соколова",
                "parent_id": cls.organisation.id,
                "email": "irina@romashka.test",
                "lang": "ru_RU",
            }
        )
        product = cls.env["helpdesk.support.product"].create(
            {
                "name": "Платформа мониторинга",
                "code": "monitoring_ru",
                "version_ids": [Command.create({"name": "8.4"})],
            }
        )
        contract = cls.env["helpdesk.support.contract"].create(
            {
                "partner_id": cls.organisation.id,
                "tier_id": cls.tier.id,
                "date_start": "2020-01-01",
                "date_end": "2099-12-31",
                "contact_ids": [Command.set(cls.contact.ids)],
                "key_contact_id": cls.contact.id,
                "product_ids": [Command.set(product.ids)],
            }
        )
        contract.action_activate()
        cls.portal_user = new_test_user(
            cls.env,
            login="irina_ru",
            name="Ирина Соколова",
            groups="base.group_portal",
            partner_id=cls.contact.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.ticket = cls.env["helpdesk.ticket"].create(
            {
                "name": "Не открывается отчёт",
                "description": "<p>Отчёт по мониторингу пуст с утра.</p>",
                "partner_id": cls.contact.id,
                "team_id": cls.team.id,
                "category_id": cls.bug.id,
            }
        )
        today = fields.Date.today()
        cls.certificate = cls.env["helpdesk.support.certificate"].create(
            {
                "partner_id": cls.organisation.id,
                "date_start": today - timedelta(days=30),
                "date_end": today + timedelta(days=400),
                "hours_prepaid": 40,
            }
        )
        cls.order = cls.env["helpdesk.ticket"].create(
            {
                "name": "Настроить резервное копирование",
                "description": "<p>Ежедневно, хранить 30 дней.</p>",
                "partner_id": cls.contact.id,
                "team_id": cls.team.id,
                "category_id": cls.ps.id,
                "project_id": cls.project.id,
            }
        )
        cls.estimate = cls.env["helpdesk.support.estimate"]._support_send(
            cls.order, 6, today + timedelta(days=7), "Нужен доступ по VPN"
        )
        cls.env["account.analytic.line"].create(
            {
                "name": "Анализ журнала",
                "ticket_id": cls.ticket.id,
                "project_id": cls.project.id,
                "employee_id": cls.employee.id,
                "unit_amount": 1.5,
            }
        )
        Booking = cls.env["helpdesk.support.booking"]
        month = Booking._support_bookable_months(cls.certificate)[0]
        Booking._support_book(cls.certificate, month, 4, cls.contact)

    def assertRussian(self, texts, where):
        shown = untranslated(texts, self.needles)
        self.assertFalse(
            shown, f"{where}: English terms shown to a Russian user: {sorted(shown)}"
        )

    def assertPageRussian(self, url, expected):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200, url)
        missing = [text for text in expected if text not in response.text]
        self.assertFalse(missing, f"{url}: Russian texts missing: {missing}")
        self.assertRussian(shown_texts(response.text), url)
        return response.text

    def test_needles_are_the_english_terms(self):
        """DS and MQ are Russian texts, so are their screens: the check knows the
        English terms of helpdesk_mgmt, the timesheet module and the addon, and not
        the kept ones."""
        # the check itself: it knows helpdesk_mgmt's, the timesheet module's
        # and the addon's English words, and not the kept ones
        for needle in ("Assign to me", "Communication history", "Response due"):
            self.assertIn(needle, self.needles)
        self.assertIn("Last Stage Update", self.needles)
        self.assertIn("Spent Time", self.needles)
        self.assertNotIn("SLA", self.needles)
        texts = shown_texts("<div><b>Assign to me</b><p title='Tickets'>Ок</p></div>")
        self.assertEqual(untranslated(texts, self.needles), {"Assign to me", "Tickets"})

    def test_upstream_terms_all_translated(self):
        """DS and MQ are Russian texts, so are their screens: i18n_extra/ru.po
        translates every term of helpdesk_mgmt and helpdesk_mgmt_timesheet as
        installed (code terms included)."""
        russian = {
            entry.msgid
            for entry in po_entries(ADDON, "i18n_extra")
            if entry.msgstr and "fuzzy" not in entry.flags
        }
        reader = TranslationModuleReader(self.env.cr, modules=list(UPSTREAM))
        missing = sorted({row[4] for row in reader} - russian)
        self.assertFalse(missing, f"i18n_extra/ru.po lacks: {missing}")

    def test_portal_in_russian(self):
        """DS and MQ are Russian texts, so are their screens: the portal pages of a
        Russian contact carry no English term."""
        self.authenticate("irina_ru", "irina_ru")
        self.assertPageRussian("/my", ["Обращения"])
        self.assertPageRussian(
            "/my/tickets",
            # the list's deadline column is the next SLA deadline: after the
            # answer on the substance it is no longer the response's
            ["Обращения", "Сначала новые", "Искать по номеру", "Ближайший срок по SLA"],
        )
        page = self.assertPageRussian(
            f"/my/ticket/{self.ticket.id}",
            ["История переписки", "Дата создания", "Затраченное время"],
        )
        # the ticket's stage and category in Russian, as the regulations name them
        self.assertIn("Новое", page)
        self.assertIn("Ошибка (баг)", page)
        self.assertPageRussian(f"/my/ticket/{self.order.id}", ["Оценки"])
        self.assertPageRussian("/new/ticket", ["Отправить обращение", "Тема"])
        # hours with the language's decimal comma (40 prepaid, a 6-hour
        # estimate), never «40.00»
        self.assertPageRussian(
            "/my/support/certificates",
            ["Остаток", "Бронирования", "(Europe/Moscow)", "40,00"],
        )
        self.assertPageRussian(
            f"/my/support/estimate/{self.estimate.id}", ["Оценка", "6,00"]
        )

    def test_staff_views_in_russian(self):
        """MQ 1.1 «Поддержка оказывается исключительно на русском языке»; DS
        and MQ are Russian texts, so are their screens: the ticket views of
        Russian staff carry no English term."""
        Ticket = self.env["helpdesk.ticket"].with_user(self.staff)
        Ticket = Ticket.with_context(lang="ru_RU")
        result = Ticket.get_views(
            [(False, "form"), (False, "list"), (False, "kanban"), (False, "search")]
        )
        shown_fields = set()
        for view_type, view in result["views"].items():
            arch = lxml.html.fromstring(view["arch"])
            shown_fields |= {node.get("name") for node in arch.iter("field")}
            self.assertRussian(shown_texts(view["arch"]), f"ticket {view_type} view")
        description = Ticket.fields_get(sorted(shown_fields - {None}))
        texts = set()
        for field in description.values():
            texts |= {normalize(field.get("string")), normalize(field.get("help"))}
            texts |= {normalize(label) for _value, label in field.get("selection", [])}
        self.assertRussian(texts - {""}, "ticket fields")
        self.assertIn("Ответственный", texts)
        self.assertIn("Приоритет", texts)
        # record data the staff reads: stage and category of the ticket
        ticket = Ticket.browse(self.ticket.id)
        self.assertEqual(ticket.stage_id.name, "Новое")
        self.assertEqual(ticket.category_id.name, "Ошибка (баг)")
        self.assertEqual(ticket.support_tier_id.name, "Базовая")

    def test_staff_menus_in_russian(self):
        """DS and MQ are Russian texts, so are their screens: the helpdesk menus of
        Russian staff carry no English term."""
        root = self.env.ref("helpdesk_mgmt.helpdesk_ticket_main_menu")
        Menu = self.env["ir.ui.menu"].with_user(self.staff).with_context(lang="ru_RU")
        menus = Menu.search([("id", "child_of", root.id)])
        self.assertGreater(len(menus), 10)
        texts = {normalize(name) for name in menus.mapped("name")}
        for menu in menus.filtered("action"):
            texts.add(normalize(menu.action.sudo().name))
        self.assertRussian(texts, "helpdesk menus")
        self.assertIn("Техподдержка", texts)
        self.assertIn("Обращения", texts)


@tagged("post_install", "-at_install")
class TestRussianPresets(SupportContractCase):
    """The records of the regulation presets (DS, MQ) and the stages the
    regulations rely on carry Russian names."""

    def install_russian(self):
        self.env["res.lang"]._activate_lang("ru_RU")
        self.env["ir.module.module"]._load_module_terms([*UPSTREAM, ADDON], ["ru_RU"])

    def ru(self, record, field="name"):
        return record.with_context(lang="ru_RU")[field]

    def calendar(self, code, company=None):
        return self.env["resource.calendar"].search(
            [
                ("support_preset_code", "=", code),
                ("company_id", "=", (company or self.company).id),
            ]
        )

    def test_russian_installed_after_the_presets(self):
        """DS and MQ are Russian texts, so are their screens: presets loaded before
        Russian was installed get their Russian names, a renamed record keeps its
        name."""
        # the fixtures loaded both presets in English; a manager renamed a tier
        self.tier("mq_premium").name = "Premium Gold"
        self.env["res.lang"]._activate_lang("ru_RU")
        self.company.partner_id.lang = "ru_RU"
        self.install_russian()
        self.assertEqual(self.ru(self.tier("mq_basic")), "Базовая")
        self.assertEqual(self.tier("mq_basic").name, "Basic")
        self.assertEqual(self.ru(self.tier("mq_premium")), "Premium Gold")
        self.assertEqual(
            self.ru(self.tier("mq_basic"), "response_target_display"),
            "1 рабочий день",
        )
        self.assertEqual(
            self.ru(self.tier("mq_basic_plus"), "response_target_display"),
            "4 раб. ч",
        )
        self.assertEqual(self.ru(self.category("bug")), "Ошибка (баг)")
        self.assertEqual(
            self.ru(self.sender("licensee")), "Лицензиат (организатор системы ЭДО)"
        )
        self.assertIn(
            "консультации по установке",
            self.ru(self.category("installation"), "support_scope_guidance"),
        )
        self.assertTrue(self.ru(self.level("ds_licensee_vip")).startswith("Лицензиаты"))
        # schedules (names not translatable) follow the company's language
        self.assertEqual(
            self.calendar("mq_8x5").name,
            "MQ поддержка 8x5: пн-пт 09:00-18:00 по Москве",
        )
        # the stages and waiting reasons the regulations rely on
        stages = {
            "helpdesk_mgmt.helpdesk_ticket_stage_new": "Новое",
            "helpdesk_mgmt.helpdesk_ticket_stage_in_progress": "В работе",
            "helpdesk_mgmt.helpdesk_ticket_stage_awaiting": "Ожидание",
            "helpdesk_mgmt.helpdesk_ticket_stage_done": "Решено",
            "helpdesk_mgmt.helpdesk_ticket_stage_cancelled": "Отменено",
            "helpdesk_mgmt.helpdesk_ticket_stage_rejected": "Отклонено",
        }
        for xmlid, name in stages.items():
            self.assertEqual(self.ru(self.env.ref(xmlid)), name)
        self.assertEqual(
            self.ru(
                self.env.ref(
                    "helpdesk_mgmt_support_contract.waiting_reason_information"
                )
            ),
            "Ожидается информация от заказчика",
        )
        # loading the terms again changes nothing
        self.tier("mq_basic").update_field_translations("name", {"ru_RU": "Базовый"})
        self.install_russian()
        self.assertEqual(self.ru(self.tier("mq_basic")), "Базовый")

    def test_preset_loaded_with_russian_installed(self):
        """DS and MQ are Russian texts, so are their screens: presets loaded in a
        Russian company carry Russian names."""
        self.install_russian()
        company = self.env["res.company"].create({"name": "Русская компания"})
        company.partner_id.lang = "ru_RU"
        self.wizard._load_preset("ds", company.id)
        category = self.env["helpdesk.ticket.category"].search(
            [("code", "=", "installation"), ("company_id", "=", company.id)]
        )
        self.assertEqual(self.ru(category), "Установка и настройка")
        self.assertEqual(category.name, "Installation and setup")
        self.assertIn(
            "консультации по установке", self.ru(category, "support_scope_guidance")
        )
        self.assertIn("advice on installing", category.support_scope_guidance)
        self.assertTrue(self.calendar("ds_10_18", company).name.startswith("DS"))
        self.assertNotEqual(
            self.calendar("ds_10_18", company).name,
            self.calendar("ds_10_18").name,
            "the Russian company's schedule has its Russian name",
        )

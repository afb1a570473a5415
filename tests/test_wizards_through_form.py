# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Every wizard of the addon opened and saved as the web client does.

Each transient model that inherits the declared write rights
(``helpdesk.support.system.fields.mixin``) is opened by the button or action
of the addon that opens it, with that action's ``context`` (its
``default_*`` keys count as values on create), as the lowest-rights user who
really uses it, through ``odoo.tests.Form``: the onchanges run on the new
record as in the browser and every field of the view the client sends on
save is sent. A field the declaration forgot fails here with AccessError,
although a test that creates the record with chosen values passes.

A wizard added tomorrow fails ``test_every_wizard_is_covered`` until it has
its line in ``OPENED_BY``.
"""

import datetime

from odoo import Command
from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from .common import SupportTicketCase, old_tickets
from .fake_bot_api import FakeBotApi

MIXIN = "helpdesk.support.system.fields.mixin"

# wizard -> (who opens it, by what): the role follows the wizard's line in
# security/ir.model.access.csv and the groups of the button that opens it
OPENED_BY = {
    "helpdesk.support.answer.wizard": (
        "support_user",
        "helpdesk.ticket.action_support_post_answer",
    ),
    "helpdesk.support.booking.wizard": (
        "support_user",
        "certificate form: Book hours (helpdesk_support_booking_wizard_action)",
    ),
    "helpdesk.support.chat.reply.wizard": (
        "support_user",
        "helpdesk.ticket.action_support_reply_to_chat",
    ),
    "helpdesk.support.contract.apply.wizard": (
        "support_manager",
        "helpdesk.support.contract.action_support_apply_to_open_tickets",
    ),
    "helpdesk.support.coupon.renew.wizard": (
        "support_manager",
        "helpdesk.support.coupon.action_renew",
    ),
    "helpdesk.support.estimate.wizard": (
        "support_user",
        "helpdesk.ticket.action_support_send_estimate",
    ),
    "helpdesk.support.preset.wizard": (
        "support_manager",
        "settings: Load support regulation preset "
        "(helpdesk_support_preset_wizard_action)",
    ),
    "helpdesk.support.reclassify.wizard": (
        "support_user",
        "helpdesk.ticket.action_support_reclassify",
    ),
    "helpdesk.support.sla.report.wizard": (
        "support_user",
        "contract form: SLA report (helpdesk_support_sla_report_wizard_action)",
    ),
    "helpdesk.support.third.party.wizard": (
        "support_user",
        "helpdesk.ticket.action_support_close_third_party",
    ),
    "resource.production.calendar.generate.wizard": (
        "support_manager",
        "production calendar form: Generate a year "
        "(resource_production_calendar_generate_wizard_action)",
    ),
    "mail.message.gateway.link": (
        "support_user",
        "chat message: Link to thread (mail_gateway's client action)",
    ),
    "res.config.settings": ("admin", "Settings menu (res.config.settings)"),
}


def support_wizards(env):
    """The transient models of the registry under the declared write
    rights, whichever module declares them."""
    mixin = env.registry[MIXIN]
    return sorted(
        name
        for name, cls in env.registry.items()
        if cls._transient and issubclass(cls, mixin)
    )


@tagged("post_install", "-at_install")
class TestWizardsThroughForm(SupportTicketCase):
    """Both presets (DS and MQ) in one company, the clock at FIXTURE_NOW."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the Helpdesk block of the settings is its managers'
        cls.admin = cls.make_user(
            "wizard_admin", "base.group_system,helpdesk_mgmt.group_helpdesk_manager"
        )
        cls.team.user_ids = [Command.link(cls.support_manager.id)]
        cls.mq_contact = cls.make_customer("mq_basic", name="Wizard MQ")
        cls.ds_contact = cls.make_customer("ds_commercial", "licensee", name="Wiz DS")
        # the key contact person accepts the estimate
        cls.contract_of(cls.mq_contact).key_contact_id = cls.mq_contact

    # -- the client's side ---------------------------------------------------

    def button_action(self, xmlid, user, record, button_context=None):
        """The context the web client opens ``xmlid`` with from a ``type=
        "action"`` button of ``record``'s form (or from the *Action* menu of
        a list, ``record`` the selection): the action's own context,
        evaluated with the record as ``active_id``, and the button's."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            f"helpdesk_mgmt_support_contract.{xmlid}"
        )
        active = {
            "active_id": record[:1].id,
            "active_ids": record.ids,
            "active_model": record._name,
        }
        context = safe_eval(action.get("context") or "{}", dict(active, uid=user.id))
        return dict(action, context={**active, **context, **(button_context or {})})

    def form(self, action, user):
        """The wizard of ``action`` opened by ``user`` as the web client
        opens it: a new record, its defaults and onchanges under the
        action's context."""
        context = action.get("context") or {}
        if isinstance(context, str):
            context = safe_eval(context)
        return Form(
            self.env[action["res_model"]].with_user(user).with_context(**context)
        )

    # -- the registry ----------------------------------------------------------

    def test_every_wizard_is_covered(self):
        """R-23, R-27, R-29, R-37, R-41, R-54, R-70, R-73: every wizard the
        staff use is tested as they open it — MQ 1.2 «СТП вправе
        переклассифицировать обращение после проверки» is a right of the
        wizard's user only if the wizard opens and saves for them. A wizard
        added to the addon without its line here fails."""
        wizards = support_wizards(self.env)
        self.assertIn("helpdesk.support.answer.wizard", wizards)
        self.assertEqual(sorted(OPENED_BY), wizards)
        for name in wizards:
            self.assertTrue(
                hasattr(self, "test_" + name.replace(".", "_")),
                f"{name} has no test opening it through Form",
            )

    # -- one test per wizard ---------------------------------------------------

    def test_helpdesk_support_answer_wizard(self):
        """R-37, MQ glossary: «исчерпывающий ответ от технической поддержки
        по существу задаваемого вопроса» — a support user posts the answer
        from the ticket's button."""
        ticket = self.make_ticket(self.mq_contact)
        action = ticket.with_user(self.support_user).action_support_post_answer()
        form = self.form(action, self.support_user)
        form.body = "<p>Restart the collector with the new key</p>"
        form.save().action_post()
        self.assertTrue(self.messages(ticket, "Restart the collector"))

    def test_helpdesk_support_booking_wizard(self):
        """R-73, MQ 2.4: «Бронирование осуществляется на любой последующий
        календарный месяц, но не позднее срока окончания сертификата» — a
        support user books hours requested by phone from the certificate."""
        ps_calendar = self.company.support_ps_calendar_id
        self.env["hr.employee"].create(
            {
                "name": "Specialist",
                "company_id": self.company.id,
                "resource_calendar_id": ps_calendar.id,
                "support_ps_specialist": True,
            }
        )
        customer = self.mq_contact.parent_id
        certificate = self.env["helpdesk.support.certificate"].create(
            {
                "partner_id": customer.id,
                "company_id": self.company.id,
                "date_start": "2026-01-01",
                "date_end": "2027-03-31",
                "hours_prepaid": 40,
            }
        )
        action = self.button_action(
            "helpdesk_support_booking_wizard_action",
            self.support_user,
            certificate,
            {"default_certificate_id": certificate.id},
        )
        form = self.form(action, self.support_user)
        form.partner_id = self.mq_contact
        form.month = datetime.date(2026, 8, 1)
        form.hours = 6
        result = form.save().action_confirm()
        booking = self.env["helpdesk.support.booking"].browse(result["res_id"])
        self.assertEqual((booking.certificate_id, booking.hours), (certificate, 6))

    def test_helpdesk_support_booking_wizard_change(self):
        """R-73, MQ 2.4: «Возможно изменение/снятие брони» — a support user
        changes the hours from the booking's *Change hours* button; the
        wizard's certificate, month and hours come from the booking."""
        self.test_helpdesk_support_booking_wizard()
        booking = self.env["helpdesk.support.booking"].search(
            [("partner_id", "=", self.mq_contact.parent_id.id)]
        )
        action = self.button_action(
            "helpdesk_support_booking_wizard_action",
            self.support_user,
            booking,
            {"default_booking_id": booking.id},
        )
        form = self.form(action, self.support_user)
        form.hours = 4
        form.save().action_confirm()
        self.assertEqual(booking.hours, 4)

    def telegram_chat(self, contact):
        """A Telegram chat of the gateway (the fake Bot API behind it)
        linked to the contract of ``contact``; a customer's message in it."""
        api = FakeBotApi().__enter__()
        self.addCleanup(api.__exit__, None, None, None)
        gateway = self.env["mail.gateway"].create(
            {
                "name": "Wizard bot",
                "gateway_type": "telegram",
                "token": "4242:WIZARD-TOKEN",
                "webhook_key": "wizard-hook",
                "support_telegram_api_url": api.url,
                "company_id": self.company.id,
            }
        )
        chat = self.env["discuss.channel"].create(
            {
                "name": "Customer chat",
                "channel_type": "gateway",
                "gateway_id": gateway.id,
                "gateway_channel_token": "-5001",
            }
        )
        chat.support_contract_id = self.contract_of(contact)
        contact.support_telegram_username = "wizard_customer"
        message = self.env["mail.message"].create(
            {
                "model": "discuss.channel",
                "res_id": chat.id,
                "body": "<p>Export to CSV is broken</p>",
                "message_type": "comment",
                "author_id": contact.id,
                "support_telegram_username": "wizard_customer",
            }
        )
        return api, chat, message

    def test_mail_message_gateway_link(self):
        """R-54, MQ 1.3: «Фиксация обращений, поступивших через
        Telegram-чаты, в центре поддержки, производится СТП» — a support user
        registers a chat message as a ticket from OCA's *Link to thread*."""
        contact = self.make_customer("mq_premium", name="Wizard Premium")
        __, chat, message = self.telegram_chat(contact)
        # the context of mail_gateway's client action (message_patch.esm.js)
        action = {
            "res_model": "mail.message.gateway.link",
            "context": {"default_message_id": message.id},
        }
        form = self.form(action, self.support_user)
        form.support_create_ticket = True
        form.support_category_id = self.category("bug")
        form.support_team_id = self.team
        result = form.save().link_message()
        ticket = self.env["helpdesk.ticket"].browse(result["res_id"])
        self.assertEqual((ticket.support_chat_id, ticket.partner_id), (chat, contact))

    def test_helpdesk_support_chat_reply_wizard(self):
        """R-54, MQ 1.3: «Telegram-чаты предназначены для удобства и
        оперативного общения между сотрудниками поддержки и клиентом» — a
        support user replies in the chat from the ticket's button."""
        contact = self.make_customer("mq_premium", name="Wizard Chat")
        api, chat, __ = self.telegram_chat(contact)
        ticket = self.make_ticket(contact)
        ticket.sudo().support_chat_id = chat
        action = ticket.with_user(self.support_user).action_support_reply_to_chat()
        form = self.form(action, self.support_user)
        form.body = "Fixed in 4.2.1"
        form.save().action_send()
        self.assertTrue(self.messages(ticket, "Fixed in 4.2.1"))

    def test_helpdesk_support_contract_apply_wizard(self):
        """R-12, MQ 1.1: a contract serves «пользователей, зарегистрированных
        на портале поддержки» — a support manager applies a new contract to
        its customer's open tickets from the contract's button."""
        company = self.env["res.partner"].create(
            {"name": "Adopting LLC", "is_company": True}
        )
        contact = self.env["res.partner"].create(
            {"name": "Adopter", "parent_id": company.id, "email": "a@adopt.test"}
        )
        tickets = old_tickets(self.Ticket, contact, self.team, count=2)
        contract = self.make_contract(
            "mq_basic", partner_id=company.id, contact_ids=[Command.set(contact.ids)]
        )
        contract.action_activate()
        action = contract.with_user(
            self.support_manager
        ).action_support_apply_to_open_tickets()
        form = self.form(action, self.support_manager)
        self.assertEqual(form.ticket_count, 2)
        form.clock = "created"
        form.save().action_apply()
        self.assertEqual(tickets.support_contract_id, contract)

    def test_helpdesk_support_contract_apply_wizard_from_ticket_list(self):
        """R-12, MQ 1.1: the same wizard from the *Action* menu of the ticket
        list — a support manager applies the customer's contract to the
        tickets selected; the selection listed is the one applied."""
        tickets = old_tickets(self.Ticket, self.mq_contact, self.team, count=2)
        action = self.button_action(
            "helpdesk_support_contract_apply_wizard_action",
            self.support_manager,
            tickets[:1],
        )
        form = self.form(action, self.support_manager)
        self.assertEqual(form.contract_id, self.contract_of(self.mq_contact))
        form.save().action_apply()
        self.assertEqual(
            (tickets[0].support_contract_id, tickets[1].support_contract_id),
            (self.contract_of(self.mq_contact), self.env["helpdesk.support.contract"]),
        )

    def test_helpdesk_support_coupon_renew_wizard(self):
        """R-41, DS 3.6: the coupon of «сертификатом технической поддержки»
        is renewed with the licence — a support manager renews it from the
        coupon's button."""
        coupon = (
            self.env["helpdesk.support.coupon"]
            .with_company(self.company)
            .create(
                {
                    "partner_id": self.ds_contact.parent_id.id,
                    "company_id": self.company.id,
                    "licence_ref": "LIC-0001",
                    "purchase_date": "2026-02-10",
                }
            )
        )
        action = coupon.with_user(self.support_manager).action_renew()
        form = self.form(action, self.support_manager)
        form.purchase_date = datetime.date(2026, 5, 20)
        form.licence_ref = "LIC-0002"
        result = form.save().action_renew()
        self.assertEqual(coupon.replaced_by_id.id, result["res_id"])

    def test_helpdesk_support_estimate_wizard(self):
        """R-70, MQ 2.1: «Заказ профессиональных сервисов происходит через
        обращение на портале поддержки» — a support user answers the order
        with an estimate from the ticket's button."""
        ticket = self.make_ticket(
            self.mq_contact, category_id=self.category("professional_service").id
        )
        action = ticket.with_user(self.support_user).action_support_send_estimate()
        form = self.form(action, self.support_user)
        form.hours = 3
        form.date_start = datetime.date(2026, 6, 15)
        form.conditions = "Access to the server"
        form.save().action_send()
        self.assertEqual(ticket.support_estimate_ids.hours, 3)

    def test_helpdesk_support_preset_wizard(self):
        """R-02, MQ 1.2: «График 8x5 – с Пн по Пт, с 9:00 до 18:00» ships as
        a preset — a support manager loads it from the settings; loaded
        already, it changes nothing."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "helpdesk_mgmt_support_contract.helpdesk_support_preset_wizard_action"
        )
        form = self.form(action, self.support_manager)
        form.preset = "mq"
        result = form.save().action_load()
        self.assertIn("already loaded", result["params"]["message"])

    def test_helpdesk_support_reclassify_wizard(self):
        """R-23, MQ 1.2: «СТП вправе переклассифицировать обращение после
        проверки» — a support user reclassifies from the ticket's button."""
        ticket = self.make_ticket(self.ds_contact)
        action = ticket.with_user(self.support_user).action_support_reclassify()
        form = self.form(action, self.support_user)
        form.category_id = self.category("consultation")
        form.reason = "A question, not an error"
        form.save().action_confirm()
        self.assertEqual(ticket.category_id, self.category("consultation"))

    def test_helpdesk_support_sla_report_wizard(self):
        """R-29, MQ 1.2: the guaranteed times are reported per contract — a
        support user prints the SLA report from the contract's button."""
        contract = self.contract_of(self.mq_contact)
        action = self.button_action(
            "helpdesk_support_sla_report_wizard_action",
            self.support_user,
            contract,
            {"default_contract_id": contract.id},
        )
        form = self.form(action, self.support_user)
        form.date_from = datetime.date(2026, 5, 1)
        form.date_to = datetime.date(2026, 5, 31)
        result = form.save().action_print()
        self.assertEqual(result["type"], "ir.actions.report")

    def test_helpdesk_support_third_party_wizard(self):
        """R-27, MQ 1.2: «проблема связана с продуктом стороннего
        производителя … соответствующий запрос в СТП может быть закрыт» — a
        support user closes the ticket from its button."""
        ticket = self.make_ticket(self.mq_contact)
        action = ticket.with_user(self.support_user).action_support_close_third_party()
        form = self.form(action, self.support_user)
        form.vendor_name = "PostgreSQL Global Development Group"
        form.save().action_confirm()
        self.assertTrue(ticket.stage_id.closed)

    def test_resource_production_calendar_generate_wizard(self):
        """R-01, MQ 1.2: «выходные и праздничные (согласно производственному
        календарю РФ) дни» — a support manager generates a year from the
        production calendar's button."""
        production = self.company.support_ps_calendar_id.production_calendar_id
        action = self.button_action(
            "resource_production_calendar_generate_wizard_action",
            self.support_manager,
            production,
        )
        form = self.form(action, self.support_manager)
        form.year = 2027
        result = form.save().action_generate()
        self.assertIn("2027", result["params"]["message"])

    def test_res_config_settings(self):
        """R-62, MQ 1.2: when a timer turns at risk is the company's setting
        — an administrator saves the settings page."""
        form = self.form({"res_model": "res.config.settings"}, self.admin)
        form.support_at_risk_percent = 70
        form.save().execute()
        self.assertEqual(self.company.support_at_risk_percent, 70)

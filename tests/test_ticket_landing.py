# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Every ticket lands in a queue someone watches (R-20, R-25).

MQ 1.2 «Основным показателем SLA является гарантированное время ответа» and
MQ 1.3 (the customer talks «со специалистами СТП в процессе решения
обращений»); DS 5.1 «На каждую заявку назначается ответственный сотрудник со
стороны Лицензиара». A ticket from the portal, mail, a chat or the backend
that names no team gets the default team of its regulation and follows the
team's assignment rule. Both presets are loaded in one company.
"""

import time

from odoo import Command, fields
from odoo.tests import Form, HttpCase, new_test_user, tagged

from .common import SUPPORT_USER, SupportContractCase, SupportHttpCase
from .telegram_common import TelegramChatsMixin, telegram_update
from .test_mail_gateway import raw_mail


def preset_team(env, company, code):
    return env["helpdesk.ticket.team"].search(
        [("support_preset_code", "=", code), ("company_id", "=", company.id)]
    )


def regulation(env, company, code):
    return env["helpdesk.support.regulation"].search(
        [("code", "=", code), ("company_id", "=", company.id)]
    )


class TestTicketLandsInAQueue(SupportContractCase):
    """Backend and mail tickets, the presets' teams and their rules."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.engineers = [
            cls.make_user(f"ds_engineer_{index}", SUPPORT_USER) for index in range(2)
        ]
        cls.ds_team = preset_team(cls.env, cls.company, "ds")
        cls.mq_team = preset_team(cls.env, cls.company, "mq")
        cls.ds_team.user_ids = [Command.set([u.id for u in cls.engineers])]
        cls.mq_team.user_ids = [Command.set(cls.support_user.ids)]
        cls.licensee = cls.env["res.partner"].create(
            {"name": "Licensee contact", "parent_id": cls.customer.id}
        )
        cls.licensee.email = "licensee@c.test"
        cls.make_contract(
            "ds_commercial",
            sender_category_id=cls.sender("licensee").id,
            contact_ids=[Command.set(cls.licensee.ids)],
        ).action_activate()
        mq_org = cls.env["res.partner"].create({"name": "Mq LLC", "is_company": True})
        cls.mq_contact = cls.env["res.partner"].create(
            {"name": "Mq contact", "parent_id": mq_org.id, "email": "mq@mq.test"}
        )
        cls.make_contract(
            "mq_basic",
            partner_id=mq_org.id,
            contact_ids=[Command.set(cls.mq_contact.ids)],
        ).action_activate()
        cls.Ticket = cls.env["helpdesk.ticket"].with_company(cls.company)

    def test_presets_give_each_regulation_its_team(self):
        """MQ 1.2, DS 5.1: once the presets are loaded no regulation leaves
        its tickets to nobody — each names its default team, and the
        regulation form warns only about a regulation without one."""
        for code, team in (("ds", self.ds_team), ("mq", self.mq_team)):
            reg = regulation(self.env, self.company, code)
            self.assertEqual(reg.default_team_id, team)
            self.assertFalse(reg.support_no_team_warning)
        # DS 5.1: each request gets a responsible employee; MQ: the queue
        self.assertEqual(self.ds_team.support_assign_method, "balanced")
        self.assertEqual(self.mq_team.support_assign_method, "queue")
        bare = self.env["helpdesk.support.regulation"].create(
            {"name": "Bare", "code": "bare", "company_id": self.company.id}
        )
        self.assertTrue(bare.support_no_team_warning)
        # loading a preset again keeps the team a manager chose
        other = self.env["helpdesk.ticket.team"].create(
            {"name": "Chosen", "company_id": self.company.id}
        )
        reg = regulation(self.env, self.company, "mq")
        reg.default_team_id = other
        self.wizard._load_preset("mq", self.company.id)
        self.assertEqual(reg.default_team_id, other)

    def test_no_ticket_reaches_nobody_once_presets_are_loaded(self):
        """MQ 1.2 «гарантированное время ответа»: whatever the sender (a
        contract of either regulation, no contract at all), a ticket created
        without a team lands in a team."""
        stranger = self.env["res.partner"].create(
            {"name": "Walk-in", "email": "walkin@x.test"}
        )
        tickets = self.Ticket.create(
            [
                {"name": f"Lands {p.name}", "description": "x", "partner_id": p.id}
                for p in (self.licensee, self.mq_contact, stranger)
            ]
        )
        self.assertTrue(all(tickets.mapped("team_id")), tickets.mapped("team_id"))
        self.assertEqual(tickets[0].team_id, self.ds_team)
        self.assertEqual(tickets[1].team_id, self.mq_team)

    def test_backend_ticket_through_the_form(self):
        """DS 5.1 «На каждую заявку назначается ответственный сотрудник»: a
        ticket staff enter without a team goes to the DS team and to its
        member with the fewest open tickets; a batch is spread over them."""
        busy, free = self.engineers
        self.Ticket.create(
            {
                "name": "Earlier",
                "description": "x",
                "partner_id": self.licensee.id,
                "team_id": self.ds_team.id,
                "user_id": busy.id,
            }
        )
        form = Form(self.Ticket.with_user(self.support_user))
        form.name = "Entered by staff"
        form.description = "x"
        form.partner_id = self.licensee
        form.team_id = self.env["helpdesk.ticket.team"]
        form.user_id = self.env["res.users"]
        ticket = form.save()
        self.assertEqual(ticket.team_id, self.ds_team)
        self.assertEqual(ticket.user_id, free)
        batch = self.Ticket.create(
            [
                {"name": f"Batch {i}", "description": "x", "partner_id": partner.id}
                for i, partner in enumerate([self.licensee] * 2)
            ]
        )
        self.assertEqual(batch.mapped("team_id"), self.ds_team)
        self.assertEqual(set(batch.mapped("user_id")), {busy, free})

    def test_assignee_given_is_kept(self):
        """A ticket staff give an assignee keeps it (R-25: the assignee's
        queue)."""
        ticket = self.Ticket.create(
            {
                "name": "Mine",
                "description": "x",
                "partner_id": self.licensee.id,
                "user_id": self.support_user.id,
            }
        )
        self.assertEqual(ticket.user_id, self.support_user)

    def test_leader_rule(self):
        """MQ 1.2: a team run by its leader hands new tickets to the leader."""
        self.mq_team.write(
            {"support_assign_method": "leader", "user_id": self.support_user.id}
        )
        ticket = self.Ticket.create(
            {"name": "Mq", "description": "x", "partner_id": self.mq_contact.id}
        )
        self.assertEqual(ticket.team_id, self.mq_team)
        self.assertEqual(ticket.user_id, self.support_user)

    def test_mail_to_an_address_of_no_team(self):
        """DS 5.1 «После отправки письма … в тикет-системе формируется новая
        заявка … На каждую заявку назначается ответственный сотрудник»: mail
        to a support address of no team lands in the DS team with an
        assignee (R-50)."""
        domain = self.env["mail.alias.domain"].create({"name": "landing.test"})
        self.company.alias_domain_id = domain
        self.env["mail.alias"].create(
            {
                "alias_name": "landing-desk",
                "alias_domain_id": domain.id,
                "alias_model_id": self.env["ir.model"]._get_id("helpdesk.ticket"),
            }
        )
        self.env["mail.thread"].with_company(self.company).message_process(
            False,
            raw_mail(
                "Licensee contact <licensee@c.test>",
                "Mailed without a team",
                to="landing-desk@landing.test",
            ),
        )
        ticket = self.env["helpdesk.ticket"].search(
            [("name", "=", "Mailed without a team")]
        )
        self.assertEqual(len(ticket), 1)
        self.assertEqual(ticket.team_id, self.ds_team)
        self.assertIn(ticket.user_id, self.engineers)


@tagged("post_install", "-at_install")
class TestPortalTicketLands(SupportHttpCase):
    """The portal form names no team (R-20)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.engineer = new_test_user(
            cls.env,
            login="landing_engineer",
            groups="helpdesk_mgmt_support_contract.group_support_user",
        )
        cls.ds_team = preset_team(cls.env, cls.company, "ds")
        cls.ds_team.user_ids = [Command.set(cls.engineer.ids)]
        cls.contact = cls.make_portal_customer(
            "Landing", "lic", "ds_commercial", "licensee"
        )

    def test_portal_ticket_lands_with_an_assignee(self):
        """DS 5.1 «заявка в службу технической поддержки путем
        отправки/получения запросов в Личном кабинете Лицензиата … На каждую
        заявку назначается ответственный сотрудник»."""
        self.authenticate("landing_lic", "landing_lic")
        response = self.submit_ticket(
            subject="Portal ticket lands", description="It fails"
        )
        self.assertEqual(response.status_code, 200)
        ticket = self.env["helpdesk.ticket"].search(
            [("name", "=", "Portal ticket lands")]
        )
        self.assertEqual(len(ticket), 1)
        self.assertEqual(ticket.team_id, self.ds_team)
        self.assertEqual(ticket.user_id, self.engineer)


@tagged("post_install", "-at_install")
class TestChatTicketLands(TelegramChatsMixin, HttpCase):
    """A chat message registered without a team (MQ 1.3, R-54)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_telegram(
            "Landing Chat Co",
            "landing_tg",
            {"name": "Bot", "token": "4343:TEST", "webhook_key": "landing-hook"},
            "Chat support",
            secret="landing-secret-0123",
        )
        cls.premium = cls._customer(
            "Chat Premium Ltd",
            "mq_premium",
            "carl_tg",
            fields.Date.today(),
        )
        cls.mq_team = preset_team(cls.env, cls.company, "mq")
        cls.mq_team.write(
            {
                "user_ids": [Command.set(cls.support_user.ids)],
                "user_id": cls.support_user.id,
                "support_assign_method": "leader",
            }
        )

    def test_chat_ticket_lands_in_the_regulation_team(self):
        """MQ 1.3 «Фиксация обращений, поступивших через Telegram-чаты, в
        центре поддержки, производится СТП»: registered without a team, the
        ticket lands in the MQ team and follows its rule (the leader)."""
        payload = telegram_update(
            -2002,
            "Hello support",
            username="carl_tg",
            user_id=777,
            first_name="Carl",
            chat_title="Chat Premium",
            message_id=1,
            date=int(time.time()) - 3600,
        )
        self.post_update(payload)
        chat = self.chat(-2002)
        self.authenticate("landing_tg", "landing_tg_pw1")
        self.call_kw(
            "discuss.channel",
            "write",
            [chat.ids, {"support_contract_id": self.premium.id}],
        )
        self.post_update(
            telegram_update(
                -2002,
                "Export crashes",
                username="carl_tg",
                user_id=777,
                first_name="Carl",
                chat_title="Chat Premium",
                message_id=2,
                date=int(time.time()) - 1800,
            )
        )
        message = self.chat_message(chat, "Export crashes")
        action = self.link_to_ticket(message)
        ticket = self.env["helpdesk.ticket"].browse(action["res_id"])
        self.assertEqual(ticket.team_id, self.mq_team)
        self.assertEqual(ticket.user_id, self.support_user)

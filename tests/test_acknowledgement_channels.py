# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""R-50, R-20, DS 5.1, DS 5.5: the registration notice on every channel.

Both presets are loaded in one company, as the demo ships. The HTTP server
runs on the real clock: contracts run from 2020 to 2099.
"""

from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import SupportHttpCase, call_kw

SUPPORT_USER = "helpdesk_mgmt_support_contract.group_support_user"
NOTICE = "your request is registered under the number"


@tagged("post_install", "-at_install")
class TestAcknowledgementChannels(SupportHttpCase):
    """DS 5.4: «На каждое письмо или обращение, принятое службой технической
    поддержки, в тикет-системе автоматически формируется новая заявка,
    генерируется и высылается на адрес Отправителя письмо с подтверждением о
    принятой проблеме и указанием назначенного уровня обслуживания.»
    DS 5.5: «При получении обращения в службе технической поддержки,
    Отправитель получает уведомление о начале ее обработки и указанному
    обращению присваивается уникальный идентификатор (TID).»
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.helpdesk_mgmt_portal_select_team = True
        cls.team = cls.env["helpdesk.ticket.team"].search(
            [("support_preset_code", "=", "ds"), ("company_id", "=", cls.company.id)]
        )
        cls.support_alias("ack.test", cls.team, "ds-ack")

        cls.contact = cls.registered_contact(
            "Ack Licensee",
            "ack_contact",
            "ack@licensee.test",
            "ds_commercial",
            "licensee",
            login="ack_contact",
            keep_email=True,
        )
        cls.contact.tz = False
        cls.staff = cls.make_user("ack_staff", SUPPORT_USER)
        cls.level = cls.by_code("helpdesk.support.sla.level", "ds_licensee_standard")

    def tickets(self, subject):
        return self.env["helpdesk.ticket"].search([("name", "=", subject)])

    def portal_ticket(self, subject):
        self.authenticate("ack_contact", "ack_contact")
        self.submit_ticket(
            allow_redirects=False,
            team=self.team.id,
            subject=subject,
            description="Please help",
        )
        return self.tickets(subject)

    def staff_ticket(self, subject, partner=None, **context):
        self.authenticate("ack_staff", "ack_staff")
        response = call_kw(
            self,
            "helpdesk.ticket",
            "create",
            [
                {
                    "name": subject,
                    "description": "By phone",
                    "partner_id": (partner or self.contact).id,
                    "team_id": self.team.id,
                }
            ],
            context=dict(context, allowed_company_ids=self.company.ids),
        )
        return response, self.tickets(subject)

    def mail_ticket(self, subject):
        raw = (
            f"From: {self.contact.email}\r\nTo: {self.team.alias_email}\r\n"
            f"Subject: {subject}\r\nMessage-Id: <{subject.replace(' ', '.')}@l>\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n\r\nPlease help.\r\n"
        )
        with mute_logger("odoo.addons.mail.models.mail_thread"):
            self.env["mail.thread"].with_company(self.company).message_process(
                False, raw
            )
        return self.tickets(subject)

    def notices(self, ticket):
        return ticket.message_ids.filtered(lambda m: NOTICE in (m.body or ""))

    def test_every_channel_in_one_batch(self):
        """R-50 (DS 5.4, 5.5): Portal, staff on the customer's behalf and mail: each
        ticket is marked, and one run of the acknowledgement action answers them all
        with the TID, the level and the deadline in the customer's zone."""
        portal = self.portal_ticket("Ack portal")
        response, staff = self.staff_ticket("Ack staff")
        self.assertNotIn("error", response)
        mail = self.mail_ticket("Ack mail")
        tickets = portal | staff | mail
        self.assertEqual(len(tickets), 3)
        self.assertEqual(tickets.mapped("support_ack_pending"), [True] * 3)
        self.assertFalse(self.notices(tickets), "nothing rendered on creation")
        done = self.env["helpdesk.ticket"]._cron_support_acknowledge()
        self.assertEqual(done & tickets, tickets)
        for ticket in tickets:
            notice = self.notices(ticket)
            self.assertEqual(len(notice), 1, ticket.name)
            self.assertIn(ticket.number, notice.body)
            self.assertIn(self.level.name, notice.body)
            self.assertIn("(Europe/Moscow)", notice.body)
            self.assertEqual(notice.partner_ids, self.contact)
            self.assertFalse(ticket.support_ack_pending)
        self.env["helpdesk.ticket"]._cron_support_acknowledge()
        self.assertEqual(len(self.notices(tickets)), 3, "sent once")

    def test_a_setting_per_channel(self):
        """R-50 (DS 5.4): the company switches the registration notice per channel; the
        presets switch it on everywhere."""
        self.assertTrue(
            self.company.support_ack_portal
            and self.company.support_ack_staff
            and self.company.support_ack_email,
            "on by default",
        )
        self.company.write(
            {
                "support_ack_portal": False,
                "support_ack_staff": False,
                "support_ack_email": False,
            }
        )
        tickets = self.portal_ticket("Off portal")
        tickets |= self.staff_ticket("Off staff")[1]
        tickets |= self.mail_ticket("Off mail")
        self.assertEqual(len(tickets), 3)
        self.assertFalse(any(tickets.mapped("support_ack_pending")))
        self.company.support_ack_staff = True
        self.assertTrue(self.staff_ticket("On staff")[1].support_ack_pending)
        self.assertFalse(self.portal_ticket("Still off portal").support_ack_pending)

    def test_staff_own_ticket_and_hostile_rpc(self):
        """R-50 (DS 5.5): Staff's ticket for themselves is not acknowledged; a client
        cannot switch the notice off (or on) through its values or context."""
        _response, own = self.staff_ticket("Own", partner=self.staff.partner_id)
        self.assertTrue(own)
        self.assertFalse(own.support_ack_pending)
        response, ticket = self.staff_ticket(
            "Hostile default", default_support_ack_pending=False
        )
        self.assertIn("error", response)
        self.assertFalse(ticket)
        response, ticket = self.staff_ticket(
            "Hostile channel", support_ack_channel="none"
        )
        self.assertNotIn("error", response)
        self.assertTrue(ticket.support_ack_pending, "a client's key is ignored")

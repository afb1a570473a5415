# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""R-20 (MQ Appendix 1, DS 3.1-3.9): the portal ticket page names the level or the tier
and shows deadlines in the customer's time zone, zone named; a customer
without a zone reads Moscow time, the regulations' zone.

Both presets are loaded in one company, as the demo ships. The HTTP server
runs on the real clock: contracts run from 2020 to 2099 and expectations are
computed from the stored deadlines.
"""

import pytz

from odoo.tests import tagged

from .common import SupportHttpCase


def local(value, zone, pattern="%m/%d/%Y %H:%M"):
    """``value`` (naive UTC) as a wall-clock text in ``zone``."""
    return pytz.utc.localize(value).astimezone(pytz.timezone(zone)).strftime(pattern)


@tagged("post_install", "-at_install")
class TestPortalTicketSlaDisplay(SupportHttpCase):
    """MQ 1.2: «Работа с обращениями осуществляется согласно указанному в
    сервисном договоре уровню технической поддержки»; «График 8x5 – с Пн по
    Пт, с 9:00 до 18:00 по Московскому часовому поясу (GMT+3)». DS 2.1: «по
    рабочим дням с 10 до 18 часов московского времени»; DS 5.4: the customer
    is told «назначенного уровня обслуживания» (the assigned service level).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.support_tz = "Europe/Moscow"
        cls.tier = cls.by_code("helpdesk.support.tier", "mq_premium_plus")
        cls.level = cls.by_code("helpdesk.support.sla.level", "ds_licensee_standard")
        cls.mq_contact = cls.registered_contact(
            "Tz Mq LLC",
            "tz_mq",
            "tz_mq@t.test",
            "mq_premium_plus",
            login="tz_mq",
            keep_email=True,
        )
        cls.ds_contact = cls.registered_contact(
            "Tz Ds JSC",
            "tz_ds",
            "tz_ds@t.test",
            "ds_commercial",
            "licensee",
            login="tz_ds",
            keep_email=True,
        )
        cls.mq_contact.tz = False
        cls.ds_contact.tz = "Asia/Vladivostok"
        cls.mq_ticket, cls.ds_ticket = cls.env["helpdesk.ticket"].create(
            [
                {"name": "Tz mq", "description": "x", "partner_id": cls.mq_contact.id},
                {"name": "Tz ds", "description": "x", "partner_id": cls.ds_contact.id},
            ]
        )

    def page(self, login, ticket):
        self.authenticate(login, login)
        response = self.url_open(f"/my/ticket/{ticket.id}")
        self.assertEqual(response.status_code, 200)
        return response.text

    def test_tier_named_and_moscow_time_without_a_zone(self):
        """An MQ ticket without a level of its own: the page names the tier
        and its target; the contact has no zone: Moscow time, named."""
        ticket = self.mq_ticket
        self.assertFalse(ticket.support_sla_level_id)
        self.assertEqual(ticket.support_tier_id, self.tier)
        deadline = ticket.support_sla_deadline
        self.assertTrue(deadline)
        page = self.page("tz_mq", ticket)
        self.assertIn(self.tier.name, page)
        self.assertIn(ticket.support_sla_target_display, page)
        self.assertIn(f"{local(deadline, 'Europe/Moscow')} (Europe/Moscow)", page)
        self.assertNotIn(local(deadline, "UTC"), page, "never the server's UTC")
        listing = self.url_open("/my/tickets").text
        self.assertIn(self.tier.name, listing)
        self.assertIn(f"{local(deadline, 'Europe/Moscow')} (Europe/Moscow)", listing)

    def test_level_named_and_the_customer_zone(self):
        """A DS licensee's ticket: the level is named; the contact lives in
        Vladivostok and reads its own time, zone named, no Moscow time."""
        ticket = self.ds_ticket
        self.assertEqual(ticket.support_sla_level_id, self.level)
        deadline = ticket.support_sla_deadline
        page = self.page("tz_ds", ticket)
        self.assertIn(self.level.name, page)
        self.assertIn("6 working hours", page)
        self.assertIn(f"{local(deadline, 'Asia/Vladivostok')} (Asia/Vladivostok)", page)
        self.assertNotIn("(Europe/Moscow)", page)

    def test_each_reader_own_page(self):
        """R-20, R-32 (DS 5.4, MQ 1.6): Hostile: a contact asking for the other
        customer's ticket page is sent away and sees neither its level nor its
        deadline."""
        self.authenticate("tz_ds", "tz_ds")
        response = self.url_open(f"/my/ticket/{self.mq_ticket.id}")
        self.assertNotIn("Tz mq", response.text)
        self.assertNotIn(self.tier.name, response.text)

    def test_development_term_is_a_reaction_not_a_fix(self):
        """DS 3.9: «Максимальное время реакции на обращение – 24 рабочих
        дня» — the development level's term is a reaction time; DS 2.3: the
        support «не может гарантировать время решения проблемы». The portal
        shows it as the reaction due, never as a fix term (MQ 1.4's «Срок
        исправления» belongs to a confirmed critical defect)."""
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": "Needs development",
                "description": "x",
                "partner_id": self.ds_contact.id,
            }
        )
        level = self.env["helpdesk.support.sla.level"].search(
            [("code", "=", "ds_development"), ("company_id", "=", self.company.id)]
        )
        ticket._support_reclassify(ticket.category_id, level, "Handed to development")
        ticket._support_post_answer("<p>Передано в разработку.</p>")
        self.assertTrue(ticket.sudo()._support_open_deadline("development"))
        page = self.page("tz_ds", ticket)
        self.assertIn('id="support_sla_development_deadline"', page)
        self.assertIn("Reaction due (development):", page)
        self.assertNotIn('id="support_sla_fix_deadline"', page)

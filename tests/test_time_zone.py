# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""R-20, R-02: dates and deadlines shown to a customer are in the contact's
time zone, else the company's support time zone (Moscow), zone named."""

from datetime import datetime, time, timedelta

import pytz
from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged

from .common import SupportHttpCase, SupportTicketCase

MOSCOW = pytz.timezone("Europe/Moscow")


def local(value, zone, pattern="%m/%d/%Y %H:%M"):
    """``value`` (naive UTC) as a wall-clock text in ``zone``."""
    return pytz.utc.localize(value).astimezone(pytz.timezone(zone)).strftime(pattern)


@tagged("post_install", "-at_install")
class TestSupportTimeZone(SupportTicketCase):
    """Model, mail and PDF side; the clock is frozen at 2026-06-01 07:00 UTC
    (a Monday, 10:00 in Moscow)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contact = cls.make_customer("mq_premium", name="Zone Customer")
        cls.contract = cls.contract_of(cls.contact)

    def test_company_setting_and_presets_default_to_moscow(self):
        """R-02 (DS 2.1, MQ 1.2): the company's support time zone defaults to Moscow,
        the regulations' zone."""
        self.assertEqual(self.company.support_tz, "Europe/Moscow")
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.support_tz, self.env.company.support_tz)
        other = self.env["res.company"].create({"name": "No zone yet"})
        other.support_tz = False
        self.wizard._load_preset("mq", other.id)
        self.assertEqual(other.support_tz, "Europe/Moscow")
        other.support_tz = "Asia/Novosibirsk"
        self.wizard._load_preset("ds", other.id)
        self.assertEqual(other.support_tz, "Asia/Novosibirsk", "a choice is kept")

    def test_contact_zone_else_company_zone(self):
        """R-20, R-02: a contact reads its own time zone, else the company's support
        zone."""
        Partner = self.env["res.partner"]
        self.assertFalse(self.contact.tz)
        self.assertEqual(self.contact._support_tz(self.company), "Europe/Moscow")
        self.assertEqual(Partner._support_tz(self.company), "Europe/Moscow")
        self.company.support_tz = "Asia/Yekaterinburg"
        self.assertEqual(self.contact._support_tz(self.company), "Asia/Yekaterinburg")
        self.contact.tz = "Europe/Kaliningrad"
        self.assertEqual(self.contact._support_tz(self.company), "Europe/Kaliningrad")
        self.company.support_tz = False
        self.contact.tz = False
        self.assertEqual(self.contact._support_tz(self.company), "Europe/Moscow")

    def test_display_names_the_zone_in_the_reader_language(self):
        """R-20: a date shown to a customer names its zone, in the reader's language."""
        value = fields.Datetime.to_datetime("2026-06-01 09:30:00")
        self.assertEqual(
            self.contact._support_datetime_display(value, self.company),
            "06/01/2026 12:30 (Europe/Moscow)",
        )
        self.env["res.lang"]._activate_lang("ru_RU")
        self.assertEqual(
            self.contact.with_context(lang="ru_RU")._support_datetime_display(
                value, self.company
            ),
            "01.06.2026 12:30 (Europe/Moscow)",
        )
        self.contact.tz = "Asia/Vladivostok"
        self.assertEqual(
            self.contact._support_datetime_display(value, self.company),
            "06/01/2026 19:30 (Asia/Vladivostok)",
        )
        self.assertEqual(self.contact._support_datetime_display(False), "")
        # the end of a day of a rule stated in Moscow time, read elsewhere
        self.assertEqual(
            self.contact._support_day_end_display(
                fields.Date.to_date("2026-11-26"), "Europe/Moscow", self.company
            ),
            "11/27/2026 06:59 (Asia/Vladivostok)",
        )

    def test_acknowledgement_and_reminder_in_moscow_time(self):
        """R-20, R-50 (DS 5.4): the acknowledgement and the reminder give the deadline
        in Moscow time, zone named."""
        ticket = self.make_ticket(self.contact)
        # Premium: 2 hours round the clock from 07:00 UTC
        self.assertEqual(ticket.support_sla_deadline, datetime(2026, 6, 1, 9, 0))
        template = self.env.ref(
            "helpdesk_mgmt_support_contract.mail_template_ticket_acknowledgement"
        )
        body = template._render_field("body_html", ticket.ids)[ticket.id]
        self.assertIn("06/01/2026 12:00 (Europe/Moscow)", body)
        self.contact.tz = "Asia/Yekaterinburg"
        body = template._render_field("body_html", ticket.ids)[ticket.id]
        self.assertIn("06/01/2026 14:00 (Asia/Yekaterinburg)", body)
        self.contact.tz = False
        # the answer asks for information on Monday: the customer has three
        # working days from Tuesday, to the end of Thursday's working day
        # (MQ 1.2, R-60, ГК РФ ст. 191, 194)
        ticket.support_waiting_reason_id = self.env.ref(
            "helpdesk_mgmt_support_contract.waiting_reason_information"
        )
        self.assertEqual(ticket.support_autoclose_date, datetime(2026, 6, 4, 15, 0))
        reminder = self.env.ref(
            "helpdesk_mgmt_support_contract.mail_template_autoclose_reminder"
        )
        body = reminder._render_field("body_html", ticket.ids)[ticket.id]
        self.assertIn("06/04/2026 18:00 (Europe/Moscow)", body)

    def test_acknowledgement_in_russian(self):
        """R-50 (DS 5.4, 5.5): a Russian contact's acknowledgement is in Russian, with
        the zone named."""
        self.env["res.lang"]._activate_lang("ru_RU")
        self.env["ir.module.module"]._load_module_terms(
            ["helpdesk_mgmt_support_contract"], ["ru_RU"]
        )
        self.contact.lang = "ru_RU"
        ticket = self.make_ticket(self.contact)
        template = self.env.ref(
            "helpdesk_mgmt_support_contract.mail_template_ticket_acknowledgement"
        )
        body = template._render_field("body_html", ticket.ids, compute_lang=True)[
            ticket.id
        ]
        self.assertIn("Мы ответим до", body)
        self.assertIn("время реакции 2 ч (круглосуточно)", body)
        self.assertIn("01.06.2026 12:00 (Europe/Moscow)", body)

    def test_sla_report_states_its_zone(self):
        """R-29: the SLA report states the zone of its dates."""
        with freeze_time("2026-06-01 07:00:00"):
            ticket = self.make_ticket(self.contact, name="Zone report")
        self.env.cr.execute(
            "UPDATE helpdesk_ticket SET create_date = %s WHERE id = %s",
            ("2026-06-01 07:00:00", ticket.id),
        )
        ticket.invalidate_recordset(["create_date"])
        wizard = self.sla_report(self.contract)

        def render():
            return self.sla_report_html(wizard)

        html = render()
        self.assertIn("report_support_sla_tz", html)
        self.assertIn("Europe/Moscow", html)
        # start 10:00 and deadline 12:00 Moscow time, without seconds
        self.assertIn("06/01/2026 10:00", html)
        self.assertIn("06/01/2026 12:00", html)
        self.assertNotIn("06/01/2026 07:00", html)
        # the customer's own zone wins over the company's
        self.contract.partner_id.tz = "Asia/Omsk"
        html = render()
        self.assertIn("Asia/Omsk", html)
        self.assertIn("06/01/2026 15:00", html)


@tagged("post_install", "-at_install")
class TestSupportTimeZonePortal(SupportHttpCase):
    """Portal pages: the ticket page and list, the booking deadlines.

    The HTTP server runs on the real clock: records are valid whatever the
    date (contract from 2020 to 2099) and expectations are computed from the
    stored values.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.support_tz = "Europe/Moscow"
        cls.contact = cls.registered_contact(
            "Zone Portal LLC",
            "zone_contact",
            "zone_contact@z.test",
            "mq_premium",
            login="zone_contact",
        )
        cls.organisation = cls.contact.parent_id
        cls.user = cls.contact.user_ids
        cls.contact.tz = False
        cls.ticket = cls.env["helpdesk.ticket"].create(
            {
                "name": "Zone ticket",
                "description": "x",
                "partner_id": cls.contact.id,
            }
        )

    def test_ticket_page_and_list_in_moscow_time(self):
        """R-20 (DS 5.4): the portal ticket page and list show the deadline in Moscow
        time, zone named."""
        deadline = self.ticket.support_sla_deadline
        self.assertTrue(deadline)
        self.authenticate("zone_contact", "zone_contact")
        page = self.url_open(f"/my/ticket/{self.ticket.id}").text
        self.assertIn(f"{local(deadline, 'Europe/Moscow')} (Europe/Moscow)", page)
        created = local(self.ticket.create_date, "Europe/Moscow")
        self.assertIn(f"{created} (Europe/Moscow)", page)
        listing = self.url_open("/my/tickets").text
        self.assertIn(f"{local(deadline, 'Europe/Moscow')} (Europe/Moscow)", listing)
        self.assertIn(f"{created} (Europe/Moscow)", listing)
        # a contact with a zone of its own reads its own time
        self.contact.tz = "Asia/Yekaterinburg"
        page = self.url_open(f"/my/ticket/{self.ticket.id}").text
        self.assertIn(
            f"{local(deadline, 'Asia/Yekaterinburg')} (Asia/Yekaterinburg)", page
        )
        self.assertNotIn("(Europe/Moscow)", page)

    def test_booking_deadline_end_of_day_moscow(self):
        """R-73 (MQ 2.4 «не позднее, чем за 5 календарных дней до начала
        месяца»): a booking's change deadline is the end of that day in
        Moscow, the last day of a period included (ГК РФ ст. 194)."""
        certificate = self.current_certificate(self.organisation, 20)
        self.ps_specialist("Zone specialist")
        Booking = self.env["helpdesk.support.booking"]
        month = Booking._support_bookable_months(certificate)[0]
        booking = Booking._support_book(certificate, month, 4, self.contact)
        self.authenticate("zone_contact", "zone_contact")
        page = self.url_open("/my/support/certificates").text
        deadline = booking.change_deadline.strftime("%m/%d/%Y")
        self.assertIn(f"{deadline} 23:59 (Europe/Moscow)", page)
        end = MOSCOW.localize(
            datetime.combine(booking.change_deadline + timedelta(days=1), time.min)
        ) - timedelta(minutes=1)
        self.contact.tz = "Asia/Yekaterinburg"
        page = self.url_open("/my/support/certificates").text
        expected = end.astimezone(pytz.timezone("Asia/Yekaterinburg"))
        self.assertIn(
            f"{expected.strftime('%m/%d/%Y %H:%M')} (Asia/Yekaterinburg)", page
        )

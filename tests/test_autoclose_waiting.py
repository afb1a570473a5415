# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""R-60, R-64 (DS 6): auto-close only when the ball is in the
customer's court; auto-closed tickets in their own stage, never asked for a
rating. Both presets in one company (SupportTicketCase)."""

from freezegun import freeze_time

from odoo.tests import tagged

from .common import SupportTicketCase, naive

XMLID = "helpdesk_mgmt_support_contract.waiting_reason_%s"


@tagged("post_install", "-at_install")
class TestAutocloseWaitsForTheCustomer(SupportTicketCase):
    """MQ 1.2: «При отсутствии реакции Пользователя на предложенное Службой
    технической поддержки решения и/или запрос дополнительной информации в
    течение 3 (трех) рабочих дней с даты получения Пользователем
    соответствующего решения или запроса от Службы технической поддержки,
    обращение считается неактуальным … а само обращение - закрытым»."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contact = cls.make_customer("mq_basic", name="Waiting LLC")
        cls.ds_contact = cls.make_customer("ds_commercial", "licensee", name="W JSC")
        cls.information = cls.env.ref(XMLID % "information")
        cls.development = cls.env.ref(XMLID % "development")
        cls.autoclosed = cls.env.ref(
            "helpdesk_mgmt_support_contract.helpdesk_ticket_stage_autoclosed"
        )

    def new_ticket(self, contact=None):
        with freeze_time("2026-06-01 07:00:00"):
            return self.make_ticket(contact or self.contact)

    def wait(self, ticket, reason, when="2026-06-01 08:00:00"):
        with freeze_time(when):
            ticket.support_waiting_reason_id = reason

    def autoclose(self, when):
        with freeze_time(when):
            return self.env["helpdesk.ticket"]._cron_support_autoclose()

    def test_reasons_say_whose_court_the_ball_is_in(self):
        """DS 5.10: of the reasons a solution is postponed, only «вопрос
        требует детальной диагностики, доработки функционала и/или выпуска
        обновления» is on the vendor's side."""
        vendor = self.env["helpdesk.support.waiting.reason"].search(
            [("waits_for_customer", "=", False)]
        )
        self.assertEqual(vendor, self.development)
        for name in (
            "cannot_reproduce",
            "information",
            "licence_violation",
            "unlicensed",
            "out_of_scope",
            "non_constructive",
        ):
            self.assertTrue(self.env.ref(XMLID % name).waits_for_customer, name)

    def test_vendor_side_reason_keeps_the_clock_and_never_closes(self):
        """R-60: the countdown runs after a solution or an information
        request only, under a regulation that states it (MQ 1.2; DS has no
        auto-close). Parked as "needs development" (DS 5.10), the response
        clock keeps running (R-22: MQ 1.2 «Основным показателем SLA является
        гарантированное время ответа», DS 2.3) and the ticket is never
        closed for want of a reply; moved to an information request, the
        clock pauses and, on MQ, the 3 working days start then; back on the
        vendor's side, they stop and the clock runs again."""
        for contact, autocloses in ((self.contact, True), (self.ds_contact, False)):
            ticket = self.new_ticket(contact)
            self.wait(ticket, self.development)
            self.assertEqual(self.response_timer(ticket).state, "running")
            self.assertFalse(ticket.support_autoclose_date)
            self.assertFalse(ticket.support_waiting_since)
            self.assertFalse(self.autoclose("2026-06-15 09:00:00"))
            self.assertFalse(ticket.stage_id.closed)
            self.assertFalse(self.messages(ticket, "We are waiting for your reply"))
            self.wait(ticket, self.information, "2026-06-16 08:00:00")  # Tue
            self.assertEqual(self.response_timer(ticket).state, "paused")
            self.assertEqual(
                ticket.support_autoclose_date,
                naive("2026-06-19 15:00:00") if autocloses else False,
            )
            self.wait(ticket, self.development, "2026-06-17 08:00:00")
            self.assertFalse(ticket.support_autoclose_date)
            self.assertFalse(ticket.support_autoclose_reminder_date)
            self.assertIn(self.response_timer(ticket).state, ("breached", "running"))
            self.assertFalse(self.autoclose("2026-06-30 09:00:00"))
            self.assertFalse(ticket.stage_id.closed)

    def test_autoclosed_ticket_lands_in_its_stage_without_rating(self):
        """R-60 / R-64: a ticket closed for want of the customer's reply is
        in the stage *Closed: no reply* and asked for no rating; a ticket
        solved by staff is (DS 6)."""
        ticket = self.new_ticket()
        solved = self.new_ticket()
        self.wait(ticket, self.information)
        # the end of Thursday's working time (MQ 1.2, ГК РФ ст. 191, 194)
        self.autoclose("2026-06-04 15:00:00")
        self.assertEqual(ticket.stage_id, self.autoclosed)
        self.assertEqual(self.autoclosed.name, "Closed: no reply")
        self.assertTrue(self.autoclosed.closed)
        self.assertTrue(self.messages(ticket, "we received no reply"))
        self.assertFalse(self.messages(ticket, "/rate/"))
        self.assertFalse(ticket.rating_ids)
        with freeze_time("2026-06-04 16:00:00"):
            solved.stage_id = self.stage_done
        self.assertEqual(len(self.messages(solved, "/rate/")), 1)

    def test_no_rating_even_in_a_stage_that_asks(self):
        """R-60, R-64 (MQ 1.2, DS 6): The company may send auto-closed tickets to a
        stage of its own choice; even one with a rating template asks nothing of a
        ticket closed for want of a reply."""
        self.company.support_autoclose_stage_id = self.stage_done
        self.assertTrue(self.stage_done.rating_mail_template_id)
        ticket = self.new_ticket()
        self.wait(ticket, self.information)
        self.autoclose("2026-06-04 15:00:00")
        self.assertEqual(ticket.stage_id, self.stage_done)
        self.assertFalse(self.messages(ticket, "/rate/"))
        self.assertFalse(ticket.rating_ids)

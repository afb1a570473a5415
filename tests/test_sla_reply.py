# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""R-36 (DS 2.3): a reaction to every customer follow-up;
R-37 (MQ glossary): the guaranteed response is the answer on the
substance, not a holding reply. Both presets in one company."""

from datetime import timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.tests import JsonRpcException, tagged

from .common import SUPPORT_USER, SupportHttpCase, SupportTicketCase, naive


def raw_reply(sender, subject, body, message_id, date):
    """A plain-text RFC 822 reply; ``date`` is whatever the sender claims."""
    return (
        "\r\n".join(
            [
                f"From: {sender}",
                "To: support@reply.test",
                f"Subject: {subject}",
                f"Message-Id: <{message_id}@reply.test>",
                f"Date: {date}",
                "MIME-Version: 1.0",
                "Content-Type: text/plain; charset=utf-8",
            ]
        )
        + "\r\n\r\n"
        + body
        + "\r\n"
    )


@tagged("post_install", "-at_install")
class TestReplyTimerByMail(SupportTicketCase):
    """A DS VIP licensee (2 working hours, 10:00-18:00 Moscow) writes by
    e-mail; Mon 1 Jun 2026 07:00 UTC is 10:00 in Moscow."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.support_alias("reply.test", cls.team)
        cls.vip = cls.make_customer("ds_vip", "licensee", name="Reply JSC")
        contract = cls.contract_of(cls.vip)
        contract.contact_ids = [Command.set(cls.vip.ids)]
        cls.contract = contract

    def reply_timers(self, ticket):
        return ticket.support_sla_timer_ids.filtered(lambda t: t.kind == "reply")

    def new_mail_ticket(self):
        self.process(
            raw_reply(
                self.vip.email,
                "Exchange fails",
                "Documents are not sent",
                "first",
                "Mon, 01 Jun 2026 10:00:00 +0300",
            ),
            "2026-06-01 07:00:00",
        )
        ticket = self.env["helpdesk.ticket"].search([("name", "=", "Exchange fails")])
        self.assertEqual(len(ticket), 1)
        return ticket

    def test_mail_follow_up_starts_a_reply_timer_met_by_the_next_reply(self):
        """DS 2.3: «Реакция сотрудников службы технической поддержки на
        поступление дополнительной информации может быть дольше, но не
        больше максимального времени реакции определенного для данного
        уровня технической поддержки». The customer's e-mail on an open
        ticket starts a reply timer with the level's 2 working hours,
        counted from the receipt — not from the Date the mail claims (a
        forged date far in the past or the future moves nothing) — and the
        next public reply of staff meets it; a note does not."""
        ticket = self.new_mail_ticket()
        self.assertEqual(ticket.support_sla_level_id.code, "ds_licensee_vip")
        response = self.response_timer(ticket)
        self.assertFalse(
            self.reply_timers(ticket), "the first message is the request itself"
        )
        self.staff_reply(ticket, "2026-06-01 07:30:00")
        self.assertEqual(response.state, "met")
        subject = f"Re: [{ticket.number}] Exchange fails"
        self.process(
            raw_reply(
                self.vip.email,
                subject,
                "Here is the log",
                "log",
                "Sat, 01 Jan 2000 00:00:00 +0000",
            ),
            "2026-06-01 08:00:00",
        )
        reply = self.reply_timers(ticket)
        self.assertEqual(len(reply), 1)
        self.assertEqual(reply.state, "running")
        self.assertEqual(reply.start_date, naive("2026-06-01 08:00:00"))
        self.assertEqual(
            (reply.target_value, reply.target_unit, reply.resource_calendar_id),
            (2.0, "hours", response.resource_calendar_id),
        )
        self.assertEqual(reply.support_sla_level_id, ticket.support_sla_level_id)
        # 11:00 Moscow + 2 working hours = 13:00 Moscow
        self.assertEqual(reply.deadline, naive("2026-06-01 10:00:00"))
        self.assertEqual(ticket.support_reply_deadline, reply.deadline)
        # a second message while the reaction is owed starts no second clock
        self.process(
            raw_reply(
                self.vip.email,
                subject,
                "And a screenshot",
                "shot",
                "Fri, 31 Dec 2099 23:59:59 +0000",
            ),
            "2026-06-01 08:30:00",
        )
        self.assertEqual(self.reply_timers(ticket), reply)
        self.assertEqual(reply.deadline, naive("2026-06-01 10:00:00"))
        self.staff_reply(ticket, "2026-06-01 09:00:00", subtype="mail.mt_note")
        self.assertEqual(reply.state, "running", "an internal note is no reaction")
        self.staff_reply(ticket, "2026-06-01 09:30:00")
        self.assertEqual(reply.state, "met")
        self.assertEqual(reply.met_date, naive("2026-06-01 09:30:00"))
        answer = ticket.message_ids.filtered(
            lambda m: m.author_id == self.support_user.partner_id
            and m.subtype_id == self.env.ref("mail.mt_comment")
        ).sorted("id")[-1]
        self.assertEqual(reply.met_message_id, answer)
        self.assertFalse(ticket.support_reply_deadline)
        self.assertEqual(response.met_date, naive("2026-06-01 07:30:00"))
        # the next follow-up is owed a reaction of its own
        self.process(
            raw_reply(self.vip.email, subject, "Still failing", "again", "x"),
            "2026-06-01 11:00:00",
        )
        self.assertEqual(len(self.reply_timers(ticket)), 2)

    def test_a_stranger_with_the_tid_starts_no_timer(self):
        """Hostile input: an address of another organisation quoting the
        ticket's TID never reaches the ticket (DS 5.5), so it owes the
        stranger no reaction."""
        ticket = self.new_mail_ticket()
        self.staff_reply(ticket, "2026-06-01 07:30:00")
        intruder = self.make_customer("mq_basic", name="Intruder LLC")
        self.process(
            raw_reply(
                intruder.email,
                f"Re: [{ticket.number}] Exchange fails",
                "Injected",
                "forged",
                "Mon, 01 Jun 2026 11:00:00 +0300",
            ),
            "2026-06-01 08:00:00",
        )
        self.assertFalse(self.reply_timers(ticket))

    def test_no_reply_timer_while_the_response_is_owed_or_the_ticket_is_closed(self):
        """The response timer already counts the reaction the customer is
        owed (its deadline is the earlier one); a reply to a closed ticket
        reopens it with a new response timer (R-61), not a reply timer."""
        ticket = self.new_mail_ticket()
        subject = f"Re: [{ticket.number}] Exchange fails"
        self.process(
            raw_reply(self.vip.email, subject, "More details", "more", "x"),
            "2026-06-01 07:20:00",
        )
        self.assertFalse(self.reply_timers(ticket))
        self.staff_reply(ticket, "2026-06-01 07:30:00")
        with freeze_time("2026-06-01 07:40:00"):
            ticket.stage_id = self.stage_done
        self.process(
            raw_reply(self.vip.email, subject, "Broken again", "again", "x"),
            "2026-06-02 07:00:00",
        )
        self.assertFalse(ticket.stage_id.closed)
        self.assertFalse(self.reply_timers(ticket))
        self.assertEqual(len(self.response_timer(ticket)), 2)

    def test_compliance_report_counts_each_kind(self):
        """R-29 with R-36: the monthly report counts response and reply
        timers apart (met, breached, compliance per kind)."""
        ticket = self.new_mail_ticket()
        self.staff_reply(ticket, "2026-06-01 07:30:00")
        self.process(
            raw_reply(
                self.vip.email,
                f"Re: [{ticket.number}] Exchange fails",
                "Log",
                "log",
                "x",
            ),
            "2026-06-01 08:00:00",
        )
        with freeze_time("2026-06-01 10:30:00"):
            self.Timer._cron_update_states()
        self.assertEqual(self.reply_timers(ticket).state, "breached")
        wizard = self.sla_report(self.contract)
        self.env.cr.execute(
            "UPDATE helpdesk_ticket SET create_date = %s WHERE id = %s",
            ("2026-06-01 07:00:00", ticket.id),
        )
        ticket.invalidate_recordset(["create_date"])
        summary = wizard._get_summary(wizard._get_tickets())
        rows = {row["kind"]: row for row in summary["by_kind"]}
        self.assertEqual(
            (rows["Response"]["met"], rows["Response"]["compliance"]), (1, 100.0)
        )
        reply = rows["Reply to the customer"]
        self.assertEqual((reply["breached"], reply["compliance"]), (1, 0.0))
        self.assertEqual(summary["compliance"], 50.0)
        html = self.sla_report_html(wizard)
        self.assertIn("report_support_sla_by_kind", html)
        self.assertIn("Reply to the customer", html)


@tagged("post_install", "-at_install")
class TestReplyAndAnswerOverHttp(SupportHttpCase):
    """Both presets in the main company, as the demo ships. Premium (MQ, 24x7,
    2 hours): the clock of the HTTP requests is real, so the checks are
    relative to the timers' own start."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.support = cls.make_user("reply_support", SUPPORT_USER)
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {"name": "Reply support", "user_ids": [Command.set(cls.support.ids)]}
        )
        cls.mq_contact = cls.portal_contact("MQ Reply LLC", "mq_premium", "reply_mq")
        cls.ds_contact = cls.portal_contact(
            "DS Reply JSC", "ds_vip", "reply_ds", "licensee"
        )
        cls.other = cls.portal_contact("Other LLC", "mq_premium", "reply_other")

    def ticket(self, contact):
        return self.env["helpdesk.ticket"].create(
            {
                "name": "Over HTTP",
                "description": "<p>x</p>",
                "partner_id": contact.id,
                "team_id": self.team.id,
            }
        )

    def post(self, login, ticket, body):
        """A message as the chatter widget posts it (portal and backend)."""
        self.authenticate(login, login)
        return self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "helpdesk.ticket",
                "thread_id": ticket.id,
                "post_data": {
                    "body": body,
                    "message_type": "comment",
                    "subtype_xmlid": "mail.mt_comment",
                },
            },
        )

    def call_kw(self, login, model, method, args, kwargs=None):
        self.authenticate(login, login)
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    def timers(self, ticket, kind):
        ticket.invalidate_recordset()
        return ticket.support_sla_timer_ids.filtered(lambda t: t.kind == kind)

    def post_answer(self, login, ticket, body):
        wizard_id = self.call_kw(
            login,
            "helpdesk.support.answer.wizard",
            "create",
            [{"ticket_id": ticket.id, "body": body}],
        )
        return self.call_kw(
            login, "helpdesk.support.answer.wizard", "action_post", [[wizard_id]]
        )

    def test_presets_say_what_meets_the_response(self):
        """MQ glossary: «Гарантированное время ответа — это срок, в который
        будет предоставлен исчерпывающий ответ от технической поддержки по
        существу задаваемого вопроса» — every MQ tier is met by the answer;
        DS 2.3 counts the reaction — DS tiers by the first public reply."""
        tiers = self.env["helpdesk.support.tier"].search(
            [("company_id", "=", self.company.id)]
        )
        met_by = {tier.code: tier.response_met_by for tier in tiers}
        self.assertEqual(
            met_by,
            {
                "mq_basic": "answer",
                "mq_basic_plus": "answer",
                "mq_premium": "answer",
                "mq_premium_plus": "answer",
                "ds_commercial": "first_reply",
                "ds_vip": "first_reply",
            },
        )

    def test_portal_follow_up_starts_a_reply_timer(self):
        """DS 2.3 (R-36): «Реакция сотрудников службы технической поддержки
        на поступление дополнительной информации может быть дольше, но не
        больше максимального времени реакции определенного для данного
        уровня». The customer's message in the portal chatter starts a reply
        timer with the ticket's target, shown on the portal page; a public
        reply of staff in the chatter meets it. Hostile: a portal user of
        another customer cannot post there, and starts nothing."""
        ticket = self.ticket(self.mq_contact)
        response = self.timers(ticket, "response")
        self.assertEqual((response.target_value, response.target_unit), (2.0, "hours"))
        self.post_answer("reply_support", ticket, "<p>The answer</p>")
        self.assertEqual(response.state, "met")
        with self.assertRaises(JsonRpcException):
            self.post("reply_other", ticket, "Not my ticket")
        self.assertFalse(self.timers(ticket, "reply"))
        self.post("reply_mq", ticket, "It still fails with this setting")
        reply = self.timers(ticket, "reply")
        self.assertEqual(len(reply), 1)
        self.assertEqual(reply.state, "running")
        self.assertEqual(
            (reply.target_value, reply.target_unit, reply.resource_calendar_id),
            (2.0, "hours", response.resource_calendar_id),
        )
        # 24x7: two hours after the receipt
        self.assertEqual(reply.deadline, reply.start_date + timedelta(hours=2))
        self.authenticate("reply_mq", "reply_mq")
        page = self.url_open(f"/my/ticket/{ticket.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("support_sla_reply_deadline", page.text)
        self.assertIn("Reply to your message due", page.text)
        self.post("reply_mq", ticket, "And one more detail")
        self.assertEqual(self.timers(ticket, "reply"), reply)
        self.post("reply_support", ticket, "Please try this")
        self.assertEqual(reply.state, "met")
        self.assertTrue(reply.met_message_id)
        page = self.url_open(f"/my/ticket/{ticket.id}")
        self.assertNotIn("support_sla_reply_deadline", page.text)

    def test_mq_response_is_met_by_the_answer_not_a_holding_reply(self):
        """MQ glossary (R-37): «Гарантированное время ответа — это срок, в
        который будет предоставлен исчерпывающий ответ от технической
        поддержки по существу задаваемого вопроса». A holding reply in the
        chatter does not stop the clock of an MQ ticket; *Post the answer*
        (call_kw as the support user) does, and records the message."""
        ticket = self.ticket(self.mq_contact)
        response = self.timers(ticket, "response")
        self.post("reply_support", ticket, "We are looking into it")
        self.assertEqual(response.state, "running", "a holding reply")
        self.assertFalse(response.met_date)
        self.post_answer("reply_support", ticket, "<p>Set the option to 5</p>")
        self.assertEqual(response.state, "met")
        self.assertIn("Set the option to 5", response.met_message_id.body)
        self.assertEqual(response.met_message_id.author_id, self.support.partner_id)
        self.assertFalse(response.met_message_id.subtype_id.internal)
        self.assertIn(self.mq_contact, response.met_message_id.notified_partner_ids)

    def test_ds_response_is_met_by_the_first_reply(self):
        """DS 2.3: «Максимальное время реакции на обращение» — the reaction:
        the first public reply of staff meets a DS ticket's response."""
        ticket = self.ticket(self.ds_contact)
        self.assertEqual(ticket.support_sla_level_id.code, "ds_licensee_vip")
        response = self.timers(ticket, "response")
        self.post("reply_support", ticket, "We are looking into it")
        self.assertEqual(response.state, "met")

    def test_only_staff_post_the_answer(self):
        """R-37 (MQ glossary): Hostile: the customer cannot mark its own message as the
        answer, nor post one through the wizard or the ticket's button."""
        ticket = self.ticket(self.mq_contact)
        response = self.timers(ticket, "response")
        with self.assertRaises(JsonRpcException):
            self.post_answer("reply_mq", ticket, "<p>Solved, I say</p>")
        with self.assertRaises(JsonRpcException):
            self.call_kw(
                "reply_mq",
                "helpdesk.ticket",
                "action_support_post_answer",
                [[ticket.id]],
            )
        self.assertEqual(response.state, "running")
        ticket.stage_id = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        with self.assertRaises(JsonRpcException):
            self.post_answer("reply_support", ticket, "<p>Too late</p>")
        self.assertFalse(ticket.message_ids.filtered(lambda m: "Too late" in m.body))

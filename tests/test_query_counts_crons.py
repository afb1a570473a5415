# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Queries of one batch of each scheduled action, at N and 2N due records.

Each action is run once to warm the caches, then on N due records and on 2N
(counted as ``assertQueryCount`` counts, the record cache emptied before
each run): the larger batch may cost only a constant more (multi-row
statements Odoo splits by the values they write), never a query per record:
N more records with one query each would exceed it.
"""

from freezegun import freeze_time

from odoo import fields
from odoo.tests import new_test_user, tagged
from odoo.tools import SQL

from odoo.addons.base.tests.common import MockSmtplibCase

from .common import SupportTicketCase
from .test_query_counts import QueryCountMixin

# due records of the smaller batch; the larger one holds twice as many
N = 8
# queries the larger batch may take beyond the smaller one, whatever N:
# below N, so that one query more per record fails the test
CONSTANT = 6


@tagged("post_install", "-at_install")
class TestQueryCountsCrons(QueryCountMixin, MockSmtplibCase, SupportTicketCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.alias_domain_id = cls.env["mail.alias.domain"].create(
            {"name": "crons.test"}
        )
        cls.ds_contact = cls.make_customer("ds_commercial", "licensee", name="Cron DS")
        cls.mq_contact = cls.make_customer("mq_premium", name="Cron MQ")
        cls.leader = new_test_user(
            cls.env, login="cron_leader", groups="helpdesk_mgmt.group_helpdesk_user"
        )
        # the staff read their notifications by e-mail: an inbox user's live
        # update carries each thread's data, and OCA mail_gateway reads its
        # followers there once a ticket (_thread_to_store), as Odoo's own
        # per-message notification does
        cls.team.user_id = cls.leader
        cls.reason = cls.env.ref(
            "helpdesk_mgmt_support_contract.waiting_reason_information"
        )
        cls.Ticket = cls.Ticket.with_context(tracking_disable=False)

    def setUp(self):
        super().setUp()
        self.enterContext(self.mock_smtplib_connection())
        # the mails are queued, not sent within the measured run
        self.env["ir.config_parameter"].sudo().set_param(
            "mail.mail.force.send.limit", 0
        )

    def vals(self, count, contact, tag):
        return [
            {
                "name": f"Cron {tag}{index}",
                "description": "<p>Steps</p>",
                "partner_id": contact.id,
                "team_id": self.team.id,
                "user_id": self.support_user.id,
            }
            for index in range(count)
        ]

    def assertConstantInN(self, make_due, run, check=None):
        """``make_due(count, round)`` makes ``count`` records due and returns
        them; ``run()`` is the action; the batch of 2N costs the queries of
        the batch of N up to ``CONSTANT``."""
        make_due(2, 0)
        run()
        counts = []
        for index, size in enumerate((N, 2 * N), start=1):
            records = make_due(size, index)
            counts.append(self.count_queries(run))
            if check:
                check(records)
        small, large = counts
        self.assertLessEqual(large - small, CONSTANT, counts)
        return counts

    # ------------------------------------------------------------------
    # The actions
    # ------------------------------------------------------------------

    def test_acknowledgements_known_senders(self):
        """DS 5.4 «генерируется и высылается на адрес Отправителя письмо с
        подтверждением о принятой проблеме», DS 5.5 «Отправитель получает
        уведомление о начале ее обработки и указанному обращению
        присваивается уникальный идентификатор (TID)» (R-50): the
        acknowledgements of 2N tickets cost the queries of N."""

        def make_due(count, index):
            tickets = self.Ticket.create(self.vals(count, self.ds_contact, f"a{index}"))
            tickets.sudo().write({"support_ack_pending": True})
            return tickets

        def check(tickets):
            self.assertFalse(tickets.filtered("support_ack_pending"))
            for ticket in tickets:
                self.assertEqual(len(self.messages(ticket, "registered under")), 1)

        self.assertConstantInN(make_due, self.Ticket._cron_support_acknowledge, check)

    def test_acknowledgements_unknown_senders(self):
        """DS 5.4–5.5 (R-50) for senders the gateway does not know (DS 5.1,
        R-51): their acknowledgements, mailed to the address of the mail
        with the TID in a fixed subject, cost for 2N tickets the queries of
        N; beyond the hourly limit of automatic replies to one address the
        acknowledgement is only noted on the ticket."""

        def make_due(count, index):
            tickets = self.Ticket.create(
                [
                    {
                        "name": f"Unknown {index}-{i}",
                        "description": "<p>Hello</p>",
                        "partner_email": f"stranger{index}-{i}@elsewhere.test",
                        "team_id": self.team.id,
                    }
                    for i in range(count)
                ]
            )
            tickets.sudo().write({"partner_id": False, "support_ack_pending": True})
            return tickets

        def check(tickets):
            mails = (
                self.env["mail.mail"]
                .sudo()
                .search([("email_to", "in", tickets.mapped("partner_email"))])
            )
            self.assertEqual(len(mails), len(tickets))
            for ticket in tickets:
                mail = mails.filtered(lambda m, t=ticket: m.email_to == t.partner_email)
                self.assertEqual(
                    mail.subject, f"[{ticket.number}] Your request is registered"
                )

        self.assertConstantInN(make_due, self.Ticket._cron_support_acknowledge, check)
        # the same address four times within the hour: three replies, a note
        tickets = self.Ticket.create(
            [
                {
                    "name": f"Flood {i}",
                    "description": "<p>Hello</p>",
                    "partner_email": "flood@elsewhere.test",
                    "team_id": self.team.id,
                }
                for i in range(4)
            ]
        )
        tickets.sudo().write({"partner_id": False, "support_ack_pending": True})
        self.Ticket._cron_support_acknowledge()
        mails = (
            self.env["mail.mail"]
            .sudo()
            .search([("email_to", "=", "flood@elsewhere.test")])
        )
        self.assertEqual(len(mails), 3)
        noted = tickets.filtered(
            lambda t: self.messages(t, "The acknowledgement was not sent")
        )
        self.assertEqual(len(noted), 1)
        self.assertFalse(
            self.messages(
                noted, "The acknowledgement was not sent"
            ).notified_partner_ids
        )

    def test_breach_and_at_risk(self):
        """DS 2.1 «Максимальный срок реакции на обращение определяется
        установленным уровнем поддержки» (R-21, R-62): the breach notes, the
        leader's to-dos and their notifications of 2N tickets cost the
        queries of N; each ticket gets its note, its to-do and its
        assignee's notification."""
        weeks = {}

        def make_due(count, index):
            monday = fields.Date.add(fields.Date.to_date("2026-06-01"), weeks=index)
            weeks[index] = monday
            with freeze_time(f"{monday} 07:00:00"):
                return self.Ticket.create(
                    self.vals(count, self.ds_contact, f"b{index}")
                )

        def run():
            friday = fields.Date.add(weeks[max(weeks)], days=4)
            with freeze_time(f"{friday} 08:00:00"):
                self.env["helpdesk.support.sla.timer"]._cron_update_states()

        def check(tickets):
            for ticket in tickets:
                self.assertEqual(len(self.messages(ticket, "SLA breached:")), 1)
                todo = ticket.activity_ids.filtered(lambda a: a.user_id == self.leader)
                self.assertTrue(todo)
                told = (
                    self.env["mail.message"]
                    .sudo()
                    .search(
                        [
                            ("model", "=", "helpdesk.ticket"),
                            ("res_id", "=", ticket.id),
                            ("message_type", "=", "user_notification"),
                            ("partner_ids", "in", self.leader.partner_id.ids),
                        ]
                    )
                )
                self.assertTrue(told)
                self.assertIn("assigned to you", told[0].subject)

        self.assertConstantInN(make_due, run, check)

    def test_autoclose_and_reminders(self):
        """MQ 1.2 «При отсутствии реакции Пользователя … в течение 3 (трех)
        рабочих дней … Обращение закрывается автоматически» (R-60): the
        reminders and the closings (stage written per stage, its tracking
        logged) of 2N tickets cost the queries of N."""
        weeks = {}

        def waiting(count, when, tag):
            with freeze_time(when):
                tickets = self.Ticket.create(self.vals(count, self.mq_contact, tag))
                tickets.write({"support_waiting_reason_id": self.reason.id})
            return tickets

        def make_due(count, index):
            monday = fields.Date.add(fields.Date.to_date("2026-06-22"), weeks=index)
            weeks[index] = monday
            closing = waiting(count, f"{monday} 08:00:00", f"c{index}")
            tuesday = fields.Date.add(monday, days=1)
            reminded = waiting(count, f"{tuesday} 08:00:00", f"r{index}")
            return closing, reminded

        def run():
            thursday = fields.Date.add(weeks[max(weeks)], days=3)
            with freeze_time(f"{thursday} 16:00:00"):
                self.Ticket._cron_support_autoclose()

        def check(records):
            closing, reminded = records
            self.assertTrue(all(closing.mapped("stage_id.closed")))
            for ticket in closing:
                tracked = ticket.message_ids.filtered("tracking_value_ids")
                self.assertIn(
                    ticket.stage_id,
                    tracked.tracking_value_ids.filtered(
                        lambda v: v.field_id.name == "stage_id"
                    ).mapped(
                        lambda v: self.env["helpdesk.ticket.stage"].browse(
                            v.new_value_integer
                        )
                    ),
                )
            self.assertFalse(reminded.filtered("support_autoclose_reminder_date"))
            reminded.write({"support_waiting_reason_id": False})

        self.assertConstantInN(make_due, run, check)

    def test_purge(self):
        """DS 5.3 «Лицензиат может предоставить сотруднику технической
        поддержки временный административный доступ к Программе»; R-63
        purges those data after the retention period with a trace: the
        traces of 2N tickets cost the queries of N."""
        months = {}

        def make_due(count, index):
            months[index] = month = index + 1
            with freeze_time(f"2026-{month:02d}-01 08:00:00"):
                tickets = self.Ticket.create(
                    self.vals(count, self.ds_contact, f"p{index}")
                )
                tickets.write({"support_credentials": "login: admin"})
            return tickets

        def run():
            later = months[max(months)] + 1
            with freeze_time(f"2026-{later:02d}-05 08:00:00"):
                self.Ticket._cron_support_purge_confidential()

        def check(tickets):
            self.assertFalse(tickets.filtered("support_credentials"))
            for ticket in tickets:
                self.assertEqual(
                    len(self.messages(ticket, "Confidential data purged")), 1
                )

        self.assertConstantInN(make_due, run, check)

    def test_background_recompute(self):
        """DS 2.1 «Время реакции на обращения включает в себя только рабочее
        время» (R-21, R-03): after the schedule changed, the open deadlines
        of 2N tickets are recomputed in the background with the queries of
        N."""
        Timer = self.env["helpdesk.support.sla.timer"]

        def make_due(count, index):
            tickets = self.Ticket.create(self.vals(count, self.ds_contact, f"r{index}"))
            self.env.flush_all()
            # their schedule changed since their deadlines were computed
            self.env.cr.execute(
                SQL(
                    """UPDATE helpdesk_support_sla_timer timer
                          SET calendar_generation =
                              COALESCE(calendar.support_sla_generation, 0) - 1
                         FROM resource_calendar calendar
                        WHERE calendar.id = timer.resource_calendar_id
                          AND timer.ticket_id = ANY(%s)""",
                    tickets.ids,
                )
            )
            self.env.invalidate_all()
            return tickets

        def check(tickets):
            self.assertFalse(
                any(tickets.support_sla_timer_ids.mapped("recompute_pending"))
            )

        self.assertConstantInN(
            make_due, lambda: Timer._cron_recompute_deadlines(batch_size=1000), check
        )

    def test_todo_notification_is_odoos(self):
        """R-62 (DS 2.1 «Максимальный срок реакции на обращение определяется
        установленным уровнем поддержки»: the team leader is told of the
        breach): the to-do's notification written in batch is the one Odoo's
        ``mail.activity.action_notify`` writes for the same to-do — subject,
        body, recipient, layout, its e-mail's body and headers."""
        ticket = self.Ticket.create(self.vals(1, self.ds_contact, "n"))
        summary = f"SLA breached on {ticket.number}"
        activity = ticket._support_schedule_activities(
            [
                {
                    "res_id": ticket.id,
                    "summary": summary,
                    "user_id": self.leader.id,
                    "date_deadline": fields.Date.to_date("2026-06-01"),
                }
            ],
            ticket.env,
        )
        self.assertEqual(len(activity), 1)

        def notices():
            return (
                self.env["mail.message"]
                .sudo()
                .search(
                    [
                        ("model", "=", "helpdesk.ticket"),
                        ("res_id", "=", ticket.id),
                        ("message_type", "=", "user_notification"),
                        ("partner_ids", "in", self.leader.partner_id.ids),
                    ],
                    order="id",
                )
            )

        ours = notices()
        self.assertEqual(len(ours), 1)
        # Odoo's own notification of the same to-do
        activity.action_notify()
        theirs = notices() - ours
        self.assertEqual(len(theirs), 1)
        for name in (
            "subject",
            "body",
            "author_id",
            "email_from",
            "partner_ids",
            "record_name",
            "subtype_id",
            "is_internal",
            "email_layout_xmlid",
            "email_add_signature",
            "reply_to",
            "record_company_id",
            "record_alias_domain_id",
            "notified_partner_ids",
        ):
            self.assertEqual(ours[name], theirs[name], name)
        self.assertIn(summary, ours.subject)
        mail = self.env["mail.mail"].sudo().search([("mail_message_id", "=", ours.id)])
        twin = (
            self.env["mail.mail"].sudo().search([("mail_message_id", "=", theirs.id)])
        )
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.recipient_ids, self.leader.partner_id)
        self.assertEqual(mail.recipient_ids, twin.recipient_ids)
        self.assertEqual(mail.subject, twin.subject)
        self.assertEqual(mail.headers, twin.headers)
        self.assertEqual(
            mail.body_html.replace(ours.message_id, ""),
            twin.body_html.replace(theirs.message_id, ""),
        )

# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Performance guards: the number of SQL queries of ticket creation,
of the portal ticket list (P4) and of one batch of each scheduled action,
for a small and a large batch.

Counted as Odoo's ``assertQueryCount`` counts (``cr.sql_log_count`` between
two flushes), with the registry and ORM caches warmed by a first run and the
record cache emptied before each measured run, so both sizes start alike.
The large run is then checked with ``assertQueryCount`` against a bound
computed from the small one.
"""

from freezegun import freeze_time

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.base.tests.common import MockSmtplibCase

from .baseline import bare_create
from .common import SupportTicketCase

# Queries one ticket costs in Odoo's mail, activity and rating code while a
# scheduled action posts what the regulation requires on it, the e-mails
# really sent (Odoo's test mode sends them in the transaction) to a fake SMTP
# session, so both test runners count the same (measured on Odoo 18 /
# helpdesk_mgmt 18.0, 2026-12-01: 59.9, 166.8 and 51.9, rounded up; the
# figures of the first guards, 20 / 80 / 26, were measured where the SMTP
# connection failed at once, under pytest-odoo, and Odoo's runner, which
# skips the SMTP talk and completes the sending, went beyond them).
# The addon's own reads and writes are batched: a query the addon added per
# ticket would exceed these bounds by the batch difference (45 queries).
#   acknowledgement: the template message to the customer and its e-mail;
#   auto-close: per pair of tickets, one closed (closing message and e-mail,
#               rating request, which OCA helpdesk_mgmt_rating renders and
#               sends at once for the stage's template) and one reminded
#               (message and e-mail);
#   SLA: the at-risk / escalation activities (each mails its assignee) and
#        the breach note.
MAIL_QUERIES_PER_TICKET = {"acknowledge": 60, "autoclose": 167, "sla": 52}
# Slack for queries whose number depends on how a batch splits (multi-row
# statements of mail and of the writes grouped per stage or per values):
# measured at 11 to 28 over 45 tickets; one more query per ticket adds 45.
SLACK = 25


class QueryCountMixin:
    def count_queries(self, func):
        """Queries of ``func()``, counted like ``assertQueryCount``."""
        self.env.flush_all()
        self.env.invalidate_all()
        self.env.cr.flush()
        start = self.cr.sql_log_count
        func()
        self.env.flush_all()
        self.env.cr.flush()
        return self.cr.sql_log_count - start


@tagged("post_install", "-at_install")
class TestQueryCounts(QueryCountMixin, MockSmtplibCase, SupportTicketCase):
    """Creation and scheduled actions: the queries do not grow with the
    batch beyond the mail Odoo sends per ticket."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # an unlimited tier: every ticket enters work, none is queued
        cls.contact = cls.make_customer("ds_commercial", "licensee", name="Perf JSC")
        # the auto-close is MQ's (MQ 1.2), not DS's: an MQ customer on
        # an unlimited tier for the auto-close batch
        cls.mq_contact = cls.make_customer("mq_premium", name="Perf MQ LLC")
        cls.leader = new_test_user(
            cls.env, login="perf_leader", groups="helpdesk_mgmt.group_helpdesk_user"
        )
        cls.team.user_id = cls.leader
        cls.reason = cls.env.ref(
            "helpdesk_mgmt_support_contract.waiting_reason_information"
        )
        # as in production: tracking and creation messages on
        cls.Ticket = cls.Ticket.with_context(tracking_disable=False)
        # as in production, the company's mail has a sender address
        cls.company.alias_domain_id = cls.env["mail.alias.domain"].create(
            {"name": "perf.test"}
        )

    def setUp(self):
        super().setUp()
        # the mail the actions send at once goes to a fake SMTP session
        self.enterContext(self.mock_smtplib_connection())

    def vals(self, count, tag="", contact=None):
        return [
            {
                "name": f"Broken {tag}{index}",
                "description": "<p>Steps to reproduce</p>",
                "partner_id": (contact or self.contact).id,
                "team_id": self.team.id,
                "user_id": self.support_user.id,
            }
            for index in range(count)
        ]

    def test_create_batch_addon_queries_constant(self):
        """Creating 50 tickets in one call costs the addon (contract, SLA
        level, limits, timers) the same queries as creating one.

        The baseline is the same creation by helpdesk_mgmt's own ``create``
        (the implementation below the addon's, tests/baseline.py, as a
        database without the addon runs it): what remains per ticket is
        helpdesk_mgmt's and mail's (number sequence, default stage,
        followers, creation message)."""
        ways = {
            "addon": self.Ticket.create,
            "baseline": lambda vals_list: bare_create(self.Ticket, vals_list),
        }
        for create in ways.values():  # warm the caches
            create(self.vals(2, "warm "))
        counts = {}
        for label, create in ways.items():
            for size in (1, 50):
                counts[label, size] = self.count_queries(
                    lambda create=create, size=size: create(self.vals(size))
                )
        overhead_1 = counts["addon", 1] - counts["baseline", 1]
        overhead_50 = counts["addon", 50] - counts["baseline", 50]
        # the stored computes and the batched timer writes may take a few
        # more multi-row statements for a larger batch, never one per ticket
        self.assertLessEqual(overhead_50, overhead_1 + 5, counts)
        self.assertGreater(overhead_1, 0, "the addon's work is measured")
        # the guard as Odoo writes it
        with self.assertQueryCount(counts["baseline", 50] + overhead_1 + 5):
            tickets = self.Ticket.create(self.vals(50, "again "))
        self.assertTrue(all(tickets.mapped("support_sla_timer_ids")))
        self.assertEqual(tickets.support_contract_id.partner_id, self.contact.parent_id)

    def _batch_bound(self, job, small, count_small, large):
        return count_small + (large - small) * MAIL_QUERIES_PER_TICKET[job] + SLACK

    def test_acknowledge_cron_batch(self):
        def pending(count):
            tickets = self.Ticket.create(self.vals(count))
            tickets.sudo().write({"support_ack_pending": True})
            return tickets

        pending(2)
        self.Ticket._cron_support_acknowledge()  # warm the caches
        pending(5)
        count_5 = self.count_queries(self.Ticket._cron_support_acknowledge)
        tickets = pending(50)
        with self.assertQueryCount(self._batch_bound("acknowledge", 5, count_5, 50)):
            done = self.Ticket._cron_support_acknowledge()
        self.assertEqual(done, tickets)
        self.assertFalse(tickets.filtered("support_ack_pending"))
        # the measured batch really sent its acknowledgements
        acknowledged = {
            address for sent in self.emails for address in sent["smtp_to_list"]
        }
        self.assertIn(self.contact.email.lower(), acknowledged)

    def _waiting(self, count, when):
        with freeze_time(when):
            tickets = self.Ticket.create(self.vals(count, contact=self.mq_contact))
            tickets.write({"support_waiting_reason_id": self.reason.id})
        return tickets

    def test_autoclose_cron_batch(self):
        """One batch: the closing of tickets waiting since Monday and the
        reminders of tickets waiting since Tuesday, on Thursday."""

        def batch(count, monday):
            closing = self._waiting(count, f"{monday} 08:00:00")
            tuesday = fields.Date.add(fields.Date.to_date(monday), days=1)
            reminded = self._waiting(count, f"{tuesday} 08:00:00")
            thursday = fields.Date.add(fields.Date.to_date(monday), days=3)
            # closing at the end of Thursday's working time (MQ 1.2, ГК РФ
            # ст. 191, 194), the others reminded then
            return closing, reminded, f"{thursday} 16:00:00"

        def leave(reminded):
            # not due in the next batch: they stop waiting
            reminded.write({"support_waiting_reason_id": False})

        closing, reminded, when = batch(2, "2026-06-22")
        with freeze_time(when):  # warm the caches
            self.Ticket._cron_support_autoclose()
        leave(reminded)
        closing, reminded, when = batch(5, "2026-06-29")
        with freeze_time(when):
            count_5 = self.count_queries(self.Ticket._cron_support_autoclose)
        self.assertTrue(all(closing.mapped("stage_id.closed")))
        self.assertFalse(reminded.filtered("support_autoclose_reminder_date"))
        leave(reminded)
        closing, reminded, when = batch(50, "2026-07-06")
        with freeze_time(when):
            with self.assertQueryCount(self._batch_bound("autoclose", 5, count_5, 50)):
                closed = self.Ticket._cron_support_autoclose()
        self.assertEqual(closed, closing)
        self.assertFalse(reminded.filtered("support_autoclose_reminder_date"))
        self.assertFalse(reminded.filtered(lambda t: t.stage_id.closed))

    def test_sla_cron_batch(self):
        """One batch of the SLA action: timers at risk and breached."""

        def tickets(count, when):
            with freeze_time(when):
                return self.Ticket.create(self.vals(count))

        def run(when):
            with freeze_time(when):
                return self.Timer._cron_update_states()

        tickets(2, "2026-06-01 07:00:00")
        run("2026-06-05 08:00:00")  # warm the caches
        tickets(5, "2026-06-08 07:00:00")
        with freeze_time("2026-06-12 08:00:00"):
            count_5 = self.count_queries(self.Timer._cron_update_states)
        batch = tickets(50, "2026-06-15 07:00:00")
        with freeze_time("2026-06-19 08:00:00"):
            with self.assertQueryCount(self._batch_bound("sla", 5, count_5, 50)):
                done = self.Timer._cron_update_states()
        self.assertGreaterEqual(done, 50)
        self.assertIn("breached", batch.mapped("support_sla_state"))


@tagged("post_install", "-at_install")
class TestPortalTicketListQueries(QueryCountMixin, HttpCase):
    """P4: /my/tickets is paged; 500 visible tickets render with the same
    queries as 10."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env.company
        cls.env["helpdesk.support.preset.wizard"]._load_preset("mq", company.id)
        customer = cls.env["res.partner"].create(
            {"name": "Many Tickets LLC", "is_company": True}
        )
        cls.contact = cls.env["res.partner"].create(
            {"name": "Paula Portal", "parent_id": customer.id, "email": "p@m.test"}
        )
        tier = cls.env["helpdesk.support.tier"].search(
            [("company_id", "=", company.id), ("code", "=", "mq_premium")]
        )
        # valid whatever the real date of the run (the request is not frozen)
        contract = cls.env["helpdesk.support.contract"].create(
            {
                "partner_id": customer.id,
                "tier_id": tier.id,
                "date_start": "2020-01-01",
                "date_end": "2099-12-31",
                "contact_ids": [Command.set(cls.contact.ids)],
                "key_contact_id": cls.contact.id,
            }
        )
        contract.action_activate()
        new_test_user(
            cls.env,
            login="paula_portal",
            groups="base.group_portal",
            partner_id=cls.contact.id,
            company_ids=[Command.set(company.ids)],
        )
        cls.team = cls.env["helpdesk.ticket.team"].create({"name": "Portal perf"})

    def add_tickets(self, count):
        self.env["helpdesk.ticket"].with_context(
            tracking_disable=True, mail_create_nolog=True
        ).create(
            [
                {
                    "name": f"Question {index}",
                    "description": "<p>Details</p>",
                    "partner_id": self.contact.id,
                    "team_id": self.team.id,
                }
                for index in range(count)
            ]
        )

    def list_page(self):
        response = self.url_open("/my/tickets")
        self.assertEqual(response.status_code, 200)
        return response

    def test_my_tickets_queries_do_not_grow(self):
        self.add_tickets(10)
        self.authenticate("paula_portal", "paula_portal")
        self.list_page()  # warm the caches (QWeb, routing, rules)
        count_10 = self.count_queries(self.list_page)
        self.add_tickets(490)
        self.assertEqual(
            self.env["helpdesk.ticket"].search_count(
                [("partner_id", "=", self.contact.id)]
            ),
            500,
        )
        # the pager's total and the page of tickets: same statements; a few
        # for the pager's extra links
        with self.assertQueryCount(count_10 + 3):
            response = self.list_page()
        self.assertIn("Question", response.text)

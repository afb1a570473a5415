# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64

from freezegun import freeze_time

from odoo.tests import new_test_user, tagged

from .common import SupportTicketCase, naive


@tagged("post_install", "-at_install")
class TestScheduledActions(SupportTicketCase):
    """R-60 … R-64: auto-close, reopen, SLA reminders, purge, rating."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contact = cls.make_customer("ds_commercial", "licensee", name="Cron JSC")
        cls.portal = cls.make_user(
            "cron_portal", "base.group_portal", partner_id=cls.contact.id
        )
        cls.leader = new_test_user(
            cls.env, login="team_leader", groups="helpdesk_mgmt.group_helpdesk_user"
        )
        cls.team.user_id = cls.leader
        cls.reason = cls.env.ref(
            "helpdesk_mgmt_support_contract.waiting_reason_information"
        )
        cls.Ticket = cls.Ticket.with_context(tracking_disable=False)

    def new_ticket(self, when="2026-06-01 07:00:00", **vals):
        with freeze_time(when):
            return self.make_ticket(self.contact, **vals)

    def customer_says(self, ticket, when, text="Here you are"):
        with freeze_time(when):
            ticket.with_user(self.portal).message_post(
                body=text, message_type="comment", subtype_xmlid="mail.mt_comment"
            )

    def cron(self, method, when):
        with freeze_time(when):
            return getattr(self.env["helpdesk.ticket"], method)()

    def test_autoclose_after_three_working_days(self):
        """MQ 1.2 states the auto-close (R-60): an MQ customer's ticket (the
        DS regulation has no auto-close)."""
        mq_contact = self.make_customer("mq_basic", name="Cron MQ LLC")
        with freeze_time("2026-06-01 07:00:00"):
            ticket = self.make_ticket(mq_contact)
        idle = self.new_ticket(when="2026-06-01 07:30:00")
        with freeze_time("2026-06-01 08:00:00"):  # Mon 11:00 Moscow
            ticket.support_waiting_reason_id = self.reason
        # MQ 1.2, ГК РФ ст. 191, 194: Tue, Wed, Thu; closed when Thursday's
        # working time ends (18:00 Moscow), reminded when Wednesday's does
        self.assertEqual(ticket.support_autoclose_date, naive("2026-06-04 15:00:00"))
        self.assertEqual(
            ticket.support_autoclose_reminder_date, naive("2026-06-03 15:00:00")
        )
        self.assertFalse(self.cron("_cron_support_autoclose", "2026-06-03 14:59:00"))
        self.assertFalse(self.messages(ticket, "We are waiting for your reply"))
        self.cron("_cron_support_autoclose", "2026-06-03 15:00:00")
        self.assertEqual(len(self.messages(ticket, "We are waiting for your reply")), 1)
        self.cron("_cron_support_autoclose", "2026-06-03 16:00:00")
        self.assertEqual(len(self.messages(ticket, "We are waiting for your reply")), 1)
        self.assertFalse(self.cron("_cron_support_autoclose", "2026-06-04 14:59:00"))
        closed = self.cron("_cron_support_autoclose", "2026-06-04 15:00:00")
        self.assertEqual(closed, ticket)
        self.assertTrue(ticket.stage_id.closed)
        self.assertTrue(self.messages(ticket, "we received no reply"))
        self.assertFalse(ticket.support_autoclose_date)
        self.assertFalse(idle.stage_id.closed, "only tickets waiting on the customer")

    def test_customer_reply_stops_waiting(self):
        """R-60 (MQ 1.2): a customer's reply ends the wait for good; the ticket is not
        auto-closed (the three working days, counted from the day after the
        request as ГК РФ ст. 191 reads it, are not counted at all)."""
        ticket = self.new_ticket()
        with freeze_time("2026-06-01 08:00:00"):
            ticket.support_waiting_reason_id = self.reason
        self.customer_says(ticket, "2026-06-02 08:00:00")
        self.assertFalse(ticket.support_waiting_reason_id)
        self.assertFalse(ticket.support_autoclose_date)
        self.assertEqual(self.response_timer(ticket).state, "running")
        self.cron("_cron_support_autoclose", "2026-06-10 09:00:00")
        self.assertFalse(ticket.stage_id.closed)

    def test_reply_to_closed_ticket_reopens_it(self):
        """R-61 (DS 6, MQ 1.2): a customer reply to a closed ticket reopens it."""
        ticket = self.new_ticket()
        self.staff_reply(ticket, "2026-06-01 07:30:00")
        with freeze_time("2026-06-01 08:00:00"):
            ticket.stage_id = self.stage_done
        self.customer_says(ticket, "2026-06-10 08:00:00", "It broke again")
        self.assertFalse(ticket.stage_id.closed)
        self.assertTrue(self.messages(ticket, "Reopened by the customer"))
        timers = self.response_timer(ticket)
        self.assertEqual(len(timers), 2)
        self.assertEqual(timers.sorted("start_date")[-1].state, "running")

    def test_late_reply_opens_a_linked_ticket(self):
        """R-61 (DS 6, MQ 1.2): past the configured period, a reply to a closed ticket
        opens a new linked ticket."""
        ticket = self.new_ticket()
        with freeze_time("2026-06-01 08:00:00"):
            ticket.stage_id = self.stage_done
        self.customer_says(ticket, "2026-08-01 08:00:00", "Months later")
        self.assertTrue(ticket.stage_id.closed)
        follow_up = self.env["helpdesk.ticket"].search(
            [("support_parent_ticket_id", "=", ticket.id)]
        )
        self.assertEqual(len(follow_up), 1)
        self.assertIn("Months later", follow_up.description)
        self.assertEqual(follow_up.support_contract_id, ticket.support_contract_id)
        self.assertTrue(follow_up.support_sla_timer_ids)

    def test_sla_reminder_and_escalation_once(self):
        """R-62: the assignee is reminded before the deadline and the team leader told
        on breach, once each."""
        ticket = self.new_ticket(user_id=self.support_user.id)
        timer = self.response_timer(ticket)
        with freeze_time(timer.at_risk_date):
            self.Timer._cron_update_states()
            self.Timer._cron_update_states()
        reminders = ticket.activity_ids.filtered(lambda a: "at risk" in a.summary)
        self.assertEqual(reminders.user_id, self.support_user)
        self.assertEqual(len(reminders), 1)
        with freeze_time(timer.deadline):
            self.Timer._cron_update_states()
            self.Timer._cron_update_states()
        escalations = ticket.activity_ids.filtered(lambda a: "breached" in a.summary)
        self.assertEqual(escalations.user_id, self.leader)
        self.assertEqual(len(escalations), 1)

    def test_confidential_data_purged_and_credentials_reminder(self):
        """R-63 (DS 5.3, MQ 1.6): confidential data is purged 30 days after receipt; on
        close the customer is reminded to change credentials."""
        ticket = self.new_ticket()
        with freeze_time("2026-06-01 08:00:00"):
            ticket.support_credentials = "admin / s3cret"
            attachment = self.env["ir.attachment"].create(
                {
                    "name": "vpn.conf",
                    "datas": base64.b64encode(b"secret"),
                    "res_model": "helpdesk.ticket",
                    "res_id": ticket.id,
                    "support_confidential": True,
                }
            )
            public = self.env["ir.attachment"].create(
                {
                    "name": "screen.png",
                    "datas": base64.b64encode(b"png"),
                    "res_model": "helpdesk.ticket",
                    "res_id": ticket.id,
                }
            )
        self.assertEqual(ticket.support_purge_date, naive("2026-07-01 08:00:00"))
        with freeze_time("2026-06-02 08:00:00"):
            ticket.stage_id = self.stage_done
        self.assertTrue(self.messages(ticket, "please change these passwords"))
        self.assertFalse(self.cron("_cron_support_purge_confidential", "2026-06-30"))
        purged = self.cron("_cron_support_purge_confidential", "2026-07-01 09:00:00")
        self.assertEqual(purged, ticket)
        self.assertFalse(ticket.support_credentials)
        self.assertFalse(attachment.exists())
        self.assertTrue(public.exists())
        trace = self.messages(ticket, "Confidential data purged")
        self.assertIn("vpn.conf", trace.body)
        self.assertNotIn("s3cret", trace.body)

    def test_rating_request_on_solve(self):
        """R-64 (DS 6): a solved ticket asks the customer for a quality rating."""
        ticket = self.new_ticket()
        with freeze_time("2026-06-01 08:00:00"):
            ticket.stage_id = self.stage_done
        request = self.messages(ticket, "/rate/")
        self.assertEqual(len(request), 1)
        rating = self.env["rating.rating"].search(
            [("res_model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id)]
        )
        self.assertEqual(len(rating), 1)
        self.assertIn(rating.access_token, request.body)
        rejected = self.new_ticket()
        rejected.stage_id = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_rejected")
        self.assertFalse(self.messages(rejected, "/rate/"))

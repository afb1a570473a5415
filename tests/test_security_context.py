# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The regulation's rules (R-30 limits, R-33 key contact, R-42 coupons, R-52
attachments, R-22 waiting, R-01 and R-21 calendar) hold whatever context a
client sends: context keys that switch the addon's logic off are
not honoured when a client sends them. Odoo applies a client's context on
``/web/dataset/call_kw`` and ``/mail/message/post``; each test sends the
switch there, as the user an attacker would be."""

import pytz

from odoo import Command, fields
from odoo.tests import JsonRpcException, tagged

from .common import SecurityHttpCase


@tagged("post_install", "-at_install")
class TestClientContextSwitches(SecurityHttpCase):
    """Context LLC on MQ Basic (5 tickets in work, R-30): Kate is the key
    contact person (R-33), Max a contact; both have portal users. Contracts
    and coupons are valid around the real date, since the HTTP requests are
    not frozen."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        customer = cls.env["res.partner"].create(
            {"name": "Context LLC", "is_company": True}
        )
        cls.kate, cls.max = cls.env["res.partner"].create(
            [
                {"name": "Kate", "parent_id": customer.id, "email": "kate@ctx.test"},
                {"name": "Max", "parent_id": customer.id, "email": "max@ctx.test"},
            ]
        )
        cls.contract = cls.env["helpdesk.support.contract"].create(
            {
                "partner_id": customer.id,
                "tier_id": cls.by_code("helpdesk.support.tier", "mq_basic").id,
                "date_start": "2020-01-01",
                "date_end": "2099-12-31",
                "contact_ids": [Command.set((cls.kate | cls.max).ids)],
                "key_contact_id": cls.kate.id,
            }
        )
        cls.contract.action_activate()
        cls.make_portal_user(cls.max, "max_ctx")
        cls.support_user = cls.make_user("ctx_support")
        cls.make_user(
            "ctx_manager", groups="helpdesk_mgmt_support_contract.group_support_manager"
        )
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "Context support",
                "user_ids": [Command.set(cls.support_user.ids)],
            }
        )
        cls.bug = cls.by_code("helpdesk.ticket.category", "bug")
        cls.account = cls.by_code("helpdesk.ticket.category", "account_management")
        cls.Ticket = cls.env["helpdesk.ticket"].with_context(tracking_disable=True)
        cls.stage_done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")

    @classmethod
    def by_code(cls, model, code):
        return cls.env[model].search(
            [("company_id", "=", cls.company.id), ("code", "=", code)]
        )

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------

    def ticket_vals(self, partner, name, category=None):
        return {
            "name": name,
            "description": "x",
            "partner_id": partner.id,
            "team_id": self.team.id,
            "category_id": (category or self.bug).id,
        }

    def fill_the_limit(self):
        tickets = self.Ticket.create(
            [self.ticket_vals(self.kate, f"In work {i}") for i in range(5)]
        )
        self.assertFalse(any(tickets.mapped("support_queued")))
        return tickets

    def long_closed_ticket(self):
        """A ticket of Max closed long before the reopening period (R-61):
        a reply of his opens a follow-up ticket."""
        ticket = self.Ticket.create(self.ticket_vals(self.max, "Long closed"))
        ticket.stage_id = self.stage_done
        ticket.closed_date = fields.Datetime.to_datetime("2020-01-01 00:00:00")
        return ticket

    def follow_up(self, ticket):
        return self.env["helpdesk.ticket"].search(
            [("support_parent_ticket_id", "=", ticket.id)]
        )

    def portal_post(self, ticket, body, context):
        """Max answers on the portal, as the chatter widget does."""
        self.authenticate("max_ctx", "max_ctx")
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
                "context": context,
            },
        )

    def call_kw(self, login, model, method, args, context):
        self.authenticate(login, login)
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {
                "model": model,
                "method": method,
                "args": args,
                "kwargs": {"context": context},
            },
        )

    # ------------------------------------------------------------------
    # attacks
    # ------------------------------------------------------------------
    # ``support_sla_disable`` and ``support_gateway_disable`` once turned the
    # addon's logic off for a benchmark's baseline; no server code reads them
    # any more, and these tests keep proving that a client's context, these
    # names included, never turns a rule of the regulation off

    def test_portal_reply_with_sla_switch_still_queued_over_the_limit(self):
        """R-30 ("при превышении лимита обращение ставится в очередь"): Max
        answers a long-closed ticket through ``/mail/message/post`` with
        ``support_sla_disable``; the follow-up ticket still takes its place in
        the queue, with the contract and no SLA timer, exactly as without the
        switch."""
        self.fill_the_limit()
        closed = self.long_closed_ticket()
        self.portal_post(closed, "Broken again", {"support_sla_disable": True})
        follow_up = self.follow_up(closed)
        self.assertEqual(len(follow_up), 1)
        self.assertEqual(follow_up.support_contract_id, self.contract)
        self.assertTrue(follow_up.support_queued)
        self.assertFalse(follow_up.support_sla_timer_ids)
        self.contract.invalidate_recordset()
        self.assertEqual(self.contract.in_work_ticket_count, 5)

    def test_rpc_create_with_sla_switch_keeps_the_key_contact_rule(self):
        """R-33: a support user creates over RPC an account management request
        of Max (not the key contact person) with ``support_sla_disable``: it is
        still closed without action."""
        ticket_id = self.call_kw(
            "ctx_support",
            "helpdesk.ticket",
            "create",
            [self.ticket_vals(self.max, "Give me admin rights", self.account)],
            {"support_sla_disable": True},
        )
        ticket = self.env["helpdesk.ticket"].browse(ticket_id)
        self.assertTrue(ticket.stage_id.closed)
        self.assertEqual(ticket.support_contract_id, self.contract)
        self.assertFalse(
            ticket.support_sla_timer_ids.filtered(lambda t: t.state == "running")
        )

    def test_rpc_create_with_sla_switch_still_queued_over_the_limit(self):
        """R-30: a support user creates over RPC a sixth ticket of
        the customer with ``support_sla_disable``: it is still queued."""
        self.fill_the_limit()
        ticket_id = self.call_kw(
            "ctx_support",
            "helpdesk.ticket",
            "create",
            [self.ticket_vals(self.max, "Sixth ticket")],
            {"support_sla_disable": True},
        )
        ticket = self.env["helpdesk.ticket"].browse(ticket_id)
        self.assertTrue(ticket.support_queued)
        self.assertEqual(ticket.support_contract_id, self.contract)
        self.assertFalse(ticket.support_sla_timer_ids)

    def test_portal_reply_with_coupon_switch_spends_no_coupon(self):
        """R-42: the coupon code reaches ticket creation only from
        the portal form. Max answering a long-closed ticket with
        ``support_coupon_code`` in the context gets an ordinary follow-up;
        no use of the customer's coupon is spent."""
        coupon = self.env["helpdesk.support.coupon"].create(
            {
                "partner_id": self.max.commercial_partner_id.id,
                "company_id": self.company.id,
                "licence_ref": "CTX-1",
                "purchase_date": fields.Date.today(),
            }
        )
        closed = self.long_closed_ticket()
        self.portal_post(closed, "Once more", {"support_coupon_code": coupon.name})
        follow_up = self.follow_up(closed)
        self.assertEqual(len(follow_up), 1)
        self.assertFalse(follow_up.support_coupon_id)
        coupon.invalidate_recordset()
        self.assertEqual(coupon.uses_count, 0)
        self.assertFalse(
            self.env["helpdesk.support.coupon.redemption"].search(
                [("coupon_id", "=", coupon.id)]
            )
        )

    def test_portal_reply_with_auto_submitted_switch_is_a_customer_reply(self):
        """DS 5.10 (the SLA is paused while the ticket waits on the
        customer): a portal reply marked ``support_auto_submitted`` by the
        client is still the customer's reply and ends the waiting."""
        ticket = self.Ticket.create(self.ticket_vals(self.max, "Waiting on Max"))
        ticket.support_waiting_reason_id = self.env.ref(
            "helpdesk_mgmt_support_contract.waiting_reason_information"
        )
        self.assertTrue(ticket.support_sla_paused)
        self.portal_post(ticket, "Here is the log", {"support_auto_submitted": True})
        ticket.invalidate_recordset()
        self.assertFalse(ticket.support_waiting_reason_id)
        self.assertFalse(ticket.support_sla_paused)

    def test_rpc_gateway_switch_keeps_the_attachment_policy(self):
        """DS 5.7 (other formats only inside an archive): a support
        user hands ``helpdesk.ticket.message_new`` a mail with an executable
        over RPC, with ``support_gateway_disable`` to skip the gateway's
        rules. The gateway's methods are not callable over RPC: refused,
        no ticket, no attachment."""
        tickets = self.env["helpdesk.ticket"].search([])
        with self.assertRaises(JsonRpcException) as catcher:
            self.call_kw(
                "ctx_support",
                "helpdesk.ticket",
                "message_new",
                [
                    {
                        "subject": "Run this tool",
                        "email_from": self.max.email,
                        "author_id": self.max.id,
                        "body": "See the tool",
                        "attachments": [["tool.exe", "MZ", {}]],
                    }
                ],
                {"support_gateway_disable": True},
            )
        self.assertIn("AccessError", str(catcher.exception))
        self.assertEqual(self.env["helpdesk.ticket"].search([]), tickets)
        self.assertFalse(self.env["ir.attachment"].search([("name", "=", "tool.exe")]))

    def test_rpc_day_with_generating_switch_is_marked_manual(self):
        """R-01 (the production calendar, editable by staff): a special day a
        manager adds over RPC with ``production_calendar_generating`` is still
        marked as edited by hand, so that generating the year again keeps
        it."""
        production = self.env["resource.production.calendar"].search(
            [("company_id", "in", (self.company.id, False))], limit=1
        )
        self.assertTrue(production)
        day_id = self.call_kw(
            "ctx_manager",
            "resource.production.calendar.day",
            "create",
            [
                {
                    "production_calendar_id": production.id,
                    "date": "2099-06-15",
                    "kind": "holiday",
                    "name": "Company day",
                }
            ],
            {"production_calendar_generating": True},
        )
        day = self.env["resource.production.calendar.day"].browse(day_id)
        self.assertTrue(day.is_manual)

    def test_rpc_day_with_no_recompute_switch_moves_the_deadlines(self):
        """R-21 (deadlines follow the production calendar): a holiday a manager
        adds over RPC with ``support_sla_no_recompute`` on the day an open
        deadline falls still moves that deadline."""
        ticket = self.Ticket.create(self.ticket_vals(self.max, "Deadline today"))
        timer = ticket.support_sla_timer_ids.filtered(lambda t: t.state == "running")
        self.assertEqual(len(timer), 1)
        deadline = timer.deadline
        calendar = timer.resource_calendar_id
        production = calendar.production_calendar_id
        self.assertTrue(production)
        tz = pytz.timezone(calendar.tz or "UTC")
        day = pytz.utc.localize(deadline).astimezone(tz).date()
        Day = self.env["resource.production.calendar.day"]
        existing = Day.search(
            [("production_calendar_id", "=", production.id), ("date", "=", day)]
        )
        if existing:
            self.call_kw(
                "ctx_manager",
                Day._name,
                "write",
                [existing.ids, {"kind": "holiday"}],
                {"support_sla_no_recompute": True},
            )
        else:
            self.call_kw(
                "ctx_manager",
                Day._name,
                "create",
                [
                    {
                        "production_calendar_id": production.id,
                        "date": fields.Date.to_string(day),
                        "kind": "holiday",
                    }
                ],
                {"support_sla_no_recompute": True},
            )
        # a calendar change recomputes the deadlines in the background
        # run it here
        self.env["helpdesk.support.sla.timer"]._cron_recompute_deadlines()
        timer.invalidate_recordset()
        self.assertGreater(timer.deadline, deadline)

# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The ticket's life after the first answer: waiting on the customer and
auto-close (R-60; a ticket closed so gets no rating request, R-64),
reopening or a follow-up on a customer's reply (R-61). The confidential
data and their purge (R-63) live in ``helpdesk_ticket_confidential.py``.
"""

from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.osv import expression

from ..tools.context_switch import server_switch
from ..tools.server_language import customer_env, staff_env

AUTOCLOSE_CRON = "helpdesk_mgmt_support_contract.ir_cron_support_autoclose"


class HelpdeskTicketWaiting(models.Model):
    _inherit = "helpdesk.ticket"

    support_waiting_reason_id = fields.Many2one(
        "helpdesk.support.waiting.reason",
        string="Waiting reason",
        tracking=True,
        domain="[('company_id', 'in', (company_id, False))]",
        help="Why the ticket waits (DS 5.10). A wait for the customer pauses "
        "the SLA timers; a reason on the vendor's side (diagnostics, "
        "development, an update) pauses no response or reply timer.",
    )
    support_waiting_since = fields.Datetime(
        string="Waiting on the customer since", readonly=True, copy=False
    )
    support_autoclose_date = fields.Datetime(
        string="Closes automatically on",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Without a reply of the customer the ticket is closed then (R-60).",
    )
    support_autoclose_reminder_date = fields.Datetime(
        readonly=True, copy=False, index="btree_not_null"
    )
    support_parent_ticket_id = fields.Many2one(
        "helpdesk.ticket",
        string="Follows up",
        readonly=True,
        copy=False,
        help="Closed ticket this one continues (R-61).",
    )

    def _support_is_customer_message(self, message):
        """A message of the customer (mail or portal), not of a program."""
        self.ensure_one()
        if server_switch(self.env, "support_auto_submitted"):
            return False
        if message.message_type not in ("comment", "email"):
            return False
        author = message.author_id.sudo()
        if not author or any(not user.share for user in author.user_ids):
            return False
        return bool(
            author == self.partner_id
            or (
                self.commercial_partner_id
                and author.commercial_partner_id == self.commercial_partner_id
            )
        )

    def _support_awaits_customer(self):
        """The ball is in the customer's court (R-60: after a solution or an
        information request): the ticket is open and paused, which only a
        wait for the customer does — a waiting reason that waits for the
        customer or, without a reason, a stage that waits on the customer
        (R-22: a reason on the vendor's side pauses nothing)."""
        self.ensure_one()
        return not self.stage_id.closed and self.support_sla_paused

    def _support_autoclose_days(self):
        """Working days the customer has to react before the ticket is
        closed, as its regulation states them (MQ 1.2: 3); 0 when the
        regulation has no auto-close (DS) or the ticket none (R-60)."""
        self.ensure_one()
        regulation = self._support_regulation().sudo()
        if not regulation.autoclose:
            return 0
        return regulation.autoclose_days or 3

    def _support_update_waiting(self, now):
        """Start the auto-close countdown of tickets that now await the
        customer under a regulation that auto-closes, stop it for the
        others."""
        waiting = self.filtered(
            lambda t: t._support_awaits_customer() and t._support_autoclose_days()
        )
        (waiting - waiting.filtered("support_waiting_since"))._support_start_waiting(
            now
        )
        (self - waiting).filtered("support_waiting_since").sudo().write(
            {
                "support_waiting_since": False,
                "support_autoclose_date": False,
                "support_autoclose_reminder_date": False,
            }
        )

    def _support_start_waiting(self, now):
        """Auto-close at the end of the N-th working day, a reminder one
        working day before.

        «в течение 3 (трех) рабочих дней с даты получения Пользователем
        соответствующего решения или запроса» (MQ 1.2, R-60) is a period
        counted in days from a date, so it is read as the Civil Code counts
        one (ГК РФ ст. 191, 193, 194): it begins on the day after the date the
        customer received the solution or the request, and it ends when the
        working time of its N-th working day ends. A solution sent on
        Thursday 30 April 2026 at 15:00 (1-3 May off) closes at the end of
        Wednesday 6 May's working day, not at 15:00 that day.
        """
        by_calendar = defaultdict(lambda: self.browse())
        for ticket in self:
            by_calendar[ticket.company_id._get_support_fix_calendar()] |= ticket
        for calendar, tickets in by_calendar.items():
            days = max(ticket._support_autoclose_days() for ticket in tickets)
            if not calendar:
                continue
            engine = calendar._get_working_time_engine(
                now - timedelta(days=1), now + timedelta(days=days * 3 + 30)
            )
            day = engine.local_date(now)
            for ticket in tickets:
                ticket_days = ticket._support_autoclose_days()
                span = engine.working_days_from_date_span(day, ticket_days)
                # the reminder one working day before the end: the last
                # day's working time begins (to the engine, the end of the
                # working time before it), never before the wait starts
                ticket.sudo().write(
                    {
                        "support_waiting_since": now,
                        "support_autoclose_date": span and engine.instant(span[1]),
                        "support_autoclose_reminder_date": span
                        and max(now, engine.instant(span[0])),
                    }
                )

    def _support_reopen_or_follow_up(self, message):
        """A customer reply to a closed ticket reopens it within the
        configured period; later it opens a new ticket linked to it."""
        self.ensure_one()
        ticket = self.sudo()
        now = fields.Datetime.now()
        if (
            ticket.support_contract_id
            and ticket.category_id._support_kcp_only_for(ticket._support_regulation())
            and (message.author_id != ticket.support_contract_id.key_contact_id)
        ):
            # a request reserved to the key contact person stays rejected
            return ticket.browse()
        days = ticket.company_id.support_reopen_days
        if ticket.closed_date and ticket.closed_date + timedelta(days=days) >= now:
            stage = ticket.company_id._get_support_processing_stage()
            if not stage or stage.closed:
                stage = ticket.team_id._get_applicable_stages().filtered(
                    lambda st: not st.closed
                )[:1]
            # the SLA lifecycle reopens it: wait cleared, slot, timers
            return ticket._support_lifecycle_event(
                "reopened", message=message, stage=stage, now=now
            )
        # the customer reads the new ticket's name, the staff the note
        customer = customer_env(
            ticket.env, message.author_id or ticket.partner_id, ticket.company_id
        )
        follow_up = ticket.create(
            {
                "name": customer._("Follow-up: %(name)s", name=ticket.name),
                "description": message.body or ticket.description,
                "partner_id": message.author_id.id or ticket.partner_id.id,
                "team_id": ticket.team_id.id,
                "category_id": ticket.category_id.id,
                "company_id": ticket.company_id.id,
                "support_parent_ticket_id": ticket.id,
            }
        )
        staff = staff_env(ticket.env, ticket.company_id)
        ticket.with_env(staff).message_post(
            body=staff._(
                "The customer wrote after the reopening period: new ticket %(number)s.",
                number=follow_up.number,
            ),
            subtype_xmlid="mail.mt_note",
        )
        return follow_up

    @api.model
    def _get_autoclose_reminder_domain(self, now):
        """Tickets whose customer is reminded now, one working day before
        the automatic closing (R-60); through an indexed date."""
        return [
            ("support_autoclose_reminder_date", "<=", now),
            ("support_autoclose_date", ">", now),
        ]

    @api.model
    def _get_autoclose_domain(self, now):
        """Tickets closed now for want of the customer's reply (R-60)."""
        return [("support_autoclose_date", "<=", now)]

    @api.model
    def _cron_support_autoclose(self, batch_size=500):
        """Remind, then close tickets the customer left unanswered (R-60).

        Only due tickets are read (``_get_autoclose_*_domain``); one batch
        per call: each template rendered once for the batch, the stages
        written per stage, progress reported to the cron runner.
        """
        now = fields.Datetime.now()
        remind_domain = self._get_autoclose_reminder_domain(now)
        close_domain = self._get_autoclose_domain(now)
        to_remind = self.sudo().search(remind_domain, limit=batch_size)
        to_close = self.sudo().search(close_domain, limit=batch_size)

        def remind(tickets):
            tickets._support_lifecycle_event("autoclose_reminded")

        closed = []

        def close(tickets):
            # appended once the batch went through: a batch rolled back by
            # its savepoint closed nothing
            closed.append(tickets._support_lifecycle_event("auto_close", now=now))

        # a ticket that fails is skipped, kept for the managers and tried
        # again on the next run; the others are reminded and closed
        isolated = self.env["helpdesk.support.job.failure"]._support_run_isolated
        reminded = isolated(AUTOCLOSE_CRON, to_remind, remind)
        processed = isolated(AUTOCLOSE_CRON, to_close, close)
        remaining = self.sudo().search_count(
            expression.OR([remind_domain, close_domain])
        )
        self.env["ir.cron"]._notify_progress(
            done=len(reminded) + len(processed), remaining=remaining
        )
        return self.sudo().browse().union(*closed)

    def _support_send_template(self, xmlid):
        """A mail template to the customer, in the chatter, from OdooBot:
        rendered once for the batch in each customer's language, the
        messages, their e-mails and notifications created in batch
        (``_support_post_comments``)."""
        template = self.env.ref(xmlid).sudo()
        tickets = self.sudo()
        if not tickets:
            return self.env["mail.message"]
        bodies = template._render_field("body_html", tickets.ids, compute_lang=True)
        subjects = template._render_field("subject", tickets.ids, compute_lang=True)
        return tickets._support_post_comments(
            bodies, subjects, self.env.ref("base.partner_root")
        )

# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
# One concern of the model per file, as Odoo core splits a model inside one
# module (mrp/models/stock_orderpoint.py): each class owns its fields.
# pylint: disable=consider-merging-classes-inherited
"""An SLA timer's end: met by a reply, breached, cancelled when the ticket
leaves every SLA, excluded for a third-party product (R-21, R-27); the
at-risk reminder to the assignee and the escalation to the team leader on
breach (R-62), from the scheduled action or the lifecycle's events.
"""

from collections import defaultdict

from odoo import api, fields, models
from odoo.osv import expression

from ..tools.server_language import datetime_text, local_date, staff_env
from .helpdesk_support_sla_timer import OPEN_STATES, SLA_TIMERS_CRON


class HelpdeskSupportSlaTimer(models.Model):
    _inherit = "helpdesk.support.sla.timer"

    met_date = fields.Datetime(
        string="Met on",
        readonly=True,
        help="When the obligation was met (first public reply, fix, "
        "solution), in time or late.",
    )
    met_message_id = fields.Many2one(
        "mail.message",
        string="Met by",
        readonly=True,
        ondelete="set null",
        help="The public reply of staff that met the obligation.",
    )
    breached_date = fields.Datetime(string="Breached on", readonly=True)
    cancelled_date = fields.Datetime(
        string="Cancelled on",
        readonly=True,
        help="When the ticket left every SLA (its contract ended and no "
        "level serves tickets without a contract): the timer stopped counting "
        "and is kept as it was.",
    )
    is_overdue = fields.Boolean(
        string="Overdue",
        compute="_compute_is_overdue",
        search="_search_is_overdue",
        help="Breached and not met yet.",
    )

    @api.depends("state", "met_date")
    def _compute_is_overdue(self):
        for timer in self:
            timer.is_overdue = timer.state == "breached" and not timer.met_date

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        domain = [("state", "=", "breached"), ("met_date", "=", False)]
        if (operator == "=") == value:
            return domain
        return ["!", *domain]

    def _pause(self, now=None):
        """Stop counting: the ticket waits on the customer."""
        now = now or fields.Datetime.now()
        running = self.filtered(lambda t: t.state in ("running", "at_risk"))
        running.write(
            {
                "state": "paused",
                "pause_start": now,
                "deadline": False,
                "at_risk_date": False,
            }
        )

    def _resume(self, now=None):
        """Count again, with the working time of the pause added."""
        now = now or fields.Datetime.now()
        paused = self.filtered(lambda t: t.state == "paused")
        paused.write({"state": "running"})
        paused._schedule(now, resumed=paused)

    def _cancel(self, now=None):
        """Stop counting an obligation that no longer exists (the ticket
        left every SLA); the row stays, with its deadline, as history."""
        now = now or fields.Datetime.now()
        self.filtered(lambda t: t.state in OPEN_STATES).write(
            {"state": "cancelled", "cancelled_date": now, "pause_start": False}
        )

    def _mark_met(self, now=None, message=None):
        """The obligation is met (first public reply, fix, solution): the
        timer's state is *met* when in time, *breached* when late; either way
        ``met_date`` records when and ``met_message_id`` the reply, if any."""
        now = now or fields.Datetime.now()
        by = {"met_message_id": message.id} if message else {}
        for timer in self.filtered(lambda t: t.state in OPEN_STATES):
            if timer.state == "paused" or not timer.deadline or now <= timer.deadline:
                timer.write(
                    {
                        "state": "met",
                        "met_date": now,
                        "pause_start": False,
                        **by,
                    }
                )
            else:
                timer.write(self._state_values(timer.deadline, now, now))
                timer.write({"met_date": now, **by})
        # breached earlier, met now: the breach stays, the date is known
        self.filtered(lambda t: t.state == "breached" and not t.met_date).write(
            {"met_date": now, **by}
        )

    def _exclude(self, now=None):
        """The ticket is closed as a third-party product problem (R-27,
        MQ 1.2): open timers leave the compliance statistics, like paused
        time. A deadline already passed stays a breach: history is kept."""
        now = now or fields.Datetime.now()
        open_timers = self.filtered(lambda t: t.state in OPEN_STATES)
        late = open_timers.filtered(lambda t: t.deadline and t.deadline <= now)
        for timer in late:
            timer.write(self._state_values(timer.deadline, now, now))
        late._on_breach()
        (open_timers - late).write(
            {"state": "excluded", "at_risk_date": False, "pause_start": False}
        )

    @api.model
    def _cron_update_states(self, batch_size=1000):
        """Turn running timers at risk and open timers breached, once each.

        Only due timers are read, through the indexed ``state``,
        ``at_risk_date`` and ``deadline`` columns; work is committed in
        batches and the progress is reported to the cron runner.
        """
        now = fields.Datetime.now()
        # a deadline its schedule's change has not moved yet is not judged:
        # the recompute action gives it its state
        current = [("recompute_pending", "=", False)]
        due_breach = [
            ("state", "in", ("running", "at_risk")),
            ("deadline", "<=", now),
            *current,
        ]
        due_risk = [("state", "=", "running"), ("at_risk_date", "<=", now), *current]
        breached = self.search(due_breach, limit=batch_size)
        at_risk = self.search(due_risk, limit=batch_size) - breached

        lifecycle = self.env["helpdesk.ticket"]._support_lifecycle_event

        def breach(timers):
            lifecycle("deadline_passed", timers=timers, breach=True, now=now)

        def warn(timers):
            lifecycle("deadline_passed", timers=timers, now=now)

        # a timer whose escalation fails stays due and is tried again on the
        # next run; the reminders and escalations of the others go out
        isolated = self.env["helpdesk.support.job.failure"]._support_run_isolated
        done = len(isolated(SLA_TIMERS_CRON, breached, breach)) + len(
            isolated(SLA_TIMERS_CRON, at_risk, warn)
        )
        remaining = self.search_count(expression.OR([due_breach, due_risk]))
        # the cron runner commits and calls again while work remains
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        return done

    def _support_turn_breached(self, now):
        """Their deadline passed (R-21): breached on it, with the note and
        the team leader's escalation (R-62)."""
        self._write_values(
            {timer.id: self._state_values(timer.deadline, now, now) for timer in self}
        )
        self._on_breach()
        return self

    def _support_turn_at_risk(self):
        """The share of their target is used: at risk, with the assignee's
        to-do (R-62)."""
        self.write({"state": "at_risk"})
        self._on_at_risk()
        return self

    def _on_at_risk(self):
        """Timers just turned at risk: a to-do for the assignee (R-62), once.

        Written in the company's language, the deadline in the support time
        zone and due on that zone's date (DS 2.1, MQ 1.2: Moscow time), as
        the staff read it, whoever runs the job; the to-dos of a company
        created at once."""
        Ticket = self.env["helpdesk.ticket"].sudo()
        by_company = defaultdict(dict)
        for timer in self.sudo():
            ticket = timer.ticket_id
            user = ticket.user_id or ticket.team_id.user_id
            if not user:
                continue
            by_company[ticket.company_id][timer] = user
        for company, users in by_company.items():
            env = staff_env(Ticket.env, company)
            today = fields.Date.context_today(Ticket.with_env(env))
            values = [
                {
                    "res_id": timer.ticket_id.id,
                    "summary": env._(
                        "SLA at risk: respond by %(deadline)s",
                        deadline=datetime_text(env, timer.deadline, zone_named=True),
                    ),
                    "user_id": user.id,
                    "date_deadline": local_date(timer.deadline, env.context["tz"])
                    or today,
                }
                for timer, user in users.items()
            ]
            Ticket.with_env(env)._support_schedule_activities(values, env)

    def _on_breach(self):
        """Timers just breached: a note on the ticket and an escalation to the
        team leader (R-62), once; in the company's language, the to-dos and
        the notes of a batch created at once."""
        Ticket = self.env["helpdesk.ticket"].sudo()
        timers = self.sudo()
        bodies = {}
        for company, group in timers.grouped(lambda t: t.ticket_id.company_id).items():
            env = staff_env(Ticket.env, company)
            today = fields.Date.context_today(Ticket.with_env(env))
            values = [
                {
                    "res_id": timer.ticket_id.id,
                    "summary": env._(
                        "SLA breached on %(ticket)s", ticket=timer.ticket_id.number
                    ),
                    "user_id": timer.ticket_id.team_id.user_id.id,
                    "date_deadline": today,
                }
                for timer in group
                if timer.ticket_id.team_id.user_id
            ]
            Ticket.with_env(env)._support_schedule_activities(values, env)
            kinds = dict(self._fields["kind"]._description_selection(env))
            for ticket, ticket_timers in group.grouped("ticket_id").items():
                names = ", ".join(kinds[timer.kind] for timer in ticket_timers)
                bodies[ticket.id] = env._("SLA breached: %(timers)s.", timers=names)
        Ticket.browse(list(bodies))._support_log_notes(bodies)

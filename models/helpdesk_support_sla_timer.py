# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import math
from collections import defaultdict
from datetime import timedelta
from typing import NamedTuple

from odoo import api, fields, models
from odoo.osv import expression
from odoo.tools import SQL

from ..tools.lifecycle_scope import check_lifecycle
from ..tools.server_language import datetime_text, local_date, staff_env
from .helpdesk_support_response_target_mixin import RESPONSE_UNITS, response_target_text

TIMER_KINDS = [
    ("response", "Response"),
    ("critical_fix", "Critical defect fix"),
    ("development", "Development"),
    # DS 2.3: the reaction to additional information from the customer
    ("reply", "Reply to the customer"),
]
OPEN_STATES = ("running", "paused", "at_risk")
SLA_TIMERS_CRON = "helpdesk_mgmt_support_contract.ir_cron_support_sla_timers"
CLOSED_STATES = ("met", "breached")
# how a timer counts: from the ticket's creation, or from the moment a
# contract was applied to a ticket already open (#18)
SLA_CLOCKS = [
    ("created", "From the ticket's creation"),
    ("applied", "From the contract's application"),
]

# the columns scheduling reads, in the order of ScheduleRow (after the id)
SCHEDULE_COLUMNS = [
    "start_date",
    "target_value",
    "target_unit",
    "paused_seconds",
    "pause_start",
    "state",
    "company_id",
    "kind",
]
# Timers whose target in working days is a period from a date, counted as
# the Civil Code counts one (ГК РФ ст. 191, 193, 194: from the day after the
# date to the end of the N-th working day): «Критичные дефекты исправляются
# Производителем в течение 10 рабочих дней с момента подтверждения наличия
# дефекта СТП» (MQ 1.2, 1.4). The SLA's response and reaction times in
# working days (MQ Appendix 1 «Гарантированное время ответа» of Basic: «1
# рабочий день»; DS 3.9 «Максимальное время реакции на обращение – 24
# рабочих дня»)
# are a time measured from the instant of the request: the same
# working offset into the N-th next working day.
CIVIL_PERIOD_KINDS = ("critical_fix",)


class ScheduleRow(NamedTuple):
    """One timer as scheduling reads it (:meth:`_schedule_rows`)."""

    id: int
    start_date: object  # naive UTC datetime
    target_value: float
    target_unit: str
    paused_seconds: float
    pause_start: object  # naive UTC datetime or None
    state: str
    company_id: int
    kind: str = "response"


class HelpdeskSupportSlaTimer(models.Model):
    """One obligation of the support regulation on one ticket (R-21, R-24).

    A timer counts a target in working time of a schedule from ``start_date``.
    Working time spent while the ticket waits on the customer is added to
    ``paused_seconds`` and pushes the deadline; ``at_risk_date`` is the instant
    a configurable share of the target is used. Once met or breached a timer
    is history: nothing recomputes it again.
    """

    _name = "helpdesk.support.sla.timer"
    # the SLA's clock, kept by the system only; open deadlines moved
    # in the background after a change of working time
    _inherit = [
        "helpdesk.support.system.fields.mixin",
        "helpdesk.support.sla.timer.recompute.mixin",
    ]
    _support_write_rights = {}
    _description = "Support SLA Timer"
    _order = "deadline, id"
    _check_company_auto = True

    ticket_id = fields.Many2one(
        "helpdesk.ticket", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(
        related="ticket_id.company_id", store=True, index=True, string="Company"
    )
    team_id = fields.Many2one(related="ticket_id.team_id", store=True, string="Team")
    user_id = fields.Many2one(
        related="ticket_id.user_id", store=True, string="Assigned user"
    )
    partner_id = fields.Many2one(
        related="ticket_id.commercial_partner_id", store=True, string="Customer"
    )
    contract_id = fields.Many2one(
        "helpdesk.support.contract", readonly=True, index=True
    )
    tier_id = fields.Many2one("helpdesk.support.tier", readonly=True)
    support_sla_level_id = fields.Many2one(
        "helpdesk.support.sla.level", string="SLA level", readonly=True
    )
    # the timer's own: a met or breached timer keeps how it was counted
    sla_clock = fields.Selection(
        SLA_CLOCKS,
        string="SLA counted",
        default="created",
        readonly=True,
        index=True,
    )
    kind = fields.Selection(TIMER_KINDS, required=True, default="response", index=True)
    resource_calendar_id = fields.Many2one(
        "resource.calendar", string="Schedule", required=True, readonly=True
    )
    target_value = fields.Float(string="Target value", readonly=True)
    target_unit = fields.Selection(
        RESPONSE_UNITS,
        string="Target unit",
        required=True,
        default="hours",
        readonly=True,
    )
    target_display = fields.Char(string="Target", compute="_compute_target_display")
    start_date = fields.Datetime(string="Start", required=True, readonly=True)
    deadline = fields.Datetime(readonly=True, index=True)
    at_risk_date = fields.Datetime(
        string="At risk from",
        readonly=True,
        index=True,
        help="Instant at which the share of the target set in the settings is used.",
    )
    paused_seconds = fields.Float(
        readonly=True, help="Working time spent waiting, in seconds."
    )
    paused_hours = fields.Float(
        string="Paused working hours", compute="_compute_paused_hours"
    )
    pause_start = fields.Datetime(string="Paused since", readonly=True)
    state = fields.Selection(
        [
            ("running", "Running"),
            ("paused", "Paused"),
            ("at_risk", "At risk"),
            ("met", "Met"),
            ("breached", "Breached"),
            # the ticket was closed as a third-party product problem
            ("excluded", "Not counted"),
            ("cancelled", "Cancelled"),
        ],
        required=True,
        default="running",
        readonly=True,
        index=True,
    )
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
    compliance = fields.Float(
        string="Compliance (%)",
        aggregator="avg",
        compute="_compute_compliance",
        store=True,
        help="100 for a met timer, 0 otherwise: its average over met and "
        "breached timers is the compliance rate.",
    )
    # the compliance pivot's period (this year by default): empty for the
    # timers that do not count, so that PostgreSQL reads, and expects to
    # read, only the counted timers of the period through this index, not
    # the open timers started in it nor the years of history (#16,
    # bench/bench_scale.py)
    compliance_date = fields.Datetime(
        string="Counted from",
        compute="_compute_compliance_date",
        store=True,
        index="btree_not_null",
        help="The start of a met or breached timer, the instant by which it "
        "counts for compliance; empty while it runs.",
    )

    @api.depends("ticket_id.number", "kind")
    # ------------------------------------------------------------------
    # A timer is SLA state: written by the lifecycle's events only
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        timers = super().create(vals_list)
        # after the rights: a user's forbidden write is an access error; an
        # empty create (a client's ``create([])``) creates no state
        if timers:
            check_lifecycle(self.env, self._name)
        return timers

    def write(self, vals):
        result = super().write(vals)
        # an empty recordset (a client's ``write([], …)``) moves no clock
        # a normal result, not the lifecycle's programming error
        if self:
            check_lifecycle(self.env, self._name)
        return result

    def unlink(self):
        self.check_access("unlink")
        check_lifecycle(self.env, self._name)
        return super().unlink()

    def _compute_display_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for timer in self:
            timer.display_name = f"{timer.ticket_id.number} – {kinds[timer.kind]}"

    @api.depends(
        "target_value",
        "target_unit",
        "resource_calendar_id.attendance_ids",
        "resource_calendar_id.production_calendar_id",
    )
    @api.depends_context("lang")
    def _compute_target_display(self):
        round_the_clock = self.resource_calendar_id._support_round_the_clock_ids()
        for timer in self:
            timer.target_display = response_target_text(
                self.env,
                timer.target_value,
                timer.target_unit,
                timer.resource_calendar_id.id in round_the_clock,
            )

    @api.depends("paused_seconds")
    def _compute_paused_hours(self):
        for timer in self:
            timer.paused_hours = timer.paused_seconds / 3600.0

    @api.depends("state")
    def _compute_compliance(self):
        for timer in self:
            timer.compliance = 100.0 if timer.state == "met" else 0.0

    @api.depends("state", "start_date")
    def _compute_compliance_date(self):
        for timer in self:
            counted = timer.state in ("met", "breached")
            timer.compliance_date = timer.start_date if counted else False

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

    # ------------------------------------------------------------------
    # Scheduling
    # ------------------------------------------------------------------

    @api.model
    def _get_at_risk_share(self, company):
        return (company.support_at_risk_percent or 80.0) / 100.0

    @api.model
    def _estimate_span_days(self, calendar, rows):
        """Calendar days the engine must cover after the latest start."""
        hours_per_day = calendar.hours_per_day or 8.0
        working_days = 1.0
        for row in rows:
            value = row.target_value
            days = value if row.target_unit == "days" else value / hours_per_day
            days += (row.paused_seconds or 0.0) / 3600.0 / hours_per_day
            working_days = max(working_days, days)
        # weekends, holidays (the Russian New Year break is ten days) and margin
        return math.ceil(working_days * 7 / 5) + 21

    def _schedule(self, now=None, resumed=None):
        """Compute deadlines of open timers, one working-time pass per schedule.

        :param now: the current instant (naive UTC)
        :param resumed: timers of ``self`` whose pause ends at ``now``; the
            working time since their ``pause_start`` is added to their paused
            time first.
        """
        now = now or fields.Datetime.now()
        resumed_ids = set((resumed or self.browse()).ids)
        by_calendar = defaultdict(list)
        for timer in self:
            if timer.state in OPEN_STATES:
                by_calendar[timer.resource_calendar_id].append(timer.id)
        for calendar, ids in by_calendar.items():
            timers = self.browse(ids)
            values = timers._compute_schedule(calendar, now, resumed_ids)
            # computed with the schedule as this transaction reads it
            generation = calendar.sudo().support_sla_generation
            for vals in values.values():
                vals["calendar_generation"] = generation
            timers._write_values(values)

    def _schedule_rows(self):
        """:class:`ScheduleRow` of the batch, read in one query."""
        self.flush_recordset(SCHEDULE_COLUMNS)
        rows = self.env.execute_query(
            SQL(
                "SELECT id, %s FROM %s WHERE id = ANY(%s) ORDER BY id",
                SQL(", ").join(SQL.identifier(column) for column in SCHEDULE_COLUMNS),
                SQL.identifier(self._table),
                self.ids,
            )
        )
        return [ScheduleRow(*row) for row in rows]

    def _compute_schedule(self, calendar, now, resumed_ids=()):
        """{timer id: new values} for timers of ``self`` counted in ``calendar``.

        One engine over the whole period of the batch; the period is doubled
        when a deadline falls beyond it.
        """
        return self._compute_schedule_rows(
            calendar, self._schedule_rows(), now, resumed_ids
        )

    @api.model
    def _compute_schedule_rows(self, calendar, rows, now, resumed_ids=()):
        """:meth:`_compute_schedule` over :class:`ScheduleRow` ``rows``, read
        from timers or built in memory (a preview)."""
        if not rows:
            return {}
        starts = [row.start_date for row in rows]
        pauses = [
            row.pause_start for row in rows if row.id in resumed_ids and row.pause_start
        ]
        first = min([*starts, *pauses, now])
        last = max([*starts, now])
        span = self._estimate_span_days(calendar, rows)
        for _attempt in range(6):
            engine = calendar._get_working_time_engine(
                first - timedelta(days=1), last + timedelta(days=span)
            )
            values = self._schedule_values(engine, now, resumed_ids, rows)
            if values is not None:
                return values
            span *= 2
        return {}

    def _write_values(self, values):
        """Write different values on many timers in a few batched UPDATEs.

        ``write`` per timer costs its checks and triggers once per record;
        here the rows go through the ORM's own low-level writer, one UPDATE
        per set of fields (as a flush does), then the cache is invalidated and
        dependent fields (compliance, the tickets' SLA summary) are marked for
        recomputation, as ``write`` would.

        Kept over plain ``write`` because the benchmark shows a real loss:
        ``bench/bench_sla_write.py`` (10,000 open deadlines moved by a
        holiday, nearly all different: 9,584 distinct sets of values),
        flush and the tickets' SLA summary included, best of 3 on the
        2-core development machine: this method 3.50 s (0.35 ms/timer),
        one plain ``write`` per distinct set of values 9.53 s (0.95 ms/timer),
        ``sla_write ratio=2.73``. Grouping by value does not help: the
        deadlines of tickets opened at different instants differ.
        """
        check_lifecycle(self.env, self._name)
        groups = defaultdict(list)
        for timer_id, vals in values.items():
            groups[tuple(sorted(vals))].append((timer_id, vals))
        for fnames, items in groups.items():
            timers = self.browse([timer_id for timer_id, _vals in items])
            fields_ = [self._fields[fname] for fname in fnames]
            timers.flush_recordset(list(fnames))
            timers._write_multi(
                [
                    {
                        field.name: field.convert_to_column_update(
                            field.convert_to_cache(vals[field.name], timers), timers
                        )
                        for field in fields_
                    }
                    for _timer_id, vals in items
                ]
            )
            timers.invalidate_recordset(list(fnames))
            timers.modified(list(fnames))

    def _schedule_values(self, engine, now, resumed_ids, rows):
        """{timer id: values} or None when the engine's period is too short."""
        result = {}
        shares = {}
        for row in rows:
            timer_id, start_date, state = row.id, row.start_date, row.state
            value, unit, company = row.target_value, row.target_unit, row.company_id
            pause_start = row.pause_start
            paused = row.paused_seconds or 0.0
            vals = {}
            if timer_id in resumed_ids and pause_start:
                paused += engine.elapsed(pause_start, now)
                vals.update(paused_seconds=paused, pause_start=False)
            elif state == "paused":
                result[timer_id] = {"deadline": False, "at_risk_date": False}
                continue
            start = engine.position(start_date)
            if unit == "days" and row.kind in CIVIL_PERIOD_KINDS and value >= 1:
                span = engine.working_days_from_date_span(
                    engine.local_date(start_date), int(value)
                )
                if span is None:
                    return None
                base = span[1]
            elif unit == "days":
                base = engine.day_position(start_date, int(value))
                if base is None:
                    return None
            else:
                base = start + value * 3600.0
            deadline = engine.instant(base + paused)
            if company not in shares:
                shares[company] = self._get_at_risk_share(
                    self.env["res.company"].browse(company)
                )
            at_risk = engine.instant(start + paused + shares[company] * (base - start))
            if deadline is None or at_risk is None:
                return None
            vals.update(deadline=deadline, at_risk_date=at_risk)
            vals.update(self._state_values(deadline, at_risk, now))
            # only what changes: an unchanged state triggers nothing
            if vals.get("state") == state:
                del vals["state"]
            result[timer_id] = vals
        return result

    @api.model
    def _state_values(self, deadline, at_risk, now):
        if deadline <= now:
            return {"state": "breached", "breached_date": deadline}
        return {"state": "at_risk" if at_risk <= now else "running"}

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
        # the recompute action gives it its state (issue #16)
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

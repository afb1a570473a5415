# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The SLA work queue's clock on tickets (R-21, R-24, R-25).

MQ 1.2 «Основным показателем SLA является гарантированное время ответа»
and DS 2.1 (the maximum reaction time, counted in working time): what a
support engineer needs in the queue is how much *working* time the ticket's
current obligation has left, not the calendar date of its deadline. These
non-stored fields give, for the ticket's current open timer (the open one
with the earliest deadline; the paused one when none runs), the remaining
working time counted by the timers' own working-time engine
(``resource.calendar._get_working_time_engine``), a short badge text in the
user's language, the risk that colours it, the deadline and the clause of
the level it is counted under.

Batch: one query reads the open timers of every ticket, one engine is built
per schedule, the levels, tiers and regulations are read once for all.
"""

from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL, html2plaintext

from .helpdesk_support_sla_timer import OPEN_STATES

SLA_RISKS = [
    ("running", "Running"),
    ("at_risk", "At risk"),
    ("breached", "Breached"),
    ("paused", "Paused"),
    ("none", "Not counting"),
]
# the columns of a timer the badge reads, in one query for all tickets
BADGE_COLUMNS = [
    "ticket_id",
    "kind",
    "state",
    "deadline",
    "at_risk_date",
    "resource_calendar_id",
    "support_sla_level_id",
    "tier_id",
]


def duration_text(env, seconds):
    """Working time as a queue shows it: "1 h 20 min", "45 min", "12 h"
    (minutes are noise beyond ten hours), never rounded up: an engineer is
    not told he has more time than he has."""
    minutes = int(max(seconds, 0.0) // 60)
    hours, minutes = divmod(minutes, 60)
    if hours and minutes and hours < 10:
        return env._("%(hours)s h %(minutes)s min", hours=hours, minutes=minutes)
    if hours:
        return env._("%(hours)s h", hours=hours)
    return env._("%(minutes)s min", minutes=minutes)


class HelpdeskTicketSlaBadge(models.Model):
    # one concern of the ticket per file (the work queue's SLA clock), as
    # the project's style asks; it overrides nothing
    _inherit = "helpdesk.ticket"

    support_sla_remaining_hours = fields.Float(
        string="SLA time left",
        compute="_compute_support_sla_badge",
        help="Working time left until the deadline of the ticket's current "
        "SLA timer, in hours of its schedule; negative when overdue.",
    )
    support_sla_badge = fields.Char(
        string="SLA clock",
        compute="_compute_support_sla_badge",
        help="Working time left on the ticket's current SLA timer, or how "
        "long it is overdue, or that it is paused.",
    )
    support_sla_risk = fields.Selection(
        SLA_RISKS,
        string="SLA risk",
        compute="_compute_support_sla_badge",
    )
    support_sla_due = fields.Datetime(
        string="SLA due",
        compute="_compute_support_sla_badge",
        help="Deadline of the ticket's current SLA timer.",
    )
    support_sla_clause = fields.Char(
        string="SLA clause",
        compute="_compute_support_sla_badge",
        help="The obligation the current SLA timer counts and the level of "
        "the regulation it comes from.",
    )

    @api.depends(
        "stage_id.closed",
        "support_sla_timer_ids.state",
        "support_sla_timer_ids.deadline",
        "support_sla_timer_ids.at_risk_date",
    )
    @api.depends_context("lang")
    def _compute_support_sla_badge(self):
        now = fields.Datetime.now()
        current = self._support_badge_timers()
        engines = self._support_badge_engines(current.values(), now)
        clauses = self._support_badge_clauses(current.values())
        for ticket in self:
            # a ticket being edited in a form is a new record of its origin
            row = current.get(ticket._origin.id) if not ticket.closed else None
            vals = {
                "support_sla_remaining_hours": 0.0,
                "support_sla_badge": False,
                "support_sla_risk": "none",
                "support_sla_due": False,
                "support_sla_clause": False,
            }
            if row:
                vals["support_sla_clause"] = clauses.get(row["id"]) or False
                vals.update(self._support_badge_values(row, engines, now))
            ticket.update(vals)

    def _support_badge_timers(self):
        """{ticket id: row} of the ticket's current timer, in one query.

        The open timers (running, at risk, and breached ones not met yet:
        an overdue obligation still waits for its reply) come first, the
        earliest deadline first; a paused timer only when none counts.
        The tickets of ``self`` were read by the user: their timers' clock is
        theirs to see, as the SLA summary of the ticket shows it.
        """
        ids = [ticket._origin.id for ticket in self if ticket._origin.id]
        if not ids:
            return {}
        Timer = self.env["helpdesk.support.sla.timer"]
        Timer.flush_model([*BADGE_COLUMNS, "met_date"])
        rows = self.env.execute_query_dict(
            SQL(
                """
                SELECT DISTINCT ON (ticket_id) id, %(columns)s
                  FROM %(table)s
                 WHERE ticket_id = ANY(%(ids)s)
                   AND (state = ANY(%(open)s)
                        OR (state = 'breached' AND met_date IS NULL))
              ORDER BY ticket_id, (state = 'paused'), deadline NULLS LAST, id
                """,
                columns=SQL(", ").join(SQL.identifier(c) for c in BADGE_COLUMNS),
                table=SQL.identifier(Timer._table),
                ids=ids,
                open=list(OPEN_STATES),
            )
        )
        return {row["ticket_id"]: row for row in rows}

    @api.model
    def _support_badge_engines(self, rows, now):
        """{calendar id: working-time engine} covering now and every
        deadline counted in that schedule: one engine per schedule."""
        spans = defaultdict(list)
        for row in rows:
            if row["deadline"] and row["resource_calendar_id"]:
                spans[row["resource_calendar_id"]].append(row["deadline"])
        calendars = self.env["resource.calendar"].sudo().browse(list(spans))
        engines = {}
        for calendar in calendars:
            instants = [now, *spans[calendar.id]]
            engines[calendar.id] = calendar._get_working_time_engine(
                min(instants) - timedelta(days=1), max(instants) + timedelta(days=1)
            )
        return engines

    @api.model
    def _support_badge_values(self, row, engines, now):
        if row["state"] == "paused" or not row["deadline"]:
            return {
                "support_sla_risk": "paused",
                "support_sla_badge": self.env._("paused"),
            }
        deadline = row["deadline"]
        engine = engines.get(row["resource_calendar_id"])
        if deadline <= now:
            # overdue by the working time passed since the deadline (DS 2.1,
            # MQ 1.2: the SLA is counted in working time, so is the delay)
            late = engine.elapsed(deadline, now) if engine else 0.0
            return {
                "support_sla_risk": "breached",
                "support_sla_due": deadline,
                "support_sla_remaining_hours": -late / 3600.0,
                "support_sla_badge": self.env._(
                    "overdue %(time)s", time=duration_text(self.env, late)
                ),
            }
        left = engine.elapsed(now, deadline) if engine else 0.0
        at_risk = row["state"] == "at_risk" or (
            row["at_risk_date"] and row["at_risk_date"] <= now
        )
        return {
            "support_sla_risk": "at_risk" if at_risk else "running",
            "support_sla_due": deadline,
            "support_sla_remaining_hours": left / 3600.0,
            "support_sla_badge": duration_text(self.env, left),
        }

    @api.model
    def _support_badge_clauses(self, rows):
        """{timer id: the clause shown on hover}: what the timer counts, the
        level (its description when it has one, else its name) or the tier
        and the regulation, and the target, read once for all timers.

        The level and tier are the ticket's own (shown on its form): read
        without the configuration rights a helpdesk user may lack.
        """
        rows = list(rows)
        timers = (
            self.env["helpdesk.support.sla.timer"]
            .sudo()
            .browse([row["id"] for row in rows])
        )
        kinds = dict(timers._fields["kind"]._description_selection(self.env))
        targets = {timer.id: timer.target_display for timer in timers}
        levels = (
            self.env["helpdesk.support.sla.level"]
            .sudo()
            .browse({row["support_sla_level_id"] for row in rows} - {None})
        )
        tiers = (
            self.env["helpdesk.support.tier"]
            .sudo()
            .browse({row["tier_id"] for row in rows} - {None})
        )
        # one read of each model for every row (prefetching)
        levels.mapped("description")
        levels.regulation_id.mapped("name")
        tiers.regulation_id.mapped("name")
        result = {}
        for row in rows:
            level = levels.browse(row["support_sla_level_id"])
            tier = tiers.browse(row["tier_id"])
            source = level or tier
            text = html2plaintext(level.description or "").strip() if level else ""
            if not text and source:
                regulation = source.regulation_id.name
                text = f"{source.name} — {regulation}" if regulation else source.name
            parts = [kinds.get(row["kind"], row["kind"]), text, targets.get(row["id"])]
            result[row["id"]] = ": ".join(part for part in parts[:2] if part)
            if parts[2]:
                result[row["id"]] += f" ({parts[2]})"
        return result

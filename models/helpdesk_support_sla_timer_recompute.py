# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
# One concern of the model per file, as Odoo core splits a model inside one
# module (mrp/models/stock_orderpoint.py): each class owns its fields.
# pylint: disable=consider-merging-classes-inherited
"""Open deadlines recomputed in the background after a change of working
time, so that saving a holiday does not wait for every open ticket (R-03,
R-21).

A change of working time (a holiday, a moved day off, a shortened day, a
leave, an attendance, the schedule's zone or production calendar) must move
every open deadline counted in that schedule (R-21, R-03), but a company with
100,000 open tickets cannot wait for that inside the request that saves the
holiday. The request only increments the schedule's *SLA generation*
(``resource.calendar.support_sla_generation``, one row per schedule) and
triggers the scheduled action *Support SLA: recompute open deadlines*; every
timer remembers the generation its deadline was computed at
(``calendar_generation``), so an open timer behind its schedule is *pending*.
The action recomputes pending timers in batches (one working-time pass per
schedule per batch), reports its progress with ``ir.cron._notify_progress``
and lets Odoo's cron runner commit each batch and call it again while timers
remain. Nothing is lost when a schedule changes again during a batch: the
batch stamps the generation it read in its own snapshot, so timers stay
pending until a batch computed them with the newest working time.
"""

from odoo import api, fields, models
from odoo.tools import SQL, create_index

from .helpdesk_support_sla_timer import RECOMPUTE_CRON

BATCH_PARAM = "helpdesk_mgmt_support_contract.sla_recompute_batch"
DEFAULT_BATCH = 2000
# timers whose deadline moves with their schedule
MOVING_STATES = ("running", "at_risk")


class HelpdeskSupportSlaTimer(models.Model):
    _inherit = "helpdesk.support.sla.timer"

    calendar_generation = fields.Integer(
        string="Schedule generation",
        default=0,
        readonly=True,
        copy=False,
        help="Generation of the schedule the deadline was computed at; "
        "behind the schedule's own generation, the deadline is being "
        "recomputed.",
    )
    recompute_pending = fields.Boolean(
        string="Deadline being recomputed",
        compute="_compute_recompute_pending",
        search="_search_recompute_pending",
        help="Its schedule changed: the scheduled action *Support SLA: "
        "recompute open deadlines* is moving this deadline.",
    )

    def init(self):
        result = super().init()
        # the pending timers of a schedule, read by the action and the forms
        create_index(
            self.env.cr,
            "helpdesk_support_sla_timer_generation_open_idx",
            self._table,
            ["resource_calendar_id", "calendar_generation"],
            where="state IN ('running', 'at_risk')",
        )
        return result

    @api.model
    def _pending_sql(self):
        """SELECT of the ids of open timers behind their schedule."""
        return SQL(
            """SELECT timer.id
                 FROM %s timer
                 JOIN resource_calendar calendar
                   ON calendar.id = timer.resource_calendar_id
                WHERE timer.state IN %s
                  AND timer.calendar_generation
                      < COALESCE(calendar.support_sla_generation, 0)""",
            SQL.identifier(self._table),
            MOVING_STATES,
        )

    def _compute_recompute_pending(self):
        self.flush_model(["state", "calendar_generation", "resource_calendar_id"])
        pending = {
            row[0]
            for row in self.env.execute_query(
                SQL("%s AND timer.id = ANY(%s)", self._pending_sql(), self.ids)
            )
        }
        for timer in self:
            timer.recompute_pending = timer.id in pending

    def _search_recompute_pending(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        self.flush_model(["state", "calendar_generation", "resource_calendar_id"])
        self.env["resource.calendar"].flush_model(["support_sla_generation"])
        positive = (operator == "=") == value
        subquery = SQL("(%s)", self._pending_sql())
        return [("id", "in" if positive else "not in", subquery)]

    # ------------------------------------------------------------------
    # Marking
    # ------------------------------------------------------------------

    @api.model
    def _mark_recompute_for_calendars(self, calendars):
        """The working time of ``calendars`` changed: their open deadlines
        are recomputed in the background. One UPDATE of the schedules' rows
        (whatever the number of timers) and a trigger of the action."""
        if not calendars:
            return
        calendars.flush_recordset(["support_sla_generation"])
        self.env.cr.execute(
            SQL(
                """UPDATE resource_calendar
                      SET support_sla_generation
                          = COALESCE(support_sla_generation, 0) + 1
                    WHERE id = ANY(%s)""",
                calendars.ids,
            )
        )
        calendars.invalidate_recordset(["support_sla_generation"])
        self.invalidate_model(["recompute_pending"])
        self._trigger_recompute()

    @api.model
    def _trigger_recompute(self):
        cron = self.env.ref(RECOMPUTE_CRON, raise_if_not_found=False)
        if cron:
            # the system's own scheduled action, run by its own user
            cron.sudo()._trigger()

    # ------------------------------------------------------------------
    # Recomputing
    # ------------------------------------------------------------------

    @api.model
    def _get_recompute_batch_size(self):
        value = self.env["ir.config_parameter"].sudo().get_param(BATCH_PARAM)
        try:
            size = int(value or DEFAULT_BATCH)
        except ValueError:
            size = DEFAULT_BATCH
        # a system parameter: bounded, whatever an administrator typed
        return min(max(size, 1), 100000)

    @api.model
    def _cron_recompute_deadlines(self, batch_size=None):
        """Recompute one batch of pending open deadlines (R-21, R-03), then
        re-apply the SLA to open tickets of contracts whose tier or sender
        category changed (``helpdesk_support_contract_follow.py``).

        Timers closed (met, breached, paused, cancelled) since their schedule
        changed are skipped: a closed timer is history, a paused one is
        recomputed when it resumes. Transitions the new deadlines cause (at
        risk, breached) get their to-do and note, once, as the at-risk and
        breach action gives them. The cron runner commits the batch and
        calls again while ``remaining`` is above zero.
        """
        batch_size = batch_size or self._get_recompute_batch_size()
        self.flush_model()
        rows = self.env.execute_query(
            SQL(
                "%s ORDER BY timer.resource_calendar_id, timer.id LIMIT %s",
                self._pending_sql(),
                batch_size,
            )
        )
        timers = self.browse([row[0] for row in rows])

        def recompute(batch):
            self.env["helpdesk.ticket"]._support_lifecycle_event(
                "schedule_changed", timers=batch
            )

        # a timer whose deadline cannot be recomputed stays pending and is
        # tried again on the next run; the others move with their schedule
        #
        recomputed = self.env["helpdesk.support.job.failure"]._support_run_isolated(
            RECOMPUTE_CRON, timers, recompute
        )
        self.flush_model()
        [(remaining,)] = self.env.execute_query(
            SQL("SELECT count(*) FROM (%s) pending", self._pending_sql())
        )
        # then the open tickets following a contract's new tier, with what
        # is left of the batch
        followed, follow_remaining = self.env[
            "helpdesk.support.contract"
        ]._support_follow_batch(batch_size - len(timers))
        done = len(recomputed) + followed
        self.env["ir.cron"]._notify_progress(
            done=done, remaining=remaining + follow_remaining
        )
        return done

    @api.model
    def _recompute_for_calendars(self, calendars):
        """Open deadlines counted in ``calendars``, recomputed at once.

        One working-time pass per schedule for all its open timers (R-03).
        Met and breached timers are history and are not touched. Changes of
        working time go through :meth:`_mark_recompute_for_calendars` and the
        background action instead; this is the same computation in one go.
        """
        if not calendars:
            return self.browse()
        timers = self.sudo().search(
            [
                ("resource_calendar_id", "in", calendars.ids),
                ("state", "in", MOVING_STATES),
            ]
        )
        self.env["helpdesk.ticket"]._support_lifecycle_event(
            "schedule_changed", timers=timers
        )
        return timers

    def _support_recompute(self):
        """The open deadlines of these timers, counted again in their
        schedule's working time (R-21, R-03); the transitions it causes (at
        risk, breached) get their to-do and note, once."""
        before = {timer.id: timer.state for timer in self}
        self._schedule()
        breached = self.filtered(
            lambda t: t.state == "breached" and before[t.id] != "breached"
        )
        at_risk = self.filtered(
            lambda t: t.state == "at_risk" and before[t.id] != "at_risk"
        )
        breached._on_breach()
        at_risk._on_at_risk()
        return self

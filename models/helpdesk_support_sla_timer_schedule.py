# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
# One concern of the model per file, as Odoo core splits a model inside one
# module (mrp/models/stock_orderpoint.py): each class owns its fields.
# pylint: disable=consider-merging-classes-inherited
"""An SLA timer's deadline counted in the working time of its schedule
(R-03, R-21): one working-time pass per schedule for a batch of timers, the
working time of a wait for the customer added to the target (R-22).
"""

import math
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

from ..tools.lifecycle_scope import check_lifecycle
from .helpdesk_support_sla_timer import (
    CIVIL_PERIOD_KINDS,
    OPEN_STATES,
    SCHEDULE_COLUMNS,
    ScheduleRow,
)


class HelpdeskSupportSlaTimer(models.Model):
    _inherit = "helpdesk.support.sla.timer"

    paused_seconds = fields.Float(
        readonly=True, help="Working time spent waiting, in seconds."
    )
    paused_hours = fields.Float(
        string="Paused working hours", compute="_compute_paused_hours"
    )
    pause_start = fields.Datetime(string="Paused since", readonly=True)

    @api.depends("paused_seconds")
    def _compute_paused_hours(self):
        for timer in self:
            timer.paused_hours = timer.paused_seconds / 3600.0

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

    @api.model
    def _support_create_scheduled(self, vals_list, now, paused_ticket_ids=()):
        """Create new timers with their state and deadline in the creation
        values: the deadline counted in the working time of the schedule
        (DS 2.1 «только рабочее время», R-21), paused from ``now`` for the
        tickets of ``paused_ticket_ids`` (a wait for the customer, R-22),
        exactly as :meth:`_schedule` would write them after the creation,
        without reading the new rows back and updating them. Values of
        ``vals_list`` carry ``company_id`` (the ticket's).

        :return: the timers, in the order of ``vals_list``
        """
        by_calendar = defaultdict(list)
        for index, vals in enumerate(vals_list):
            if vals["ticket_id"] in paused_ticket_ids:
                vals.update(state="paused", pause_start=now)
                continue
            by_calendar[vals["resource_calendar_id"]].append(index)
        Calendar = self.env["resource.calendar"].sudo()
        for calendar_id, indexes in by_calendar.items():
            calendar = Calendar.browse(calendar_id)
            rows = [
                ScheduleRow(
                    index,
                    vals_list[index]["start_date"],
                    vals_list[index]["target_value"],
                    vals_list[index]["target_unit"],
                    0.0,
                    None,
                    "running",
                    vals_list[index]["company_id"],
                    vals_list[index]["kind"],
                )
                for index in indexes
            ]
            values = self._compute_schedule_rows(calendar, rows, now)
            generation = calendar.support_sla_generation
            for index in indexes:
                if index in values:
                    vals_list[index].update(
                        values[index], calendar_generation=generation
                    )
        timers = self.create(vals_list)
        # a deadline beyond every period the engine tried: as _schedule does
        timers.filtered(lambda t: t.state in OPEN_STATES and not t.deadline)._schedule(
            now
        )
        return timers

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
            engine = calendar._support_shared_engine(
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

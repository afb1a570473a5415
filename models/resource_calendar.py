# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, time, timedelta

from pytz import timezone, utc

from odoo import fields, models
from odoo.exceptions import AccessError

from odoo.addons.resource.models.utils import float_to_time

from ..tools.context_switch import server_switch
from ..tools.working_time_engine import WorkingTimeEngine
from .helpdesk_support_system_fields_mixin import ADMIN, SUPPORT_MANAGER, writable
from .resource_production_calendar import OFF_KINDS

# the pre-commit data key of the working-time engines of a transaction
# (:meth:`ResourceCalendar._support_shared_engine`) and their number kept
ENGINE_MEMO = "helpdesk_mgmt_support_contract.working_time_engines"
ENGINE_MEMO_SIZE = 16


def _covers_whole_day(spans):
    """Whether the (hour_from, hour_to) ``spans`` cover 00:00-24:00."""
    reached = 0.0
    for hour_from, hour_to in sorted(spans):
        if hour_from > reached + 1e-6:
            return False
        reached = max(reached, hour_to)
    return reached >= 24.0 - 1e-6


class ResourceCalendar(models.Model):
    _name = "resource.calendar"
    _inherit = ["helpdesk.support.system.fields.mixin", "resource.calendar"]
    # the production calendar a working time follows (DS 2.1)
    _support_write_rights = {
        # the preset's code is set by a manager loading a preset
        SUPPORT_MANAGER: writable(
            "production_calendar_id", create_only=("support_preset_code",)
        ),
        ADMIN: writable("production_calendar_id"),
    }

    support_preset_code = fields.Char(
        copy=False,
        index=True,
        help="Set on schedules created by a support regulation preset, so that "
        "loading the preset again finds them instead of creating copies.",
    )
    production_calendar_id = fields.Many2one(
        "resource.production.calendar",
        check_company=True,
        help="Country calendar of holidays, moved days off, working weekend days "
        "and shortened days that this working time follows. Leave empty for "
        "round-the-clock schedules.",
    )
    # incremented by every change of working time; open SLA
    # timers computed at an older generation are recomputed in the background
    support_sla_generation = fields.Integer(
        string="SLA generation", default=0, readonly=True, copy=False
    )

    def write(self, vals):
        if "support_sla_generation" in vals and not self.env.su:
            # kept by the addon alone: lowering it would hide pending deadlines
            raise AccessError(
                self.env._("The SLA generation of a schedule is set by the system.")
            )
        result = super().write(vals)
        if {"attendance_ids", "tz", "production_calendar_id", "global_leave_ids"} & set(
            vals
        ):
            self._support_recompute_sla_of()
        return result

    def _support_recompute_sla_of(self):
        """Move the open SLA deadlines counted in these schedules, in the
        background: the schedules are marked and the recompute action is
        triggered (``helpdesk_support_sla_timer_recompute.py``)."""
        # the working time changed: no engine built before serves again in
        # this transaction (a leave of every schedule may name none here)
        self.env.cr.precommit.data.pop(ENGINE_MEMO, None)
        if not self or server_switch(self.env, "support_sla_no_recompute"):
            return
        self.env["helpdesk.support.sla.timer"]._mark_recompute_for_calendars(self)

    def _attendance_intervals_batch(
        self, start_dt, end_dt, resources=None, domain=None, tz=None, lunch=False
    ):
        """Apply the production calendar on top of the weekly attendances.

        Holidays and moved days off have no attendance, weekend days made
        working get the attendances of the first working weekday of the week,
        and shortened days end one working hour earlier. Every Odoo feature
        planning in working time (plan_hours, plan_days,
        get_work_hours_count...) goes through here.
        """
        result = super()._attendance_intervals_batch(
            start_dt, end_dt, resources=resources, domain=domain, tz=tz, lunch=lunch
        )
        production = self.production_calendar_id
        if lunch or not production or self.flexible_hours:
            return result
        special = production._get_special_days(
            (start_dt - timedelta(days=1)).date(), (end_dt + timedelta(days=1)).date()
        )
        if not special:
            return result
        by_id = {resource.id: resource for resource in (resources or [])}
        per_weekday = self._production_weekday_attendances()
        for resource_id, intervals in result.items():
            resource = by_id.get(resource_id) or self.env["resource.resource"]
            if resource and (
                resource._is_fully_flexible() or resource.calendar_id.flexible_hours
            ):
                continue
            zone = tz or timezone((resource or self).tz)
            result[resource_id] = self._apply_production_days(
                intervals, special, per_weekday, zone, start_dt, end_dt
            )
        return result

    def _support_round_the_clock_ids(self):
        """Ids of the schedules of ``self`` that run round the clock (MQ 1.2
        «График 24x7 – круглосуточная поддержка»): every day of the week (of
        both weeks of a two-week schedule) worked from 00:00 to 24:00 and no
        production calendar taking holidays off. Response times in them are
        plain hours (shown "1 hour (24/7)", not "1 working hour")."""
        result = set()
        for calendar in self:
            if calendar.production_calendar_id or calendar.flexible_hours:
                continue
            weeks = ("0", "1") if calendar.two_weeks_calendar else (False,)
            covered = {}
            for line in calendar.attendance_ids:
                if line.resource_id or line.display_type or line.day_period == "lunch":
                    continue
                week = line.week_type if calendar.two_weeks_calendar else False
                key = (week, int(line.dayofweek))
                covered.setdefault(key, []).append((line.hour_from, line.hour_to))
            if all(
                _covers_whole_day(covered.get((week, day), []))
                for week in weeks
                for day in range(7)
            ):
                result.add(calendar.id)
        return result

    def _production_weekday_attendances(self):
        """{weekday: attendances} of the calendar itself (no resource lines)."""
        lines = self.attendance_ids.filtered(
            lambda a: not a.resource_id
            and not a.display_type
            and a.day_period != "lunch"
        )
        result = {}
        for line in lines.sorted(lambda a: (a.hour_from, a.id)):
            result.setdefault(int(line.dayofweek), []).append(line)
        return result

    def _apply_production_days(
        self, intervals, special, per_weekday, zone, start_dt, end_dt
    ):
        reference_day = next((day for day in range(5) if day in per_weekday), None)
        lower = start_dt.astimezone(zone)
        upper = end_dt.astimezone(zone)
        # the local date of each interval is computed once: a working-time
        # engine over years holds hundreds of intervals and the calendar
        # dozens of special days (the zone stays Odoo's pytz one, whose
        # database placed the intervals)

        def local_date(moment):
            return moment.astimezone(zone).date()

        # Odoo's intervals are (start, stop, records) triples; a fourth item
        # here is the local date
        items = []
        for begin, stop, records in intervals:
            day = local_date(begin)
            if special.get(day) not in OFF_KINDS:
                items.append((begin, stop, records, day))
        # weekend days made working (a shortened weekend day is working too):
        # the attendances of a normal working day
        reference = per_weekday.get(reference_day, [])
        for day, kind in special.items():
            if kind not in ("working", "short") or day.weekday() in per_weekday:
                continue
            for line in reference:
                begin = max(lower, self._production_localize(zone, day, line.hour_from))
                stop = min(upper, self._production_localize(zone, day, line.hour_to))
                if begin < stop:
                    items.append((begin, stop, line, local_date(begin)))
        # shortened days end one working hour earlier
        cuts = {}
        for day, kind in special.items():
            if kind != "short":
                continue
            cut = self._production_cut(
                zone, day, per_weekday.get(day.weekday()) or reference
            )
            if cut is not None:
                cuts[day] = cut
        result = []
        for begin, stop, meta, day in items:
            cut = cuts.get(day)
            if cut is not None:
                stop = min(stop, cut)
                if begin >= stop:
                    continue
            result.append((begin, stop, meta))
        return type(intervals)(result) if result else type(intervals)()

    def _production_localize(self, zone, day, hour):
        # as Odoo does for attendances (24:00 is the end of the same day)
        return zone.localize(datetime.combine(day, float_to_time(hour)))

    def _production_cut(self, zone, day, lines):
        """Instant one working hour before the end of the day's attendances."""
        remaining = 3600.0
        spans = sorted(
            (
                (
                    self._production_localize(zone, day, line.hour_from),
                    self._production_localize(zone, day, line.hour_to),
                )
                for line in lines
            ),
            reverse=True,
        )
        begin = None
        for begin, stop in spans:
            length = (stop - begin).total_seconds()
            if length >= remaining:
                return stop - timedelta(seconds=remaining)
            remaining -= length
        # shorter than an hour in all: the day ends at its first attendance
        return begin

    def _get_working_time_engine(self, start_dt, end_dt, compute_leaves=True):
        """A :class:`WorkingTimeEngine` over the work intervals of a period.

        The intervals are built once, through Odoo's own batch methods, and
        handed over as they return them (the engine normalises them with
        Odoo's ``Intervals``), so the engine answers exactly what
        ``plan_hours`` and ``get_work_hours_count`` answer on this calendar,
        for thousands of instants.
        """
        self.ensure_one()
        if not start_dt.tzinfo:
            start_dt = utc.localize(start_dt)
        if not end_dt.tzinfo:
            end_dt = utc.localize(end_dt)
        if compute_leaves:
            intervals = self._work_intervals_batch(start_dt, end_dt)[False]
        else:
            intervals = self._attendance_intervals_batch(start_dt, end_dt)[False]
        return WorkingTimeEngine(
            intervals, start_dt, end_dt, tz=timezone(self.tz or "UTC")
        )

    def _support_shared_engine(self, start_dt, end_dt):
        """:meth:`_get_working_time_engine` over whole UTC days around
        ``start_dt`` and ``end_dt``, built once per transaction and schedule
        generation: the tickets of a burst of mail (one transaction) start
        their clocks (DS 2.1, R-21) with one engine instead of reading the
        attendances, the production calendar and the leaves for each ticket.

        A larger period gives the same answers (the engine is exact on the
        whole period it covers). The memo lives in the transaction (it goes
        with a commit or a rollback), is keyed by the schedule's SLA
        generation (bumped by every change of its working time) and is
        dropped by every change of working time made in the transaction
        (:meth:`_support_recompute_sla_of`)."""
        self.ensure_one()
        if start_dt.tzinfo:
            start_dt = start_dt.astimezone(utc).replace(tzinfo=None)
        if end_dt.tzinfo:
            end_dt = end_dt.astimezone(utc).replace(tzinfo=None)
        start = datetime.combine(start_dt.date(), time.min)
        end = datetime.combine(end_dt.date(), time.min) + timedelta(days=1)
        key = (self.id, self.sudo().support_sla_generation, start, end)
        memo = self.env.cr.precommit.data.setdefault(ENGINE_MEMO, {})
        engine = memo.get(key)
        if engine is None:
            if len(memo) >= ENGINE_MEMO_SIZE:
                memo.clear()
            engine = memo[key] = self._get_working_time_engine(start, end)
        return engine

    def _support_plan_working_days(self, method, start, days):
        """Answer of the engine's ``method`` (a number of working days from
        ``start``), on a period widened until the answer is inside it;
        False when there is none within years (a schedule without working
        days), as Odoo's ``plan_days``."""
        self.ensure_one()
        # weekends, holidays (the Russian New Year break is ten days), margin
        span = days * 7 // 5 + 21
        for _attempt in range(6):
            engine = self._get_working_time_engine(
                start - timedelta(days=1), start + timedelta(days=span)
            )
            result = getattr(engine, method)(start, days)
            if result is not None:
                return result
            span *= 2
        return False

    def _support_same_time_after_working_days(self, start, days):
        """The same working offset into the ``days``-th next working day,
        leaves included (see
        :meth:`WorkingTimeEngine.same_time_after_working_days`)."""
        return self._support_plan_working_days(
            "same_time_after_working_days", start, days
        )

    def _support_end_of_nth_working_day(self, start, days):
        """The end of the ``days``-th working day from ``start``, leaves
        included (see :meth:`WorkingTimeEngine.end_of_nth_working_day`)."""
        return self._support_plan_working_days("end_of_nth_working_day", start, days)

    def _support_end_of_working_days_from_date(self, moment, days):
        """The end of a period of ``days`` working days counted from the date
        of ``moment`` in this schedule, the Civil Code's reading of the
        regulations' "N working days from the date" (ГК РФ ст. 191, 193, 194;
        see :meth:`WorkingTimeEngine.end_of_working_days_from_date`): from
        the day after that date to the end of the N-th working day's working
        time, holidays and transfers of the production calendar included.

        :param moment: the event, a naive UTC or aware datetime, or a date of
            this schedule's zone
        :return: a naive UTC datetime, or False when the schedule has no
            working day within years
        """
        self.ensure_one()
        if isinstance(moment, datetime):
            engine_day = None
            start = moment if moment.tzinfo else utc.localize(moment)
        else:
            engine_day = moment
            zone = timezone(self.tz or "UTC")
            start = zone.localize(datetime.combine(moment, time.min))
        span = days * 7 // 5 + 21
        for _attempt in range(6):
            engine = self._get_working_time_engine(
                start - timedelta(days=1), start + timedelta(days=span)
            )
            day = engine_day or engine.local_date(start)
            result = engine.end_of_working_days_from_date(day, days)
            if result is not None:
                return result
            span *= 2
        return False

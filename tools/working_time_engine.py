# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Bulk working-time arithmetic over precomputed work intervals (R-03).

The intervals come from ``resource.calendar._work_intervals_batch`` (see
``resource.calendar._get_working_time_engine``); this module only does the
arithmetic, by bisection over cumulative sums, so that thousands of deadlines
cost one interval computation plus O(log n) each.
"""

from bisect import bisect_left, bisect_right
from datetime import datetime, timezone


def _to_timestamp(moment):
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.timestamp()


class WorkingTimeEngine:
    """Answer "start + N working seconds" and "working seconds between a and b".

    Semantics are those of Odoo's ``plan_hours`` (a start outside working time
    moves to the next working instant; a deadline landing on the end of a
    working period is that end) and ``get_work_hours_count``.
    Datetimes may be naive (UTC) or aware; results follow the input: naive UTC
    for a naive start, aware UTC otherwise.
    """

    def __init__(self, intervals, start_dt=None, end_dt=None, tz=None):
        intervals = list(intervals)
        spans = sorted(
            (_to_timestamp(begin), _to_timestamp(stop)) for begin, stop in intervals
        )
        merged = []
        for begin, stop in spans:
            if stop <= begin:
                continue
            if merged and begin <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], stop)
            else:
                merged.append([begin, stop])
        self.starts = [begin for begin, _stop in merged]
        self.ends = [stop for _begin, stop in merged]
        self.before = []  # working seconds before each interval
        self.until = []  # working seconds up to the end of each interval
        total = 0.0
        for begin, stop in merged:
            self.before.append(total)
            total += stop - begin
            self.until.append(total)
        self.range_start = _to_timestamp(start_dt) if start_dt else None
        self.range_end = _to_timestamp(end_dt) if end_dt else None
        # working days (local dates of ``tz``): first start and last end
        days = {}
        for begin, stop in intervals:
            if _to_timestamp(stop) <= _to_timestamp(begin):
                continue
            local = begin.astimezone(tz) if tz and begin.tzinfo else begin
            bounds = days.setdefault(
                local.date(), [_to_timestamp(begin), _to_timestamp(stop)]
            )
            bounds[0] = min(bounds[0], _to_timestamp(begin))
            bounds[1] = max(bounds[1], _to_timestamp(stop))
        ordered = sorted(days.values())
        self.day_starts = [self.worked_before(begin) for begin, _stop in ordered]
        self.day_ends = [self.worked_before(stop) for _begin, stop in ordered]

    def _check_range(self, moment):
        if (self.range_start is not None and moment < self.range_start) or (
            self.range_end is not None and moment > self.range_end
        ):
            raise ValueError("instant outside the period the engine was built for")

    def worked_before(self, moment):
        """Working seconds from the engine's start up to ``moment``."""
        index = bisect_right(self.starts, moment) - 1
        if index < 0:
            return 0.0
        return self.before[index] + min(moment, self.ends[index]) - self.starts[index]

    def elapsed(self, start, end):
        """Working seconds between two instants (0 when end <= start)."""
        a, b = _to_timestamp(start), _to_timestamp(end)
        self._check_range(a)
        self._check_range(b)
        if b <= a:
            return 0.0
        return self.worked_before(b) - self.worked_before(a)

    def position(self, moment):
        """Working seconds from the engine's start up to ``moment`` (datetime)."""
        moment = _to_timestamp(moment)
        self._check_range(moment)
        return self.worked_before(moment)

    def instant(self, position, naive=True, lo=0):
        """Earliest instant at which ``position`` working seconds are reached.

        A position falling on the end of a working period is that end, as in
        ``plan_hours``; ``lo`` is the first working period to consider.
        Returns None beyond the period of the engine.
        """
        index = bisect_left(self.until, position, lo=lo)
        if index == len(self.until):
            return None
        instant = self.starts[index] + max(0.0, position - self.before[index])
        if abs(instant - round(instant)) < 1e-3:  # float noise, not a real instant
            instant = round(instant)
        result = datetime.fromtimestamp(instant, timezone.utc)
        return result.replace(tzinfo=None) if naive else result

    def day_position(self, start, days):
        """Position reached after ``days`` whole working days from ``start``.

        The deadline is on the ``days``-th working day after the one of
        ``start`` (a start outside working time belongs to the next working
        day), at the same working offset into the day, at most the end of a
        shorter day. Returns None beyond the period of the engine.
        """
        position = self.position(start)
        # days already over at ``start`` are skipped
        index = bisect_right(self.day_ends, position)
        if index + days >= len(self.day_starts):
            return None
        offset = max(0.0, position - self.day_starts[index])
        target = index + int(days)
        length = self.day_ends[target] - self.day_starts[target]
        return self.day_starts[target] + min(offset, length)

    def plan(self, start, seconds):
        """Instant reached after ``seconds`` (>= 0) of working time from ``start``.

        Returns None when the period the engine was built for is too short.
        """
        position = self.position(start)
        # a start between two periods waits for the next one (as plan_hours)
        first = bisect_right(self.ends, _to_timestamp(start))
        return self.instant(position + seconds, start.tzinfo is None, lo=first)

    def plan_days(self, start, days):
        """Instant reached after ``days`` whole working days from ``start``."""
        target = self.day_position(start, days)
        if target is None:
            return None
        return self.instant(target, start.tzinfo is None)

    def plan_hours(self, start, hours):
        return self.plan(start, hours * 3600.0)


__all__ = ["WorkingTimeEngine"]

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

    def __init__(self, intervals, start_dt=None, end_dt=None):
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

    def plan(self, start, seconds):
        """Instant reached after ``seconds`` (>= 0) of working time from ``start``.

        Returns None when the period the engine was built for is too short.
        """
        moment = _to_timestamp(start)
        self._check_range(moment)
        first = bisect_right(self.ends, moment)
        if first == len(self.ends):
            return None
        target = self.before[first] + max(0.0, moment - self.starts[first]) + seconds
        index = bisect_left(self.until, target, lo=first)
        if index == len(self.until):
            return None
        instant = self.starts[index] + (target - self.before[index])
        result = datetime.fromtimestamp(instant, timezone.utc)
        if start.tzinfo is None:
            return result.replace(tzinfo=None)
        return result

    def plan_hours(self, start, hours):
        return self.plan(start, hours * 3600.0)


__all__ = ["WorkingTimeEngine"]

# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Plain unit tests of the engine's arithmetic (the Odoo tests check it
against plan_hours and the production calendar)."""

import random
from bisect import bisect_right
from datetime import UTC, date, datetime, timedelta

from pytz import timezone

from odoo.tests import BaseCase, tagged

from odoo.addons.resource.models.utils import Intervals

from ..tools.working_time_engine import WorkingTimeEngine, as_intervals, local_days

EPOCH = datetime(1970, 1, 1)


def week(first_day, days, hour_from=10, hour_to=18, short=()):
    """Naive UTC intervals of ``days`` working days from ``first_day``."""
    result = []
    for offset in range(days):
        day = first_day + timedelta(days=offset)
        if day.weekday() >= 5:
            continue
        end = hour_to - (1 if day.date() in short else 0)
        result.append((day.replace(hour=hour_from), day.replace(hour=end)))
    return result


class ThreeWeeksCase(BaseCase):
    """Three weeks of 10:00-18:00 working days from Monday 1 June 2026,
    Wednesday 3 June shortened by an hour (R-01, R-03)."""

    def setUp(self):
        super().setUp()
        monday = datetime(2026, 6, 1)
        self.engine = WorkingTimeEngine(
            week(monday, 21, short={datetime(2026, 6, 3).date()}),
            monday,
            monday + timedelta(days=21),
        )


@tagged("post_install", "-at_install")
class TestWorkingTimeEngineDays(ThreeWeeksCase):
    def test_same_offset_next_day(self):
        """R-03: N working days later is the same time of the N-th next working day."""
        self.assertEqual(
            self.engine.same_time_after_working_days(datetime(2026, 6, 1, 12), 1),
            datetime(2026, 6, 2, 12),
        )

    def test_over_the_weekend(self):
        """R-03: working days skip the weekend."""
        self.assertEqual(
            self.engine.same_time_after_working_days(datetime(2026, 6, 5, 15), 1),
            datetime(2026, 6, 8, 15),
        )

    def test_clamped_to_a_shorter_day(self):
        """R-03, R-01: the same time on a shorter day is clamped to its close."""
        # 17:30 on Tuesday -> Wednesday ends at 17:00
        self.assertEqual(
            self.engine.same_time_after_working_days(datetime(2026, 6, 2, 17, 30), 1),
            datetime(2026, 6, 3, 17),
        )

    def test_outside_working_time(self):
        """R-03: from outside working time the next working day counts as the first."""
        # before opening: the day itself is the first one
        self.assertEqual(
            self.engine.same_time_after_working_days(datetime(2026, 6, 1, 8), 1),
            datetime(2026, 6, 1, 18),
        )
        # after closing: the next working day is the first one
        self.assertEqual(
            self.engine.same_time_after_working_days(datetime(2026, 6, 5, 19), 1),
            datetime(2026, 6, 8, 18),
        )

    def test_many_days_and_too_short_period(self):
        """R-03: many working days, and no answer where the period is too short."""
        self.assertEqual(
            self.engine.same_time_after_working_days(datetime(2026, 6, 1, 10, 30), 10),
            datetime(2026, 6, 15, 10, 30),
        )
        self.assertIsNone(
            self.engine.same_time_after_working_days(datetime(2026, 6, 1, 12), 40)
        )

    def test_position_and_instant_roundtrip(self):
        """R-03: a working-time position and its instant convert both ways exactly."""
        start = datetime(2026, 6, 4, 11)
        position = self.engine.position(start)
        self.assertEqual(
            self.engine.instant(position + 3600 * 8), datetime(2026, 6, 5, 11)
        )
        self.assertEqual(self.engine.plan(start, 0), start)


@tagged("post_install", "-at_install")
class TestWorkingTimeEngineEndOfDay(ThreeWeeksCase):
    """The other meaning of "N working days": the end of the N-th one."""

    def test_day_of_start_counts_while_work_remains(self):
        """R-03, R-60: the day of the start counts as the first while work remains on
        it."""
        # Monday 15:00, three days: Monday, Tuesday, Wednesday (short: 17:00)
        self.assertEqual(
            self.engine.end_of_nth_working_day(datetime(2026, 6, 1, 15), 3),
            datetime(2026, 6, 3, 17),
        )
        # the same start, the other meaning: Thursday 15:00
        self.assertEqual(
            self.engine.same_time_after_working_days(datetime(2026, 6, 1, 15), 3),
            datetime(2026, 6, 4, 15),
        )

    def test_start_outside_working_time(self):
        """R-03, R-60: from before opening, the day itself is the first."""
        # before opening: the day itself is the first one
        self.assertEqual(
            self.engine.end_of_nth_working_day(datetime(2026, 6, 1, 8), 1),
            datetime(2026, 6, 1, 18),
        )
        # at or after closing: the next working day is, over the weekend
        for start in (datetime(2026, 6, 5, 18), datetime(2026, 6, 6, 12)):
            self.assertEqual(
                self.engine.end_of_nth_working_day(start, 1),
                datetime(2026, 6, 8, 18),
            )

    def test_too_short_period_and_no_days(self):
        """R-03: no end where the period holds too few working days."""
        self.assertIsNone(
            self.engine.end_of_nth_working_day(datetime(2026, 6, 1, 12), 20)
        )
        with self.assertRaises(ValueError):
            self.engine.end_of_nth_working_day(datetime(2026, 6, 1, 12), 0)

    def test_day_with_a_break_ends_in_the_evening(self):
        """R-03: Odoo's plan_days stops at the end of the morning on such a day."""
        monday = datetime(2026, 6, 1)
        morning = week(monday, 7, hour_from=9, hour_to=13)
        afternoon = week(monday, 7, hour_from=14, hour_to=18)
        engine = WorkingTimeEngine(
            morning + afternoon, monday, monday + timedelta(days=7)
        )
        self.assertEqual(
            engine.end_of_nth_working_day(datetime(2026, 6, 1, 10), 2),
            datetime(2026, 6, 2, 18),
        )
        # 1 working hour into Monday (10:00) -> 10:00 on Tuesday
        self.assertEqual(
            engine.same_time_after_working_days(datetime(2026, 6, 1, 10), 1),
            datetime(2026, 6, 2, 10),
        )
        # 4 working hours into Monday (15:00) -> Tuesday 15:00
        self.assertEqual(
            engine.same_time_after_working_days(datetime(2026, 6, 1, 15), 1),
            datetime(2026, 6, 2, 15),
        )


@tagged("post_install", "-at_install")
class TestWorkingTimeEngineIntervals(BaseCase):
    """The engine takes Odoo's ``Intervals`` as they are, and its working
    days are local days even where intervals merge across midnight."""

    def test_intervals_as_given_by_odoo(self):
        """R-02, R-03: Intervals with metadata (Odoo's carry recordsets) or bare pairs:
        the same answers."""
        pairs = week(datetime(2026, 6, 1), 14)
        from_pairs = WorkingTimeEngine(pairs)
        from_odoo = WorkingTimeEngine(
            Intervals((begin, stop, frozenset()) for begin, stop in pairs)
        )
        start = datetime(2026, 6, 3, 17)
        for hours in (0, 1, 8, 30):
            self.assertEqual(
                from_pairs.plan_hours(start, hours), from_odoo.plan_hours(start, hours)
            )
        self.assertEqual(
            from_pairs.end_of_nth_working_day(start, 2),
            from_odoo.end_of_nth_working_day(start, 2),
        )

    def test_overlapping_and_touching_intervals_merge(self):
        """R-03: overlapping and touching intervals merge into one."""
        day = datetime(2026, 6, 1)
        engine = WorkingTimeEngine(
            [
                (day.replace(hour=10), day.replace(hour=12)),
                (day.replace(hour=11), day.replace(hour=14)),
                (day.replace(hour=14), day.replace(hour=15)),
            ]
        )
        self.assertEqual(len(engine.starts), 1)
        self.assertEqual(engine.elapsed(day, day + timedelta(days=1)), 5 * 3600)

    def test_round_the_clock_days_are_calendar_days(self):
        """R-02, R-03 (MQ 1.2): A 24x7 schedule is one interval: a day is still a local
        day."""
        zone = timezone("Europe/Moscow")
        begin = zone.localize(datetime(2026, 6, 1))
        engine = WorkingTimeEngine(
            [(begin, begin + timedelta(days=30))],
            begin,
            begin + timedelta(days=30),
            tz=zone,
        )
        start = zone.localize(datetime(2026, 6, 1, 15))
        self.assertEqual(
            engine.same_time_after_working_days(start, 3),
            zone.localize(datetime(2026, 6, 4, 15)),
        )
        self.assertEqual(
            engine.end_of_nth_working_day(start, 3),
            zone.localize(datetime(2026, 6, 4)),
        )

    def test_local_days(self):
        """R-03: A night shift is cut at local midnight."""
        zone = timezone("Asia/Vladivostok")  # UTC+10
        begin = zone.localize(datetime(2026, 6, 1, 20))
        days = local_days(
            Intervals([(begin, begin + timedelta(hours=8), frozenset())]), zone
        )
        hours = {
            day: [
                (start.astimezone(zone).hour, stop.astimezone(zone).hour)
                for start, stop, _meta in pieces
            ]
            for day, pieces in days.items()
        }
        self.assertEqual(
            hours, {date(2026, 6, 1): [(20, 0)], date(2026, 6, 2): [(0, 4)]}
        )


@tagged("post_install", "-at_install")
class TestWorkingTimeEngineIndex(BaseCase):
    """The index of POSIX seconds merges the periods as Odoo's
    ``Intervals`` does, and its shortcuts give the floats of the long way
    (the Odoo test beside it: ``test_working_time_index.py``)."""

    def test_spans_merge_as_odoo_intervals(self):
        """R-03: the index merges random periods as Odoo's ``Intervals`` does."""
        rng = random.Random(20261207)
        base = datetime(2026, 6, 1)
        for _sample in range(200):
            pairs = []
            for _pair in range(rng.randrange(0, 12)):
                begin = base + timedelta(minutes=rng.randrange(0, 48) * 30)
                pairs.append(
                    (begin, begin + timedelta(minutes=rng.randrange(0, 8) * 30))
                )
            engine = WorkingTimeEngine(pairs)
            odoo_spans = [
                ((begin - EPOCH).total_seconds(), (stop - EPOCH).total_seconds())
                for begin, stop, _meta in as_intervals(pairs)
            ]
            spans = list(zip(engine.starts, engine.ends, strict=True))
            self.assertEqual(spans, odoo_spans)

    def test_plan_is_position_then_instant(self):
        """R-03: ``plan`` inlines :meth:`position` and :meth:`instant`: the same
        answers, naive and aware, in and out of working time."""
        monday = datetime(2026, 6, 1)
        engine = WorkingTimeEngine(
            week(monday, 21, short={datetime(2026, 6, 3).date()}),
            monday,
            monday + timedelta(days=21),
        )
        rng = random.Random(7)
        for _sample in range(300):
            start = monday + timedelta(seconds=rng.randrange(0, 14 * 86400))
            seconds = rng.randrange(0, 40 * 3600)
            lo = bisect_right(engine.ends, (start - EPOCH).total_seconds())
            expected = engine.instant(engine.position(start) + seconds, lo=lo)
            self.assertEqual(engine.plan(start, seconds), expected)
            aware = engine.plan(start.replace(tzinfo=UTC), seconds)
            self.assertEqual(aware, expected.replace(tzinfo=UTC))
        self.assertIsNone(engine.plan(monday + timedelta(days=20), 40 * 3600))
        with self.assertRaises(ValueError):
            engine.plan(monday - timedelta(seconds=1), 0)

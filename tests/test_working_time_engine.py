# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Plain unit tests of the engine's arithmetic (the Odoo tests check it
against plan_hours and the production calendar)."""

import unittest
from datetime import datetime, timedelta

from ..tools.working_time_engine import WorkingTimeEngine


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


class TestWorkingTimeEngineDays(unittest.TestCase):
    def setUp(self):
        super().setUp()
        monday = datetime(2026, 6, 1)
        self.engine = WorkingTimeEngine(
            week(monday, 21, short={datetime(2026, 6, 3).date()}),
            monday,
            monday + timedelta(days=21),
        )

    def test_same_offset_next_day(self):
        self.assertEqual(
            self.engine.plan_days(datetime(2026, 6, 1, 12), 1),
            datetime(2026, 6, 2, 12),
        )

    def test_over_the_weekend(self):
        self.assertEqual(
            self.engine.plan_days(datetime(2026, 6, 5, 15), 1),
            datetime(2026, 6, 8, 15),
        )

    def test_clamped_to_a_shorter_day(self):
        # 17:30 on Tuesday -> Wednesday ends at 17:00
        self.assertEqual(
            self.engine.plan_days(datetime(2026, 6, 2, 17, 30), 1),
            datetime(2026, 6, 3, 17),
        )

    def test_outside_working_time(self):
        # before opening: the day itself is the first one
        self.assertEqual(
            self.engine.plan_days(datetime(2026, 6, 1, 8), 1),
            datetime(2026, 6, 1, 18),
        )
        # after closing: the next working day is the first one
        self.assertEqual(
            self.engine.plan_days(datetime(2026, 6, 5, 19), 1),
            datetime(2026, 6, 8, 18),
        )

    def test_many_days_and_too_short_period(self):
        self.assertEqual(
            self.engine.plan_days(datetime(2026, 6, 1, 10, 30), 10),
            datetime(2026, 6, 15, 10, 30),
        )
        self.assertIsNone(self.engine.plan_days(datetime(2026, 6, 1, 12), 40))

    def test_position_and_instant_roundtrip(self):
        start = datetime(2026, 6, 4, 11)
        position = self.engine.position(start)
        self.assertEqual(
            self.engine.instant(position + 3600 * 8), datetime(2026, 6, 5, 11)
        )
        self.assertEqual(self.engine.plan(start, 0), start)

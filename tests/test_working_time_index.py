# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The working-time engine's index answers what Odoo's ``plan_hours``
answers, to the microsecond, on the DS schedule of the loaded preset."""

import random
from datetime import datetime, timedelta

from pytz import timezone, utc

from odoo.tests import tagged

from .common import SupportContractCase

MOSCOW = timezone("Europe/Moscow")


@tagged("post_install", "-at_install")
class TestWorkingTimeIndex(SupportContractCase):
    """R-03, R-02, DS 2.1 («по рабочим дням с 10 до 18 часов московского
    времени, кроме выходных и праздничных дней (по календарю праздничных
    дней России)», «Время реакции на обращения включает в себя только
    рабочее время»): a deadline read off the engine's index of working
    periods is the instant ``plan_hours`` gives, naive or aware, on the
    bounds of the working day, the shortened day before a holiday and the
    holiday itself, with both presets loaded in one company."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls.tier("ds_commercial").resource_calendar_id
        cls.begin = datetime(2026, 5, 1)
        cls.end = datetime(2026, 8, 1)

    def _moscow(self, *args):
        return MOSCOW.localize(datetime(*args)).astimezone(utc).replace(tzinfo=None)

    def _starts(self):
        """Instants on the bounds that the index must not blur: opening and
        closing, a second either side, the shortened 11 June 2026 (ends at
        17:00, DS 2.1 with the production calendar), the 12 June holiday,
        a weekend; then random seconds."""
        fixed = [
            self._moscow(2026, 6, 1, 10),
            self._moscow(2026, 6, 1, 9, 59, 59),
            self._moscow(2026, 6, 1, 10, 0, 1),
            self._moscow(2026, 6, 2, 18),
            self._moscow(2026, 6, 2, 17, 59, 59),
            self._moscow(2026, 6, 11, 16, 59, 59),
            self._moscow(2026, 6, 11, 17),
            self._moscow(2026, 6, 11, 17, 30),
            self._moscow(2026, 6, 12, 12),
            self._moscow(2026, 6, 13, 12),
        ]
        rng = random.Random(20261207)
        return fixed + [
            self.begin + timedelta(days=2, seconds=rng.randrange(80 * 86400))
            for _sample in range(40)
        ]

    def test_index_equals_plan_hours(self):
        """R-02, R-03 (DS 2.1): a deadline read off the index equals Odoo's plan_hours
        on the DS schedule."""
        self.assertTrue(
            self.calendar.production_calendar_id, "DS follows the RU calendar"
        )
        engine = self.calendar._get_working_time_engine(self.begin, self.end)
        durations = (0, 1, 3600, 8 * 3600 - 1, 8 * 3600, 40 * 3600)
        for start in self._starts():
            for seconds in durations:
                expected = self.calendar.plan_hours(
                    seconds / 3600, start, compute_leaves=True
                )
                aware = utc.localize(start)
                with self.subTest(start=start, seconds=seconds):
                    self.assertEqual(engine.plan(start, seconds), expected)
                    got = engine.plan(aware, seconds)
                    self.assertEqual(got, expected.replace(tzinfo=utc))
                    self.assertEqual(got.utcoffset(), timedelta(0))

    def test_shortened_day_and_holiday(self):
        """The index carries the production calendar: one working hour
        before 17:00 on the shortened 11 June is 16:00; one working hour
        after it is Monday 15 June at 11:00, the 12 June holiday and the
        weekend skipped (DS 2.1)."""
        engine = self.calendar._get_working_time_engine(self.begin, self.end)
        self.assertEqual(
            engine.plan(self._moscow(2026, 6, 11, 15), 3600),
            self._moscow(2026, 6, 11, 16),
        )
        self.assertEqual(
            engine.plan(self._moscow(2026, 6, 11, 17), 3600),
            self._moscow(2026, 6, 15, 11),
        )
        self.assertEqual(
            engine.elapsed(self._moscow(2026, 6, 11, 10), self._moscow(2026, 6, 16)),
            7 * 3600 + 8 * 3600,
        )

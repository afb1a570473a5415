# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import random
from datetime import date, datetime, timedelta

from freezegun import freeze_time
from psycopg2 import IntegrityError
from pytz import timezone, utc

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestProductionCalendar(TransactionCase):
    """Russian production calendar inside resource.calendar (R-01..R-03)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create({"name": "Calendar Company"})
        cls.production = cls.env["resource.production.calendar"].create(
            {"name": "Russia", "country_code": "RU", "company_id": cls.company.id}
        )
        for year in (2024, 2025, 2026, 2027):
            cls.production.action_generate_year(year)
        # a 40-hour week: 8 working hours a day, Monday to Friday, no break
        cls.norm = cls._calendar("Norm 40h", 9, 17, "Europe/Moscow")
        cls.ds = cls._calendar("DS 10-18", 10, 18, "Europe/Moscow")
        cls.vladivostok = cls._calendar("DS Vladivostok", 10, 18, "Asia/Vladivostok")
        cls.round_the_clock = cls._calendar(
            "24x7", 0, 24, "Europe/Moscow", days=tuple(range(7)), production=False
        )

    @classmethod
    def _calendar(
        cls, name, hour_from, hour_to, tz, days=(0, 1, 2, 3, 4), production=True
    ):
        return cls.env["resource.calendar"].create(
            {
                "name": name,
                "tz": tz,
                "company_id": cls.company.id,
                "production_calendar_id": cls.production.id if production else False,
                "attendance_ids": [
                    Command.create(
                        {
                            "name": str(day),
                            "dayofweek": str(day),
                            "hour_from": hour_from,
                            "hour_to": hour_to,
                        }
                    )
                    for day in days
                ],
            }
        )

    def _msk(self, *args):
        return timezone("Europe/Moscow").localize(datetime(*args))

    def _year_totals(self, calendar, year):
        zone = timezone(calendar.tz)
        start = zone.localize(datetime(year, 1, 1))
        end = zone.localize(datetime(year + 1, 1, 1))
        intervals = calendar._attendance_intervals_batch(start, end)[False]
        days = {begin.date() for begin, _stop, _meta in intervals}
        return len(days), round(calendar.get_work_hours_count(start, end), 6)

    def test_official_year_totals(self):
        """R-01: Working days and 40-hour-week norm hours equal the official figures.

        Sources: Government decrees approving the transfers of days off
        (2024: decree No. 1302 of 10.08.2023; 2025: No. 1335 of 04.10.2024;
        2026: the 2026 decree), as published in the production calendars of
        ConsultantPlus and Glavbukh: 2024 — 248 working days, 1979 hours;
        2025 — 247 days, 1972 hours; 2026 — 247 days, 1972 hours.
        """
        expected = {2024: (248, 1979), 2025: (247, 1972), 2026: (247, 1972)}
        for year, totals in expected.items():
            with self.subTest(year=year):
                self.assertEqual(self._year_totals(self.norm, year), totals)

    def test_2026_months(self):
        """R-01: Monthly 40-hour norms of 2026 (glavaudit.org production calendar
        2026)."""
        norms = [120, 152, 168, 175, 151, 167, 184, 168, 176, 176, 159, 176]
        zone = timezone("Europe/Moscow")
        for month, norm in enumerate(norms, start=1):
            start = zone.localize(datetime(2026, month, 1))
            end = zone.localize(datetime(2026 + month // 12, month % 12 + 1, 1))
            with self.subTest(month=month):
                self.assertAlmostEqual(self.norm.get_work_hours_count(start, end), norm)

    def test_generated_kinds(self):
        """R-01: the generated special days: working Saturdays, holidays, days off moved
        by decree, shortened days."""
        days = self.production._get_special_days(date(2024, 1, 1), date(2025, 12, 31))
        self.assertEqual(days[date(2024, 4, 27)], "working")
        self.assertEqual(days[date(2024, 12, 28)], "working")
        self.assertEqual(days[date(2024, 11, 2)], "short")  # moved from 30 April
        self.assertEqual(days[date(2025, 11, 1)], "short")  # moved from 3 November
        self.assertEqual(days[date(2024, 4, 29)], "day_off")
        self.assertEqual(days[date(2025, 5, 1)], "holiday")
        self.assertEqual(days[date(2025, 3, 7)], "short")
        self.assertNotIn(date(2025, 12, 30), days)  # 31 Dec is a day off: no shortening

    def test_working_saturday_counted(self):
        """R-01: 28 December 2024 is a working Saturday with a normal day's hours."""
        start, end = self._msk(2024, 12, 28), self._msk(2024, 12, 29)
        self.assertEqual(self.ds.get_work_hours_count(start, end), 8)
        # a shortened working Saturday: 1 November 2025, 10:00-17:00
        start, end = self._msk(2025, 11, 1), self._msk(2025, 11, 2)
        self.assertEqual(self.ds.get_work_hours_count(start, end), 7)

    def test_shortened_day_ends_at_17(self):
        """30 April 2026: DS day ends at 17:00; 1-3 May off; back on 4 May."""
        deadline = self.ds.plan_hours(
            1, self._msk(2026, 4, 30, 16, 30), compute_leaves=True
        )
        self.assertEqual(deadline, self._msk(2026, 5, 4, 10, 30))
        self.assertEqual(
            self.ds.get_work_hours_count(self._msk(2026, 4, 30), self._msk(2026, 5, 1)),
            7,
        )

    def test_new_year_holidays(self):
        """R-01, R-03: A ticket at 17:59 on 30 December 2025 with a 1-hour SLA."""
        start = self._msk(2025, 12, 30, 17, 59)
        deadline = self.ds.plan_hours(1, start, compute_leaves=True)
        self.assertEqual(deadline, self._msk(2026, 1, 12, 10, 59))
        engine = self.ds._get_working_time_engine(start, self._msk(2026, 2, 1))
        self.assertEqual(engine.plan_hours(start, 1), deadline.astimezone(utc))

    def test_plan_days(self):
        """R-01, R-02: Odoo's plan_days skips the May holidays and counts 30 April."""
        deadline = self.ds.plan_days(2, self._msk(2026, 4, 30, 11), compute_leaves=True)
        self.assertEqual(deadline, self._msk(2026, 5, 4, 18))

    def test_end_of_nth_working_day_is_odoos_plan_days(self):
        """R-02, R-03: Without a break in the day, the end of the N-th working day is
        what Odoo's plan_days answers, holidays and time zones included."""
        rng = random.Random(20261130)
        begin = datetime(2025, 1, 1)
        for calendar in (self.ds, self.vladivostok):
            for _sample in range(25):
                start = utc.localize(
                    begin + timedelta(seconds=rng.randrange(0, 600 * 86400))
                )
                days = rng.randrange(1, 15)
                with self.subTest(calendar=calendar.name, start=start, days=days):
                    self.assertEqual(
                        calendar._support_end_of_nth_working_day(start, days),
                        calendar.plan_days(days, start, compute_leaves=True),
                    )

    def test_two_meanings_of_working_days(self):
        """R-03, R-60: Thu 30 April 2026 11:00 (a shortened day), two working days."""
        start = self._msk(2026, 4, 30, 11)
        # the end of the 2nd working day: 30 April is the 1st, 4 May the 2nd
        self.assertEqual(
            self.ds._support_end_of_nth_working_day(start, 2),
            self._msk(2026, 5, 4, 18),
        )
        # the same working offset (1 hour) on the 2nd next working day: 5 May
        self.assertEqual(
            self.ds._support_same_time_after_working_days(start, 2),
            self._msk(2026, 5, 5, 11),
        )
        # naive UTC in, naive UTC out
        self.assertEqual(
            self.ds._support_same_time_after_working_days(datetime(2026, 4, 30, 8), 2),
            datetime(2026, 5, 5, 8),
        )

    def test_working_days_of_a_round_the_clock_schedule(self):
        """R-02 (MQ 1.2): 24x7 is one interval: its working days are calendar days."""
        start = self._msk(2026, 1, 1, 15)
        self.assertEqual(
            self.round_the_clock._support_same_time_after_working_days(start, 3),
            self._msk(2026, 1, 4, 15),
        )
        self.assertEqual(
            self.round_the_clock._support_end_of_nth_working_day(start, 3),
            self._msk(2026, 1, 4),
        )

    def test_no_working_day_at_all(self):
        """R-03: a schedule without any working day gives no working days and no
        crash."""
        empty = self.env["resource.calendar"].create(
            {"name": "Never", "attendance_ids": [Command.clear()]}
        )
        self.assertFalse(
            empty._support_end_of_nth_working_day(self._msk(2026, 1, 1), 1)
        )

    def test_round_the_clock_ignores_holidays(self):
        """R-02 (MQ 1.2): a 24x7 schedule counts holidays."""
        start = self._msk(2026, 1, 1)
        self.assertEqual(
            self.round_the_clock.plan_hours(2, start, compute_leaves=True),
            self._msk(2026, 1, 1, 2),
        )

    def test_other_timezone(self):
        """R-01, R-03: Vladivostok (UTC+10): holidays are local days there."""
        zone = timezone("Asia/Vladivostok")
        start = zone.localize(datetime(2026, 1, 8, 12))
        self.assertEqual(
            self.vladivostok.plan_hours(2, start, compute_leaves=True),
            zone.localize(datetime(2026, 1, 12, 12)),
        )

    def test_engine_matches_odoo(self):
        """R-02, R-03: Random instants: the engine equals plan_hours and
        get_work_hours_count to the second, on several calendars."""
        rng = random.Random(20261123)
        begin = datetime(2024, 12, 1)
        for calendar in (self.ds, self.vladivostok, self.round_the_clock):
            engine = calendar._get_working_time_engine(
                begin, begin + timedelta(days=220)
            )
            for _sample in range(40):
                start = begin + timedelta(seconds=rng.randrange(0, 150 * 86400))
                seconds = rng.choice([0, 60, 3600, 7 * 3600, 8 * 3600]) + rng.randrange(
                    0, 40 * 3600
                )
                expected = calendar.plan_hours(
                    seconds / 3600, start, compute_leaves=True
                )
                got = engine.plan(start, seconds)
                with self.subTest(calendar=calendar.name, start=start, seconds=seconds):
                    self.assertLess(abs((got - expected).total_seconds()), 1)
                end = start + timedelta(seconds=rng.randrange(0, 30 * 86400))
                hours = calendar.get_work_hours_count(
                    utc.localize(start), utc.localize(end)
                )
                self.assertAlmostEqual(
                    engine.elapsed(start, end), hours * 3600, delta=1
                )

    def test_regenerate_keeps_manual_edits(self):
        """R-01: regenerating a year keeps the days staff edited by hand."""
        day = self.env["resource.production.calendar.day"].search(
            [
                ("production_calendar_id", "=", self.production.id),
                ("date", "=", "2026-06-11"),
            ]
        )
        day.kind = "day_off"
        self.assertTrue(day.is_manual)
        conflicts = self.production.action_generate_year(2026)
        self.assertEqual(conflicts, [(date(2026, 6, 11), "day_off", "short")])
        self.assertEqual(day.kind, "day_off")
        # the manual day off counts in Odoo's own computations
        self.assertEqual(
            self.ds.get_work_hours_count(
                self._msk(2026, 6, 11), self._msk(2026, 6, 12)
            ),
            0,
        )
        wizard = self.env["resource.production.calendar.generate.wizard"].create(
            {"production_calendar_id": self.production.id, "year": 2026}
        )
        self.assertIn("kept", wizard.action_generate()["params"]["message"])

    def test_bad_input(self):
        """R-01: a production calendar of an unknown country is refused."""
        with self.assertRaises(UserError):
            self.env["resource.production.calendar"].create(
                {"name": "Nowhere", "country_code": "XX", "company_id": self.company.id}
            )
        with self.assertRaises(UserError):
            self.production.action_generate_year(2200)
        with self.assertRaises(UserError):
            self.production.action_generate_year(2040)  # no decree yet
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError) as catcher:
            self.env["resource.production.calendar.day"].create(
                {
                    "production_calendar_id": self.production.id,
                    "date": "2026-06-11",
                    "kind": "working",
                }
            )
            self.env.flush_all()
        self.assertIn("unique", str(catcher.exception).lower())

    def test_cron_generates_next_year_once(self):
        """R-01: the scheduled action generates the next year once."""
        other = self.env["resource.production.calendar"].create(
            {
                "name": "Russia 2",
                "country_code": "RU",
                "company_id": self.env.company.id,
            }
        )
        with freeze_time("2026-11-23"):
            self.env["resource.production.calendar"]._cron_generate_next_year()
            count = len(other.day_ids)
            self.assertTrue(count)
            self.assertEqual(set(other.day_ids.mapped("year")), {2027})
            self.env["resource.production.calendar"]._cron_generate_next_year()
            self.assertEqual(len(other.day_ids), count)

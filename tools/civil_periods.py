# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Periods of the regulations counted as the Russian Civil Code counts them.

Both regulations are contracts under Russian law, so a period they set in
days or years from a date is read by the Civil Code (ГК РФ):

- ст. 191: a period counted in days begins on the day AFTER the calendar date
  or the event that starts it (the day of the event itself is not counted);
- ст. 192: a period of years ends on the corresponding month and date of its
  last year (and a period ending in a month without that date ends on the
  last day of that month);
- ст. 193: a period whose last day is a non-working day ends on the next
  working day (a period counted in working days always ends on one);
- ст. 194: a period ends at the end of its last day; an action to be done at
  an organisation, at the end of its working day there.

These functions are the date arithmetic only (plain dates in, a date out),
so they can be checked without a database; the working dates come from the
production calendar through ``resource.calendar`` (see
``WorkingTimeEngine.end_of_working_days_from_date`` and
``resource.calendar._support_end_of_working_days_from_date``), which turns
the last date into the instant its working day ends.
"""

from bisect import bisect_right
from datetime import date


def last_working_day(start_date, days, working_dates):
    """The last day of a period of ``days`` working days counted from the
    date ``start_date`` (ГК РФ ст. 191): the ``days``-th date of
    ``working_dates`` strictly after ``start_date``, whatever ``start_date``
    itself is (a working day, a weekend or a holiday).

    «в течение 3 (трех) рабочих дней с даты получения» (MQ 1.2) from Thursday
    30 April 2026: 1-3 May are off, so the days are 4, 5 and 6 May and the
    period ends with Wednesday 6 May.

    :param start_date: the date of the event (a :class:`datetime.date`)
    :param days: number of working days, at least 1
    :param working_dates: sorted working dates, at least all those after
        ``start_date`` up to the answer (a production calendar's)
    :return: the last working date of the period, or None when
        ``working_dates`` ends too early
    """
    if days < 1:
        raise ValueError("a period of working days is at least one day")
    target = bisect_right(working_dates, start_date) + int(days) - 1
    if target >= len(working_dates):
        return None
    return working_dates[target]


def years_after(start_date, years):
    """The last day of a period of ``years`` years from the date
    ``start_date`` (ГК РФ ст. 192): the same month and day ``years`` later,
    that day included; from 29 February, 28 February of a common year (the
    month's last day, ст. 192 п. 3).

    «Срок действия купона - 1 год с момента покупки Лицензии» (DS 3.6): a
    licence bought 10 March 2025 gives a coupon valid through 10 March 2026.
    """
    year = start_date.year + int(years)
    try:
        return start_date.replace(year=year)
    except ValueError:  # 29 February into a common year
        return date(year, start_date.month, 28)


__all__ = ["last_working_day", "years_after"]

# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The language and the time zone of texts the server writes on its own.

Scheduled actions run without a user's language or zone in their context:
a note, an activity or a mail written there would read English and UTC. The
staff read notes and activities in the company's language; a customer reads
what is addressed to it in its own; both read times in the support time zone
(the regulations state their hours in Moscow time: DS 2.1 «с 10 до 18
часов московского времени», MQ 1.2 «по Московскому часовому поясу
(GMT+3)», MQ 2.1 «по московскому времени с 09:00 до 18:00»), dates in the
order and numbers with the decimal separator of the language (R-02).

One place for all of it: :func:`staff_env` and :func:`customer_env` give the
environment a text is written in; :func:`datetime_text`, :func:`date_text`,
:func:`number_text` format values in it; :func:`local_date` gives the date of
an instant in the support zone (an activity's due date).
"""

from datetime import date, datetime

import pytz

from odoo.tools.misc import (
    babel_locale_parse,
    format_date,
    format_datetime,
    formatLang,
    get_lang,
    posix_to_ldml,
)

# the zone of both regulations' working hours when nothing else is set
SUPPORT_DEFAULT_TZ = "Europe/Moscow"
# the language of a Russian installation whose company names none
FALLBACK_LANG = "ru_RU"


def _installed(env, code):
    """``code`` when it is an active language, else ``None``."""
    if code and env["res.lang"]._get_data(code=code):
        return code
    return None


def company_lang(env, company=None):
    """The staff's language: the company's, else Russian when installed."""
    company = (company or env.company).sudo()
    return (
        _installed(env, company.partner_id.lang)
        or _installed(env, FALLBACK_LANG)
        or "en_US"
    )


def support_tz(company=None, env=None):
    """The company's support time zone (Moscow when unset or unknown)."""
    company = (company or env.company).sudo()
    tz = company.support_tz
    return tz if tz in pytz.all_timezones_set else SUPPORT_DEFAULT_TZ


def staff_env(env, company=None):
    """``env`` in the company's language and support time zone: notes,
    activities and other texts the staff read."""
    company = company or env.company
    return env(
        context=dict(
            env.context, lang=company_lang(env, company), tz=support_tz(company)
        )
    )


def customer_env(env, partner, company=None):
    """``env`` in ``partner``'s language (the company's when it has none) and
    the zone it reads times in (its own, else the support zone)."""
    company = company or env.company
    partner = partner.sudo()[:1]
    lang = _installed(env, partner.lang) or company_lang(env, company)
    return env(context=dict(env.context, lang=lang, tz=partner._support_tz(company)))


def _zone(env, tz=None):
    tz = tz or env.context.get("tz")
    return tz if tz in pytz.all_timezones_set else SUPPORT_DEFAULT_TZ


def datetime_text(env, value, tz=None, zone_named=False):
    """``value`` (naive UTC) in ``tz`` (default: the env's zone) with the date
    and time formats of the env's language, without seconds:
    ``30.11.2026 12:30`` in Russian; ``(Europe/Moscow)`` appended when
    ``zone_named``."""
    if not value:
        return ""
    tz = _zone(env, tz)
    lang = get_lang(env)
    pattern = f"{lang.date_format} {lang.time_format}"
    pattern = pattern.replace(":%S", "").replace(":%s", "")
    text = format_datetime(
        env,
        value,
        tz=tz,
        dt_format=posix_to_ldml(pattern, locale=babel_locale_parse(lang.code)),
    )
    return f"{text} ({tz})" if zone_named else text


def date_text(env, value):
    """A date in the date format of the env's language (``14.12.2026``)."""
    if not value:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    return format_date(env, value)


def month_text(env, value):
    """A month as ``12.2026`` (Russian) or ``12/2026`` (English): the month
    and year of the language's date format, in its order."""
    if not value:
        return ""
    lang = get_lang(env)
    pattern = lang.date_format
    for day in ("%d", "%e"):
        for sep in "./- ":
            pattern = pattern.replace(day + sep, "").replace(sep + day, "")
    return value.strftime(pattern)


def number_text(env, value, digits=2, fixed=False):
    """A number with the decimal separator of the env's language: ``4,5`` in
    Russian, ``4.5`` in English; trailing zeros dropped unless ``fixed``
    (``50,0`` with one fixed digit)."""
    value = round(value or 0.0, digits)
    shown = digits if fixed else 0
    while shown < digits and round(value, shown) != value:
        shown += 1
    return formatLang(env, value, digits=shown)


def local_date(value, tz):
    """The calendar date in zone ``tz`` of ``value`` (naive UTC): an
    activity's due date is the support zone's day, not UTC's."""
    if not value:
        return False
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    zone = pytz.timezone(tz if tz in pytz.all_timezones_set else SUPPORT_DEFAULT_TZ)
    return pytz.utc.localize(value).astimezone(zone).date()

# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""One check for every number a client sends.

Portal forms, wizards, links and RPC writes all end here, so ``nan``, ``inf``,
negative values and absurd magnitudes are refused with the same clear
message wherever they come from. ``float("nan")`` compares false with
everything, so a plain ``hours <= 0`` lets it through; this module never
relies on such a comparison alone.
"""

import math
import re
from dataclasses import dataclass

from odoo.exceptions import ValidationError

#: more working hours than any certificate, estimate or month's capacity
#: (100 specialists working every hour of a month stay below it)
MAX_HOURS = 100_000


@dataclass(frozen=True)
class NumberRule:
    """What a numeric field accepts.

    ``minimum`` is inclusive unless ``exclusive_minimum``; ``maximum`` is
    inclusive; ``integer`` asks for a whole number.
    """

    minimum: float = 0
    maximum: float = MAX_HOURS
    exclusive_minimum: bool = False
    integer: bool = False


#: hours that must be positive: a booking, a certificate's prepaid hours
POSITIVE_HOURS = NumberRule(exclusive_minimum=True)
#: hours that may be zero: a month's capacity, used or charged hours
HOURS = NumberRule()
#: an order is at least one working hour (MQ 2.1)
ORDER_HOURS = NumberRule(minimum=1)
#: a guaranteed response time, in working hours or working days
RESPONSE_TIME = NumberRule(maximum=10_000)
#: a count where 0 means unlimited (open tickets, contacts)
LIMIT = NumberRule(maximum=1_000_000, integer=True)
#: uses of a coupon (DS 3.6: 12)
USES = NumberRule(minimum=1, maximum=10_000, integer=True)
#: a period of a company setting, in (working) days
DAYS = NumberRule(maximum=3650, integer=True)
#: a share of a target, in percent
PERCENT = NumberRule(maximum=100, exclusive_minimum=True)
#: a calendar year the ``holidays`` package can generate
YEAR = NumberRule(minimum=1900, maximum=2200, integer=True)
#: the id of a record given in a link (PostgreSQL's ``integer``)
RECORD_ID = NumberRule(minimum=1, maximum=2**31 - 1, integer=True)


_DIGITS = re.compile(r"[0-9]+")


def record_id(value):
    """The id of a record a client names in a link or a form field, or 0.

    The one parser of ids for every controller: a whole number within
    :data:`RECORD_ID` (PostgreSQL's ``integer``), typed as digits or given
    as a number; anything else - text, ``nan``, ``inf``, ``1e308``, ``0x10``,
    negatives, markup, an empty field, numbers beyond the column - is 0,
    which names no record, so a hostile link finds nothing instead of
    raising a database error.
    """
    if isinstance(value, str):
        text = value.strip()
        if not _DIGITS.fullmatch(text) or len(text) > 10:
            return 0
        number = int(text)
    elif isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, float) and math.isfinite(value) and value.is_integer():
        number = int(value)
    else:
        return 0
    return number if RECORD_ID.minimum <= number <= RECORD_ID.maximum else 0


def _shown(value):
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _not_a_number(env, label):
    return ValidationError(
        env._("%(field)s must be a number, such as 8 or 7.5.", field=label)
    )


def check_number(env, value, rule, label):
    """``value`` as a float (an int for ``rule.integer``) if ``rule`` accepts it.

    :param value: a number, or text as typed into a form (``"7,5"`` is 7.5);
        ``None`` and ``False`` are refused like an empty field
    :param label: the field's name as the user knows it, for the message
    :raise ValidationError: NaN, ±infinity, text that is not a number, a value
        outside the rule's bounds or a fraction where a whole number is due
    """
    if isinstance(value, str):
        text = value.strip().replace(",", ".")
        try:
            value = float(text)
        except ValueError:
            raise _not_a_number(env, label) from None
    elif isinstance(value, bool) or not isinstance(value, int | float):
        raise _not_a_number(env, label)
    value = float(value)
    if not math.isfinite(value):
        raise _not_a_number(env, label)
    if rule.exclusive_minimum and not value > rule.minimum:
        raise ValidationError(
            env._(
                "%(field)s must be greater than %(minimum)s.",
                field=label,
                minimum=_shown(rule.minimum),
            )
        )
    if not value >= rule.minimum:
        raise ValidationError(
            env._(
                "%(field)s must be at least %(minimum)s.",
                field=label,
                minimum=_shown(rule.minimum),
            )
        )
    if not value <= rule.maximum:
        raise ValidationError(
            env._(
                "%(field)s cannot exceed %(maximum)s.",
                field=label,
                maximum=_shown(rule.maximum),
            )
        )
    if rule.integer:
        if not value.is_integer():
            raise ValidationError(
                env._("%(field)s must be a whole number.", field=label)
            )
        return int(value)
    return value


def check_field(record, name, value, rule):
    """:func:`check_number` with the label of ``record``'s field ``name``."""
    label = record._fields[name]._description_string(record.env)
    return check_number(record.env, value, rule, label)

# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Russian registration numbers with their check digits (DS 5.8).

INN (taxpayer number): 10 digits for organisations, 12 for individuals.
OGRN (state registration number): 13 digits, OGRNIP (individual
entrepreneurs): 15 digits.
"""

import re

_INN10 = (2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_1 = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_2 = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_NUMBER = re.compile(r"(?<!\d)(\d{10}|\d{12}|\d{13}|\d{15})(?!\d)")


def _check(digits, weights):
    return sum(d * w for d, w in zip(digits, weights, strict=False)) % 11 % 10


def is_valid_inn(value):
    if not value or not value.isdigit() or len(value) not in (10, 12):
        return False
    digits = [int(c) for c in value]
    if len(digits) == 10:
        return _check(digits, _INN10) == digits[9]
    return _check(digits, _INN12_1) == digits[10] and (
        _check(digits, _INN12_2) == digits[11]
    )


def is_valid_ogrn(value):
    if not value or not value.isdigit() or len(value) not in (13, 15):
        return False
    body, control = int(value[:-1]), int(value[-1])
    modulus = 11 if len(value) == 13 else 13
    return body % modulus % 10 == control


def find_registry_numbers(text):
    """(INNs, OGRNs) with valid check digits found in ``text``."""
    inns, ogrns = set(), set()
    for number in _NUMBER.findall(text or ""):
        if is_valid_inn(number):
            inns.add(number)
        elif is_valid_ogrn(number):
            ogrns.add(number)
    return inns, ogrns

# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Russian registration numbers with their check digits (DS 5.8).

INN (taxpayer number): 10 digits for organisations, 12 for individuals —
checked by python-stdnum's ``stdnum.ru.inn`` (an Odoo requirement).
OGRN (state registration number): 13 digits, OGRNIP (individual
entrepreneurs): 15 digits — python-stdnum 1.19, the version Odoo 18 pins, has
no OGRN module, so its check stays here.
"""

import re

from stdnum.ru import inn as stdnum_inn

_NUMBER = re.compile(r"(?<!\d)(\d{10}|\d{12}|\d{13}|\d{15})(?!\d)")


def is_valid_inn(value):
    """A 10- or 12-digit INN with valid check digits (digits only: no
    spaces or separators, unlike ``stdnum.ru.inn.is_valid``)."""
    return bool(value and value.isdigit()) and stdnum_inn.is_valid(value)


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

# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Bare helpdesk_mgmt inside the test database: the implementation of a
ticket method that the registry would run without this addon.

The production code has no switch that turns the addon off: a ticket is
always created, and a mail always received, with the regulation's rules.
The tests that need helpdesk_mgmt's own behaviour — tickets as they were
before the addon was installed, the baseline of a query count — call the
method the registry's class finds first below the addon's classes in its
method resolution order (helpdesk_mgmt's, or that of another module the
addon depends on), as a database without the addon would run it.
"""

from contextlib import contextmanager

ADDON_PACKAGE = "odoo.addons.helpdesk_mgmt_support_contract."


def below_addon(records, name):
    """The method ``name`` of ``records`` as the registry would resolve it
    without the addon: the first implementation in the resolution order of
    their class that is not the addon's (helpdesk_mgmt's or another
    dependency's), bound to ``records``; its ``super()`` goes on down the
    same order. The registry's own class (first in the order) holds no
    method of its own; it is where :func:`bare_gateway` puts its stand-ins."""
    for cls in type(records).__mro__[1:]:
        if name in vars(cls) and not cls.__module__.startswith(ADDON_PACKAGE):
            return vars(cls)[name].__get__(records)
    raise AttributeError(name)


def bare_create(Ticket, vals_list):
    """Tickets created as helpdesk_mgmt creates them, without the addon's
    creation logic (contract, SLA level, open-ticket limit, timers)."""
    return below_addon(Ticket, "create")(vals_list)


@contextmanager
def methods_below_addon(cls, *names):
    """While the block runs, the registry's class ``cls`` answers ``names``
    with the implementation its resolution order finds below the addon (a
    real method of helpdesk_mgmt or another dependency, never a stand-in);
    the class is given back its own attributes afterwards."""
    saved = {name: vars(cls).get(name) for name in names}

    def below(name):
        def method(self, *args, **kwargs):
            return below_addon(self, name)(*args, **kwargs)

        return method

    for name in names:
        setattr(cls, name, below(name))
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                delattr(cls, name)
            else:
                setattr(cls, name, value)


@contextmanager
def bare_gateway(env):
    """While the block runs, the mail gateway creates and updates tickets as
    helpdesk_mgmt does (``message_new`` / ``message_update`` below the
    addon's): the baseline of the gateway's query count. The registry's
    ticket class answers with the implementation its own resolution order
    finds below the addon; the ORM, mail and helpdesk_mgmt run unchanged."""
    with methods_below_addon(
        type(env["helpdesk.ticket"]), "message_new", "message_update"
    ):
        yield


@contextmanager
def bare_helpdesk(env):
    """:func:`bare_gateway`, and tickets created as helpdesk_mgmt creates
    them (``create`` below the addon's, as :func:`bare_create`): the mail
    gateway of a database without the addon's logic, the baseline of the
    addon's whole cost a mail (its gateway logic and the SLA logic of the
    ticket a mail creates)."""
    with (
        bare_gateway(env),
        methods_below_addon(type(env["helpdesk.ticket"]), "create"),
    ):
        yield

# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Bare helpdesk_mgmt inside the test database: the implementation of a
ticket method that the registry would run without this addon.

The production code has no switch that turns the addon off: a ticket is
always created, and a mail always received, with the regulation's rules.
The tests that need helpdesk_mgmt's own behaviour — tickets as they were
before the addon was installed, the baseline of a query count — call the
method of the classes below the addon's in the registry's class (the next
implementation after the addon's last class in the method resolution order:
helpdesk_mgmt and the modules the addon depends on), as a database without
the addon would run it.
"""

from contextlib import contextmanager
from unittest.mock import patch

ADDON_PACKAGE = "odoo.addons.helpdesk_mgmt_support_contract."


def below_addon(records):
    """``super()`` of the addon's last class in the registry class of
    ``records``: attribute lookups on it find helpdesk_mgmt's methods (and
    the other dependencies'), never the addon's."""
    mro = type(records).__mro__
    last = max(
        index
        for index, cls in enumerate(mro)
        if cls.__module__.startswith(ADDON_PACKAGE)
    )
    assert any(
        cls.__module__.startswith("odoo.addons.helpdesk_mgmt.") for cls in mro[last:]
    ), "helpdesk_mgmt's ticket lies below the addon's classes"
    return super(mro[last], records)


def bare_create(Ticket, vals_list):
    """Tickets created as helpdesk_mgmt creates them, without the addon's
    creation logic (contract, SLA level, open-ticket limit, timers)."""
    return below_addon(Ticket).create(vals_list)


@contextmanager
def bare_gateway(env):
    """While the block runs, the mail gateway creates and updates tickets as
    helpdesk_mgmt does (``message_new`` / ``message_update`` below the
    addon's): the baseline of the gateway's query count. The registry's
    ticket class answers with the implementation its own resolution order
    finds below the addon; the ORM, mail and helpdesk_mgmt run unchanged."""
    Ticket = type(env["helpdesk.ticket"])

    def message_new(self, msg_dict, custom_values=None):
        return below_addon(self).message_new(msg_dict, custom_values=custom_values)

    def message_update(self, msg_dict, update_vals=None):
        return below_addon(self).message_update(msg_dict, update_vals=update_vals)

    with (
        patch.object(Ticket, "message_new", message_new),
        patch.object(Ticket, "message_update", message_update),
    ):
        yield

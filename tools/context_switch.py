# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Context switches that only server code can set.

A client sends a context with every call (``/web/dataset/call_kw``,
``/mail/message/post`` …) as JSON or XML-RPC: strings, numbers, booleans,
lists and dicts. The addon's switches — "this mail is automatic" from the
mail gateway, the coupon code of the portal form, the start of a request
registered from a chat message — are honoured only when their value is a
:class:`ServerSwitch`: no value a client can send is one, and a switch never
compares equal to a client's value (so Odoo never mistakes one environment
for the other).
"""


class ServerSwitch:
    """A context value set by server code, optionally carrying a value."""

    __slots__ = ("value",)

    def __init__(self, value=True):
        self.value = value

    def __repr__(self):
        return f"ServerSwitch({self.value!r})"


ON = ServerSwitch()


def server_switch(env, key):
    """The value of the switch ``key`` in ``env``'s context when server code
    set it; ``None`` otherwise, whatever a client sent under that key."""
    value = env.context.get(key)
    return value.value if isinstance(value, ServerSwitch) else None

# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Who writes a ticket's SLA state: the lifecycle, and nothing else.

The SLA state — the timers (MQ 1.2 «Основным показателем SLA является
гарантированное время ответа», DS 2.1, 2.3), the slot of the open-ticket
limit (MQ Appendix 1, R-30), the auto-close countdown (MQ 1.2, R-60) — moves
only through an event of the ticket's life
(``helpdesk.ticket._support_lifecycle_event``). The event opens a scope on
its database cursor; the models that hold the state refuse a write outside
one (:func:`check_lifecycle`). A path that writes the state without raising
an event — a new button, a new scheduled action — fails the first time it
runs, in the tests, instead of moving a clock no rule of the table covers.

Data migrations convert stored state once, outside any event: they open the
scope themselves (:func:`lifecycle_scope`) and say so.
"""

from contextlib import contextmanager
from weakref import WeakKeyDictionary

# depth of the open scopes, by database cursor: a scope is the cursor's
# transaction, and another cursor (an HTTP request, a race test's second
# cursor) opens its own
_DEPTH = WeakKeyDictionary()


class LifecycleViolation(RuntimeError):
    """The SLA state was written outside an event of the lifecycle: a
    programming error of the path that did it, never a user's."""


@contextmanager
def lifecycle_scope(env):
    """The SLA state may be written while the block runs on ``env.cr``."""
    cr = env.cr
    _DEPTH[cr] = _DEPTH.get(cr, 0) + 1
    try:
        yield
    finally:
        _DEPTH[cr] -= 1


def in_lifecycle(env):
    return _DEPTH.get(env.cr, 0) > 0


def check_lifecycle(env, what):
    """:raise LifecycleViolation: when ``what`` (a model's SLA state) is
    written outside an event of the lifecycle."""
    if not in_lifecycle(env):
        raise LifecycleViolation(
            f"{what} is a ticket's SLA state: only an event of the lifecycle "
            "(helpdesk.ticket._support_lifecycle_event) writes it."
        )

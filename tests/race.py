# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Races between real database cursors, as between two Odoo workers.

The race must be real under both test runners (pytest-odoo and Odoo's own
``--test-enable``):

- cursors come from the connection pool (``sql_db.db_connect``), never from
  ``registry.cursor()``: in the registry's test mode (``HttpCase``) that
  returns a ``TestCursor`` on the test's one connection, and the two
  "workers" would share one transaction;
- Odoo's own runner holds the registries' lock (``Registry._lock``) for the
  whole test run, and every ``Registry(dbname)`` lookup in another thread
  waits for it: ``Transaction.reset()`` in ``service.model.retrying`` after a
  serialization failure, mail's post-commit sending, ... While the workers
  run, the lock is replaced by a dummy one, exactly as the registry's test
  mode does for the HTTP threads of ``HttpCase`` (``enter_test_mode``).
"""

import sys
import threading
import traceback
from contextlib import contextmanager
from functools import partial

from odoo import SUPERUSER_ID, api, sql_db
from odoo.modules.registry import DummyRLock, Registry
from odoo.service.model import retrying


@contextmanager
def real_cursor_env(registry):
    """An environment on a real cursor of its own, committed at the end."""
    with sql_db.db_connect(registry.db_name).cursor() as cr:
        cr.transaction = api.Transaction(registry)
        yield api.Environment(cr, SUPERUSER_ID, {})


# the fixtures of the race tests are committed (the workers cannot see the
# test's own transaction) and removed by the tests' cleanups
committed_env = real_cursor_env


@contextmanager
def registries_lock_released():
    """Let other threads look registries up while the caller holds the lock."""
    if Registry._saved_lock is not None:
        yield  # the registry's test mode has replaced the lock already
        return
    Registry._saved_lock, Registry._lock = Registry._lock, DummyRLock()
    try:
        yield
    finally:
        Registry._lock, Registry._saved_lock = Registry._saved_lock, None


def run_concurrently(registry, *funcs, timeout=60):
    """Run each ``func(env)`` in its own thread, cursor and transaction.

    Every transaction takes its snapshot before any of them goes on (a
    barrier), then runs its function the way Odoo runs a request
    (``odoo.service.model.retrying``): retried on serialization failures,
    committed at the end. Returns the results and the number of attempts
    each worker needed.
    """
    barrier = threading.Barrier(len(funcs))
    results = [None] * len(funcs)
    attempts = [0] * len(funcs)
    errors = []

    def worker(index, func):
        try:
            with real_cursor_env(registry) as env:
                env.cr.execute("SELECT 1")  # the snapshot of this transaction
                barrier.wait(timeout=timeout)

                def attempt():
                    attempts[index] += 1
                    return func(env)

                results[index] = retrying(partial(attempt), env)
        except Exception as error:  # noqa: BLE001 - reported to the test
            errors.append(error)

    threads = [
        threading.Thread(target=worker, args=(index, func))
        for index, func in enumerate(funcs)
    ]
    with registries_lock_released():
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout)
        stuck = [thread for thread in threads if thread.is_alive()]
        frames = sys._current_frames()
    if stuck:
        stacks = "".join(
            "".join(traceback.format_stack(frames[thread.ident]))
            for thread in stuck
            if thread.ident in frames
        )
        raise AssertionError(
            f"a worker still runs after {timeout} s (attempts {attempts}):\n{stacks}"
        )
    if errors:
        raise errors[0]
    return results, attempts

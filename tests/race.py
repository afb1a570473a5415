# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Races between real database cursors, as between two Odoo workers."""

import threading
from contextlib import contextmanager
from functools import partial

from odoo import SUPERUSER_ID, api
from odoo.service.model import retrying


@contextmanager
def committed_env(registry):
    """An environment on a cursor of its own, committed at the end."""
    with registry.cursor() as cr:
        yield api.Environment(cr, SUPERUSER_ID, {})


def run_concurrently(registry, *funcs, timeout=60):
    """Run each ``func(env)`` in its own thread, cursor and transaction.

    Every transaction takes its snapshot before any of them goes on (a
    barrier), then runs its function the way Odoo runs a request: retried on
    serialization failures, committed at the end. Returns the results and the
    number of attempts each worker needed.
    """
    barrier = threading.Barrier(len(funcs))
    results = [None] * len(funcs)
    attempts = [0] * len(funcs)
    errors = []

    def worker(index, func):
        try:
            with registry.cursor() as cr:
                # the registry given, not looked up by name: Odoo's own test
                # runner holds the registries' lock while it runs the tests
                cr.transaction = api.Transaction(registry)
                env = api.Environment(cr, SUPERUSER_ID, {})
                cr.execute("SELECT 1")  # the snapshot of this transaction
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
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    if errors:
        raise errors[0]
    return results, attempts

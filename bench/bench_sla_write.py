"""Writing recomputed SLA deadlines: the ORM's batched writer vs plain write.

Usage: bench_sla_write.py -c odoo.conf -d DB [--open N] [--rounds R]
                          [--seed S] [--smoke]

Everything happens in a scratch company with the DS preset and is rolled
back at the end; the clock is a fixed instant (``NOW``), so the workload does
not depend on the day it runs.

N open timers (default 10,000) of 40 working hours on the DS 10:00-18:00
schedule start at random seconds of the working hours of the four working
days before ``NOW`` (nearly every deadline differs). Each round adds a
company holiday on a following working day, computes the new values once
(``_compute_schedule``), then writes them
- with ``helpdesk.support.sla.timer._write_values`` (the ORM's
  ``_write_multi``: one UPDATE per set of fields, as a flush does), and
- with plain ``write``, one call per distinct set of values,
alternately, each followed by the flush that recomputes the tickets' stored
SLA summary. The best round of each is kept. Last line:
``sla_write ratio=<plain write time / _write_values time> timers=<n>
groups=<distinct values>``.
"""

import argparse
import random
import time
from collections import defaultdict
from contextlib import ExitStack
from datetime import datetime, timedelta

import odoo
from odoo import api

NOW = datetime(2026, 6, 10, 12, 0)  # Wednesday 15:00 Moscow, naive UTC


def switch_on():
    """The addon's server-side switch (a client's ``True`` would not do):
    the holidays below are saved without the recompute they would trigger,
    the benchmark computes and writes the deadlines itself."""
    from odoo.addons.helpdesk_mgmt_support_contract.tools.context_switch import ON

    return ON


def plain_write(timers, values):
    """One ``write`` per distinct set of values; returns the number of writes."""
    groups = defaultdict(list)
    for timer_id, vals in values.items():
        groups[tuple(sorted(vals.items()))].append(timer_id)
    for key, ids in groups.items():
        timers.browse(ids).write(dict(key))
    return len(groups)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--open", type=int, default=10000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=20261130)
    parser.add_argument(
        "--smoke", action="store_true", help="tiny sizes: check that it runs"
    )
    args = parser.parse_args()
    if args.smoke:
        args.open, args.rounds = 50, 1
    odoo.tools.config.parse_config(["-c", args.config])
    registry = odoo.modules.registry.Registry(args.database)
    # the timers' writers are what this measures: it writes them as a data
    # migration does, outside any event of a ticket's life, in the
    # lifecycle's scope
    from odoo.addons.helpdesk_mgmt_support_contract.tools.lifecycle_scope import (
        lifecycle_scope,
    )

    with registry.cursor() as cr, ExitStack() as scope:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        scope.enter_context(lifecycle_scope(env))
        company = env["res.company"].create({"name": "Benchmark company"})
        env.user.company_ids |= company
        env["helpdesk.support.preset.wizard"]._load_preset("ds", company.id)

        def by_code(model, code):
            return env[model].search(
                [("code", "=", code), ("company_id", "=", company.id)]
            )

        calendar = by_code(
            "helpdesk.support.tier", "ds_commercial"
        ).resource_calendar_id
        production = calendar.production_calendar_id
        for year in (NOW.year - 1, NOW.year, NOW.year + 1):
            production.action_generate_year(year)
        level = by_code("helpdesk.support.sla.level", "ds_consultation")
        team = env["helpdesk.ticket.team"].create(
            {"name": "Bench team", "company_id": company.id}
        )
        customer = env["res.partner"].create({"name": "Bench customer"})
        quiet = (
            env["helpdesk.ticket"]
            .with_company(company)
            .with_context(
                tracking_disable=True,
                mail_create_nolog=True,
                mail_notrack=True,
            )
        )
        tickets = quiet.create(
            [
                {
                    "name": f"Open ticket {i}",
                    "description": "<p>bench</p>",
                    "partner_id": customer.id,
                    "team_id": team.id,
                    "support_sla_level_id": level.id,
                }
                for i in range(args.open)
            ]
        )
        rng = random.Random(args.seed)
        days, day = [], NOW.date()
        while len(days) < 4:
            day -= timedelta(days=1)
            if day.weekday() < 5:
                days.append(day)
        Timer = env["helpdesk.support.sla.timer"]
        # the timers their creation started give way to the fixture's
        tickets.support_sla_timer_ids.unlink()
        Timer.create(
            [
                ticket._support_timer_vals(
                    "response",
                    calendar,
                    40,
                    "hours",
                    # 10:00-18:00 Moscow is 07:00-15:00 UTC
                    datetime.combine(rng.choice(days), datetime.min.time())
                    + timedelta(hours=7, seconds=rng.randrange(8 * 3600)),
                )
                for ticket in tickets
            ]
        )._schedule(NOW)
        env.flush_all()
        timers = Timer.search(
            [
                ("resource_calendar_id", "=", calendar.id),
                ("state", "in", ("running", "at_risk")),
            ]
        )
        # ordinary working days after NOW (not already special)
        special = production._get_special_days(
            NOW.date(), NOW.date() + timedelta(days=60)
        )
        holidays = []
        day = NOW.date()
        while len(holidays) < 2 * args.rounds:
            day += timedelta(days=1)
            if day.weekday() < 5 and day not in special:
                holidays.append(day)
        times = defaultdict(list)
        groups = 0
        for round_ in range(args.rounds):
            for way in ("write_values", "plain_write"):
                holiday = (
                    env["resource.production.calendar.day"]
                    .with_context(support_sla_no_recompute=switch_on())
                    .create(
                        {
                            "production_calendar_id": production.id,
                            "date": holidays.pop(0),
                            "kind": "holiday",
                            "name": f"Bench holiday {round_} {way}",
                        }
                    )
                )
                env.flush_all()
                env.invalidate_all()
                timers = Timer.browse(timers.ids)
                values = timers._compute_schedule(calendar, NOW)
                tick = time.perf_counter()
                if way == "write_values":
                    timers._write_values(values)
                else:
                    groups = plain_write(timers, values)
                env.flush_all()
                times[way].append(time.perf_counter() - tick)
                holiday.with_context(support_sla_no_recompute=switch_on()).unlink()
                env.flush_all()
        cr.rollback()
    best_multi, best_plain = min(times["write_values"]), min(times["plain_write"])
    count = len(timers)
    print(f"write: {count} open deadlines moved by a holiday, best of {args.rounds}")
    print(
        f"  _write_values (ORM _write_multi): {best_multi:.3f} s "
        f"({best_multi / count * 1e3:.3f} ms/timer)"
    )
    print(
        f"  plain write per distinct values ({groups} writes): {best_plain:.3f} s "
        f"({best_plain / count * 1e3:.3f} ms/timer)"
    )
    print(
        f"sla_write ratio={best_plain / best_multi:.2f} timers={count} groups={groups}"
    )


if __name__ == "__main__":
    main()

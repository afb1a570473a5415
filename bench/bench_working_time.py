"""Working-time engine vs Odoo's plan_hours, per pair, on the DS schedule.

Usage: bench_working_time.py -c odoo.conf -d DB [--pairs N] [--seed S]

Loads the DS preset into a scratch company (rolled back at the end), draws
N random (start, duration) pairs over two years, computes each deadline with
``resource.calendar.plan_hours`` (one call per pair) and with the engine
(intervals built once, then bisection), and prints both times, the speed-up
and the number of deadlines that differ by a second or more. Last line:
``working_time ratio=<engine speed-up> mismatches=<n>``.

The engine answers the N pairs in about a tenth of a second, ``plan_hours``
in tens of seconds: on a shared machine one burst of load during the
engine's single round moved the ratio by 4x. So the pairs go in
``--rounds`` interleaved rounds: a slice of the pairs through ``plan_hours``,
then the engine built anew and asked every pair; ``plan_hours`` counts the
sum of its slices, the engine the median of its rounds (every round is
compared with ``plan_hours``), and every round is printed.
"""

import argparse
import random
import statistics
import time
from datetime import datetime, timedelta

import odoo
from odoo import api


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--pairs", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=20261123)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--smoke", action="store_true", help="tiny sizes: check that it runs"
    )
    args = parser.parse_args()
    if args.smoke:
        args.pairs = 200
        args.rounds = 2
    odoo.tools.config.parse_config(["-c", args.config])
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        company = env["res.company"].create({"name": "Benchmark company"})
        env["helpdesk.support.preset.wizard"]._load_preset("ds", company.id)
        calendar = (
            env["helpdesk.support.tier"]
            .search([("code", "=", "ds_commercial"), ("company_id", "=", company.id)])
            .resource_calendar_id
        )
        production = calendar.production_calendar_id
        for year in (2025, 2026, 2027):
            production.action_generate_year(year)
        rng = random.Random(args.seed)
        begin = datetime(2025, 1, 1)
        span = 2 * 365 * 86400
        pairs = [
            (
                begin + timedelta(seconds=rng.randrange(span)),
                rng.randrange(0, 40 * 3600),
            )
            for _pair in range(args.pairs)
        ]
        env.flush_all()

        rounds = max(1, args.rounds)
        expected = []
        odoo_time = 0.0
        engine_times = []
        answers = []
        for round_ in range(rounds):
            chunk = pairs[
                round_ * len(pairs) // rounds : (round_ + 1) * len(pairs) // rounds
            ]
            tick = time.perf_counter()
            expected += [
                calendar.plan_hours(seconds / 3600, start, compute_leaves=True)
                for start, seconds in chunk
            ]
            odoo_time += time.perf_counter() - tick

            tick = time.perf_counter()
            engine = calendar._get_working_time_engine(
                begin - timedelta(days=1), begin + timedelta(seconds=span, days=60)
            )
            answers.append([engine.plan(start, seconds) for start, seconds in pairs])
            engine_times.append(time.perf_counter() - tick)
        # every round's answers against plan_hours'
        mismatches = max(
            sum(
                1
                for a, b in zip(expected, got, strict=True)
                if a is None or b is None or abs((a - b).total_seconds()) >= 1
            )
            for got in answers
        )
        cr.rollback()
    engine_time = statistics.median(engine_times)
    ratio = odoo_time / engine_time if engine_time else float("inf")
    print(f"pairs={args.pairs} schedule=DS 10:00-18:00 Europe/Moscow + RU calendar")
    per_pair = odoo_time / args.pairs * 1e3
    print(f"plan_hours per pair: {odoo_time:.3f} s ({per_pair:.3f} ms/pair)")
    rounds_ms = " ".join(f"{seconds * 1e3:.1f}" for seconds in engine_times)
    print(f"engine (build + {args.pairs} plans) rounds: {rounds_ms} ms")
    print(f"engine median: {engine_time:.3f} s")
    print(f"working_time ratio={ratio:.1f} mismatches={mismatches}")


if __name__ == "__main__":
    main()

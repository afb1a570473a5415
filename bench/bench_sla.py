"""SLA on tickets: creation overhead and bulk recompute after a calendar change.

Usage: bench_sla.py -c odoo.conf -d DB [--tickets N] [--open M] [--seed S]

Everything happens in a scratch company with the DS and MQ presets and is
rolled back at the end.

1. Creation: N tickets (default 1,000) of customers on every tier and without
   contract, created in one ``create`` call, several rounds alternating
   - bare helpdesk_mgmt creation: this addon's creation logic (contract and
     level lookup, timers, deadlines) switched off with the context key
     ``support_sla_disable`` — its stored fields stay, so the baseline is, if
     anything, slower than a database without the addon;
   - the same creation with the SLA logic.
   The best round of each is kept. ``create_overhead ratio`` = SLA / bare.
2. Recompute: M open tickets (default 10,000) on the DS 10:00-18:00 schedule
   with response targets of 2 to 40 working hours, started over the last
   days. A company holiday is added to the production calendar, then
   - the addon computes every open deadline (search, one engine pass per
     schedule), timed alone;
   - the addon's whole recompute (the same, plus the batched UPDATE and the
     tickets' stored SLA summary), timed and printed as well;
   - the baseline calls ``plan_hours`` once per ticket, as OCA
     ``helpdesk_mgmt_sla`` does (computation only, nothing written).
   ``recompute ratio`` = plan_hours time / deadline computation time (like
   for like); the whole-recompute ratio is printed above it. ``mismatches``
   counts stored deadlines differing from plan_hours by a second or more.
"""

import argparse
import random
import time
from datetime import datetime, timedelta

from pytz import utc

import odoo
from odoo import api, fields

OPEN = ("running", "at_risk")


def switch_on():
    """The addon's server-side context switch: a client's ``True`` would not
    turn its logic off (importable once the registry has loaded the addon)."""
    from odoo.addons.helpdesk_mgmt_support_contract.tools.context_switch import ON

    return ON


def best_of(rounds, func):
    times = []
    for _round in range(rounds):
        tick = time.perf_counter()
        func()
        times.append(time.perf_counter() - tick)
    return min(times)


def make_customers(env, company, by_code):
    contacts = []
    for tier_code, sender_code in (
        ("ds_commercial", "partner"),
        ("ds_commercial", "licensee"),
        ("ds_vip", "licensee"),
        ("mq_basic", None),
        ("mq_basic_plus", None),
        ("mq_premium", None),
        ("mq_premium_plus", None),
        (None, None),
    ):
        name = f"Bench {tier_code} {sender_code}"
        customer = env["res.partner"].create({"name": name, "is_company": True})
        contact = env["res.partner"].create(
            {"name": f"Contact {name}", "parent_id": customer.id}
        )
        if tier_code:
            contract = env["helpdesk.support.contract"].create(
                {
                    "partner_id": customer.id,
                    "company_id": company.id,
                    "tier_id": by_code("helpdesk.support.tier", tier_code).id,
                    "sender_category_id": sender_code
                    and by_code("helpdesk.support.sender.category", sender_code).id,
                    "date_start": "2020-01-01",
                }
            )
            contract.action_activate()
        contacts.append(contact)
    return contacts


def bench_create(env, company, team, contacts, count, rounds):
    Ticket = env["helpdesk.ticket"].with_company(company)

    def vals_list():
        return [
            {
                "name": f"Bench ticket {i}",
                "description": "<p>bench</p>",
                "partner_id": contacts[i % len(contacts)].id,
                "team_id": team.id,
                "priority": str(i % 4),
            }
            for i in range(count)
        ]

    def bare():
        Ticket.with_context(support_sla_disable=switch_on()).create(vals_list())
        env.flush_all()

    def with_sla():
        tickets = Ticket.create(vals_list())
        env.flush_all()
        assert len(tickets.sla_timer_ids) == count

    # warm-up of both paths (caches, prepared statements), then rounds
    # alternate so that the growing tables weigh on both alike
    bare()
    with_sla()
    bare_times, sla_times = [], []
    for _round in range(rounds):
        bare_times.append(best_of(1, bare))
        sla_times.append(best_of(1, with_sla))
    bare_time, sla_time = min(bare_times), min(sla_times)
    return bare_time, sla_time


def bench_recompute(env, company, team, contact, by_code, count, seed):
    rng = random.Random(seed)
    calendar = by_code("helpdesk.support.tier", "ds_commercial").resource_calendar_id
    levels = [
        by_code("helpdesk.support.sla.level", code)
        for code in (
            "ds_licensee_vip",
            "ds_licensee_operational",
            "ds_licensee_standard",
            "ds_non_commercial",
            "ds_consultation",
        )
    ]
    now = fields.Datetime.now()
    Ticket = env["helpdesk.ticket"].with_company(company)
    quiet = Ticket.with_context(
        support_sla_disable=switch_on(),
        tracking_disable=True,
        mail_create_nolog=True,
        mail_notrack=True,
    )
    tickets = quiet.create(
        [
            {
                "name": f"Open ticket {i}",
                "description": "<p>bench</p>",
                "partner_id": contact.id,
                "team_id": team.id,
                "sla_level_id": levels[i % len(levels)].id,
            }
            for i in range(count)
        ]
    )
    Timer = env["helpdesk.support.sla.timer"]
    # each started at most half its target ago (in calendar hours): all open
    Timer.create(
        [
            tickets[i]._support_timer_vals(
                "response",
                calendar,
                tickets[i].sla_level_id.response_time,
                "hours",
                now
                - timedelta(
                    hours=rng.uniform(0, tickets[i].sla_level_id.response_time / 2)
                ),
            )
            for i in range(count)
        ]
    )._schedule(now)
    env.flush_all()
    # a company holiday on the next working day, without the automatic recompute
    day = now.date() + timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    env["resource.production.calendar.day"].with_context(
        support_sla_no_recompute=switch_on()
    ).create(
        {
            "production_calendar_id": calendar.production_calendar_id.id,
            "date": day,
            "kind": "holiday",
            "name": "Bench holiday",
        }
    )
    env.flush_all()
    env.invalidate_all()
    domain = [("resource_calendar_id", "=", calendar.id), ("state", "in", OPEN)]

    # the deadline computation alone: read the open timers, one engine pass
    tick = time.perf_counter()
    timers = Timer.search(domain)
    timers._compute_schedule(calendar, fields.Datetime.now())
    compute_time = time.perf_counter() - tick
    env.invalidate_all()

    # what the addon does on a calendar change: compute, write, tickets' summary
    tick = time.perf_counter()
    timers = Timer._recompute_for_calendars(calendar)
    env.flush_all()
    addon_time = time.perf_counter() - tick

    env.invalidate_all()
    timers = Timer.browse(timers.ids)
    inputs = [
        (timer.target_value + timer.paused_seconds / 3600.0, timer.start_date)
        for timer in timers
    ]
    tick = time.perf_counter()
    expected = [
        calendar.plan_hours(hours, utc.localize(start), compute_leaves=True)
        for hours, start in inputs
    ]
    plan_time = time.perf_counter() - tick
    mismatches = sum(
        1
        for timer, planned in zip(timers, expected, strict=True)
        if planned is None
        or abs(
            planned.astimezone(utc).replace(tzinfo=None) - timer.deadline
        ).total_seconds()
        >= 1
    )
    return len(timers), compute_time, addon_time, plan_time, mismatches


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--tickets", type=int, default=1000)
    parser.add_argument("--open", type=int, default=10000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=20261123)
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config])
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        company = env["res.company"].create({"name": "Benchmark company"})
        env.user.company_ids |= company
        for code in ("ds", "mq"):
            env["helpdesk.support.preset.wizard"]._load_preset(code, company.id)

        def by_code(model, code):
            return env[model].search(
                [("code", "=", code), ("company_id", "=", company.id)]
            )

        production = by_code(
            "helpdesk.support.tier", "ds_commercial"
        ).resource_calendar_id.production_calendar_id
        year = datetime.now().year
        for generated in (year - 1, year, year + 1):
            production.action_generate_year(generated)
        team = env["helpdesk.ticket.team"].create(
            {"name": "Bench team", "company_id": company.id}
        )
        contacts = make_customers(env, company, by_code)
        # recompute first, so that only its open tickets are on the schedule
        count, compute_time, addon_time, plan_time, mismatches = bench_recompute(
            env, company, team, contacts[1], by_code, args.open, args.seed
        )
        bare_time, sla_time = bench_create(
            env, company, team, contacts, args.tickets, args.rounds
        )
        cr.rollback()
    print(f"create: {args.tickets} tickets in one batch, best of {args.rounds}")
    print(f"  bare helpdesk_mgmt creation: {bare_time:.3f} s")
    print(f"  with contract, level, timers: {sla_time:.3f} s")
    print(f"recompute: {count} open deadlines after a new holiday")
    print(
        f"  plan_hours per ticket: {plan_time:.3f} s "
        f"({plan_time / count * 1e3:.3f} ms/ticket)"
    )
    print(
        f"  addon, deadline computation (search + one engine pass): "
        f"{compute_time:.3f} s ({compute_time / count * 1e3:.3f} ms/ticket)"
    )
    print(
        f"  addon, whole recompute (+ batched UPDATE, tickets' SLA summary): "
        f"{addon_time:.3f} s ({addon_time / count * 1e3:.3f} ms/ticket), "
        f"ratio {plan_time / addon_time:.1f}"
    )
    print(f"create_overhead ratio={sla_time / bare_time:.3f}")
    print(f"recompute ratio={plan_time / compute_time:.1f} mismatches={mismatches}")


if __name__ == "__main__":
    main()

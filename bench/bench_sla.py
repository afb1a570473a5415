"""SLA on tickets: creation overhead and bulk recompute after a calendar change.

Usage: bench_sla.py -c odoo.conf -d DB [--tickets N] [--open M] [--queued Q]
                    [--seed S] [--smoke]

Everything happens in a scratch company with the DS and MQ presets and is
rolled back at the end.

1. Creation: N tickets (default 1,000) of customers on every tier and without
   contract, created in one ``create`` call; each round has customers of its
   own, enough that no tier's open-ticket limit is reached (the realistic
   workload: nothing queued). Several rounds alternate
   - bare helpdesk_mgmt creation: the same tickets (same names, texts,
     priorities, customers of the same names, one batch) created in a second
     database, ``DB_baseline``, where helpdesk_mgmt and the addon's other
     dependencies are installed and the addon is not (bench/scratch_db.py),
     opened in this process beside the addon's;
   - the same creation with the addon (contract and level lookup, timers,
     deadlines).
   The best round of each is kept. ``create_overhead ratio`` = SLA / bare.
   The queued path is measured apart: Q tickets (default 100) of a Basic
   customer at its limit, each queued with a notice (``create_queued ratio``),
   against the same tickets of one customer in the bare database.
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
import os
import random
import sys
import time
from datetime import datetime, timedelta

from pytz import utc

import odoo
from odoo import Command, api, fields

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from scratch_db import open_bare  # noqa: E402

OPEN = ("running", "at_risk")


def best_of(rounds, func):
    times = []
    for _round in range(rounds):
        tick = time.perf_counter()
        func()
        times.append(time.perf_counter() - tick)
    return min(times)


TIER_KINDS = (
    ("ds_commercial", "partner"),
    ("ds_commercial", "licensee"),
    ("ds_vip", "licensee"),
    ("mq_basic", None),
    ("mq_basic_plus", None),
    ("mq_premium", None),
    ("mq_premium_plus", None),
    (None, None),
)


def make_customers(env, company, by_code, count, tag):
    """Contacts of customers on every tier (and without contract), enough of
    them that ``count`` tickets dealt round-robin (``deal``) stay within each
    tier's open-ticket limit: the realistic workload, nothing queued.

    :return: one list of contacts per kind of customer
    """
    per_kind = -(-count // len(TIER_KINDS))
    kinds = []
    for tier_code, sender_code in TIER_KINDS:
        tier = by_code("helpdesk.support.tier", tier_code) if tier_code else None
        limit = tier.open_ticket_limit if tier else 0
        number = -(-per_kind // limit) if limit else 1
        names = [f"Bench {tag} {tier_code} {sender_code} {n}" for n in range(number)]
        customers = env["res.partner"].create(
            [{"name": name, "is_company": True} for name in names]
        )
        contacts = env["res.partner"].create(
            [
                {"name": f"Contact {customer.name}", "parent_id": customer.id}
                for customer in customers
            ]
        )
        if tier:
            env["helpdesk.support.contract"].create(
                [
                    {
                        "partner_id": customer.id,
                        "company_id": company.id,
                        "tier_id": tier.id,
                        "sender_category_id": sender_code
                        and by_code("helpdesk.support.sender.category", sender_code).id,
                        "date_start": "2020-01-01",
                        # R-31, MQ 1.1: the contract serves registered contacts
                        "contact_ids": [Command.set(contact.ids)],
                    }
                    for customer, contact in zip(customers, contacts, strict=True)
                ]
            ).action_activate()
        kinds.append(list(contacts))
    return kinds


def deal(kinds, index):
    """The contact of the ``index``-th ticket: kinds in turn, then customers
    of the kind in turn (at most ``open_ticket_limit`` tickets each)."""
    contacts = kinds[index % len(kinds)]
    return contacts[(index // len(kinds)) % len(contacts)]


def bare_world(bare_env):
    """The bare database's company and team, as the addon's side has them.

    :return: (environment, company, team)
    """
    company = bare_env["res.company"].create({"name": "Benchmark company"})
    bare_env.user.company_ids |= company
    team = bare_env["helpdesk.ticket.team"].create(
        {"name": "Bench team", "company_id": company.id}
    )
    return bare_env, company, team


def mirror_customers(bare_env, kinds):
    """The same customers and contacts (same names, same number of each
    kind) in the bare database, where no contract exists."""
    mirrored = []
    for contacts in kinds:
        customers = bare_env["res.partner"].create(
            [
                {"name": contact.parent_id.name, "is_company": True}
                for contact in contacts
            ]
        )
        mirrored.append(
            list(
                bare_env["res.partner"].create(
                    [
                        {"name": contact.name, "parent_id": customer.id}
                        for contact, customer in zip(contacts, customers, strict=True)
                    ]
                )
            )
        )
    return mirrored


def bench_create(env, bare, company, team, by_code, count, rounds):
    """Bare vs SLA creation of ``count`` tickets in one batch; every round
    gets customers of its own, so no tier is over its limit."""
    Ticket = env["helpdesk.ticket"].with_company(company)
    bare_env, bare_company, bare_team = bare
    BareTicket = bare_env["helpdesk.ticket"].with_company(bare_company)

    def vals_list(kinds, team):
        return [
            {
                "name": f"Bench ticket {i}",
                "description": "<p>bench</p>",
                "partner_id": deal(kinds, i).id,
                "team_id": team.id,
                "priority": str(i % 4),
            }
            for i in range(count)
        ]

    def bare(kinds):
        BareTicket.create(vals_list(kinds["bare"], bare_team))
        bare_env.flush_all()

    def with_sla(kinds):
        tickets = Ticket.create(vals_list(kinds["addon"], team))
        env.flush_all()
        queued = tickets.filtered("support_queued")
        assert not queued, f"{len(queued)} tickets queued: the workload is wrong"
        assert len(tickets.support_sla_timer_ids) == count - len(
            tickets.filtered(
                lambda t: not t.support_sla_level_id and not t.support_contract_id
            )
        )

    def timed(func, kinds):
        tick = time.perf_counter()
        func(kinds)
        return time.perf_counter() - tick

    def customers(tag):
        kinds = make_customers(env, company, by_code, count, tag)
        return {"addon": kinds, "bare": mirror_customers(bare_env, kinds)}

    # warm-up of both paths (caches, prepared statements), then rounds
    # alternate so that the growing tables weigh on both alike
    kinds = customers("warm-up")
    bare(kinds)
    with_sla(kinds)
    bare_times, sla_times = [], []
    for n in range(rounds):
        kinds = customers(f"round {n}")
        bare_times.append(timed(bare, kinds))
        sla_times.append(timed(with_sla, kinds))
    return min(bare_times), min(sla_times)


def bench_create_queued(env, bare, company, team, by_code, count, rounds):
    """The queued path (R-30), measured apart: ``count`` tickets of one Basic
    customer already at its limit, each queued with a notice to the customer;
    the baseline creates the same tickets in the bare database.
    """
    Ticket = env["helpdesk.ticket"].with_company(company)
    bare_env, bare_company, bare_team = bare
    BareTicket = bare_env["helpdesk.ticket"].with_company(bare_company)
    bare_times, queued_times = [], []
    for n in range(rounds):
        kinds = [make_customers(env, company, by_code, 1, f"queued {n}")[3]]
        ((contact,),) = kinds
        ((bare_contact,),) = mirror_customers(bare_env, kinds)
        limit = by_code("helpdesk.support.tier", "mq_basic").open_ticket_limit

        def vals(contact, team):
            return [
                {
                    "name": f"Bench queued {i}",
                    "description": "<p>bench</p>",
                    "partner_id": contact.id,
                    "team_id": team.id,
                }
                for i in range(count)
            ]

        # the customer's slots are all taken (as many tickets on both sides)
        Ticket.create(vals(contact, team)[:limit])
        BareTicket.create(vals(bare_contact, bare_team)[:limit])
        bare_env.flush_all()
        tick = time.perf_counter()
        BareTicket.create(vals(bare_contact, bare_team))
        bare_env.flush_all()
        bare_times.append(time.perf_counter() - tick)
        tick = time.perf_counter()
        tickets = Ticket.create(vals(contact, team))
        env.flush_all()
        queued_times.append(time.perf_counter() - tick)
        assert all(tickets.mapped("support_queued"))
    return min(bare_times), min(queued_times)


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
                "support_sla_level_id": levels[i % len(levels)].id,
            }
            for i in range(count)
        ]
    )
    Timer = env["helpdesk.support.sla.timer"]
    # the fixture writes open timers as a data migration writes stored state:
    # outside any event of a ticket's life, in the lifecycle's scope
    from odoo.addons.helpdesk_mgmt_support_contract.tools.lifecycle_scope import (
        lifecycle_scope,
    )

    with lifecycle_scope(env):
        # the timers their creation started give way to the fixture's
        tickets.support_sla_timer_ids.unlink()
        # each started at most half its target ago (in calendar hours): all open
        Timer.create(
            [
                tickets[i]._support_timer_vals(
                    "response",
                    calendar,
                    tickets[i].support_sla_level_id.response_time,
                    "hours",
                    now
                    - timedelta(
                        hours=rng.uniform(
                            0, tickets[i].support_sla_level_id.response_time / 2
                        )
                    ),
                )
                for i in range(count)
            ]
        )._schedule(now)
        env.flush_all()
    # a company holiday on the next working day, saved as a user saves it:
    # the request only marks the schedule and triggers the recompute action
    day = now.date() + timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    env.invalidate_all()
    tick = time.perf_counter()
    env["resource.production.calendar.day"].create(
        {
            "production_calendar_id": calendar.production_calendar_id.id,
            "date": day,
            "kind": "holiday",
            "name": "Bench holiday",
        }
    )
    env.flush_all()
    save_time = time.perf_counter() - tick
    env.invalidate_all()
    domain = [("resource_calendar_id", "=", calendar.id), ("state", "in", OPEN)]
    pending = Timer.search_count([*domain, ("recompute_pending", "=", True)])

    # the deadline computation alone: read the open timers, one engine pass
    tick = time.perf_counter()
    timers = Timer.search(domain)
    timers._compute_schedule(calendar, fields.Datetime.now())
    compute_time = time.perf_counter() - tick
    env.invalidate_all()

    # the background action, batch after batch as the cron runner calls it
    # (it commits between batches; here everything is rolled back at the end)
    tick = time.perf_counter()
    batches = 0
    while Timer._cron_recompute_deadlines():
        env.flush_all()
        batches += 1
    addon_time = time.perf_counter() - tick
    background = {
        "save": save_time,
        "pending": pending,
        "batches": batches,
        "batch_size": Timer._get_recompute_batch_size(),
    }

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
    return len(timers), compute_time, addon_time, plan_time, mismatches, background


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--tickets", type=int, default=1000)
    parser.add_argument("--open", type=int, default=10000)
    parser.add_argument("--queued", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--smoke", action="store_true", help="tiny sizes: check that it runs"
    )
    parser.add_argument("--seed", type=int, default=20261123)
    args = parser.parse_args()
    if args.smoke:
        args.tickets, args.open, args.queued, args.rounds = 40, 100, 10, 1
    odoo.tools.config.parse_config(["-c", args.config])
    registry = odoo.modules.registry.Registry(args.database)
    bare_env, bare_cr = open_bare(args.config, args.database)
    with registry.cursor() as cr, bare_cr:
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
        contact = make_customers(env, company, by_code, 1, "recompute")[1][0]
        # recompute first, so that only its open tickets are on the schedule
        (
            count,
            compute_time,
            addon_time,
            plan_time,
            mismatches,
            background,
        ) = bench_recompute(env, company, team, contact, by_code, args.open, args.seed)
        bare = bare_world(bare_env)
        bare_time, sla_time = bench_create(
            env, bare, company, team, by_code, args.tickets, args.rounds
        )
        queued_bare, queued_time = bench_create_queued(
            env, bare, company, team, by_code, args.queued, args.rounds
        )
        cr.rollback()
        bare_cr.rollback()
    print(f"create: {args.tickets} tickets in one batch, best of {args.rounds}")
    print(f"  bare helpdesk_mgmt creation (its own database): {bare_time:.3f} s")
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
        f"  the save of the holiday (the user's request): "
        f"{background['save'] * 1e3:.1f} ms, {background['pending']} deadlines "
        f"marked pending"
    )
    print(
        f"  addon, background recompute (action in {background['batches']} "
        f"batches of {background['batch_size']}, batched UPDATE, tickets' SLA "
        f"summary): {addon_time:.3f} s ({addon_time / count * 1e3:.3f} ms/ticket), "
        f"ratio {plan_time / addon_time:.1f}"
    )
    print(f"create, queued path: {args.queued} tickets over the limit, one batch")
    print(f"  bare: {queued_bare:.3f} s, queued with notices: {queued_time:.3f} s")
    print(f"create_overhead ratio={sla_time / bare_time:.3f}")
    print(f"create_queued ratio={queued_time / queued_bare:.3f}")
    # the queued path's part of the message cost (scripts/bench.sh gathers
    # the parts of every benchmark on one line)
    print(f"message_cost queued_ratio={queued_time / queued_bare:.3f}")
    print(f"recompute ratio={plan_time / compute_time:.1f} mismatches={mismatches}")


if __name__ == "__main__":
    main()

"""Figures at 100,000 open tickets and 1,000,000 closed, against a small table.

Usage: bench_scale.py -c odoo.conf -d DB [--due N] [--open N] [--closed N]
       [--requests N] [--rounds N] [--smoke]

Runs in a scratch copy of ``make bench``'s database (``DB_scale``, dropped at
the end) because the portal is measured over HTTP, which reads committed
rows. Both presets are loaded into the main company, as the demo ships.

The small world: a DS licensee (commercial contract, registered contact with
a portal login) with N tickets (default 1,000, created through the ORM with
the whole SLA logic) and N tickets closed this year with their timers. The
big world: the same plus ``--open`` open tickets (default 100,000) and
``--closed`` closed ones (default 1,000,000, this year's N included) of 200
other customers, written with SQL from a ticket and a timer made by the ORM:
open ones with running response timers, closed ones with met (or, one in
twenty, breached) timers spread over the ten years before this one. A
tenth of the open tickets wait for an automatic closing and a hundredth of
the closed ones for the purge of confidential data, all far in the future:
the indexes hold due and not-due rows alike. Each of these tickets has
its contact as follower and one message (``mail_followers``,
``mail_message``), as the ORM would give it.

Measured in each world, so that ``ratio`` = big world / small world
(target: 2 at most, the work being the same):

1. The scheduled actions on the N tickets made due (each in a savepoint,
   rolled back, the runner's loop: called again while it reports work; the
   median of ``--rounds`` runs, default 3):
   at-risk/breach (half the timers at risk, half breached), automatic
   closing, purge of confidential data, acknowledgements.
2. ``/my/tickets`` as the customer's portal user over HTTP (Odoo's WSGI
   application in this process, logged in through the login form), the
   median of ``--requests`` requests: the customer's N tickets, first page.
3. The compliance pivot as the support manager opens it (its action's
   default filters: met or breached, started this year; its four
   ``read_group`` calls by tier and month), the median of ``--requests``.
   The big world's history lies before this year, so both worlds count the
   same N timers: the figure shows that the pivot does not read the years
   before its period, not that a year's pivot is independent of that
   year's volume (a real table of 1,000,000 closed tickets over ten years
   holds about 100,000 of them in the current year, and the pivot reads
   them all).

Then, in the big world, the background recompute: a holiday added to the DS
production calendar as a user saves it, and the action *Support SLA:
recompute open deadlines* run by Odoo's cron runner (the job claimed through
its row lock, up to 10 committed batches a claim, claimed again while work
is left) until nothing is pending (target: 100,000 open deadlines in 60 s at
most on the 2-core machine).
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from datetime import datetime, timedelta

import odoo
from odoo import Command, api, fields

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "scripts"))
from scratch_db import create_scratch_database, drop_database  # noqa: E402

PASSWORD = "scale-bench-password"
PORTAL_LOGIN = "scale.portal"
OTHER_CUSTOMERS = 200
OPEN = ("running", "at_risk")


# ----------------------------------------------------------------------
# The world
# ----------------------------------------------------------------------
def by_code(env, model, code, company):
    return env[model].search([("code", "=", code), ("company_id", "=", company.id)])


def make_world(env, due):
    company = env.ref("base.main_company")
    for code in ("ds", "mq"):
        env["helpdesk.support.preset.wizard"]._load_preset(code, company.id)
    # the auto-close is a regulation's clause; DS states none, the
    # benchmark's DS regulation is configured to close as MQ 1.2 does
    by_code(env, "helpdesk.support.regulation", "ds", company).write(
        {"autoclose": True, "autoclose_days": 3}
    )
    tier = by_code(env, "helpdesk.support.tier", "ds_commercial", company)
    assert not tier.open_ticket_limit, "the DS commercial tier has a limit"
    production = tier.resource_calendar_id.production_calendar_id
    year = datetime.now().year
    for generated in (year - 1, year, year + 1):
        production.action_generate_year(generated)
    leader = (
        env["res.users"]
        .with_context(no_reset_password=True)
        .create(
            {
                "name": "Scale support manager",
                "login": "scale.manager",
                "email": "manager@scale.test",
                "company_id": company.id,
                "company_ids": [Command.set(company.ids)],
                "groups_id": [
                    Command.link(env.ref("helpdesk_mgmt.group_helpdesk_manager").id)
                ],
            }
        )
    )
    team = env["helpdesk.ticket.team"].create(
        {"name": "Scale support", "company_id": company.id, "user_id": leader.id}
    )
    licensee = by_code(env, "helpdesk.support.sender.category", "licensee", company)

    def customer(name):
        partner = env["res.partner"].create({"name": name, "is_company": True})
        contact = env["res.partner"].create(
            {
                "name": f"Contact of {name}",
                "parent_id": partner.id,
                "email": f"{name.lower().replace(' ', '.')}@scale.test",
            }
        )
        env["helpdesk.support.contract"].create(
            {
                "partner_id": partner.id,
                "company_id": company.id,
                "tier_id": tier.id,
                "sender_category_id": licensee.id,
                "date_start": "2020-01-01",
                "contact_ids": [Command.set(contact.ids)],
                # the portal user sees the organisation's tickets as its key
                # contact person: both branches of the portal rule are used
                "key_contact_id": contact.id,
            }
        ).action_activate()
        return contact

    contact = customer("Scale customer")
    portal = (
        env["res.users"]
        .with_context(no_reset_password=True)
        .create(
            {
                "name": contact.name,
                "login": PORTAL_LOGIN,
                "partner_id": contact.id,
                "company_id": company.id,
                "company_ids": [Command.set(company.ids)],
                "groups_id": [Command.set(env.ref("base.group_portal").ids)],
            }
        )
    )
    portal.password = PASSWORD
    other = customer("Other customer")
    others = env["res.partner"].create(
        [
            {"name": f"Bulk customer {index}", "is_company": True}
            for index in range(OTHER_CUSTOMERS)
        ]
    )
    other_contacts = env["res.partner"].create(
        [
            {"name": f"Contact of bulk customer {index}", "parent_id": parent.id}
            for index, parent in enumerate(others)
        ]
    )
    Ticket = (
        env["helpdesk.ticket"]
        .with_company(company)
        .with_context(tracking_disable=True, mail_create_nolog=True)
    )
    tickets = Ticket.create(
        [
            {
                "name": f"Scale ticket {index}",
                "description": "<p>It does not work.</p>",
                "partner_id": contact.id,
                "team_id": team.id,
            }
            for index in range(due)
        ]
    )
    # templates of the rows written with SQL: an open ticket with its timer
    # and a closed one, of another customer
    open_template = Ticket.create(
        {
            "name": "Open template",
            "description": "<p>x</p>",
            "partner_id": other.id,
            "team_id": team.id,
        }
    )
    closed_template = Ticket.create(
        {
            "name": "Closed template",
            "description": "<p>x</p>",
            "partner_id": other.id,
            "team_id": team.id,
        }
    )
    closed_stage = env["helpdesk.ticket.stage"].search(
        [("closed", "=", True), ("company_id", "in", (False, company.id))], limit=1
    )
    closed_template.stage_id = closed_stage
    env.flush_all()
    timer = open_template.support_sla_timer_ids.filtered(
        lambda t: t.kind == "response" and t.state in OPEN
    )
    assert timer, "the open template has no running response timer"
    assert tickets.support_sla_timer_ids.filtered(lambda t: t.state in OPEN)
    # the acknowledgements are measured later, on demand
    env.cr.execute(
        "UPDATE helpdesk_ticket SET support_ack_pending = false "
        "WHERE support_ack_pending"
    )
    return {
        "company": company,
        "team": team,
        "tickets": tickets,
        "portal": portal,
        "leader": leader,
        "open_template": open_template,
        "closed_template": closed_template,
        "timer_template": timer[0],
        "others": other_contacts,
        "calendar": tier.resource_calendar_id,
    }


def copy_rows(cr, table, template_id, source, overrides, params, where=""):
    """INSERT ... SELECT of the template row ``tpl`` of ``table`` once per row
    of ``source`` (SQL of a FROM item, filtered by ``where``), ``overrides``
    giving the SQL of the columns that differ; the others are the
    template's. The SQL is the benchmark's own, the values are parameters."""
    cr.execute(
        """SELECT column_name FROM information_schema.columns
            WHERE table_name = %s AND column_name != 'id'
            ORDER BY ordinal_position""",
        [table],
    )
    columns = [name for (name,) in cr.fetchall()]
    unknown = set(overrides) - set(columns)
    assert not unknown, f"no such column in {table}: {unknown}"
    values = ", ".join(overrides.get(column, f"tpl.{column}") for column in columns)
    cr.execute(
        f"INSERT INTO {table} ({', '.join(columns)}) "  # noqa: S608
        f"SELECT {values} FROM {table} tpl, {source} "
        f"WHERE tpl.id = %(template)s {where}",
        {**params, "template": template_id},
    )
    return cr.rowcount


def max_id(cr, table):
    cr.execute(f"SELECT COALESCE(max(id), 0) FROM {table}")  # noqa: S608
    return cr.fetchone()[0]


def add_tickets(cr, world, template, count, overrides, params):
    """``count`` copies of ``template``; the range of their ids."""
    first = max_id(cr, "helpdesk_ticket")
    copy_rows(
        cr,
        "helpdesk_ticket",
        template.id,
        "generate_series(1, %(count)s) AS g",
        {"access_token": "NULL", "support_ack_pending": "false", **overrides},
        {**params, "count": count},
    )
    return first, max_id(cr, "helpdesk_ticket")


def add_timers(cr, world, ids, overrides, params):
    """A response timer for each ticket of the id range ``ids``, copied from
    the template timer."""
    copy_rows(
        cr,
        "helpdesk_support_sla_timer",
        world["timer_template"].id,
        "helpdesk_ticket t",
        {
            "ticket_id": "t.id",
            "partner_id": "t.commercial_partner_id",
            "create_date": "t.create_date",
            "write_date": "t.create_date",
            "start_date": "t.create_date",
            **overrides,
        },
        {**params, "first": ids[0], "last": ids[1]},
        where="AND t.id > %(first)s AND t.id <= %(last)s",
    )


CLOSED_TIMER = {
    "deadline": "t.create_date + interval '8 hours'",
    "at_risk_date": "NULL",
    "state": "CASE WHEN t.id %% 20 = 0 THEN 'breached' ELSE 'met' END",
    "compliance": "CASE WHEN t.id %% 20 = 0 THEN 0 ELSE 100 END",
    "compliance_date": "t.create_date",
    "met_date": "t.create_date + interval '2 hours'",
    "breached_date": "CASE WHEN t.id %% 20 = 0 "
    "THEN t.create_date + interval '8 hours' END",
}


def closed_this_year(env, world, count):
    """``count`` tickets closed this year, with their met or breached timers:
    what the compliance pivot shows by default, the same in both worlds."""
    cr = env.cr
    params = {"now": fields.Datetime.now()}
    ids = add_tickets(
        cr,
        world,
        world["closed_template"],
        count,
        {
            "number": "'SCALE-Y-' || g",
            "name": "'Closed this year ' || g",
            "create_date": "date_trunc('year', %(now)s::timestamp) "
            "+ (%(now)s::timestamp - date_trunc('year', %(now)s::timestamp)) "
            "* (g::float / (%(count)s + 1))",
            "closed_date": "%(now)s::timestamp",
        },
        params,
    )
    add_timers(cr, world, ids, CLOSED_TIMER, params)


def bulk_rows(env, world, open_count, closed_count):
    """The big world's rows, written with SQL: tickets of 200 other
    customers, open ones created within the hour, closed ones over the ten
    years before this one."""
    cr = env.cr
    others = world["others"]
    params = {
        "partners": others.ids,
        "parents": [contact.parent_id.id for contact in others],
        "size": len(others),
        "now": fields.Datetime.now(),
    }
    customer = {
        "partner_id": "(%(partners)s::int[])[1 + g %% %(size)s]",
        "commercial_partner_id": "(%(parents)s::int[])[1 + g %% %(size)s]",
    }
    tick = time.perf_counter()
    open_ids = add_tickets(
        cr,
        world,
        world["open_template"],
        open_count,
        {
            **customer,
            "number": "'SCALE-O-' || g",
            "name": "'Open ticket ' || g",
            "create_date": "%(now)s::timestamp - (g %% 60) * interval '1 minute'",
            "write_date": "%(now)s::timestamp - (g %% 60) * interval '1 minute'",
            "support_autoclose_date": "CASE WHEN g %% 10 = 0 "
            "THEN %(now)s::timestamp + interval '30 days' END",
            "support_autoclose_reminder_date": "CASE WHEN g %% 10 = 0 "
            "THEN %(now)s::timestamp + interval '29 days' END",
            "support_sla_deadline": "%(now)s::timestamp + interval '10 days'",
        },
        params,
    )
    # running response timers started within the hour, 40 working hours:
    # far from due, and the recompute moves them without breaching any
    add_timers(
        cr,
        world,
        open_ids,
        {
            "target_value": "40",
            "target_unit": "'hours'",
            "deadline": "%(now)s::timestamp + interval '10 days'",
            "at_risk_date": "%(now)s::timestamp + interval '8 days'",
        },
        params,
    )
    closed_ids = add_tickets(
        cr,
        world,
        world["closed_template"],
        closed_count,
        {
            **customer,
            "number": "'SCALE-C-' || g",
            "name": "'Closed ticket ' || g",
            "create_date": "date_trunc('year', %(now)s::timestamp) "
            "- interval '10 years' "
            "+ (interval '10 years' - interval '1 day') * (g::float / %(count)s)",
            "write_date": "date_trunc('year', %(now)s::timestamp) "
            "- interval '10 years' "
            "+ (interval '10 years' - interval '1 day') * (g::float / %(count)s)",
            "closed_date": "date_trunc('year', %(now)s::timestamp) "
            "- interval '10 years' "
            "+ (interval '10 years' - interval '1 day') * (g::float / %(count)s) "
            "+ interval '1 day'",
            "support_purge_date": "CASE WHEN g %% 100 = 0 "
            "THEN %(now)s::timestamp + interval '20 days' END",
            "support_confidential_since": "CASE WHEN g %% 100 = 0 "
            "THEN %(now)s::timestamp - interval '10 days' END",
        },
        params,
    )
    add_timers(cr, world, closed_ids, CLOSED_TIMER, params)
    add_chatter(cr, (open_ids[0], closed_ids[1]))
    return time.perf_counter() - tick


def add_chatter(cr, ids):
    """What the ORM writes beside a ticket made through the mail gateway or
    the portal, for the tickets of the id range ``ids``: its customer
    contact as follower and one message from it (the request). The actions
    post into threads and read followers: at 1,100,000 tickets these tables
    hold as many rows, as they would in production."""
    cr.execute(
        """INSERT INTO mail_followers (res_model, res_id, partner_id)
           SELECT 'helpdesk.ticket', t.id, t.partner_id FROM helpdesk_ticket t
            WHERE t.id > %(first)s AND t.id <= %(last)s""",
        {"first": ids[0], "last": ids[1]},
    )
    cr.execute(
        """INSERT INTO mail_message (model, res_id, record_name, message_type,
                                     subtype_id, author_id, email_from, subject,
                                     record_company_id,
                                     body, date, message_id, create_uid,
                                     create_date, write_uid, write_date)
           SELECT 'helpdesk.ticket', t.id, t.name, 'email',
                  (SELECT res_id FROM ir_model_data
                    WHERE module = 'mail' AND name = 'mt_comment'),
                  t.partner_id, p.email, t.name, t.company_id,
                  '<p>It does not work.</p>', t.create_date,
                  '<scale-' || t.id || '@bench.test>', 1,
                  t.create_date, 1, t.create_date
             FROM helpdesk_ticket t JOIN res_partner p ON p.id = t.partner_id
            WHERE t.id > %(first)s AND t.id <= %(last)s""",
        {"first": ids[0], "last": ids[1]},
    )


def vacuum_analyze(database):
    """What autovacuum does to a production table: statistics and the
    visibility map (index-only scans), after the bulk insert."""
    subprocess.run(
        [
            "vacuumdb",
            "--analyze",
            "--quiet",
            "-d",
            database,
            "-t",
            "helpdesk_ticket",
            "-t",
            "helpdesk_support_sla_timer",
            "-t",
            "mail_message",
            "-t",
            "mail_followers",
        ],
        check=True,
    )


# ----------------------------------------------------------------------
# The scheduled actions on N due rows
# ----------------------------------------------------------------------
CRONS = {
    "breach": ("helpdesk.support.sla.timer", "_cron_update_states"),
    "autoclose": ("helpdesk.ticket", "_cron_support_autoclose"),
    "purge": ("helpdesk.ticket", "_cron_support_purge_confidential"),
    "acknowledge": ("helpdesk.ticket", "_cron_support_acknowledge"),
}


def make_due(cr, kind, ids, now):
    hour = timedelta(hours=1)
    if kind == "breach":
        half = len(ids) // 2
        cr.execute(
            """UPDATE helpdesk_support_sla_timer
                  SET deadline = %s, at_risk_date = %s
                WHERE ticket_id = ANY(%s) AND state IN ('running', 'at_risk')""",
            [now - hour, now - 2 * hour, ids[:half]],
        )
        cr.execute(
            """UPDATE helpdesk_support_sla_timer
                  SET at_risk_date = %s, deadline = %s
                WHERE ticket_id = ANY(%s) AND state = 'running'""",
            [now - hour, now + timedelta(days=10), ids[half:]],
        )
    elif kind == "autoclose":
        # due, and still waiting for the customer (the action closes no other)
        cr.execute(
            """UPDATE helpdesk_ticket
                  SET support_autoclose_date = %s, support_waiting_since = %s,
                      support_waiting_reason_id = (
                          SELECT res_id FROM ir_model_data
                           WHERE module = 'helpdesk_mgmt_support_contract'
                             AND name = 'waiting_reason_information'),
                      support_sla_paused = true
                WHERE id = ANY(%s)""",
            [now - hour, now - timedelta(days=10), ids],
        )
    elif kind == "purge":
        cr.execute(
            """UPDATE helpdesk_ticket
                  SET support_purge_date = %s, support_confidential_since = %s,
                      support_credentials = 'login: admin / secret'
                WHERE id = ANY(%s)""",
            [now - hour, now - timedelta(days=31), ids],
        )
    else:
        cr.execute(
            "UPDATE helpdesk_ticket SET support_ack_pending = true WHERE id = ANY(%s)",
            [ids],
        )


def processed(cr, kind, ids):
    """How many of the due rows the action handled."""
    queries = {
        "breach": """SELECT count(DISTINCT ticket_id) FROM helpdesk_support_sla_timer
                      WHERE ticket_id = ANY(%s) AND state IN ('at_risk', 'breached')""",
        "autoclose": """SELECT count(*) FROM helpdesk_ticket
                         WHERE id = ANY(%s) AND support_autoclose_date IS NULL""",
        "purge": """SELECT count(*) FROM helpdesk_ticket
                     WHERE id = ANY(%s) AND support_credentials IS NULL""",
        "acknowledge": """SELECT count(*) FROM helpdesk_ticket
                           WHERE id = ANY(%s) AND NOT support_ack_pending""",
    }
    cr.execute(queries[kind], [ids])
    return cr.fetchone()[0]


def run_cron(env, kind, ids):
    """The action on ``ids`` made due, as the cron runner calls it (again
    while it reports work), then rolled back."""
    model, method = CRONS[kind]
    env.flush_all()
    env.cr.execute("SAVEPOINT scale_cron")
    make_due(env.cr, kind, ids, fields.Datetime.now())
    env.invalidate_all()
    tick = time.perf_counter()
    while getattr(env[model], method)():
        pass
    env.flush_all()
    elapsed = time.perf_counter() - tick
    done = processed(env.cr, kind, ids)
    env.cr.execute("ROLLBACK TO SAVEPOINT scale_cron")
    env.invalidate_all()
    assert done == len(ids), f"{kind}: {done} of {len(ids)} due rows handled"
    return elapsed


# ----------------------------------------------------------------------
# The portal and the compliance pivot
# ----------------------------------------------------------------------
def portal_median(database, requests, due):
    """Median seconds of /my/tickets as the customer's portal user."""
    from portal_client import log_in

    import odoo.http  # noqa: F401  (the WSGI application of portal_client)

    client, response = log_in(database, PORTAL_LOGIN, PASSWORD)
    assert response.status_code == 303, f"portal login: {response.status_code}"
    client.get("/my/tickets", follow_redirects=True)  # warm-up
    times = []
    for _request in range(requests):
        tick = time.perf_counter()
        page = client.get("/my/tickets", follow_redirects=True)
        times.append(time.perf_counter() - tick)
        assert page.status_code == 200, f"/my/tickets: {page.status_code}"
        assert "Scale ticket" in page.text, "/my/tickets lists no ticket"
        assert "Open ticket" not in page.text, "another customer's ticket shown"
    return statistics.median(times)


def compliance_domain(env):
    """The compliance pivot's default filters: its action's context
    (``search_default_*``) turns on the search view's filters; *Start* is a
    date filter whose default period is this year."""
    action = env.ref("helpdesk_mgmt_support_contract.helpdesk_support_sla_timer_action")
    context = action.context
    assert "search_default_closed" in context, context
    assert "search_default_filter_compliance_date" in context, context
    year = fields.Datetime.now().year
    return [
        ("state", "in", ("met", "breached")),
        ("compliance_date", ">=", datetime(year, 1, 1)),
        ("compliance_date", "<", datetime(year + 1, 1, 1)),
    ]


def pivot_median(env, world, requests, due, all_years=False):
    """Median seconds of the compliance pivot's four ``read_group`` calls
    (total, by tier, by month, by tier and month) as the support manager;
    with ``all_years``, its period filter removed (every counted timer)."""
    Timer = env["helpdesk.support.sla.timer"].with_user(world["leader"])
    domain = compliance_domain(env)
    if all_years:
        domain = domain[:1]
    groupbys = ([], ["tier_id"], ["start_date:month"], ["tier_id", "start_date:month"])

    def once():
        env.invalidate_all()
        groups = [
            Timer.read_group(domain, ["compliance:avg"], groupby, lazy=False)
            for groupby in groupbys
        ]
        return groups[0][0]["__count"]

    count = once()  # warm-up
    # this year's closed tickets (and the closed template's timer)
    assert all_years or due <= count <= due + 1, f"the pivot counts {count} timers"
    times = []
    for _request in range(requests):
        tick = time.perf_counter()
        once()
        times.append(time.perf_counter() - tick)
    return statistics.median(times)


# ----------------------------------------------------------------------
# The background recompute
# ----------------------------------------------------------------------
def background_recompute(env, world, database):
    """A holiday saved as a user saves it, then the recompute action run by
    Odoo's cron runner as a cron worker runs it: the job claimed through its
    row lock (``_acquire_one_job``), up to 10 committed batches a claim
    (``_process_job``), claimed again while it reports work left."""
    Timer = env["helpdesk.support.sla.timer"]
    calendar = world["calendar"]
    now = fields.Datetime.now()
    day = now.date() + timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    tick = time.perf_counter()
    env["resource.production.calendar.day"].create(
        {
            "production_calendar_id": calendar.production_calendar_id.id,
            "date": day,
            "kind": "holiday",
            "name": "Scale benchmark holiday",
        }
    )
    env.flush_all()
    save = time.perf_counter() - tick
    env.cr.commit()
    pending = Timer.search_count([("recompute_pending", "=", True)])
    before = Timer.search_count([("state", "=", "breached")])
    cron_id = env.ref("helpdesk_mgmt_support_contract.ir_cron_support_sla_recompute").id
    IrCron = env.registry["ir.cron"]
    db = odoo.sql_db.db_connect(database)
    claims = 0
    tick = time.perf_counter()
    while True:
        with db.cursor() as cron_cr:
            job = IrCron._acquire_one_job(cron_cr, cron_id)
            if not job:
                break
            IrCron._process_job(db, cron_cr, job)
        claims += 1
    elapsed = time.perf_counter() - tick
    # a new snapshot (Odoo runs in repeatable read): the runner's commits
    env.cr.rollback()
    env.invalidate_all()
    left = Timer.search_count([("recompute_pending", "=", True)])
    assert not left, f"{left} deadlines still pending"
    breached = Timer.search_count([("state", "=", "breached")]) - before
    return {
        "save": save,
        "pending": pending,
        "claims": claims,
        "seconds": elapsed,
        "breached": breached,
    }


def table_sizes(cr):
    cr.execute("SELECT count(*) FROM helpdesk_ticket")
    tickets = cr.fetchone()[0]
    cr.execute(
        "SELECT count(*) FILTER (WHERE state IN ('running', 'at_risk')), count(*) "
        "FROM helpdesk_support_sla_timer"
    )
    open_timers, timers = cr.fetchone()
    return tickets, open_timers, timers


def measure(env, database, world, args):
    """The figures of one world; each action the median of ``--rounds``
    runs (each rolled back): one run on a shared machine is noise."""
    ids = world["tickets"].ids
    crons = {
        kind: statistics.median(run_cron(env, kind, ids) for _ in range(args.rounds))
        for kind in CRONS
    }
    env.cr.commit()
    portal = portal_median(database, args.requests, args.due)
    pivot = pivot_median(env, world, args.requests, args.due)
    # what the period saves: the same pivot over every year (a few runs)
    every_year = pivot_median(env, world, 3, args.due, all_years=True)
    return {
        **crons,
        "my_tickets": portal,
        "compliance_pivot": pivot,
        "every_year": every_year,
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--due", type=int, default=1000)
    parser.add_argument("--open", type=int, default=100000)
    parser.add_argument("--closed", type=int, default=1000000)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument(
        "--rounds", type=int, default=3, help="runs of each action (median)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument(
        "--smoke", action="store_true", help="tiny sizes: check that it runs"
    )
    args = parser.parse_args()
    if args.smoke:
        args.due, args.open, args.closed, args.requests = 20, 200, 2000, 3
        args.rounds = 2
    database = f"{args.database}_scale"
    # the WSGI application serves this database (as check_demo.py does)
    odoo.tools.config.parse_config(["-c", args.config, "-d", database])
    create_scratch_database(args.config, args.database, database)
    try:
        registry = odoo.modules.registry.Registry(database)
        with registry.cursor() as cr:
            env = api.Environment(cr, odoo.SUPERUSER_ID, {})
            world = make_world(env, args.due)
            closed_this_year(env, world, args.due)
            cr.commit()
            vacuum_analyze(database)
            # warm-up: templates compiled, caches filled
            for kind in CRONS:
                run_cron(env, kind, world["tickets"].ids[:5])
            small_sizes = table_sizes(cr)
            small = measure(env, database, world, args)
            print(f"small world {small_sizes}: {small}", flush=True)
            bulk = bulk_rows(env, world, args.open, args.closed - args.due)
            cr.commit()
            vacuum_analyze(database)
            big_sizes = table_sizes(cr)
            print(f"big world {big_sizes}, written in {bulk:.1f} s", flush=True)
            big = measure(env, database, world, args)
            print(f"big world: {big}", flush=True)
            recompute = background_recompute(env, world, database)
    finally:
        if not args.keep:
            drop_database(database)
    print(
        f"small world: {small_sizes[0]} tickets, {small_sizes[2]} timers "
        f"({small_sizes[1]} open); big world: {big_sizes[0]} tickets, "
        f"{big_sizes[2]} timers ({big_sizes[1]} open), written with SQL "
        f"in {bulk:.1f} s"
    )
    labels = {
        "breach": f"at-risk/breach action, {args.due} due tickets "
        f"(median of {args.rounds})",
        "autoclose": f"automatic closing, {args.due} due tickets",
        "purge": f"purge of confidential data, {args.due} due tickets",
        "acknowledge": f"acknowledgements, {args.due} due tickets",
        "my_tickets": f"/my/tickets (median of {args.requests})",
        "compliance_pivot": f"compliance pivot (median of {args.requests})",
    }
    for key, label in labels.items():
        print(f"  {label}: {small[key]:.3f} s small, {big[key]:.3f} s big")
    print(
        f"  the compliance pivot with its period removed (every counted "
        f"timer, median of 3): {small['every_year']:.3f} s small, "
        f"{big['every_year']:.3f} s big"
    )
    print(
        f"background recompute after a holiday: the save "
        f"{recompute['save'] * 1e3:.1f} ms, then {recompute['pending']} "
        f"deadlines by the cron runner in {recompute['claims']} claims of up "
        f"to 10 committed batches: "
        f"{recompute['seconds']:.1f} s ({recompute['breached']} breached)"
    )
    for key in labels:
        print(f"scale_{key} ratio={big[key] / small[key]:.2f}")
    print(
        f"scale_recompute seconds={recompute['seconds']:.1f} "
        f"deadlines={recompute['pending']}"
    )


if __name__ == "__main__":
    main()

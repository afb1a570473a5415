"""Upgrade check: records of the released version survive ``-u``.

Usage (scripts/check_upgrade.sh runs both):
    check_upgrade.py seed    -c OLD.conf -d DB --snapshot before.json
    check_upgrade.py compare -c NEW.conf -d DB --snapshot before.json

``seed`` runs against the released version (.ci/upgrade_from): it loads both
regulation presets and creates, on a frozen clock (``SEED_STEPS``), contracts,
tickets with SLA timers in every state (running, at risk, paused, met,
breached), a queued ticket, a coupon and its redemption, a certificate with an
accepted estimate, timesheets, settled, open and cancelled bookings; it
commits, checks the invariants and writes the snapshot.

``compare`` runs after ``-u`` against the working tree, at the same frozen
instant: it snapshots again and fails on any record lost or added, any value
changed, any broken invariant, and any old record the upgraded code cannot
work with (``smoke``: a new ticket, a reply, a coupon use, the breach cron, a
booking; rolled back).

The snapshot covers every record of the addon's own models (all their stored
fields) and of the models it extends (the addon's stored fields and
``CORE_FIELDS``), read by id, plus a few non-stored figures (``EXTRA_FIELDS``)
and the number of chatter messages of each record.

WHEN A VERSION RENAMES OR CONVERTS DATA (migrations/<version>/ scripts), adapt
the tables below, nothing else:
- ``RENAMED_MODELS`` / ``RENAMED_FIELDS``: old name -> new name. The snapshot
  keys fields by the name the *released* version uses; ``compare`` reads the
  new name and compares the value. ``field()`` resolves a canonical name to
  whichever of the two the loaded registry has, so ``seed``, the invariants and
  the smoke run on either side of a rename.
- ``CONVERTED_FIELDS``: (model, old field) -> function(old value) giving the
  value the migration must produce (e.g. hours -> seconds).
- ``DROPPED_MODELS`` / ``DROPPED_FIELDS``: removed on purpose.
When .ci/upgrade_from moves past a rename, the old names of the tables stay
correct for the versions before it only: move the pairs to the new base.
"""

import argparse
import json
import sys
from collections import defaultdict
from datetime import date, datetime, timedelta

from freezegun import freeze_time

import odoo
from odoo import Command, api

ADDON = "helpdesk_mgmt_support_contract"

# -- adapt here when a migration renames, converts or drops (see docstring) --
RENAMED_MODELS = {
    # "helpdesk.support.sla.timer": "helpdesk.support.timer",
}
# 18.0.2.0.0 (migrations/18.0.2.0.0/pre-migrate.py): the support_ prefix
RENAMED_FIELDS = {
    **{
        ("helpdesk.ticket", name): f"support_{name}"
        for name in (
            "sla_level_id",
            "sla_target_display",
            "sla_timer_ids",
            "sla_deadline",
            "sla_state",
            "waiting_reason_id",
            "sla_paused",
            "critical_defect_date",
            "defect_confirmed_date",
        )
    },
    ("helpdesk.support.sla.timer", "sla_level_id"): "support_sla_level_id",
    ("helpdesk.ticket.category", "scope_guidance"): "support_scope_guidance",
    # names that say what the field holds
    ("helpdesk.support.certificate", "hours_logged"): "hours_work_charged",
}
CONVERTED_FIELDS = {
    # ("helpdesk.support.sla.timer", "paused_seconds"): lambda v: v / 3600.0,
    # 18.0.2.0.0: the booking state key matches its label "Settled"
    ("helpdesk.support.booking", "state"): lambda v: "settled" if v == "charged" else v,
    # 18.0.2.3.0: auto-close belongs to the regulation; the migration
    # clears the countdown of tickets whose regulation has none (DS). The
    # seed's only ticket waiting for the customer is a DS licensee's, so
    # every countdown of the seed is cleared.
    ("helpdesk.ticket", "support_waiting_since"): lambda v: False,
    ("helpdesk.ticket", "support_autoclose_date"): lambda v: False,
    ("helpdesk.ticket", "support_autoclose_reminder_date"): lambda v: False,
    # 18.0.2.3.0 (R-40, DS 3.6, ГК РФ ст. 192): a coupon is valid through the
    # anniversary of the licence purchase, one day later than stored before
    ("helpdesk.support.coupon", "date_expiry"): lambda v: v
    and str(date.fromisoformat(str(v)) + timedelta(days=1)),
}
# relations a migration may extend (never shrink): differences are notes
# when every old member is still there
GROWN_FIELDS = {
    # 18.0.2.1.0 (levels belong to their regulation; DS 3.5 «VIP –
    # поддержка ... предоставляется Лицензиатам»): the partner levels of
    # DS 3.1 / 3.2 also serve the VIP tier, so that a partner on it is not
    # given the licensees' 2 hours
    ("helpdesk.support.sla.level", "tier_ids"),
    ("helpdesk.support.tier", "sla_level_ids"),
}
DROPPED_MODELS = set()
DROPPED_FIELDS = {
    # 18.0.2.3.0: the auto-close period moved to the regulations
    # (helpdesk.support.regulation.autoclose_days, filled by the migration)
    ("res.company", "support_autoclose_days"),
    ("res.config.settings", "support_autoclose_days"),
    # now the stored relation the portal rule reads (the members of
    # the contact's teams), recomputed by the upgrade; the rule is checked by
    # tests/test_security_portal_rule.py
    ("res.partner", "support_ticket_partner_ids"),
    ("res.users", "support_ticket_partner_ids"),
    # computed, not stored (the released version read every field of
    # res.partner): no data to keep
    ("res.partner", "support_kcp_customer_ids"),
    ("res.users", "support_kcp_customer_ids"),
    # 18.0.1.4.0: the rating request is OCA helpdesk_mgmt_rating's (the
    # stage's Rating Email Template, set by the post-migration)
    ("helpdesk.ticket.stage", "support_rating_request"),
}

# fields of the models the addon extends that the snapshot reads besides the
# addon's own fields
CORE_FIELDS = {
    "helpdesk.ticket": [
        "name",
        "number",
        "partner_id",
        "commercial_partner_id",
        "company_id",
        "team_id",
        "user_id",
        "stage_id",
        "category_id",
        "priority",
        "closed_date",
        "active",
    ],
}
# non-stored figures that must not change either
EXTRA_FIELDS = {
    "helpdesk.support.coupon": ["uses_left"],
    "helpdesk.support.certificate": ["hours_booked_open", "state"],
    "helpdesk.support.booking.month": ["free_hours"],
    "helpdesk.support.sla.timer": ["paused_hours", "is_overdue"],
    "helpdesk.support.contract": ["in_work_ticket_count", "queued_ticket_count"],
}
# stored computed fields recomputed from their dependencies: the stored value
# must be what the code computes (invariants)
RECOMPUTED = {
    "helpdesk.ticket": [
        "sla_deadline",
        "sla_state",
        "sla_paused",
        "support_tier_id",
        "support_estimate_state",
        "support_ps_ordered",
        "support_ps_charged_hours",
    ],
    "helpdesk.support.certificate": [
        "hours_logged",
        "hours_booking_charged",
        "hours_balance",
    ],
    "helpdesk.support.booking": ["month_end", "change_deadline"],
    "helpdesk.support.sla.timer": ["compliance", "partner_id", "company_id"],
}
# bookkeeping columns a module update may rewrite
IGNORED_FIELDS = {"write_date", "write_uid"}
SKIPPED_TYPES = {"binary", "properties", "properties_definition", "one2many"}

# the seed's clock: every step runs frozen at its instant (UTC), the
# snapshots at SNAPSHOT_AT; nothing depends on the real date
SEED_STEPS = {
    "setup": "2026-06-01 07:00:00",  # Monday, 10:00 in Moscow
    "replies": "2026-06-01 08:00:00",
    "breaches": "2026-06-15 07:00:00",
    "timesheets": "2026-07-10 07:00:00",
    "month_end": "2026-08-02 07:00:00",
    "recent": "2026-08-03 07:00:00",
    # the Premium ticket (2 h round the clock) is at risk from 08:36
    "at_risk": "2026-08-03 08:45:00",
}
SNAPSHOT_AT = "2026-08-03 08:50:00"


def model_name(env, model):
    """The name the loaded registry gives to the canonical (old) ``model``."""
    return model if model in env else RENAMED_MODELS.get(model, model)


def field(env, model, name):
    """The name the loaded registry gives to field ``name`` of ``model``
    (both canonical: the names of the released version)."""
    new = RENAMED_FIELDS.get((model, name))
    if new and new in env[model_name(env, model)]._fields:
        return new
    return name


# ----------------------------------------------------------------------
# Snapshot
# ----------------------------------------------------------------------
def normalize(value):
    if isinstance(value, datetime | date):
        return value.isoformat(sep=" ") if isinstance(value, datetime) else str(value)
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, list | tuple):
        return sorted(normalize(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True, default=str)
    if value is None:
        return False
    if isinstance(value, bool | int | str):
        return value
    return str(value)


def addon_models(env):
    """(own models, {model: fields the addon defines})"""
    Data = env["ir.model.data"].sudo()
    own = env["ir.model"].browse(
        Data.search([("module", "=", ADDON), ("model", "=", "ir.model")]).mapped(
            "res_id"
        )
    )
    fields_ = env["ir.model.fields"].browse(
        Data.search([("module", "=", ADDON), ("model", "=", "ir.model.fields")]).mapped(
            "res_id"
        )
    )
    by_model = defaultdict(set)
    for row in fields_.read(["model", "name"]):
        by_model[row["model"]].add(row["name"])
    # models the addon defines (its XML ids also name the models it extends)
    own = own.filtered(
        lambda m: m.model in env and env[m.model]._original_module == ADDON
    )
    return set(own.mapped("model")), by_model


def snapshot(env):
    """{"records": {model: {id: {field: value}}}, "xmlids": {model: {id: …}}}"""
    own, addon_fields = addon_models(env)
    records = {}
    xmlids = {}
    for model in sorted(own | set(addon_fields)):
        if model not in env:
            continue
        Model = env[model].with_context(active_test=False, prefetch_fields=False)
        if Model._abstract or Model._transient:
            continue
        names = set(addon_fields[model]) | set(CORE_FIELDS.get(model, ()))
        if model in own:
            names |= {name for name, f in Model._fields.items() if f.store}
        names = sorted(
            name
            for name in names
            if name in Model._fields
            and Model._fields[name].store
            and Model._fields[name].type not in SKIPPED_TYPES
            and name not in IGNORED_FIELDS
        )
        names += [n for n in EXTRA_FIELDS.get(model, ()) if n in Model._fields]
        rows = Model.search([], order="id")
        values = {}
        for row in rows.read(names, load=None):
            values[str(row.pop("id"))] = {k: normalize(v) for k, v in row.items()}
        if "message_ids" in Model._fields and rows:
            counts = dict(
                env["mail.message"]
                .sudo()
                ._read_group(
                    [("model", "=", model), ("res_id", "in", rows.ids)],
                    ["res_id"],
                    ["__count"],
                )
            )
            for record_id, vals in values.items():
                vals["#messages"] = counts.get(int(record_id), 0)
        records[model] = values
        data = (
            env["ir.model.data"]
            .sudo()
            .search([("model", "=", model), ("res_id", "in", rows.ids)])
        )
        xmlids[model] = {
            str(d.res_id): [d.complete_name, d.noupdate]
            for d in data
            if d.module == ADDON
        }
    return {"records": records, "xmlids": xmlids}


# ----------------------------------------------------------------------
# Seed (runs on the released version)
# ----------------------------------------------------------------------
def by_code(env, model, code, company):
    return env[model_name(env, model)].search(
        [(field(env, model, "code"), "=", code), ("company_id", "=", company.id)]
    )


def make_customer(env, name, company, tier=None, sender=None, **contract):
    customer = env["res.partner"].create({"name": name, "is_company": True})
    contact = env["res.partner"].create(
        {
            "name": f"Contact of {name}",
            "parent_id": customer.id,
            "email": f"{name.lower().replace(' ', '.')}@upgrade.test",
        }
    )
    if tier:
        values = {
            "partner_id": customer.id,
            "company_id": company.id,
            "tier_id": by_code(env, "helpdesk.support.tier", tier, company).id,
            "sender_category_id": sender
            and by_code(env, "helpdesk.support.sender.category", sender, company).id,
            "date_start": "2026-01-01",
            "date_end": "2026-12-31",
            "contact_ids": [Command.set(contact.ids)],
        }
        values.update(contract)
        record = env["helpdesk.support.contract"].create(values)
        if contract.get("state", "active") == "active":
            record.action_activate()
    return contact


def seed(env):
    """Create the records of every kind; returns the handles ``smoke`` uses."""
    company = env.company
    h = {}  # handles: ids of the records the compare step acts on
    stage_done = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
    with freeze_time(SEED_STEPS["setup"]):
        wizard = env["helpdesk.support.preset.wizard"]
        wizard._load_preset("ds", company.id)
        wizard._load_preset("mq", company.id)
        users = env["res.users"].with_context(no_reset_password=True)
        support_user = users.create(
            {
                "name": "Upgrade support user",
                "login": "upgrade_support",
                "email": "support@upgrade.test",
                "company_id": company.id,
                "company_ids": [Command.set(company.ids)],
                "groups_id": [
                    Command.set(
                        [
                            env.ref(f"{ADDON}.group_support_user").id,
                            env.ref("hr_timesheet.group_hr_timesheet_user").id,
                        ]
                    )
                ],
            }
        )
        project = env["project.project"].create(
            {"name": "Upgrade services", "allow_timesheets": True}
        )
        team = env["helpdesk.ticket.team"].create(
            {
                "name": "Upgrade support",
                "user_ids": [Command.set(support_user.ids)],
                "allow_timesheet": True,
                "default_project_id": project.id,
            }
        )
        employee = env["hr.employee"].create(
            {
                "name": "Upgrade specialist",
                "user_id": support_user.id,
                "resource_calendar_id": company.support_ps_calendar_id.id,
                "support_ps_specialist": True,
            }
        )
        basic = make_customer(env, "Basic LLC", company, "mq_basic")
        licensee = make_customer(
            env, "Licensee JSC", company, "ds_commercial", "licensee"
        )
        premium = make_customer(env, "Premium PLC", company, "mq_premium")
        bare = make_customer(env, "No Contract Ltd", company)
        draft = make_customer(env, "Draft Co", company, "mq_basic_plus", state="draft")
        premium_contract = env["helpdesk.support.contract"].search(
            [("partner_id", "=", premium.parent_id.id)]
        )
        premium_contract.key_contact_id = premium
        Ticket = env["helpdesk.ticket"].with_company(company)

        def ticket(contact, name, **vals):
            values = {
                "name": name,
                "description": f"<p>{name}</p>",
                "partner_id": contact.id,
                "team_id": team.id,
            }
            values.update(vals)
            return Ticket.create(values)

        # a Basic customer's limit is 5 open tickets: 3 are queued, 2 of them
        # enter work when 2 tickets are closed, the last stays queued
        basic_tickets = [ticket(basic, f"Basic issue {n}") for n in range(8)]
        lic_replied = ticket(licensee, "Licensee replied")
        lic_paused = ticket(licensee, "Licensee waiting")
        prem_breached = ticket(premium, "Premium breached")
        bare_ticket = ticket(bare, "Customer without contract")
        draft_ticket = ticket(draft, "Customer with a draft contract")
        ps_order = ticket(
            premium,
            "Configure backups",
            category_id=by_code(
                env, "helpdesk.ticket.category", "professional_service", company
            ).id,
            project_id=project.id,
        )
        certificate = env["helpdesk.support.certificate"].create(
            {
                "partner_id": premium.parent_id.id,
                "company_id": company.id,
                "date_start": "2026-01-01",
                "date_end": "2027-03-31",
                "hours_prepaid": 40,
            }
        )
        estimate = env["helpdesk.support.estimate"]._support_send(
            ps_order, 4.0, "2026-07-06", "Access to the server"
        )
        estimate._support_decide(premium, True)
        Booking = env["helpdesk.support.booking"]
        Booking._support_book(certificate, "2026-07-01", 10, partner=premium)
        Booking._support_book(certificate, "2026-08-01", 8, partner=premium)
        Booking._support_book(
            certificate, "2026-09-01", 6, partner=premium
        ).action_support_cancel()
        Booking._support_book(certificate, "2026-11-01", 5, partner=premium)
        # a coupon of the licensee, redeemed once by its portal user
        portal = users.create(
            {
                "name": licensee.name,
                "login": "upgrade_portal",
                "partner_id": licensee.id,
                "groups_id": [Command.set(env.ref("base.group_portal").ids)],
            }
        )
        coupon = env["helpdesk.support.coupon"].create(
            {
                "partner_id": licensee.parent_id.id,
                "company_id": company.id,
                "licence_ref": "LIC-UPGRADE",
                "purchase_date": "2026-02-10",
                "uses_total": 3,
            }
        )
        coupon_ticket = env["helpdesk.support.coupon"]._support_redeem(
            coupon.name,
            {
                "name": "Special request",
                "description": "<p>urgent</p>",
                "partner_id": licensee.id,
                "team_id": team.id,
            },
            portal,
        )
    with freeze_time(SEED_STEPS["replies"]):
        for record in (basic_tickets[0], lic_replied, coupon_ticket):
            record.with_user(support_user).message_post(
                body="Answer", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
        reason = env["helpdesk.support.waiting.reason"].search([], limit=1)
        lic_paused[field(env, "helpdesk.ticket", "waiting_reason_id")] = reason
        # closing a Basic ticket frees a slot: the queued one enters work
        basic_tickets[1].stage_id = stage_done
    with freeze_time(SEED_STEPS["breaches"]):
        env["helpdesk.support.sla.timer"]._cron_update_states()
    with freeze_time(SEED_STEPS["timesheets"]):
        lines = env["account.analytic.line"]
        for start, hours in (
            ("2026-07-10 07:00:00", 3.0),
            ("2026-07-10 16:00:00", 1.0),
        ):
            lines |= lines.create(
                {
                    "name": "Work",
                    "ticket_id": ps_order.id,
                    "project_id": project.id,
                    "employee_id": employee.id,
                    "date_time": start,
                    "unit_amount": hours,
                }
            )
    with freeze_time(SEED_STEPS["month_end"]):
        env["helpdesk.support.booking"]._cron_charge_unused()
    with freeze_time(SEED_STEPS["recent"]):
        # fresh tickets: running and (at the snapshot) at risk
        at_risk = ticket(premium, "Premium recent")
        running = ticket(licensee, "Licensee recent")
        basic_tickets[2].stage_id = stage_done
    with freeze_time(SEED_STEPS["at_risk"]):
        env["helpdesk.support.sla.timer"]._cron_update_states()
    h.update(
        company=company.id,
        team=team.id,
        support_user=support_user.id,
        portal=portal.id,
        # the Basic customer first: it is at its open-ticket limit
        contacts=[basic.id, licensee.id, premium.id],
        bare=bare.id,
        draft=draft.id,
        open_ticket=running.id,
        at_risk_ticket=at_risk.id,
        coupon=coupon.id,
        certificate=certificate.id,
        kcp=premium.id,
        other_tickets=[
            t.id
            for t in (
                *basic_tickets,
                lic_replied,
                lic_paused,
                prem_breached,
                bare_ticket,
                draft_ticket,
                ps_order,
                coupon_ticket,
            )
        ],
    )
    return h


# ----------------------------------------------------------------------
# Invariants and smoke test (run on both sides / on the new code)
# ----------------------------------------------------------------------
def invariants(env):
    """Broken invariants, as messages (the database is left dirty: roll back)."""
    errors = []
    for canonical, names in RECOMPUTED.items():
        model = model_name(env, canonical)
        Model = env[model].with_context(active_test=False)
        records = Model.search([])
        names = [field(env, canonical, name) for name in names]
        names = [name for name in names if name in Model._fields]
        # every stored value first: one compute method may set several fields
        records.invalidate_recordset(names)
        stored = {name: {r.id: normalize(r[name]) for r in records} for name in names}
        records.invalidate_recordset(names)
        for name in names:
            env.add_to_compute(Model._fields[name], records)
        for name in names:
            for record in records:
                value = normalize(record[name])
                if value != stored[name][record.id]:
                    errors.append(
                        f"{model}({record.id}).{name}: stored "
                        f"{stored[name][record.id]!r}, computed {value!r}"
                    )
    for coupon in (
        env["helpdesk.support.coupon"].with_context(active_test=False).search([])
    ):
        used = env["helpdesk.support.coupon.redemption"].search_count(
            [("coupon_id", "=", coupon.id)]
        )
        if coupon.uses_count != used:
            errors.append(
                f"coupon {coupon.name}: uses_count {coupon.uses_count}, "
                f"{used} redemptions"
            )
    for month in env["helpdesk.support.booking.month"].search([]):
        booked = sum(
            month.booking_ids.filtered(lambda b: b.state != "cancelled").mapped("hours")
        )
        if abs(month.booked_hours - booked) > 1e-6:
            errors.append(
                f"booking month {month.month}: booked_hours {month.booked_hours}, "
                f"bookings {booked}"
            )
    errors += engine_mismatches(env)
    return errors


def engine_mismatches(env):
    """Open timers' stored deadlines against the engine of the loaded code
    (adapt the call when the scheduling API changes)."""
    Timer = env[model_name(env, "helpdesk.support.sla.timer")]
    now = datetime.fromisoformat(SNAPSHOT_AT)
    timers = Timer.search([("state", "in", ("running", "at_risk"))])
    errors = []
    for calendar in timers.resource_calendar_id:
        batch = timers.filtered(lambda t, c=calendar: t.resource_calendar_id == c)
        values = batch._compute_schedule(calendar, now)
        for timer in batch:
            for name in ("deadline", "at_risk_date"):
                new = values.get(timer.id, {}).get(name)
                if new and abs((new - timer[name]).total_seconds()) >= 1:
                    errors.append(
                        f"timer {timer.id} {name}: stored {timer[name]}, engine {new}"
                    )
    return errors


def smoke(env, h):
    """The upgraded code works with the old records (caller rolls back)."""
    errors = []
    Ticket = env["helpdesk.ticket"].with_company(h["company"])
    portal = env["res.users"].browse(h["portal"])
    Timer = env[model_name(env, "helpdesk.support.sla.timer")]
    ticket_timers = field(env, "helpdesk.ticket", "sla_timer_ids")
    with freeze_time(SNAPSHOT_AT):
        basic, *others = env["res.partner"].browse(h["contacts"])
        for contact in (basic, *others):
            ticket = Ticket.create(
                {
                    "name": "After the upgrade",
                    "description": "<p>new</p>",
                    "partner_id": contact.id,
                    "team_id": h["team"],
                }
            )
            if not ticket.support_contract_id:
                errors.append(f"new ticket of {contact.name}: no contract")
            elif contact == basic and not ticket.support_queued:
                errors.append("a Basic customer at its limit: new ticket not queued")
            elif contact != basic and not ticket[ticket_timers].filtered("deadline"):
                errors.append(f"new ticket of {contact.name}: no SLA timer")
        old = Ticket.browse(h["open_ticket"])
        support_user = env["res.users"].browse(h["support_user"])
        old.with_user(support_user).message_post(
            body="Answer after the upgrade",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        if old[ticket_timers].filtered(lambda t: t.kind == "response").state != "met":
            errors.append(f"ticket {old.number}: a reply does not meet its timer")
        coupon = env["helpdesk.support.coupon"].browse(h["coupon"])
        uses = coupon.uses_count
        env["helpdesk.support.coupon"]._support_redeem(
            coupon.name,
            {
                "name": "Special request after the upgrade",
                "description": "<p>urgent</p>",
                "partner_id": portal.partner_id.id,
                "team_id": h["team"],
            },
            portal,
        )
        if coupon.uses_count != uses + 1:
            errors.append(f"coupon {coupon.name}: a redemption is not counted")
        certificate = env["helpdesk.support.certificate"].browse(h["certificate"])
        booked = certificate.hours_booked_open
        env["helpdesk.support.booking"]._support_book(
            certificate, "2026-10-01", 4, partner=env["res.partner"].browse(h["kcp"])
        )
        if abs(certificate.hours_booked_open - booked - 4) > 1e-6:
            errors.append(
                f"certificate {certificate.name}: booked open "
                f"{certificate.hours_booked_open}, expected {booked + 4}"
            )
    later = datetime.fromisoformat(SNAPSHOT_AT) + timedelta(days=30)
    with freeze_time(later):
        open_before = Timer.search([("state", "in", ("running", "at_risk"))])
        while Timer._cron_update_states():
            pass
        still = open_before.filtered(lambda t: t.state != "breached")
        if still:
            errors.append(f"timers {still.ids} not breached a month after deadline")
    return errors


# ----------------------------------------------------------------------
# Compare
# ----------------------------------------------------------------------
def is_addon_field(model, name):
    """Whether ``model.name`` is the addon's: a model of its own, or a field
    it adds to another module's model (prefixed, or renamed since)."""
    return (
        model.startswith("helpdesk.support.")
        or name.startswith("support_")
        or (model, name) in RENAMED_FIELDS
        or name in CORE_FIELDS.get(model, ())
    )


def compare(before, after):
    """(errors, notes) between two snapshots."""
    errors, notes = [], []
    counts = []
    for model, old_rows in sorted(before["records"].items()):
        if model in DROPPED_MODELS:
            continue
        new_model = RENAMED_MODELS.get(model, model)
        new_rows = after["records"].get(new_model)
        if new_rows is None:
            errors.append(f"{model}: model gone (add it to RENAMED/DROPPED_MODELS)")
            continue
        counts.append((model, len(old_rows), len(new_rows)))
        old_data = before["xmlids"].get(model, {})
        new_data = after["xmlids"].get(new_model, {})
        per_model = []
        for record_id, old_vals in old_rows.items():
            data_file = record_id in old_data and not old_data[record_id][1]
            new_vals = new_rows.get(record_id)
            if new_vals is None:
                (notes if data_file else per_model).append(
                    f"{model}({record_id}) is gone"
                )
                continue
            for name, old in old_vals.items():
                if (model, name) in DROPPED_FIELDS or not is_addon_field(model, name):
                    # other modules' fields (counts of rights, ...) are theirs
                    continue
                new_name = RENAMED_FIELDS.get((model, name), name)
                if new_name not in new_vals and not is_addon_field(model, name):
                    # a field of another module that the released version
                    # happened to read (it read every field of res.partner);
                    # the addon's own fields must all be accounted for
                    continue
                if new_name not in new_vals:
                    per_model.append(
                        f"{model}.{name}: field gone "
                        "(add it to RENAMED/CONVERTED/DROPPED_FIELDS)"
                    )
                    break
                expected = CONVERTED_FIELDS.get((model, name), lambda v: v)(old)
                if normalize(expected) != new_vals[new_name]:
                    grown = (
                        (model, name) in GROWN_FIELDS
                        and isinstance(expected, list)
                        and set(expected) <= set(new_vals[new_name])
                    )
                    (notes if data_file or grown else per_model).append(
                        f"{model}({record_id}).{new_name}: {expected!r} -> "
                        f"{new_vals[new_name]!r}"
                    )
        for record_id in sorted(set(new_rows) - set(old_rows), key=int):
            if record_id in new_data:
                # data of the addon (noupdate too: created when missing)
                notes.append(f"{new_model}({record_id}) added by a data file")
            else:
                per_model.append(f"{new_model}({record_id}) appeared")
        errors += per_model[:20]
        if len(per_model) > 20:
            errors.append(f"{model}: {len(per_model) - 20} more differences")
    return errors, notes, counts


def open_env(args):
    odoo.tools.config.parse_config(["-c", args.config])
    registry = odoo.modules.registry.Registry(args.database)
    return registry


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("step", choices=("seed", "compare"))
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--snapshot", required=True)
    args = parser.parse_args()
    registry = open_env(args)
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        if args.step == "seed":
            handles = seed(env)
            cr.commit()
            with freeze_time(SNAPSHOT_AT):
                data = snapshot(env)
                data["handles"] = handles
                env.invalidate_all()
                errors = invariants(env)
            cr.rollback()
            states = defaultdict(int)
            for vals in data["records"]["helpdesk.support.sla.timer"].values():
                states[vals["state"]] += 1
            print(f"seeded: timers by state {dict(sorted(states.items()))}")
            with open(args.snapshot, "w", encoding="utf-8") as out:
                json.dump(data, out, indent=1, sort_keys=True)
            if errors:
                print("the seed itself is inconsistent:", *errors, sep="\n  ")
                return 1
            print(f"snapshot of {len(data['records'])} models -> {args.snapshot}")
            return 0
        with open(args.snapshot, encoding="utf-8") as src:
            before = json.load(src)
        with freeze_time(SNAPSHOT_AT):
            after = snapshot(env)
            env.invalidate_all()
            errors, notes, counts = compare(before, after)
            errors += [f"invariant: {e}" for e in invariants(env)]
            cr.rollback()
            env.invalidate_all()
            errors += [f"smoke: {e}" for e in smoke(env, before["handles"])]
        cr.rollback()
    print("records by model (before -> after):")
    for model, old, new in counts:
        print(f"  {model:45} {old:5} -> {new:5}{'' if old == new else '  *'}")
    for note in notes:
        print(f"note: {note}")
    for error in errors:
        print(f"ERROR: {error}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())

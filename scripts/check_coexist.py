"""Check that the addon works beside OCA helpdesk_mgmt_sla in one database.

Both define an SLA on tickets; the addon's fields on helpdesk.ticket carry
the ``support_`` prefix, so neither shadows the other. In a database
with both installed: a contract of the DS preset, a ticket whose addon SLA
timer runs, and helpdesk_mgmt_sla's own fields computed on the same ticket.

Usage: check_coexist.py -c odoo.conf -d DB
"""

import argparse
import sys

import odoo
from odoo import api


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config])
    registry = odoo.modules.registry.Registry(args.database)
    errors = []
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        modules = env["ir.module.module"].search(
            [("name", "in", ("helpdesk_mgmt_sla", "helpdesk_mgmt_support_contract"))]
        )
        states = dict(modules.mapped(lambda m: (m.name, m.state)))
        for name in ("helpdesk_mgmt_sla", "helpdesk_mgmt_support_contract"):
            if states.get(name) != "installed":
                errors.append(f"{name} is {states.get(name)!r}")
        Ticket = env["helpdesk.ticket"]
        for field in ("sla_deadline", "sla_expired", "ticket_sla_ids"):
            if Ticket._fields.get(field) is None or Ticket._fields[field]._module != (
                "helpdesk_mgmt_sla"
            ):
                errors.append(f"helpdesk_mgmt_sla's field {field} is shadowed")
        for field in ("support_sla_deadline", "support_sla_state"):
            if field not in Ticket._fields:
                errors.append(f"the addon's field {field} is missing")
        company = env.ref("base.main_company")
        env["helpdesk.support.preset.wizard"]._load_preset("ds", company.id)
        tier = env["helpdesk.support.tier"].search(
            [("code", "=", "ds_commercial"), ("company_id", "=", company.id)]
        )
        customer = env["res.partner"].create(
            {"name": "Coexist LLC", "is_company": True}
        )
        contact = env["res.partner"].create(
            {"name": "Coexist contact", "parent_id": customer.id}
        )
        env["helpdesk.support.contract"].create(
            {
                "partner_id": customer.id,
                "company_id": company.id,
                "tier_id": tier.id,
                "date_start": "2020-01-01",
            }
        ).action_activate()
        team = env["helpdesk.ticket.team"].create(
            {"name": "Coexist team", "company_id": company.id, "use_sla": True}
        )
        ticket = Ticket.create(
            {
                "name": "Both SLAs",
                "description": "<p>x</p>",
                "partner_id": contact.id,
                "team_id": team.id,
            }
        )
        ticket.flush_recordset()
        if not ticket.support_sla_timer_ids or not ticket.support_sla_deadline:
            errors.append("the addon's SLA timer did not start")
        if ticket.support_sla_state != "running":
            errors.append(f"the addon's SLA state is {ticket.support_sla_state!r}")
        ticket.read(["sla_deadline", "sla_expired", "team_sla"])  # theirs computes
        cr.rollback()
    if errors:
        print("coexistence check FAILED:", "; ".join(errors), file=sys.stderr)
        return 1
    print("coexistence check ok: helpdesk_mgmt_sla and the addon in one database")
    return 0


if __name__ == "__main__":
    sys.exit(main())

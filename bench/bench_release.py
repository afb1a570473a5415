"""A release announced to the tickets of a known defect, as the batched job.

Usage: bench_release.py -c odoo.conf -d DB [--tickets N] [--smoke]

MQ 1.4 «Уведомление о выходе версии с исправлением»: N tickets (default
1,000) of 50 customers (half of them reading Russian) are linked to one
defect fixed in a version; the version is published and the scheduled action
*Known defects: notify the linked tickets of a release* runs batch after
batch until every ticket is told (the message in its customer's language,
the e-mail queued, the chatter, the wait for the customer's confirmation
through the lifecycle). Everything happens in a scratch company with the
MQ preset and is rolled back. Last line:
``release_publish ms_per_ticket=<x> tickets=<n> batches=<b>``.
"""

import argparse
import time

import odoo
from odoo import api

CUSTOMERS = 50


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--tickets", type=int, default=1000)
    parser.add_argument(
        "--smoke", action="store_true", help="tiny sizes: check that it runs"
    )
    args = parser.parse_args()
    if args.smoke:
        args.tickets = 20
    odoo.tools.config.parse_config(["-c", args.config])
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        env["res.lang"]._activate_lang("ru_RU")
        env["ir.module.module"]._load_module_terms(
            ["helpdesk_mgmt_support_contract"], ["ru_RU"]
        )
        # the e-mails go to the mail queue, as a large batch does
        env["ir.config_parameter"].set_param("mail.mail.force.send.limit", 0)
        company = env["res.company"].create({"name": "Release benchmark company"})
        env.user.company_ids |= company
        env["helpdesk.support.preset.wizard"]._load_preset("mq", company.id)
        team = env["helpdesk.ticket.team"].create(
            {"name": "Bench team", "company_id": company.id}
        )
        customers = env["res.partner"].create(
            [
                {
                    "name": f"Release customer {index}",
                    "email": f"customer{index}@release.test",
                    "lang": "ru_RU" if index % 2 else "en_US",
                }
                for index in range(CUSTOMERS)
            ]
        )
        product = env["helpdesk.support.product"].create(
            {"name": "Bench platform", "company_id": company.id}
        )
        old, fixed = env["helpdesk.support.product.version"].create(
            [
                {"name": "8.4", "product_id": product.id},
                {"name": "8.5", "product_id": product.id},
            ]
        )
        defect = env["helpdesk.support.defect"].create(
            {
                "name": "Bench defect",
                "public_title": "Widgets show no data",
                "product_id": product.id,
                "affected_version_ids": [(6, 0, old.ids)],
                "target_version_id": fixed.id,
                "status": "fixed",
                "company_id": company.id,
            }
        )
        Ticket = env["helpdesk.ticket"].with_company(company)
        tickets = Ticket.create(
            [
                {
                    "name": f"Widgets empty {index}",
                    "description": "<p>bench</p>",
                    "partner_id": customers[index % CUSTOMERS].id,
                    "team_id": team.id,
                    "company_id": company.id,
                    "support_defect_id": defect.id,
                }
                for index in range(args.tickets)
            ]
        )
        env.flush_all()
        started = time.perf_counter()
        fixed.action_support_publish_release()
        batches = 0
        while defect.status != "released" and batches < args.tickets:
            Ticket._cron_support_defect_notices()
            batches += 1
        env.flush_all()
        elapsed = time.perf_counter() - started
        told = tickets.filtered("support_defect_notice_date")
        assert len(told) == args.tickets, (len(told), args.tickets)
        assert defect.status == "released", defect.status
        cr.rollback()
    print(
        f"release_publish ms_per_ticket={elapsed * 1000 / args.tickets:.2f} "
        f"tickets={args.tickets} batches={batches}"
    )


if __name__ == "__main__":
    main()

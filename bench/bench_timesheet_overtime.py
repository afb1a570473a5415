"""Overtime split of timesheet lines vs Odoo's get_work_hours_count per line.

Usage: bench_timesheet_overtime.py -c odoo.conf -d DB [--lines N] [--seed S]

Loads the MQ preset into a scratch company (rolled back at the end), creates
one professional-service ticket and N timesheet lines at random instants of
2025-2026 (15 min - 6 h each), and times the addon's batched split into
regular / overtime hours (one working-time engine for the whole batch)
against Odoo's own ``resource.calendar.get_work_hours_count`` called per line
on the same calendar. The regular hours must agree (to the 2 decimals they are
stored with); last line:
``timesheet_overtime ratio=<speed-up> mismatches=<n>``.
"""

import argparse
import random
import time
from datetime import datetime, timedelta

import odoo
from odoo import api


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--lines", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=20261123)
    parser.add_argument("--show", action="store_true", help="print mismatches")
    parser.add_argument(
        "--smoke", action="store_true", help="tiny sizes: check that it runs"
    )
    args = parser.parse_args()
    if args.smoke:
        args.lines = 50
    odoo.tools.config.parse_config(["-c", args.config])
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        company = env["res.company"].create({"name": "Benchmark company"})
        env["helpdesk.support.preset.wizard"]._load_preset("mq", company.id)
        calendar = company.support_ps_calendar_id
        for year in (2025, 2026, 2027):
            calendar.production_calendar_id.action_generate_year(year)
        env = env(context=dict(env.context, allowed_company_ids=company.ids))
        project = env["project.project"].create(
            {"name": "PS", "company_id": company.id, "allow_timesheets": True}
        )
        employee = env["hr.employee"].create(
            {"name": "Specialist", "company_id": company.id}
        )
        customer = env["res.partner"].create({"name": "Bench customer"})
        category = env["helpdesk.ticket.category"].search(
            [("code", "=", "professional_service"), ("company_id", "=", company.id)]
        )
        ticket = env["helpdesk.ticket"].create(
            {
                "name": "Bench order",
                "description": "x",
                "partner_id": customer.id,
                "company_id": company.id,
                "category_id": category.id,
                "project_id": project.id,
            }
        )
        rng = random.Random(args.seed)
        begin = datetime(2025, 1, 1)
        span = 2 * 365 * 86400 - 86400
        values = [
            {
                "name": f"Work {index}",
                "ticket_id": ticket.id,
                "project_id": project.id,
                "employee_id": employee.id,
                "company_id": company.id,
                "date_time": begin + timedelta(minutes=rng.randrange(span // 60)),
                "unit_amount": rng.randrange(1, 25) / 4,
            }
            for index in range(args.lines)
        ]
        lines = env["account.analytic.line"].create(values)
        env.flush_all()

        # the addon: one batch, as a compute over the recordset
        best = None
        for _round in range(3):
            lines.invalidate_recordset(
                ["support_regular_hours", "support_overtime_hours"]
            )
            tick = time.perf_counter()
            lines._compute_support_charge()
            elapsed = time.perf_counter() - tick
            best = elapsed if best is None else min(best, elapsed)
        engine_time = best
        ours = {line.id: line.support_regular_hours for line in lines}

        # Odoo's own API, one call per line
        tick = time.perf_counter()
        expected = {
            line.id: calendar.get_work_hours_count(
                line.date_time,
                line.date_time + timedelta(hours=line.unit_amount),
                compute_leaves=True,
            )
            for line in lines
        }
        odoo_time = time.perf_counter() - tick
        # the hours are stored with 2 decimals (digits=(16, 2))
        mismatches = sum(
            1
            for key, hours in expected.items()
            if abs(round(hours, 2) - ours[key]) > 1e-9
        )
        if args.show:
            for line in lines:
                if abs(round(expected[line.id], 2) - ours[line.id]) > 1e-9:
                    print(
                        line.date_time,
                        line.unit_amount,
                        expected[line.id],
                        ours[line.id],
                    )
        overtime = sum(lines.mapped("support_overtime_hours"))
        print(f"lines: {len(lines)}, overtime hours in total: {overtime:.2f}")
        print(
            f"get_work_hours_count per line: {odoo_time:.3f} s "
            f"({odoo_time / len(lines) * 1000:.2f} ms/line)"
        )
        print(
            f"batched split (best of 3): {engine_time:.3f} s "
            f"({engine_time / len(lines) * 1000:.3f} ms/line)"
        )
        ratio = odoo_time / engine_time if engine_time else float("inf")
        print(f"timesheet_overtime ratio={ratio:.1f} mismatches={mismatches}")
        cr.rollback()


if __name__ == "__main__":
    main()

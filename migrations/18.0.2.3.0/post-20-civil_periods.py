# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""18.0.2.3.0: periods of the regulations counted as the Civil Code counts them.

- A coupon is valid through the anniversary of the licence purchase (DS 3.6,
  R-40, ГК РФ ст. 192): the stored last day of validity moves one day later.
- The open critical-defect fix deadlines end with the working day of their
  tenth working day (MQ 1.2 / 1.4, ГК РФ ст. 191, 194): they are scheduled
  again.
- The auto-close instants of tickets waiting on the customer move to the end
  of the last working day of their period (MQ 1.2, R-60), the period read
  from the ticket's regulation (post-10 moved it there).
- The hours charged by accepted professional-service orders under the
  one-hour minimum keep the overtime coefficient (MQ 2.1, R-71).
"""

from odoo import SUPERUSER_ID, api

from odoo.addons.helpdesk_mgmt_support_contract.tools.lifecycle_scope import (
    lifecycle_scope,
)


def migrate(cr, version):
    if not version:
        return
    # plain date arithmetic of PostgreSQL: 29 February + 1 year = 28 February
    cr.execute(
        """
        UPDATE helpdesk_support_coupon
           SET date_expiry = (purchase_date + INTERVAL '1 year')::date
         WHERE purchase_date IS NOT NULL
        """
    )
    env = api.Environment(cr, SUPERUSER_ID, {"active_test": False})
    # a data migration converts stored SLA state once, outside any event
    # of a ticket's life: it opens the lifecycle's scope itself
    with lifecycle_scope(env):
        Timer = env["helpdesk.support.sla.timer"]
        Timer.search(
            [("kind", "=", "critical_fix"), ("state", "in", ["running", "at_risk"])]
        )._schedule()
        waiting = env["helpdesk.ticket"].search(
            [
                ("support_waiting_since", "!=", False),
                ("support_autoclose_date", "!=", False),
            ]
        )
        for ticket in waiting:
            calendar = ticket.company_id._get_support_fix_calendar()
            if not calendar:
                continue
            # the regulation's period, moved there by post-10 before this
            days = ticket._support_autoclose_days()
            if not days:
                continue
            end = calendar._support_end_of_working_days_from_date(
                ticket.support_waiting_since, days
            )
            if end:
                ticket.sudo().write({"support_autoclose_date": end})
        tickets = env["helpdesk.ticket"].search([("support_ps_ordered", "=", True)])
        env.add_to_compute(tickets._fields["support_ps_charged_hours"], tickets)
        env.flush_all()
        # the certificates' balances read the orders' charged hours in SQL
        certificates = tickets.support_certificate_id
        for name in ("hours_work_charged", "hours_booking_charged", "hours_balance"):
            env.add_to_compute(certificates._fields[name], certificates)
        env.flush_all()

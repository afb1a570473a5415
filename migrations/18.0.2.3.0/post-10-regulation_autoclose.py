# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""18.0.2.3.0: auto-close belongs to a regulation; a vendor-side waiting
reason no longer pauses the clocks.

R-60: the company's *Auto-close after (working days)* moves to the
regulations of the company. MQ states the auto-close (MQ 1.2) and gets it
with the company's period; DS has no such clause and gets none; a
regulation a manager created keeps what the company did (auto-close with
its period). A ticket waiting for information under a regulation without
auto-close loses its pending auto-close date.

R-22: a ticket parked on a vendor-side reason (diagnostics, development, an
update) had its response and reply timers paused; they resume now, the
time already paused staying out of the count.

The company column is read before the registry drops it (the update ends
by removing the fields a module no longer declares).
"""

from odoo import SUPERUSER_ID, api, fields
from odoo.tools import SQL, sql

from odoo.addons.helpdesk_mgmt_support_contract.tools.lifecycle_scope import (
    lifecycle_scope,
)


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {"active_test": False})
    # a data migration converts stored SLA state once, outside any event
    # of a ticket's life: it opens the lifecycle's scope itself
    with lifecycle_scope(env):
        days_by_company = {}
        if sql.column_exists(cr, "res_company", "support_autoclose_days"):
            cr.execute(SQL("SELECT id, support_autoclose_days FROM res_company"))
            days_by_company = dict(cr.fetchall())
        for regulation in env["helpdesk.support.regulation"].search([]):
            days = days_by_company.get(regulation.company_id.id) or 3
            regulation.write(
                {"autoclose": regulation.code != "ds", "autoclose_days": days}
            )
        Ticket = env["helpdesk.ticket"]
        pending = Ticket.search([("support_autoclose_date", "!=", False)])
        pending.filtered(lambda t: not t._support_autoclose_days()).write(
            {
                "support_waiting_since": False,
                "support_autoclose_date": False,
                "support_autoclose_reminder_date": False,
            }
        )
        vendor_side = Ticket.search(
            [
                ("stage_id.closed", "=", False),
                ("support_waiting_reason_id", "!=", False),
                ("support_waiting_reason_id.waits_for_customer", "=", False),
            ]
        )
        if vendor_side:
            # the stored flag follows the reason's side from now on
            env.add_to_compute(Ticket._fields["support_sla_paused"], vendor_side)
            vendor_side.flush_recordset(["support_sla_paused"])
            now = fields.Datetime.now()
            vendor_side.support_sla_timer_ids.filtered(
                lambda t: t.state == "paused"
            )._resume(now)

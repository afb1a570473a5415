# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""18.0.2.2.0: the compliance pivot's period (R-29).

The new stored field ``compliance_date`` of SLA timers (the start of a met or
breached timer) is filled with one ``UPDATE`` before the registry loads it:
the ORM computes a new stored field record by record, which would take
minutes on a million timers. The ORM then sees the column and computes
nothing. Its index is created by the registry as usual.
"""

from odoo.tools import SQL, sql


def migrate(cr, version):
    if not version:
        return
    table = "helpdesk_support_sla_timer"
    if sql.column_exists(cr, table, "compliance_date"):
        return
    sql.create_column(cr, table, "compliance_date", "timestamp")
    cr.execute(
        SQL(
            "UPDATE %s SET compliance_date = start_date "
            "WHERE state IN ('met', 'breached')",
            SQL.identifier(table),
        )
    )

# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""18.0.2.3.0: the portal's team visibility follows the regulation (R-32).

The new flag *Key contact person sees all tickets* of a regulation is set as
its preset sets it: on for DS (no teams, requests filed in the licensee's
account, DS 5.1), off for MQ (MQ 1.6: tickets are visible only to their
authors and their team, the key contact person included). Regulations a
manager created keep the flag off, the confidential reading.
"""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {"active_test": False})
    wizard = env["helpdesk.support.preset.wizard"]
    Regulation = env["helpdesk.support.regulation"]
    for code in ("ds", "mq"):
        flag = bool(wizard._read_preset(code).get("kcp_sees_all_tickets"))
        Regulation.search([("code", "=", code)]).write({"kcp_sees_all_tickets": flag})

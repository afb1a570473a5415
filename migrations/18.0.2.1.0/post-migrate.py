# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""18.0.2.1.0: SLA levels belong to a regulation (DS 3, MQ Appendix 1:
each regulation's levels serve its own tickets only).

In every company where a preset (DS, MQ) was loaded, the preset's regulation
is created and its tiers, sender categories and SLA levels are attached to
it, so that a level of one regulation no longer matches the tickets of the
other. The MQ category *Licensing and billing* gets the new *No SLA* flag
(MQ 1.4), and each preset's categories are listed under its regulation, so
that their rules apply to that regulation's tickets only. Records a manager
created keep no regulation (levels without a regulation apply to tiers
without one, as before).
"""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {"active_test": False})
    wizard = env["helpdesk.support.preset.wizard"]
    for company in env["res.company"].search([]):
        for code in ("ds", "mq"):
            wizard._attach_regulation(code, company)

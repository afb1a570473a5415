# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""18.0.2.4.0: every ticket lands in a queue someone watches (R-20, R-25).

A regulation loaded from a preset gets the team its preset created as its
default team, and that team the preset's assignment rule (DS 5.1 «На каждую
заявку назначается ответственный сотрудник»: the member with the fewest open
tickets; MQ: the team's queue). A default team or a rule a manager chose is
kept.
"""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {"active_test": False})
    wizard = env["helpdesk.support.preset.wizard"]
    Team = env["helpdesk.ticket.team"]
    for regulation in env["helpdesk.support.regulation"].search(
        [("code", "in", ("ds", "mq")), ("default_team_id", "=", False)]
    ):
        team = Team.search(
            [
                ("support_preset_code", "=", regulation.code),
                ("company_id", "=", regulation.company_id.id),
            ],
            limit=1,
        )
        if not team:
            continue
        regulation.default_team_id = team
        method = wizard._read_preset(regulation.code).get("team", {}).get("assign")
        if method and team.support_assign_method == "queue":
            team.support_assign_method = method

# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    support_preset_code = fields.Char(
        copy=False,
        index=True,
        help="Set on schedules created by a support regulation preset, so that "
        "loading the preset again finds them instead of creating copies.",
    )

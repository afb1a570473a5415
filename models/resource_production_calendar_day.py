# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from ..tools.context_switch import server_switch
from .helpdesk_support_system_fields_mixin import SUPPORT_MANAGER, writable

DAY_KINDS = [
    ("holiday", "Non-working holiday"),
    ("day_off", "Day off moved by decree"),
    ("working", "Weekend day made working"),
    ("short", "Shortened pre-holiday day"),
]


class ResourceProductionCalendarDay(models.Model):
    """A special day of a production calendar."""

    _name = "resource.production.calendar.day"
    _description = "Production Calendar Day"
    _order = "date"
    _inherit = ["helpdesk.support.system.fields.mixin"]
    # the production calendar is the managers' (DS 2.1, MQ glossary)
    _support_write_rights = {
        SUPPORT_MANAGER: writable(
            "production_calendar_id", "date", "kind", "name", "is_manual"
        ),
    }

    production_calendar_id = fields.Many2one(
        "resource.production.calendar", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(
        related="production_calendar_id.company_id", store=True
    )
    date = fields.Date(required=True, index=True)
    year = fields.Integer(compute="_compute_year", store=True, index=True)
    kind = fields.Selection(DAY_KINDS, required=True)
    name = fields.Char(string="Description")
    is_manual = fields.Boolean(
        string="Edited by hand",
        help="Kept as it is when the year is generated again.",
    )

    _sql_constraints = [
        (
            "date_uniq",
            "unique(production_calendar_id, date)",
            "A production calendar has one kind per day: edit the existing day "
            "instead of adding it twice.",
        )
    ]

    @api.depends("date")
    def _compute_year(self):
        for day in self:
            day.year = day.date.year if day.date else 0

    @api.model_create_multi
    def create(self, vals_list):
        if not server_switch(self.env, "production_calendar_generating"):
            for vals in vals_list:
                vals.setdefault("is_manual", True)
        days = super().create(vals_list)
        days.production_calendar_id._support_recompute_sla()
        return days

    def write(self, vals):
        if not server_switch(self.env, "production_calendar_generating") and (
            {"date", "kind"} & set(vals)
        ):
            vals = dict(vals, is_manual=True)
        productions = self.production_calendar_id
        result = super().write(vals)
        (productions | self.production_calendar_id)._support_recompute_sla()
        return result

    def unlink(self):
        productions = self.production_calendar_id
        result = super().unlink()
        productions._support_recompute_sla()
        return result

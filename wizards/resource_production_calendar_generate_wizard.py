# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from ..models.helpdesk_support_system_fields_mixin import (
    SUPPORT_MANAGER,
    support_callable,
    writable,
)
from ..tools.numbers import YEAR


class ResourceProductionCalendarGenerateWizard(models.TransientModel):
    """(Re)generate one year of a production calendar from ``holidays``."""

    _name = "resource.production.calendar.generate.wizard"
    _inherit = ["helpdesk.support.system.fields.mixin", "helpdesk.support.number.mixin"]
    _description = "Generate Production Calendar Year"
    # a wizard's own input
    _support_write_rights = {
        SUPPORT_MANAGER: writable("production_calendar_id", "year"),
    }

    production_calendar_id = fields.Many2one(
        "resource.production.calendar", required=True, ondelete="cascade"
    )
    year = fields.Integer(required=True, default=lambda self: self._default_year())

    _support_number_rules = {"year": YEAR}

    @api.model
    def _default_year(self):
        return fields.Date.context_today(self).year

    @support_callable(SUPPORT_MANAGER)
    def action_generate(self):
        self.ensure_one()
        conflicts = self.production_calendar_id.action_generate_year(self.year)
        if conflicts:
            kinds = dict(
                self.env["resource.production.calendar.day"]
                ._fields["kind"]
                ._description_selection(self.env)
            )
            lines = "; ".join(
                self.env._(
                    "%(date)s kept as %(manual)s (generated: %(generated)s)",
                    date=day,
                    manual=kinds.get(manual, manual),
                    generated=kinds.get(generated, generated)
                    or self.env._("ordinary day"),
                )
                for day, manual, generated in conflicts
            )
            message = self.env._(
                "Year %(year)s generated; days edited by hand were kept: %(lines)s",
                year=self.year,
                lines=lines,
            )
            kind = "warning"
        else:
            message = self.env._("Year %(year)s generated.", year=self.year)
            kind = "success"
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.production_calendar_id.display_name,
                "message": message,
                "type": kind,
                "sticky": bool(conflicts),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

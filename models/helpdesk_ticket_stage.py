# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from .helpdesk_support_system_fields_mixin import SUPPORT_MANAGER, writable


class HelpdeskTicketStage(models.Model):
    _name = "helpdesk.ticket.stage"
    _inherit = ["helpdesk.support.system.fields.mixin", "helpdesk.ticket.stage"]
    # whether a stage pauses the SLA is the support managers' (R-21)
    _support_write_rights = {
        SUPPORT_MANAGER: writable("support_pause_sla"),
    }

    support_pause_sla = fields.Boolean(
        string="Pauses SLA",
        help="Tickets in this stage wait on the customer: their SLA timers do "
        "not count (R-22).",
    )

    def write(self, vals):
        """A stage that starts or stops pausing the SLA moves the clocks of
        the open tickets standing in it without a waiting reason (the stage
        decides their side, R-22, DS 5.10) as moving them into it would."""
        if "support_pause_sla" not in vals:
            return super().write(vals)
        return self.env["helpdesk.ticket"]._support_lifecycle_event(
            "waiting_side_changed",
            domain=[
                ("stage_id", "in", self.ids),
                ("support_waiting_reason_id", "=", False),
            ],
            write=lambda: super(HelpdeskTicketStage, self).write(vals),
        )

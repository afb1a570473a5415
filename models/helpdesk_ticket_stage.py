# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.exceptions import UserError

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
        if "closed" in vals:
            self._support_check_closed_change(vals["closed"])
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

    def _support_check_closed_change(self, closed):
        """A stage that holds tickets keeps whether it closes them: turning
        it would close (or reopen) every ticket standing in it with no event
        of their lifecycle — timers running on closed tickets, slots of the
        limit freed with nobody released (DS 6, MQ 1.2, MQ Appendix 1,
        R-30). The tickets are moved first, each move an event.

        :raise UserError: when a stage whose flag changes holds tickets
        """
        changing = self.filtered(lambda stage: stage.closed != bool(closed))
        if not changing:
            return
        held = (
            self.env["helpdesk.ticket"]
            .sudo()
            .with_context(active_test=False)
            .search([("stage_id", "in", changing.ids)], limit=1)
        )
        if held:
            raise UserError(
                self.env._(
                    "The stage %(stage)s holds tickets: move them to another "
                    "stage before changing whether it closes them.",
                    stage=held.stage_id.display_name,
                )
            )

# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.tools.sql import column_exists

from .helpdesk_support_system_fields_mixin import SUPPORT_MANAGER, writable


class HelpdeskSupportWaitingReason(models.Model):
    """Why a ticket waits (DS 5.10), and on whose side: a wait for the
    customer pauses the SLA timers (R-22) and, under a regulation that
    auto-closes, starts the countdown (R-60); a vendor-side reason suspends
    no guaranteed reaction (MQ 1.2, DS 2.3)."""

    _name = "helpdesk.support.waiting.reason"
    _description = "Support Waiting Reason"
    _order = "sequence, id"
    _inherit = ["helpdesk.support.system.fields.mixin"]
    # configuration: the support managers' (R-20); the rest is the system's
    _support_write_rights = {
        SUPPORT_MANAGER: writable(
            "name",
            "sequence",
            "active",
            "company_id",
            "description",
            "waits_for_customer",
        ),
    }

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", index=True, help="Empty: available in every company."
    )
    description = fields.Text(translate=True)
    waits_for_customer = fields.Boolean(
        string="Waits for the customer",
        default=True,
        help="The ball is in the customer's court (an information request, a "
        "proposed solution): the SLA timers are paused and, where the "
        "ticket's regulation auto-closes, the ticket is closed without the "
        "customer's reply (R-60). Off for reasons on the vendor's side "
        "(diagnostics, development, a release): the response and reply "
        "timers keep running (R-22), the ticket is never closed for want of "
        "a reply.",
    )

    def write(self, vals):
        """A reason moved to the other side while tickets wait in it moves
        their clocks as setting it would (R-22, DS 5.10): the lifecycle's
        pause or resume, never a ticket that reads one side while its timers
        follow the other (a clock paused for good)."""
        if "waits_for_customer" not in vals:
            return super().write(vals)
        return self.env["helpdesk.ticket"]._support_lifecycle_event(
            "waiting_side_changed",
            domain=[("support_waiting_reason_id", "in", self.ids)],
            write=lambda: super(HelpdeskSupportWaitingReason, self).write(vals),
        )

    def _auto_init(self):
        """Databases installed before the flag: the reason of the module's
        data on the vendor's side (``noupdate`` data are not updated) waits
        for no customer."""
        new_column = column_exists(self.env.cr, self._table, "id") and not (
            column_exists(self.env.cr, self._table, "waits_for_customer")
        )
        result = super()._auto_init()
        if new_column:
            self.env.cr.execute(
                """
                UPDATE helpdesk_support_waiting_reason reason
                   SET waits_for_customer = false
                  FROM ir_model_data data
                 WHERE data.model = 'helpdesk.support.waiting.reason'
                   AND data.res_id = reason.id
                   AND data.module = 'helpdesk_mgmt_support_contract'
                   AND data.name = 'waiting_reason_development'
                """
            )
        return result

# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Professional services on tickets (MQ 2, R-70 … R-73): the estimate's
state, the order and the hours charged to the certificate.

Mixed into ``helpdesk.ticket``.
"""

from odoo import api, models

from .helpdesk_support_system_fields_mixin import SUPPORT_USER, support_callable

MINIMUM_ORDER_HOURS = 1.0


class HelpdeskTicketSupportProfessionalServiceMixin(models.AbstractModel):
    _name = "helpdesk.ticket.support.professional.service.mixin"
    _description = "Helpdesk ticket: professional services"

    @api.depends("support_estimate_ids.state", "support_estimate_ids.decision_date")
    def _compute_support_estimate_state(self):
        for ticket in self:
            estimates = ticket.support_estimate_ids.sorted("id")
            current = estimates.filtered(lambda e: e.state != "superseded")[-1:]
            ticket.support_estimate_state = current.state or "none"
            # an order is an estimate the key contact accepted (MQ 2.3), even
            # if a corrected estimate superseded it since; a declined one, or
            # one superseded while awaiting approval, is none (#14 B.13)
            ticket.support_ps_ordered = bool(
                estimates.filtered(lambda e: e._support_was_accepted())
            )

    @api.depends("timesheet_ids.support_charged_hours", "support_ps_ordered")
    def _compute_support_ps_charged_hours(self):
        groups = {}
        if self.ids:
            groups = dict(
                self.env["account.analytic.line"]
                .sudo()
                ._read_group(
                    [("ticket_id", "in", self._origin.ids)],
                    ["ticket_id"],
                    ["support_charged_hours:sum"],
                )
            )
        minimum = MINIMUM_ORDER_HOURS
        for ticket in self:
            hours = groups.get(ticket._origin, 0.0) or 0.0
            if ticket.support_ps_ordered:
                hours = max(hours, minimum)
            ticket.support_ps_charged_hours = hours

    @support_callable(SUPPORT_USER)
    def action_support_send_estimate(self):
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id(
            "helpdesk_mgmt_support_contract.helpdesk_support_estimate_wizard_action"
        )
        action["context"] = {"default_ticket_id": self.id}
        return action

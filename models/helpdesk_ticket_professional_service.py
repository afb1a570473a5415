# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Professional services on tickets (MQ 2, R-70 … R-73): the estimate's
state, the order and the hours charged to the certificate.
"""

from odoo import api, fields, models

from .account_analytic_line import OVERTIME_COEFFICIENT
from .helpdesk_support_system_fields_mixin import SUPPORT_USER, support_callable

MINIMUM_ORDER_HOURS = 1.0


class HelpdeskTicketProfessionalService(models.Model):
    _inherit = "helpdesk.ticket"

    # Professional services (MQ 2, R-70 ... R-73)
    support_is_professional_service = fields.Boolean(
        related="category_id.support_professional_service",
        string="Professional service",
    )
    support_certificate_id = fields.Many2one(
        "helpdesk.support.certificate",
        string="Certificate",
        readonly=True,
        index="btree_not_null",
        tracking=True,
        copy=False,
        domain="[('partner_id', '=', commercial_partner_id)]",
        help="Professional-services certificate the work of this order is "
        "charged to; set when the key contact person accepts an estimate.",
    )
    support_estimate_ids = fields.One2many(
        "helpdesk.support.estimate", "ticket_id", string="Estimates"
    )
    support_estimate_state = fields.Selection(
        [
            ("none", "No estimate"),
            ("sent", "Awaiting approval"),
            ("accepted", "Accepted"),
            ("declined", "Declined"),
        ],
        string="Estimate",
        compute="_compute_support_estimate_state",
        store=True,
        default="none",
    )
    support_ps_ordered = fields.Boolean(
        string="Order accepted",
        compute="_compute_support_estimate_state",
        store=True,
        help="An estimate of this ticket has been accepted by the key contact "
        "person: the order is charged at least one hour whatever the result.",
    )
    support_ps_charged_hours = fields.Float(
        string="Charged hours",
        compute="_compute_support_ps_charged_hours",
        store=True,
        digits=(16, 2),
        help="Charged hours of the timesheets, raised to the minimum order of "
        "one working hour once an estimate is accepted (MQ 2.1).",
    )

    @api.depends("support_estimate_ids.state", "support_estimate_ids.decision_date")
    def _compute_support_estimate_state(self):
        for ticket in self:
            estimates = ticket.support_estimate_ids.sorted("id")
            current = estimates.filtered(lambda e: e.state != "superseded")[-1:]
            ticket.support_estimate_state = current.state or "none"
            # an order is an estimate the key contact accepted (MQ 2.3), even
            # if a corrected estimate superseded it since; a declined one, or
            # one superseded while awaiting approval, is none (MQ 2.3, R-71)
            ticket.support_ps_ordered = bool(
                estimates.filtered(lambda e: e._support_was_accepted())
            )

    @api.depends(
        "timesheet_ids.support_charged_hours",
        "timesheet_ids.support_regular_hours",
        "timesheet_ids.support_overtime_hours",
        "support_ps_ordered",
    )
    def _compute_support_ps_charged_hours(self):
        """Hours an order takes from the certificate (R-71, R-72, MQ 2.1).

        «Минимальным временным интервалом заказа является 1 рабочий час» and
        «В случае необходимости проведения работ в отличие от указанного
        времени, применяется коэффициент сверхурочной работы (x2)» (MQ 2.1):
        the minimum is a minimum of *time* of the order, the coefficient
        applies to the time worked outside 09:00-18:00. So an accepted order
        is charged max(time worked, 1 h) of time, and that time is split
        between the schedule and overtime as the work itself was; only then
        is overtime doubled:

            charged = max(W, 1) × (R + 2·O) / W,  W = R + O

        (R regular, O overtime hours of the order's timesheet lines). A
        30-minute evening order: 1 h of time, all of it overtime, 2 h charged
        (not 1 h: the minimum must not swallow the coefficient). 15 minutes
        before 18:00 and 15 after: 1 h, half of it overtime, 1.5 h. At or
        above an hour of work nothing is rounded: R + 2·O. An accepted order
        with no time logged yet is the minimum hour, in the schedule.
        """
        groups = {}
        if self.ids:
            groups = {
                ticket: (regular or 0.0, overtime or 0.0, charged or 0.0)
                for ticket, regular, overtime, charged in self.env[
                    "account.analytic.line"
                ]
                .sudo()
                ._read_group(
                    [("ticket_id", "in", self._origin.ids)],
                    ["ticket_id"],
                    [
                        "support_regular_hours:sum",
                        "support_overtime_hours:sum",
                        "support_charged_hours:sum",
                    ],
                )
            }
        minimum = MINIMUM_ORDER_HOURS
        for ticket in self:
            regular, overtime, hours = groups.get(ticket._origin, (0.0, 0.0, 0.0))
            worked = regular + overtime
            if ticket.support_ps_ordered and worked < minimum:
                # the minimum scales the time; its parts keep their shares
                # (from the split itself: the lines' charges are rounded
                # each to 2 decimals, a ratio of them would not be exact)
                hours = (
                    minimum * (regular + OVERTIME_COEFFICIENT * overtime) / worked
                    if worked > 0
                    else minimum
                )
            ticket.support_ps_charged_hours = hours

    @support_callable(SUPPORT_USER)
    def action_support_send_estimate(self):
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id(
            "helpdesk_mgmt_support_contract.helpdesk_support_estimate_wizard_action"
        )
        action["context"] = {"default_ticket_id": self.id}
        return action

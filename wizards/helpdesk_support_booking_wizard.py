# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from ..models.helpdesk_support_system_fields_mixin import (
    SUPPORT_USER,
    support_callable,
    writable,
)
from ..tools.numbers import POSITIVE_HOURS


class HelpdeskSupportBookingWizard(models.TransientModel):
    """Book or change specialist hours on behalf of a customer.

    Requests that come by e-mail or phone (MQ 2.4) go through the same rules
    as the portal: later month up to the certificate's end, 5 calendar days'
    notice, the month's capacity.
    """

    _name = "helpdesk.support.booking.wizard"
    _inherit = ["helpdesk.support.system.fields.mixin", "helpdesk.support.number.mixin"]
    _description = "Book professional services hours"
    # a wizard's own input
    _support_write_rights = {
        SUPPORT_USER: writable(
            "certificate_id", "booking_id", "partner_id", "month", "hours"
        ),
    }

    certificate_id = fields.Many2one(
        "helpdesk.support.certificate", required=True, readonly=True
    )
    booking_id = fields.Many2one("helpdesk.support.booking", readonly=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Requested by",
        domain="[('commercial_partner_id', '=', customer_id)]",
    )
    customer_id = fields.Many2one(related="certificate_id.partner_id")
    month = fields.Date(help="Any day of the month to book.")
    hours = fields.Float(required=True, default=1.0)

    _support_number_rules = {"hours": POSITIVE_HOURS}

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        booking = self.env["helpdesk.support.booking"].browse(values.get("booking_id"))
        if booking:
            values.update(
                {
                    "certificate_id": booking.certificate_id.id,
                    "month": booking.month,
                    "hours": booking.hours,
                }
            )
        return values

    @support_callable(SUPPORT_USER)
    def action_confirm(self):
        self.ensure_one()
        if self.booking_id:
            self.booking_id.action_support_change(self.hours)
            booking = self.booking_id
        else:
            booking = self.env["helpdesk.support.booking"]._support_book(
                self.certificate_id,
                self.month,
                self.hours,
                partner=self.partner_id or self.certificate_id.partner_id,
            )
        return {
            "type": "ir.actions.act_window",
            "res_model": booking._name,
            "res_id": booking.id,
            "view_mode": "form",
        }

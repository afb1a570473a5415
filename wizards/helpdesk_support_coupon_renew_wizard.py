# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from ..models.helpdesk_support_system_fields_mixin import (
    SUPPORT_MANAGER,
    support_callable,
    writable,
)


class HelpdeskSupportCouponRenewWizard(models.TransientModel):
    """Renew a licence's coupon: a new code, the old one replaced (R-41)."""

    _name = "helpdesk.support.coupon.renew.wizard"
    _description = "Renew Support Coupon"
    _inherit = ["helpdesk.support.system.fields.mixin"]
    # a wizard's own input
    _support_write_rights = {
        SUPPORT_MANAGER: writable("coupon_id", "purchase_date", "licence_ref"),
    }

    coupon_id = fields.Many2one("helpdesk.support.coupon", required=True)
    purchase_date = fields.Date(
        string="Renewal purchased on",
        required=True,
        default=fields.Date.context_today,
    )
    licence_ref = fields.Char(
        string="Licence / certificate",
        help="Leave empty to keep the number of the current coupon.",
    )

    @support_callable(SUPPORT_MANAGER)
    def action_renew(self):
        self.ensure_one()
        new = self.coupon_id._support_renew(self.purchase_date, self.licence_ref)
        return {
            "type": "ir.actions.act_window",
            "res_model": "helpdesk.support.coupon",
            "res_id": new.id,
            "view_mode": "form",
        }

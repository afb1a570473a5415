# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class HelpdeskSupportCouponRedemption(models.Model):
    """The ledger of a coupon: one line per special request (R-40)."""

    _name = "helpdesk.support.coupon.redemption"
    _description = "Support Coupon Redemption"
    _order = "create_date desc, id desc"
    _inherit = ["helpdesk.support.system.fields.mixin"]
    # written by the redemption only, under its row lock
    _support_write_rights = {}

    coupon_id = fields.Many2one(
        "helpdesk.support.coupon", required=True, ondelete="restrict", index=True
    )
    ticket_id = fields.Many2one("helpdesk.ticket", required=True, ondelete="restrict")
    user_id = fields.Many2one("res.users", string="Redeemed by", required=True)
    company_id = fields.Many2one(related="coupon_id.company_id", store=True)
    partner_id = fields.Many2one(related="coupon_id.partner_id", store=True)

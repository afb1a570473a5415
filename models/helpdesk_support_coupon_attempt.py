# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import fields, models

# a user who typed this many wrong codes waits this long (DS 3.6, R-43)
THROTTLE_ATTEMPTS = 5
THROTTLE_MINUTES = 15


class HelpdeskSupportCouponAttempt(models.Model):
    """A wrong coupon code typed by a user: repeated ones are throttled."""

    _name = "helpdesk.support.coupon.attempt"
    _description = "Wrong Coupon Code"
    # written by the coupon check only (DS 3.6)
    _inherit = ["helpdesk.support.throttle.mixin"]
    _support_throttle_key = "user_id"
    _support_throttle_limit = THROTTLE_ATTEMPTS
    _support_throttle_window = timedelta(minutes=THROTTLE_MINUTES)
    _support_throttle_keep = timedelta(days=1)

    user_id = fields.Many2one(
        "res.users", required=True, index=True, ondelete="cascade"
    )

# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models


class HelpdeskSupportCouponAttempt(models.Model):
    """A wrong coupon code typed by a user: repeated ones are throttled."""

    _name = "helpdesk.support.coupon.attempt"
    _description = "Wrong Coupon Code"
    _order = "date desc, id desc"
    _inherit = ["helpdesk.support.system.fields.mixin"]
    # written by the coupon check only (DS 3.6)
    _support_write_rights = {}

    user_id = fields.Many2one(
        "res.users", required=True, index=True, ondelete="cascade"
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)

    @api.autovacuum
    def _gc_old_attempts(self):
        self.search([("date", "<", fields.Datetime.now() - timedelta(days=1))]).unlink()

# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models, tools

# at most this many automatic replies (refusals, bounces) to one address an hour
AUTOREPLY_PER_HOUR = 3


class HelpdeskSupportAutoreply(models.Model):
    """An automatic refusal sent by a support address (rate limit)."""

    _name = "helpdesk.support.autoreply"
    _description = "Support Automatic Reply"
    # written by the mail gateway only
    _inherit = ["helpdesk.support.throttle.mixin"]
    _support_throttle_key = "email"
    _support_throttle_limit = AUTOREPLY_PER_HOUR
    _support_throttle_window = timedelta(hours=1)
    _support_throttle_keep = timedelta(days=2)

    email = fields.Char(required=True, index=True)

    @api.model
    def _support_allow(self, email):
        """Whether one more automatic reply may go to ``email`` this hour;
        if so it is counted. Two robots cannot keep each other busy through
        a support address, and a forged sender cannot make it mail a victim
        over and over."""
        address = tools.email_normalize(email or "")
        if address and self._support_throttled(address):
            return False
        self._support_count(address or "?")
        return True

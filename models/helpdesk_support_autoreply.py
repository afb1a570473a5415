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
    _order = "date desc, id desc"
    _inherit = ["helpdesk.support.system.fields.mixin"]
    # written by the mail gateway only
    _support_write_rights = {}

    email = fields.Char(required=True, index=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)

    @api.model
    def _support_allow(self, email):
        """Whether one more automatic reply may go to ``email`` this hour;
        if so it is counted. Two robots cannot keep each other busy through
        a support address, and a forged sender cannot make it mail a victim
        over and over."""
        address = tools.email_normalize(email or "")
        since = fields.Datetime.now() - timedelta(hours=1)
        log = self.sudo()
        if (
            address
            and log.search_count([("email", "=", address), ("date", ">=", since)])
            >= AUTOREPLY_PER_HOUR
        ):
            return False
        log.create({"email": address or "?"})
        return True

    @api.autovacuum
    def _gc_old_autoreplies(self):
        self.search([("date", "<", fields.Datetime.now() - timedelta(days=2))]).unlink()

# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models


class HelpdeskSupportAutoreply(models.Model):
    """An automatic refusal sent by a support address (rate limit)."""

    _name = "helpdesk.support.autoreply"
    _description = "Support Automatic Reply"
    _order = "date desc, id desc"

    email = fields.Char(required=True, index=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)

    @api.autovacuum
    def _gc_old_autoreplies(self):
        self.search([("date", "<", fields.Datetime.now() - timedelta(days=2))]).unlink()

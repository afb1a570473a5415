# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""One throttle for the addon: events counted per key in a sliding window.

Two rules use it, each with its own log (model) and numbers: wrong coupon
codes typed by a user (DS 3.6, R-43) and automatic replies sent to an
address (R-50, R-52). A model lists the field its events are counted by,
how many are allowed in which window, and how long its log is kept.
"""

from datetime import timedelta

from odoo import api, fields, models


class HelpdeskSupportThrottleMixin(models.AbstractModel):
    """A log of events; too many for one key within the window are refused."""

    _name = "helpdesk.support.throttle.mixin"
    _description = "Support: events counted in a sliding window"
    _inherit = ["helpdesk.support.system.fields.mixin"]
    _order = "date desc, id desc"
    # written by the rule that counts its events only
    _support_write_rights = {}

    #: the field the events are counted by (an address, a user)
    _support_throttle_key = None
    #: events allowed per key within the window
    _support_throttle_limit = 0
    _support_throttle_window = timedelta(hours=1)
    #: how long the log is kept (longer than the window)
    _support_throttle_keep = timedelta(days=1)

    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)

    @api.model
    def _support_throttled(self, key):
        """Whether ``key`` has used up its events of the window."""
        since = fields.Datetime.now() - self._support_throttle_window
        count = self.sudo().search_count(
            [(self._support_throttle_key, "=", key), ("date", ">=", since)]
        )
        return count >= self._support_throttle_limit

    @api.model
    def _support_count(self, key):
        """One more event of ``key``, in the log."""
        return self.sudo().create({self._support_throttle_key: key})

    @api.autovacuum
    def _gc_support_throttle(self):
        if self._abstract:
            return
        limit = fields.Datetime.now() - self._support_throttle_keep
        self.sudo().search([("date", "<", limit)]).unlink()

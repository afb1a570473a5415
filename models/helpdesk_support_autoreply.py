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

    @api.model
    def _support_allow_batch(self, emails):
        """``_support_allow`` for many replies at once, in their order: the
        replies already sent this hour to the addresses counted with one
        query, the new ones logged with one ``create()`` (the acknowledgement
        action answers a burst of unknown senders, R-50, R-51)."""
        addresses = [tools.email_normalize(email or "") or "?" for email in emails]
        since = fields.Datetime.now() - self._support_throttle_window
        counts = dict(
            self.sudo()._read_group(
                [("email", "in", sorted(set(addresses))), ("date", ">=", since)],
                ["email"],
                ["__count"],
            )
        )
        allowed, logged = [], []
        for address in addresses:
            # a reply without an address is never refused, as _support_allow
            ok = address == "?" or counts.get(address, 0) < self._support_throttle_limit
            if ok:
                counts[address] = counts.get(address, 0) + 1
                logged.append({"email": address})
            allowed.append(ok)
        self.sudo().create(logged)
        return allowed

# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models

from ..tools.context_switch import ON

# RFC 3834 and the usual de-facto headers of automatic mail
AUTO_PRECEDENCE = {"bulk", "junk", "list", "auto_reply"}


def is_auto_submitted(message):
    """Whether an ``email.message.Message`` was sent by a program."""
    auto_submitted = (message.get("Auto-Submitted") or "no").strip().lower()
    precedence = (message.get("Precedence") or "").strip().lower()
    suppress = (message.get("X-Auto-Response-Suppress") or "").strip().lower()
    return bool(
        auto_submitted != "no"
        or precedence in AUTO_PRECEDENCE
        or message.get("X-Autoreply")
        or message.get("X-Autorespond")
        or suppress in ("all", "oof", "autoreply")
    )


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    @api.model
    def _message_route_process(self, message, message_dict, routes):
        """Let the support know automatic mail: it never answers it."""
        if is_auto_submitted(message):
            self = self.with_context(support_auto_submitted=ON)
        return super()._message_route_process(message, message_dict, routes)

    @api.model
    def _routing_check_route(self, message, message_dict, route, raise_exception=True):
        """A mail threaded into a ticket by its headers reaches it only when
        its sender may see the ticket (R-32); otherwise it opens a ticket of
        its own (see ``helpdesk.ticket._support_route_reply``)."""
        model, thread_id, *_rest = route or (None, None)
        if model == "helpdesk.ticket" and thread_id:
            Ticket = self.env["helpdesk.ticket"]
            route = Ticket._support_route_reply(message_dict, route)
        return super()._routing_check_route(
            message, message_dict, route, raise_exception=raise_exception
        )

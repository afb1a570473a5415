# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup

from odoo import models

from .mail_thread import is_auto_submitted


class MailAlias(models.Model):
    _inherit = "mail.alias"

    def _support_team(self):
        self.ensure_one()
        if self.alias_parent_model_id.model != "helpdesk.ticket.team":
            return self.env["helpdesk.ticket.team"]
        return self.env["helpdesk.ticket.team"].browse(self.alias_parent_thread_id)

    def _get_alias_bounced_body_fallback(self, message_dict):
        team = self._support_team()
        if team.support_registered_only:
            return Markup("<p>%s</p>") % team._support_unregistered_body()
        return super()._get_alias_bounced_body_fallback(message_dict)

    def _alias_bounce_incoming_email(self, message, message_dict, set_invalid=True):
        """No answer to automatic mail, and few answers to one address: two
        robots cannot keep each other busy through a support address."""
        team = self._support_team()
        if team and not set_invalid:
            if is_auto_submitted(message):
                return
            if not self.env["helpdesk.support.autoreply"]._support_allow(
                message_dict.get("email_from")
            ):
                return
        return super()._alias_bounce_incoming_email(
            message, message_dict, set_invalid=set_invalid
        )

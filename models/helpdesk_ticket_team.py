# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from odoo.addons.mail.tools.alias_error import AliasError


class HelpdeskTicketTeam(models.Model):
    _inherit = "helpdesk.ticket.team"

    support_registered_only = fields.Boolean(
        string="Mail from registered contacts only",
        help="MQ 1.3: mail to this team's address from anyone who is not a "
        "registered contact of an active support contract creates no ticket; "
        "the sender is told how to register.",
    )

    def _alias_get_error(self, message, message_dict, alias):
        error = super()._alias_get_error(message, message_dict, alias)
        if error or not self.support_registered_only:
            return error
        author = self.env["res.partner"].browse(message_dict.get("author_id") or [])
        registered = author and self.env[
            "helpdesk.support.contract"
        ].sudo().search_count(
            [("state", "=", "active"), ("contact_ids", "in", author.ids)], limit=1
        )
        if not registered:
            return AliasError(
                "support_not_registered",
                self.env._("restricted to registered contacts of a support contract"),
            )
        return False

    def _support_unregistered_body(self):
        self.ensure_one()
        return self.env._(
            "Your message to %(team)s was not registered: this address accepts mail "
            "only from registered contacts of a support contract. Ask the key "
            "contact person of your organisation to register you, or write from "
            "your registered address.",
            team=self.name,
        )

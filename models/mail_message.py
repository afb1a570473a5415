# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class MailMessage(models.Model):
    _name = "mail.message"
    _inherit = ["helpdesk.support.system.fields.mixin", "mail.message"]
    # the Telegram author of a chat message is what Telegram said, recorded
    # by the gateway (MQ 1.5): a client's value would register a request in
    # another contact's name
    _support_write_rights = {}

    support_telegram_username = fields.Char(
        string="Telegram username", readonly=True, copy=False
    )
    support_telegram_author = fields.Char(
        string="Telegram author", readonly=True, copy=False
    )

    def _portal_message_format(self, properties_names, options=None):
        """The portal chatter shows no confidential file (R-53, R-63).

        Odoo gives every file of a public message an access token for the
        portal; a confidential one (credentials for temporary access, DS
        5.3) is left out for customers, as on the ticket page and in the
        correspondence export (DS 5.5).
        """
        values_list = super()._portal_message_format(properties_names, options=options)
        if self.env.user._is_internal():
            return values_list
        confidential = set(
            self.sudo().attachment_ids.filtered("support_confidential").ids
        )
        if confidential:
            for values in values_list:
                if values.get("attachment_ids"):
                    values["attachment_ids"] = [
                        attachment
                        for attachment in values["attachment_ids"]
                        if attachment["id"] not in confidential
                    ]
        return values_list

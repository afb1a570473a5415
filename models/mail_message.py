# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class MailMessage(models.Model):
    _inherit = "mail.message"

    def _portal_message_format(self, properties_names, options=None):
        """The portal chatter shows no confidential file (R-53, R-63, #12).

        Odoo gives every file of a public message an access token for the
        portal; a confidential one (credentials for temporary access, DS
        5.3) is left out for customers, as on the ticket page and in the
        correspondence export (#12.1).
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

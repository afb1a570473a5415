# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from ..models.helpdesk_support_system_fields_mixin import (
    SUPPORT_USER,
    support_callable,
    writable,
)


class HelpdeskSupportAnswerWizard(models.TransientModel):
    """Post the answer on the substance of a ticket (MQ glossary, R-37).

    The reply is public, as any reply in the chatter; it also meets the
    response timer of tiers whose response is met only by the answer.
    """

    _name = "helpdesk.support.answer.wizard"
    _description = "Post the Answer to a Support Ticket"
    _inherit = ["helpdesk.support.system.fields.mixin"]
    # a wizard's own input
    _support_write_rights = {
        SUPPORT_USER: writable("ticket_id", "body", "attachment_ids"),
    }

    ticket_id = fields.Many2one("helpdesk.ticket", required=True, ondelete="cascade")
    body = fields.Html(string="Answer", required=True, sanitize_style=True)
    attachment_ids = fields.Many2many("ir.attachment", string="Attachments")

    @support_callable(SUPPORT_USER)
    def action_post(self):
        self.ensure_one()
        self.ticket_id._support_post_answer(
            self.body, attachment_ids=self.attachment_ids.ids
        )
        return {"type": "ir.actions.act_window_close"}

# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A staff reply of a ticket posted back to the Telegram chat the ticket
came from (MQ 1.3), through OCA's gateway, and kept on the ticket."""

from markupsafe import Markup, escape

from odoo import fields, models
from odoo.exceptions import AccessError, UserError

from ..models.helpdesk_support_system_fields_mixin import (
    SUPPORT_USER,
    support_callable,
    writable,
)


class HelpdeskSupportChatReplyWizard(models.TransientModel):
    _name = "helpdesk.support.chat.reply.wizard"
    _description = "Reply to the Telegram chat of a ticket"
    _inherit = ["helpdesk.support.system.fields.mixin"]
    # a wizard's own input
    _support_write_rights = {
        SUPPORT_USER: writable("ticket_id", "body"),
    }

    ticket_id = fields.Many2one("helpdesk.ticket", required=True, readonly=True)
    body = fields.Text(string="Reply", required=True)

    @support_callable(SUPPORT_USER)
    def action_send(self):
        self.ensure_one()
        if not self.env.user.has_group(
            "helpdesk_mgmt_support_contract.group_support_user"
        ):
            raise AccessError(self.env._("Only support staff reply in chats."))
        ticket = self.ticket_id
        ticket.check_access("write")
        chat = ticket.sudo().support_chat_id
        if not chat:
            raise UserError(self.env._("This ticket did not come from a chat."))
        if chat.support_contract_id != ticket.sudo().support_contract_id:
            raise UserError(
                self.env._("The chat is no longer linked to the ticket's contract.")
            )
        problem = chat._support_link_problem()
        if problem:
            raise UserError(problem)
        text = (self.body or "").strip()
        if not text:
            raise UserError(self.env._("Write the reply."))
        body = Markup("%s: %s") % (ticket.number or ticket.name, escape(text))
        # a comment on the gateway chat is sent to Telegram by OCA's gateway
        chat.sudo().message_post(
            body=body,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            author_id=self.env.user.partner_id.id,
        )
        # the customer reads it on the portal; the company may reword it
        ticket.message_post(
            body=self.env["ir.qweb"]._render(
                "helpdesk_mgmt_support_contract.helpdesk_support_chat_reply_message",
                {"chat": chat.name, "text": text},
            ),
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        return {"type": "ir.actions.act_window_close"}

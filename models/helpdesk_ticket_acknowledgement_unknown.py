# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Acknowledgements of senders the mail gateway does not know, in batches.

DS 5.4 «генерируется и высылается на адрес Отправителя письмо с
подтверждением», R-50, R-51: an address is only what the mail claims, so
the acknowledgements of one address are limited in number; the batch is
counted, rendered and queued at once.
"""

from odoo import Command, models

from ..tools.server_language import staff_env


class HelpdeskTicketSupportAcknowledgeUnknown(models.Model):
    _inherit = "helpdesk.ticket"

    def _support_acknowledge_unknown(self):
        """Acknowledge tickets of senders the gateway does not know (R-50,
        R-51, DS 5.1), the batch at once.

        Their address is only what the mail claims: anyone can make the
        support address write to it. So at most ``AUTOREPLY_PER_HOUR``
        automatic replies an hour go to one address (shared with the
        refusals and the alias bounces), beyond that the acknowledgement is
        only noted on the ticket, a note that notifies nobody; and the
        subject is the TID with a fixed text, never the sender's subject.
        The template is rendered once for the batch and the e-mails created
        with one ``create()``, as ``mail.template.send_mail`` creates each.
        """
        tickets = self.sudo()
        if not tickets:
            return self.env["mail.mail"]
        allowed = self.env["helpdesk.support.autoreply"]._support_allow_batch(
            tickets.mapped(lambda ticket: ticket.partner_email)
        )
        sent = tickets.browse(
            [ticket.id for ticket, ok in zip(tickets, allowed, strict=True) if ok]
        )
        notes = {}
        for company, group in (tickets - sent).grouped("company_id").items():
            env = staff_env(tickets.env, company)
            for ticket in group:
                notes[ticket.id] = env._(
                    "The acknowledgement was not sent: %(address)s already "
                    "received the most automatic replies allowed in an hour.",
                    address=ticket.partner_email,
                )
        tickets._support_log_notes(notes)
        if not sent:
            return self.env["mail.mail"]
        template = self.env.ref(
            "helpdesk_mgmt_support_contract.mail_template_ticket_acknowledgement"
        ).sudo()
        langs = template._render_lang(sent.ids)
        generated = template._generate_template(
            sent.ids,
            (
                "attachment_ids",
                "auto_delete",
                "body_html",
                "email_cc",
                "email_from",
                "email_to",
                "mail_server_id",
                "model",
                "partner_to",
                "reply_to",
                "report_template_ids",
                "res_id",
                "scheduled_date",
                "subject",
            ),
        )
        values_list, attachments = [], []
        for ticket in sent:
            env = ticket.with_context(lang=langs[ticket.id]).env
            values = generated[ticket.id]
            attachments.append(values.pop("attachments", None) or [])
            values["recipient_ids"] = [
                Command.link(pid) for pid in values.pop("partner_ids", None) or []
            ]
            values["attachment_ids"] = [
                Command.link(aid) for aid in values.get("attachment_ids") or []
            ]
            values["email_to"] = ticket.partner_email
            values["subject"] = env._(
                "[%(number)s] Your request is registered", number=ticket.number
            )
            if "email_from" in values and not values.get("email_from"):
                values.pop("email_from")
            values["body"] = values["body_html"]
            values_list.append(values)
        mails = self.env["mail.mail"].sudo().create(values_list)
        # the template's reports, if it has any, attached as send_mail does
        for mail, files in zip(mails, attachments, strict=True):
            if files:
                mail.with_context(default_type=None).write(
                    {
                        "attachment_ids": [
                            Command.create(
                                {
                                    "name": name,
                                    "datas": datas,
                                    "type": "binary",
                                    "res_model": "mail.message",
                                    "res_id": mail.mail_message_id.id,
                                }
                            )
                            for name, datas in files
                        ]
                    }
                )
        return mails

# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Messages of the scheduled actions, written in batches.

The acknowledgements (DS 5.4 «генерируется и высылается на адрес Отправителя
письмо с подтверждением», DS 5.5, R-50), the auto-close reminders and
closings (MQ 1.2, R-60), the credentials reminder and the purge trace (R-63)
and the SLA notes and to-dos (R-62) are written for hundreds of due tickets
in one run. ``message_post`` per ticket reads the thread, the followers and
the message history and creates the message, its notifications and its
e-mail one by one: 15–24 ms a ticket. Here each kind of record is created
with one ``create()`` per batch, and what Odoo reads per message (the first
message of the thread, the followers, the references) is read once for the
batch, so the queries of a batch do not grow with its size.

Each ticket still gets its own message in its chatter, with the content,
the recipients and the threading headers ``message_post`` gives it: the TID
in the subject, ``Message-Id`` and ``References`` as Odoo builds them.
"""

import threading
import uuid
from collections import defaultdict

from markupsafe import escape

from odoo import models
from odoo.tools import SQL, clean_context

# ``_notify_by_email_get_base_mail_values`` reads this many previous
# messages of the thread to choose the ``References`` of a notification
REFERENCE_CANDIDATES = 32
# the message types Odoo treats as sent outside (same function)
OUTGOING_TYPES = ("comment", "auto_comment", "email", "email_outgoing")


class HelpdeskTicketSupportBatchMessage(models.Model):
    _inherit = "helpdesk.ticket"

    # ------------------------------------------------------------------
    # Messages to the customer
    # ------------------------------------------------------------------

    def _support_post_comments(
        self, bodies, subjects, author, layout="mail.mail_notification_light"
    ):
        """Post a discussion message on each ticket to its customer, as
        ``message_post(message_type="comment", subtype mt_comment,
        partner_ids=customer, email_layout_xmlid=layout)`` does, in batch.

        :param bodies: {ticket id: Markup}, rendered in each customer's language
        :param subjects: {ticket id: str}
        :param author: the author partner (OdooBot)
        :return: the messages, in the order of ``self``
        """
        tickets = self.sudo()
        if not tickets:
            return self.env["mail.message"]
        tickets = tickets._fallback_lang()
        subtype_id = self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_comment")
        author_id, email_from = tickets._message_compute_author(
            author.id, None, raise_on_email=False
        )
        company = self.env.company
        parents = tickets._support_first_messages()
        alias_domains = tickets._mail_get_alias_domains(default_company=company)
        companies = tickets._mail_get_companies(default=company)
        reply_tos = tickets._notify_get_reply_to(default=email_from)
        values_list = [
            {
                "author_id": author_id,
                "author_guest_id": False,
                "email_from": email_from,
                "model": tickets._name,
                "res_id": ticket.id,
                "body": escape(bodies[ticket.id]),
                "message_type": "comment",
                "parent_id": parents.get(ticket.id, False),
                "subject": subjects[ticket.id] or False,
                "subtype_id": subtype_id,
                "partner_ids": ticket.partner_id.ids,
                "email_add_signature": True,
                "email_layout_xmlid": layout,
                "record_name": ticket.display_name,
                "record_alias_domain_id": alias_domains[ticket.id].id,
                "record_company_id": companies[ticket.id].id,
                "reply_to": reply_tos[ticket.id],
            }
            for ticket in tickets
        ]
        messages = tickets._message_create(values_list)
        # message_post subscribes the real author of a comment, so that it
        # receives the answers: the user running the job when active, else
        # the author
        real_author = (
            self.env.user.partner_id
            if self.env.user.active
            else author.filtered("active")
        )
        if real_author and not self.env.context.get("mail_create_nosubscribe"):
            tickets._message_subscribe(partner_ids=real_author.ids)
        for ticket, message, values in zip(tickets, messages, values_list, strict=True):
            ticket._message_post_after_hook(message, values)
        tickets._support_notify_comments(messages, values_list)
        return messages

    def _support_first_messages(self):
        """{ticket id: id of its first message}: the parent
        ``message_post`` gives a message of a flat thread, for all tickets
        in one query."""
        rows = self.env.execute_query(
            SQL(
                """SELECT DISTINCT ON (res_id) res_id, id FROM mail_message
                    WHERE model = %s AND res_id = ANY(%s)
                      AND message_type != 'user_notification'
                 ORDER BY res_id, id""",
                self._name,
                self.ids,
            )
        )
        return dict(rows)

    def _support_recipients(self, subtype_id, messages, values_list):
        """{ticket id: recipients data} as ``_notify_get_recipients`` gives
        them to each message: the followers of the subtype and the message's
        partners, without its author; two queries for the batch."""
        Followers = self.env["mail.followers"]
        followers = Followers._get_recipient_data(self, "comment", subtype_id)
        pids = sorted({pid for values in values_list for pid in values["partner_ids"]})
        direct = (
            Followers._get_recipient_data(None, "comment", subtype_id, pids)[0]
            if pids
            else {}
        )
        following = set()
        if pids:
            following = set(
                self.env.execute_query(
                    SQL(
                        """SELECT res_id, partner_id FROM mail_followers
                            WHERE res_model = %s AND res_id = ANY(%s)
                              AND partner_id = ANY(%s)""",
                        self._name,
                        self.ids,
                        pids,
                    )
                )
            )
        result = {}
        for ticket, values in zip(self, values_list, strict=True):
            data = dict(followers.get(ticket.id) or {})
            for pid in values["partner_ids"]:
                if pid not in data and pid in direct:
                    data[pid] = dict(
                        direct[pid], is_follower=(ticket.id, pid) in following
                    )
            if self.env.user.active:
                real_author_id = self.env.user.partner_id.id
            else:
                real_author_id = values["author_id"]
            result[ticket.id] = [
                pdata
                for pid, pdata in data.items()
                if pid != real_author_id and pdata["active"] is not False
            ]
        return result

    def _support_references(self, messages):
        """{message id: the ``References`` header} Odoo's
        ``_notify_by_email_get_base_mail_values`` gives each message (up to
        three earlier public messages of its thread, then itself), the
        earlier messages of all threads read in one query."""
        rows = self.env.execute_query(
            SQL(
                """SELECT id FROM (
                       SELECT id, row_number() OVER (
                                  PARTITION BY res_id ORDER BY id DESC) AS rank
                         FROM mail_message
                        WHERE model = %s AND res_id = ANY(%s)
                          AND id != ALL(%s)
                          AND subtype_id IS NOT NULL
                          AND message_id IS NOT NULL) AS ranked
                    WHERE rank <= %s""",
                self._name,
                self.ids,
                messages.ids,
                REFERENCE_CANDIDATES,
            )
        )
        earlier = self.env["mail.message"].sudo().browse(sorted(row[0] for row in rows))
        by_thread = defaultdict(lambda: self.env["mail.message"].sudo())
        for message in earlier:
            by_thread[message.res_id] |= message
        references = {}
        for message in messages.sudo():
            ancestors = by_thread[message.res_id].sorted("id", reverse=True)
            history = ancestors.sorted(
                lambda m: (
                    not m.is_internal and not m.subtype_id.internal,
                    m.message_type in OUTGOING_TYPES,
                    m.message_type != "user_notification",
                ),
                reverse=True,
            )
            chosen = history[:3].sorted("id")
            references[message.id] = " ".join(m.message_id for m in (chosen + message))
        return references

    def _support_notify_comments(self, messages, values_list):
        """Notify the recipients of the messages just posted: the followers
        of the subtype and the messages' partners (``_support_recipients``),
        as ``_notify_thread`` does (``_support_notify_messages``)."""
        subtype_id = values_list[0]["subtype_id"] if values_list else False
        recipients = self._support_recipients(subtype_id, messages, values_list)
        return self._support_notify_messages(
            messages,
            values_list,
            {
                message.id: recipients[ticket.id]
                for ticket, message in zip(self, messages, strict=True)
            },
        )

    def _support_notify_messages(self, messages, values_list, recipients, render=None):
        """Notify ``recipients`` ({message id: recipients data}) of the
        messages just created, one a ticket of ``self`` (a ticket repeated
        for each of its messages): inbox notifications
        for the users who read them in Odoo, created with one ``create()``
        and announced on the bus once a user, and, for the others, the
        notification e-mails laid out per recipient group and language,
        created with one ``create()`` and their notifications with another.
        ``render`` ({message id: dict}) holds the rendering parameters
        ``_notify_thread`` was given (``model_description``, ``subtitles``)."""
        render = render or {}
        references = {}
        if any(
            rdata["notif"] == "email" for data in recipients.values() for rdata in data
        ):
            references = self._support_references(messages)
        self._support_notify_inboxes(messages, recipients)
        self.browse(
            {
                ticket.id
                for ticket, message in zip(self, messages, strict=True)
                if any(rdata["notif"] == "email" for rdata in recipients[message.id])
            }
        )._support_ensure_tokens()
        mail_values, notified = [], []
        for ticket, message, values in zip(self, messages, values_list, strict=True):
            email_data = [
                rdata for rdata in recipients[message.id] if rdata["notif"] == "email"
            ]
            if not email_data:
                continue
            base = ticket._support_base_mail_values(
                message, values, references[message.id]
            )
            # no tracking on these messages: Odoo's rendering context would
            # search for it otherwise
            msg_vals = dict(values, tracking_value_ids=[])
            for (
                _lang,
                render_values,
                group,
            ) in ticket._notify_get_classified_recipients_iterator(
                message, email_data, msg_vals=msg_vals, **render.get(message.id, {})
            ):
                body = ticket._notify_by_email_render_layout(
                    message, group, msg_vals=msg_vals, render_values=render_values
                )
                recipient_ids = group.pop("recipients")
                if not recipient_ids:
                    continue
                mail_values.append(
                    ticket._notify_by_email_get_final_mail_values(
                        recipient_ids, base, additional_values={"body_html": body}
                    )
                )
                notified.append((message, recipient_ids))
        if not mail_values:
            return self.env["mail.mail"]
        # without the ticket's defaults (default_*), as the superuser: the
        # system writes the mails of its scheduled actions
        system = self.env(context=clean_context(self.env.context), su=True)
        mails = system["mail.mail"].create(mail_values)
        system["mail.notification"].create(
            [
                {
                    "author_id": message.author_id.id,
                    "is_read": True,
                    "mail_mail_id": mail.id,
                    "mail_message_id": message.id,
                    "notification_status": "ready",
                    "notification_type": "email",
                    "res_partner_id": recipient_id,
                }
                for mail, (message, recipient_ids) in zip(mails, notified, strict=True)
                for recipient_id in recipient_ids
            ]
        )
        self._support_send_or_queue(mails)
        return mails

    def _support_ensure_tokens(self):
        """The portal's access token of the tickets whose notification
        e-mail links their customer to them, as the portal's
        ``_notify_get_recipients_groups`` creates it (``_portal_ensure_token``:
        one ``write`` a ticket), written for the batch at once."""
        missing = self.sudo().filtered(
            lambda ticket: ticket.partner_id and not ticket.access_token
        )
        if not missing:
            return
        missing._write_multi([{"access_token": str(uuid.uuid4())} for _t in missing])
        missing.invalidate_recordset(["access_token"])
        missing.modified(["access_token"])

    def _support_notify_inboxes(self, messages, recipients):
        """``_notify_thread_by_inbox`` for the batch: the inbox notifications
        of every message in one ``create()``, the followers of the users
        read once, and each user told on the bus once of its new messages
        (Odoo does each per message)."""
        rows = sorted(
            {
                (message.id, rdata["id"], rdata["uid"])
                for message in messages
                for rdata in recipients[message.id]
                if rdata["notif"] == "inbox"
            }
        )
        if not rows:
            return
        messages = messages.sudo()
        authors = {message.id: message.author_id.id for message in messages}
        system = self.env(context=clean_context(self.env.context), su=True)
        system["mail.notification"].create(
            [
                {
                    "author_id": authors[message_id],
                    "mail_message_id": message_id,
                    "notification_status": "sent",
                    "notification_type": "inbox",
                    "res_partner_id": partner_id,
                }
                for message_id, partner_id, _uid in rows
            ]
        )
        by_user = defaultdict(list)
        for message_id, _partner_id, uid in rows:
            if uid:
                by_user[uid].append(message_id)
        users = self.env["res.users"].browse(sorted(by_user))
        followers = system["mail.followers"].search(
            [
                ("res_model", "=", self._name),
                ("res_id", "in", self.ids),
                ("partner_id", "in", users.partner_id.ids),
            ]
        )
        for user in users:
            user._bus_send_store(
                messages.browse(by_user[user.id])
                .with_user(user)
                .with_context(allowed_company_ids=[]),
                for_current_user=True,
                add_followers=True,
                followers=followers,
                notification_type="mail.message/inbox",
            )
        # web push to the devices of the inbox users, when they have any
        partner_ids = sorted({partner_id for _mid, partner_id, _uid in rows})
        if system["mail.push.device"].search_count(
            [("partner_id", "in", partner_ids)], limit=1
        ):
            for ticket, message in zip(self, messages, strict=True):
                ticket._notify_thread_by_web_push(message, recipients[message.id])

    def _support_base_mail_values(self, message, values, references):
        """``_notify_by_email_get_base_mail_values`` of one message, its
        ``References`` given (read for the batch)."""
        self.ensure_one()
        subject = values["subject"] or self._message_compute_subject()
        subject = " ".join((subject or "").splitlines()) or False
        base = {
            "mail_message_id": message.id,
            "references": references,
            "auto_delete": True,
        }
        if subject != values["subject"]:
            base["subject"] = subject
        headers = {}
        alias_domain = message.sudo().record_alias_domain_id
        if alias_domain.bounce_email:
            headers["Return-Path"] = alias_domain.bounce_email
        headers = self._notify_by_email_get_headers(headers=headers)
        if headers:
            base["headers"] = repr(headers)
        return base

    def _support_send_or_queue(self, mails):
        """Send as ``_notify_thread_by_email`` does: at once after the commit
        when a batch holds fewer mails than ``mail.mail.force.send.limit``,
        otherwise through the mail queue (its action triggered now); in
        Odoo's test mode within the transaction."""
        limit = int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("mail.mail.force.send.limit", 100)
        )
        test_mode = getattr(threading.current_thread(), "testing", False)
        if len(mails) < limit and (not self.pool._init or test_mode):
            if test_mode:
                mails.send()
            else:
                mails.send_after_commit()
        else:
            self.env.ref("mail.ir_cron_mail_scheduler_action").sudo()._trigger()

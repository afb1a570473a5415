# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Notes and tracking logs of the scheduled actions, written in batches.

A note for the staff notifies nobody; the tracking of a field written on
hundreds of tickets in one run (the stage of an automatic close, MQ 1.2,
R-60) is created at once rather than one log a ticket, the same logs
``message_post`` would write.
"""

from markupsafe import escape

from odoo import models
from odoo.tools.mail import generate_tracking_message_id

# where the tracking logs of one ``_message_track`` wait to be created at once
TRACKING_LOGS = "helpdesk_mgmt_support_contract.tracking_logs"
# what ``_message_track`` gives ``_message_log``
TRACKING_LOG_ARGS = frozenset(("body", "author_id", "tracking_value_ids"))


class HelpdeskTicketSupportBatchLog(models.Model):
    _inherit = "helpdesk.ticket"

    # ------------------------------------------------------------------
    # Notes for the staff: nobody is notified
    # ------------------------------------------------------------------

    def _support_log_notes(self, bodies):
        """A note on each ticket of ``bodies`` ({ticket id: text or Markup},
        already in the staff's language), created with one ``create()``:
        ``mail.thread._message_log_batch`` notifies nobody, as a note the
        staff read in the chatter (R-62, R-63)."""
        tickets = self.sudo().filtered(lambda ticket: ticket.id in bodies)
        if not tickets:
            return self.env["mail.message"]
        return tickets._message_log_batch(bodies=bodies)

    # ------------------------------------------------------------------
    # Tracking of the fields: one log a ticket, created at once
    # ------------------------------------------------------------------

    def _message_track(self, fields_iter, initial_values_dict):
        """The tracked changes of many tickets at once (the auto-close's
        stage written per target stage, MQ 1.2, R-60; the SLA's batch
        writes): Odoo logs each ticket's changes with its own
        ``_message_log``; here those logs (the same message, with its
        tracking values) are created with one ``create()``."""
        data = self.env.cr.precommit.data
        if TRACKING_LOGS in data:
            return super()._message_track(fields_iter, initial_values_dict)
        data[TRACKING_LOGS] = pending = []
        try:
            tracking = super()._message_track(fields_iter, initial_values_dict)
        finally:
            data.pop(TRACKING_LOGS, None)
        self._support_log_tracking(pending)
        return tracking

    def _message_log(self, **kwargs):
        pending = self.env.cr.precommit.data.get(TRACKING_LOGS)
        if (
            pending is None
            or len(self) != 1
            or not kwargs.get("tracking_value_ids")
            or set(kwargs) - TRACKING_LOG_ARGS
            # only creations: what _mail_track gives
            or any(command[0] != 0 for command in kwargs["tracking_value_ids"])
        ):
            return super()._message_log(**kwargs)
        pending.append((self, kwargs))
        return self.env["mail.message"]

    def _support_log_tracking(self, pending):
        """Create the tracking logs ``_message_track`` asked for, with the
        values ``_message_log_batch`` gives each one, in one ``create()``."""
        if not pending:
            return self.env["mail.message"]
        authors = {}
        note_id = self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note")
        values_list = []
        for record, kwargs in pending:
            author = kwargs.get("author_id")
            if author not in authors:
                author_id, email_from = self._message_compute_author(
                    author, None, raise_on_email=False
                )
                reply_to = self.env["mail.thread"]._notify_get_reply_to(
                    default=email_from
                )[False]
                authors[author] = (author_id, email_from, reply_to)
            author_id, email_from, reply_to = authors[author]
            values_list.append(
                {
                    "author_id": author_id,
                    "email_from": email_from,
                    "model": self._name,
                    "record_alias_domain_id": False,
                    "record_company_id": False,
                    "record_name": False,
                    "attachment_ids": False,
                    "message_type": "notification",
                    "is_internal": True,
                    "subject": False,
                    "subtype_id": note_id,
                    "email_add_signature": False,
                    "message_id": generate_tracking_message_id("message-notify"),
                    "partner_ids": False,
                    "reply_to": reply_to,
                    "res_id": record.id,
                    "body": escape(kwargs.get("body", "")),
                }
            )
        records = self.browse([record.id for record, _kwargs in pending])
        messages = records.sudo()._message_create(values_list)
        # the tracking values of all the logs in one create() too: given as
        # the messages' commands, the ORM would insert them message by message
        self.env["mail.tracking.value"].sudo().create(
            [
                dict(command[2], mail_message_id=message.id)
                for message, (_record, kwargs) in zip(messages, pending, strict=True)
                for command in kwargs["tracking_value_ids"]
            ]
        )
        return messages

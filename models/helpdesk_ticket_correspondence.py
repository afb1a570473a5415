# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import math
import re
import tempfile
import unicodedata
import zipfile

from markupsafe import Markup

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import format_datetime

from .helpdesk_support_system_fields_mixin import SUPPORT_USER, support_callable

# the message types portal's chatter shows (portal.mixin website_message_ids)
THREAD_MESSAGE_TYPES = ("comment", "email", "email_outgoing", "auto_comment")
EXPORT_MAX_MB_PARAM = "helpdesk_mgmt_support_contract.export_max_mb"
EXPORT_MAX_MB_DEFAULT = 100.0
# the ZIP is kept in memory up to this size, then in a temporary file
EXPORT_SPOOL_BYTES = 4 * 1024 * 1024
ZIP_NAME_MAX = 100
# characters no file system of the customer accepts in a name
UNSAFE_NAME_CHARS = re.compile(r'[<>:"|?*]')


class SupportExportTooLarge(UserError):
    """The correspondence is larger than the export limit."""


def support_zip_name(name, used):
    """A safe, unique file name for an archive member of the
    correspondence export (R-53, DS 5.5).

    The base name only, whatever the separator (no ``../``, no absolute or
    drive path), without control characters, and never the name of a file
    already in ``used`` (compared case-insensitively, as Windows does): the
    second ``a.png`` becomes ``a (2).png``. ``used`` is updated.
    """
    name = unicodedata.normalize("NFC", str(name or ""))
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = UNSAFE_NAME_CHARS.sub("_", name).strip().lstrip(".").strip()
    name = name or "attachment"
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem or len(ext) > 10:
        stem, dot, ext = name, "", ""
    stem = stem[: ZIP_NAME_MAX - len(ext) - 1]
    candidate, number = f"{stem}{dot}{ext}", 1
    while candidate.casefold() in used:
        number += 1
        candidate = f"{stem} ({number}){dot}{ext}"
    used.add(candidate.casefold())
    return candidate


class HelpdeskTicketCorrespondence(models.Model):
    """The correspondence of a ticket and its export (R-53, DS 5.5).

    A portal user gets exactly what the portal ticket page shows them: public
    messages and their files, never a note, an internal subtype or a
    confidential file. Staff get the whole thread, notes marked. Confidential
    files (credentials, R-63) are never exported, only named.
    """

    _inherit = "helpdesk.ticket"

    # ------------------------------------------------------------------
    # What each reader sees
    # ------------------------------------------------------------------

    def _support_thread_domain(self):
        self.ensure_one()
        return [
            ("model", "=", self._name),
            ("res_id", "=", self.id),
            ("message_type", "in", THREAD_MESSAGE_TYPES),
        ]

    def _support_portal_messages(self):
        """The messages portal's chatter shows a customer on the ticket page
        (``/mail/chatter_fetch``: public comments, no internal subtype)."""
        self.ensure_one()
        Message = self.env["mail.message"].sudo()
        return Message.search(
            self._support_thread_domain()
            + Message._get_search_domain_share()
            + [
                ("subtype_id", "=", self.env.ref("mail.mt_comment").id),
                "|",
                ("body", "!=", ""),
                ("attachment_ids", "!=", False),
            ],
            order="date, id",
        )

    def _support_staff_messages(self):
        self.ensure_one()
        return (
            self.env["mail.message"]
            .sudo()
            .search(self._support_thread_domain(), order="date, id")
        )

    def _support_ticket_files(self):
        """Files of the ticket that belong to no message of it."""
        self.ensure_one()
        Attachment = self.env["ir.attachment"].sudo()
        in_messages = self._support_staff_messages().attachment_ids
        return Attachment.search(
            [
                ("res_model", "=", self._name),
                ("res_id", "=", self.id),
                ("id", "not in", in_messages.ids),
            ],
            order="id",
        )

    def _support_portal_attachments(self):
        """The files a customer sees on the portal ticket page: those of the
        public messages and those customers gave with the portal form;
        never a confidential file."""
        self.ensure_one()
        attachments = self._support_portal_messages().attachment_ids
        attachments |= self._support_ticket_files().filtered(
            lambda a: a.create_uid.share
        )
        return attachments.filtered(lambda a: not a.support_confidential).sorted("id")

    # ------------------------------------------------------------------
    # Export
    # ------------------------------------------------------------------

    @support_callable(SUPPORT_USER)
    def action_support_export(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/helpdesk_support/ticket/{self.id}/export",
            "target": "self",
        }

    def _support_export_limit(self):
        """The export limit in bytes (system parameter, in MB)."""
        value = self.env["ir.config_parameter"].sudo().get_param(EXPORT_MAX_MB_PARAM)
        try:
            megabytes = float(value)
        except (TypeError, ValueError):
            megabytes = EXPORT_MAX_MB_DEFAULT
        if not math.isfinite(megabytes) or megabytes <= 0:
            megabytes = EXPORT_MAX_MB_DEFAULT
        return max(int(megabytes * 1024 * 1024), 1)

    def _support_export_too_large(self, limit):
        megabytes = "%g" % (limit / 1024 / 1024)
        return SupportExportTooLarge(
            self.env._(
                "The correspondence of this ticket is larger than the export "
                "limit of %(limit)s MB. Please ask the support team to send it "
                "to you.",
                limit=megabytes,
            )
        )

    def _support_export_values(self, staff):
        """The entries of ``conversation.html`` and the files of the ZIP."""
        self.ensure_one()
        ticket = self.sudo()
        tz = self.env.context.get("tz") or "UTC"
        if staff:
            messages = ticket._support_staff_messages()
            other_files = ticket._support_ticket_files()
        else:
            messages = ticket._support_portal_messages()
            other_files = ticket._support_ticket_files().filtered(
                lambda a: a.create_uid.share
            )
        used, files, entries = set(), [], []

        def describe(attachments):
            described = []
            for attachment in attachments.sorted("id"):
                path = None
                if not attachment.support_confidential:
                    path = "attachments/" + support_zip_name(attachment.name, used)
                    files.append((path, attachment))
                described.append({"name": attachment.name, "path": path})
            return described

        for message in messages:
            entries.append(
                {
                    "date": format_datetime(self.env, message.date, tz=tz),
                    "author": message.author_id.display_name
                    or message.email_from
                    or "",
                    "subject": message.subject,
                    "body": message.body or Markup(""),
                    "internal": bool(
                        message.is_internal or message.subtype_id.internal
                    ),
                    "files": describe(message.attachment_ids),
                }
            )
        values = {
            "ticket": ticket,
            "staff": staff,
            "entries": entries,
            "ticket_files": describe(other_files),
            "exported": format_datetime(self.env, fields.Datetime.now(), tz=tz),
        }
        return values, files

    def _support_export_file(self, staff=False):
        """The ZIP of the correspondence (``conversation.html`` and
        ``attachments/``), as an open file positioned at its start, and its
        size. The ZIP is spooled to a temporary file, never built whole in
        memory; over the export limit, :class:`SupportExportTooLarge`."""
        self.ensure_one()
        values, files = self._support_export_values(staff)
        html = self.env["ir.qweb"]._render(
            "helpdesk_mgmt_support_contract.helpdesk_ticket_correspondence_export",
            values,
        )
        document = ("<!DOCTYPE html>\n" + str(html)).encode()
        limit = self._support_export_limit()
        total = len(document) + sum(a.file_size or 0 for __, a in files)
        if total > limit:
            raise self._support_export_too_large(limit)
        spool = tempfile.SpooledTemporaryFile(max_size=EXPORT_SPOOL_BYTES)
        try:
            with zipfile.ZipFile(spool, "w", zipfile.ZIP_DEFLATED) as archive:
                archive.writestr("conversation.html", document)
                written = len(document)
                for path, attachment in files:
                    raw = attachment.raw or b""
                    written += len(raw)
                    if written > limit:
                        raise self._support_export_too_large(limit)
                    archive.writestr(path, raw)
            size = spool.tell()
            spool.seek(0)
        except Exception:
            spool.close()
            raise
        return spool, size

    def _support_export_zip(self, staff=True):
        """The ZIP of :meth:`_support_export_file` as bytes."""
        spool, __ = self._support_export_file(staff=staff)
        with spool:
            return spool.read()

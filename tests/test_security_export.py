# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""R-53 (DS 5.5): the correspondence export, attacked through its URL.

R-53: "Full correspondence export of a ticket on request (DS 5.5): the
correspondence with the sender — never staff-internal notes or confidential
files." DS 5.5: «Полное содержание переписки может быть предоставлено по
отдельному запросу Отправителя.»
"""

import io
import zipfile

from odoo.tests import new_test_user, tagged

from .common import SecurityHttpCase


@tagged("post_install", "-at_install")
class TestSecurityExport(SecurityHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.make_kcp_team_organisation(
            "Export Premium LLC", "exp", email_domain="e.test"
        )
        stranger = cls.env["res.partner"].create(
            {"name": "exp_stranger", "email": "exp_stranger@s.test"}
        )
        cls.make_portal_user(stranger)
        cls.staff = cls.make_user("exp_staff")
        new_test_user(cls.env, login="exp_employee", groups="base.group_user")
        cls.ticket = cls.env["helpdesk.ticket"].create(
            {
                "name": "Export attack",
                "description": "<p>INITIAL-DESCRIPTION</p>",
                "partner_id": cls.owner.id,
            }
        )
        ticket = cls.ticket

        def post(body, subtype_xmlid="mail.mt_comment", author=None, files=()):
            return ticket.message_post(
                body=body,
                message_type="comment",
                subtype_xmlid=subtype_xmlid,
                author_id=(author or cls.env.user.partner_id).id,
                attachments=list(files),
            )

        post("PUBLIC-QUESTION", author=cls.owner, files=[("report.png", b"REPORT")])
        post("PUBLIC-ANSWER", files=[("answer.png", b"ANSWER")])
        post(
            "SECRET-NOTE: the mail names Rival Corp",
            subtype_xmlid="mail.mt_note",
            files=[("note-secret.png", b"NOTE-FILE")],
        )
        staff_only = cls.env["mail.message.subtype"].create(
            {"name": "Staff only", "internal": True, "res_model": "helpdesk.ticket"}
        )
        ticket.message_post(
            body="INTERNAL-SUBTYPE",
            message_type="comment",
            subtype_id=staff_only.id,
            attachments=[("internal-subtype.png", b"INTERNAL-FILE")],
        )
        credentials = post(
            "CREDENTIALS-MESSAGE",
            author=cls.owner,
            files=[("credentials.txt", b"CONFIDENTIAL-PASSWORD")],
        )
        credentials.attachment_ids.support_confidential = True

    # ------------------------------------------------------------------
    def url(self, ticket=None):
        return f"/helpdesk_support/ticket/{(ticket or self.ticket).id}/export"

    def snapshot(self, ticket=None):
        ticket = ticket or self.ticket
        return (
            ticket.message_ids.ids,
            self.env["ir.attachment"]
            .search([("res_model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id)])
            .ids,
            ticket.stage_id,
        )

    def assertNoZip(self, response):
        self.assertNotEqual(response.headers.get("Content-Type"), "application/zip")
        self.assertFalse(response.content.startswith(b"PK"), "no ZIP is sent")

    def export(self, login, ticket=None):
        """The ZIP downloaded by ``login``: {name: bytes}."""
        self.authenticate(login, login)
        response = self.url_open(self.url(ticket), allow_redirects=False)
        self.assertEqual(response.status_code, 200, response.text[:500])
        self.assertEqual(response.headers["Content-Type"], "application/zip")
        with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
            return {name: archive.read(name) for name in archive.namelist()}

    def refused(self, login):
        before = self.snapshot()
        self.authenticate(login, login)
        response = self.url_open(self.url(), allow_redirects=False)
        self.assertNoZip(response)
        self.assertIn(response.status_code, (303, 403, 404))
        self.assertEqual(self.snapshot(), before, "nothing changed")

    # ------------------------------------------------------------------
    def test_stranger_portal_user_gets_no_zip(self):
        """R-53 (DS 5.5: «Полное содержание переписки может быть предоставлено
        по отдельному запросу Отправителя»): a portal user of another
        organisation asks for the export of a foreign ticket by its id and gets
        nothing."""
        self.refused("exp_stranger")

    def test_contact_outside_the_creators_team_gets_no_zip(self):
        """R-32 (MQ 1.6): «Направленные через портал поддержки обращения
        пользователей доступны только для них самих и пользователей, состоящих
        с ними в одной команде.» A colleague of the other team gets no ZIP."""
        self.refused("exp_outsider")

    def test_employee_without_helpdesk_rights_gets_no_zip(self):
        """R-53 (DS 5.5: «Полное содержание переписки может быть предоставлено
        по отдельному запросу Отправителя»): an internal user who may not read
        tickets (no helpdesk group) gets no ZIP either: staff rights are
        checked, not assumed."""
        self.refused("exp_employee")

    def test_logged_out_visitor_gets_no_zip(self):
        """R-53 (DS 5.5: «Полное содержание переписки может быть предоставлено
        по отдельному запросу Отправителя»): without a session the export
        redirects to the login page."""
        before = self.snapshot()
        self.authenticate(None, None)
        response = self.url_open(self.url(), allow_redirects=False)
        self.assertNoZip(response)
        self.assertIn(response.status_code, (302, 303))
        self.assertIn("/web/login", response.headers.get("Location", ""))
        self.assertEqual(self.snapshot(), before)

    def test_owner_gets_only_what_the_portal_page_shows(self):
        """R-53 (DS 5.5), never internal notes or confidential files: the
        sender's export holds the public messages and their attachments only —
        no note (the sender-identification note names other organisations),
        no internal subtype, no confidential file."""
        before = self.snapshot()
        files = self.export("exp_owner")
        conversation = files.pop("conversation.html").decode()
        for public in ("INITIAL-DESCRIPTION", "PUBLIC-QUESTION", "PUBLIC-ANSWER"):
            self.assertIn(public, conversation)
        for secret in ("SECRET-NOTE", "Rival Corp", "INTERNAL-SUBTYPE"):
            self.assertNotIn(secret, conversation)
        self.assertNotIn("note-secret.png", conversation)
        self.assertNotIn("internal-subtype.png", conversation)
        contents = set(files.values())
        self.assertEqual(contents, {b"REPORT", b"ANSWER"})
        self.assertEqual(
            sorted(files), ["attachments/answer.png", "attachments/report.png"]
        )
        self.assertEqual(self.snapshot(), before, "nothing changed")
        # a colleague of the creator's team gets the same, not more
        mate_files = self.export("exp_mate")
        self.assertEqual(set(mate_files) - {"conversation.html"}, set(files))
        self.assertNotIn(b"SECRET-NOTE", mate_files["conversation.html"])

    def test_staff_get_the_notes_marked(self):
        """R-53 (DS 5.5: «Полное содержание переписки может быть предоставлено
        по отдельному запросу Отправителя»): staff get the full thread,
        internal notes clearly marked; a confidential file is never exported
        (R-53)."""
        files = self.export("exp_staff")
        conversation = files.pop("conversation.html").decode()
        blocks = conversation.split('class="support_message')[1:]

        def block(text):
            (found,) = [b for b in blocks if text in b]
            return found

        for note in ("SECRET-NOTE", "INTERNAL-SUBTYPE"):
            self.assertTrue(block(note).startswith(" support_internal_note"))
            self.assertIn("Internal note", block(note))
        for public in ("PUBLIC-QUESTION", "PUBLIC-ANSWER"):
            self.assertNotIn("support_internal_note", block(public))
            self.assertNotIn("Internal note", block(public))
        self.assertIn(b"NOTE-FILE", files.values())
        self.assertNotIn(b"CONFIDENTIAL-PASSWORD", files.values())
        self.assertIn("credentials.txt", conversation, "named, not included")

    def test_hostile_and_duplicate_attachment_names(self):
        """R-53 (DS 5.5: «Полное содержание переписки может быть предоставлено
        по отдельному запросу Отправителя»): attachment names are sanitised in
        the ZIP — no ``../``, no absolute path — and two files of the same name
        do not overwrite each other."""
        self.ticket.message_post(
            body="HOSTILE-NAMES",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            author_id=self.owner.id,
            attachments=[
                ("../../etc/passwd", b"HOSTILE"),
                ("/abs/root.png", b"ABSOLUTE"),
                ("..\\..\\win.ini", b"BACKSLASH"),
                ("same.png", b"FIRST"),
                ("same.png", b"SECOND"),
            ],
        )
        files = self.export("exp_owner")
        names = [name for name in files if name != "conversation.html"]
        for name in names:
            self.assertTrue(name.startswith("attachments/"), name)
            self.assertNotIn("..", name)
            self.assertNotIn("\\", name)
            self.assertEqual(name.count("/"), 1, name)
        self.assertEqual(len(names), len(set(n.lower() for n in names)))
        contents = [files[name] for name in names]
        for content in (b"HOSTILE", b"ABSOLUTE", b"BACKSLASH", b"FIRST", b"SECOND"):
            self.assertIn(content, contents)

    def test_export_over_the_size_limit_is_refused(self):
        """R-53 (DS 5.5: «Полное содержание переписки может быть предоставлено
        по отдельному запросу Отправителя»): the ZIP is bounded: over the
        configured limit the customer gets a clear message instead of a ZIP
        built whole in memory."""
        self.env["ir.config_parameter"].sudo().set_param(
            "helpdesk_mgmt_support_contract.export_max_mb", "0.000001"
        )
        before = self.snapshot()
        self.authenticate("exp_owner", "exp_owner")
        response = self.url_open(self.url())
        self.assertNoZip(response)
        self.assertIn("support_ticket_error", response.text)
        self.assertIn("larger than the export limit", response.text)
        self.assertEqual(self.snapshot(), before)

    def test_portal_page_offers_the_export_and_hides_staff_files(self):
        """R-53 (DS 5.5: «Полное содержание переписки может быть предоставлено
        по отдельному запросу Отправителя»): the export is the customer's
        right, offered on the portal ticket page; the page's attachment list
        shows no note or confidential file either."""
        self.authenticate("exp_owner", "exp_owner")
        page = self.url_open(f"/my/ticket/{self.ticket.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.url(), page.text)
        self.assertIn("report.png", page.text)
        for secret in ("note-secret.png", "internal-subtype.png", "credentials.txt"):
            self.assertNotIn(secret, page.text)

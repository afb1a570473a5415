# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Staff-only files of a ticket stay staff's (R-53, DS 5.5; R-63, DS 5.3),
attacked through Odoo's own file routes and JSON-RPC.

R-53: "never staff-internal notes or confidential files". The correspondence
export and the portal page leave them out; a customer who may read the ticket
(R-32) asks for them by their (sequential) ids instead: ``/web/content``,
``/web/image`` and ``ir.attachment`` over ``call_kw``. Each test is one
attack; it asserts that no byte of the file is returned.
"""

import base64
import json

from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import SecurityHttpCase

WIDE = {"date_start": "2020-01-01", "date_end": "2099-12-31"}


@tagged("post_install", "-at_install")
class TestStaffFilesAttacks(SecurityHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        _organisation, cls.owner, _contract = cls.make_organisation(
            "Atk Files LLC",
            [("atk_files_owner", "o@f.t")],
            portal=["atk_files_owner"],
        )
        cls.ticket = cls.env["helpdesk.ticket"].create(
            {"name": "Atk files", "description": "x", "partner_id": cls.owner.id}
        )
        public = cls.ticket.message_post(
            body="PUBLIC",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            author_id=cls.owner.id,
            attachments=[("public.png", b"PUBLIC-FILE")],
        )
        cls.public_file = public.attachment_ids
        note = cls.ticket.message_post(
            body="NOTE: the mail names Rival Corp",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
            attachments=[("note.png", b"NOTE-FILE")],
        )
        cls.note_file = note.attachment_ids
        credentials = cls.ticket.message_post(
            body="credentials",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            author_id=cls.owner.id,
            attachments=[("credentials.txt", b"CONFIDENTIAL-PASSWORD")],
        )
        cls.confidential_file = credentials.attachment_ids
        cls.confidential_file.support_confidential = True

    def setUp(self):
        super().setUp()
        self.authenticate("atk_files_owner", "atk_files_owner")

    def fetch(self, url):
        with mute_logger("odoo.http"):
            response = self.url_open(url, allow_redirects=False)
        self.assertLess(response.status_code, 500)
        return response

    def read_over_rpc(self, attachment):
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": 1,
            "params": {
                "model": "ir.attachment",
                "method": "read",
                "args": [attachment.ids, ["name", "datas", "raw"]],
                "kwargs": {},
            },
        }
        with mute_logger("odoo.http"):
            response = self.url_open(
                "/web/dataset/call_kw/ir.attachment/read",
                data=json.dumps(payload),
                headers={"Content-Type": "application/json"},
            )
        return response.text

    def chatter_files(self):
        """The files of the portal chatter of the ticket page: {name: token}."""
        result = self.make_jsonrpc_request(
            "/mail/chatter_fetch",
            {"thread_model": "helpdesk.ticket", "thread_id": self.ticket.id},
        )
        return {
            attachment["name"]: (attachment["id"], attachment["access_token"])
            for message in result["data"]["mail.message"]
            for attachment in message.get("attachment_ids") or []
        }

    def test_confidential_file_through_the_portal_chatter(self):
        """R-53 "never ... confidential files"; the ticket page lists no
        confidential file, but the portal chatter on the same page gave each
        file of a public message an access token, the credentials file included
        (R-63), to every contact who sees the ticket."""
        files = self.chatter_files()
        self.assertIn("public.png", files, "the control: public files are shown")
        attachment_id, token = files["public.png"]
        response = self.fetch(
            f"/web/content/{attachment_id}?access_token={token}&download=true"
        )
        self.assertEqual(response.content, b"PUBLIC-FILE")
        self.assertNotIn("credentials.txt", files)
        self.assertNotIn("note.png", files)
        # the token of a file shown opens no other file
        response = self.fetch(
            f"/web/content/{self.confidential_file.id}?access_token={token}"
        )
        self.assertNotIn(b"CONFIDENTIAL-PASSWORD", response.content)

    def test_confidential_file_by_its_id(self):
        """R-63, the credentials file a customer sent is confidential once
        staff mark it: not downloadable from the portal by its id."""
        for url in (
            f"/web/content/{self.confidential_file.id}?download=true",
            f"/web/content/{self.confidential_file.id}",
            f"/web/image/{self.confidential_file.id}",
        ):
            with self.subTest(url=url):
                response = self.fetch(url)
                self.assertNotIn(b"CONFIDENTIAL-PASSWORD", response.content)

    def test_file_of_an_internal_note_by_its_id(self):
        """R-53 (DS 5.5, never staff-internal notes or confidential files): a
        file staff attached to an internal note of the customer's ticket, by
        its id."""
        for url in (
            f"/web/content/{self.note_file.id}?download=true",
            f"/web/image/{self.note_file.id}",
        ):
            with self.subTest(url=url):
                response = self.fetch(url)
                self.assertNotIn(b"NOTE-FILE", response.content)

    def test_staff_files_over_rpc(self):
        """R-53 (DS 5.5, never staff-internal notes or confidential files): the
        same files read with ir.attachment over call_kw."""
        for attachment, secret in (
            (self.confidential_file, "CONFIDENTIAL-PASSWORD"),
            (self.note_file, "NOTE-FILE"),
        ):
            with self.subTest(name=attachment.name):
                text = self.read_over_rpc(attachment)
                self.assertNotIn(secret, text)
                self.assertNotIn(base64.b64encode(secret.encode()).decode(), text)

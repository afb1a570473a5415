# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""R-70 (MQ 2.3): the key contact's signed estimate link is for the key contact only.

Whoever holds the link (``access_token`` + ``pid`` + ``kcp_token``) accepts or
declines the estimate as the key contact person, logged out (MQ 2.3: «После
подтверждения ККЛ, указанной в ответе на заявку информации (сроки, часы,
дополнительные условия), заявка передается на исполнение»). A plain support
user sends the estimate, then looks for the signature everywhere they can read.
"""

import email
import json
import re
from urllib.parse import parse_qs, urlparse

from odoo import Command, http
from odoo.tests import tagged

from odoo.addons.base.tests.common import MockSmtplibCase

from .common import (
    SUPPORT_USER_GROUPS,
    WIDE,
    SecurityHttpCase,
    call_kw_result,
)


class EstimateOrderCase(SecurityHttpCase):
    """A professional-services order (R-70, MQ 2.3) of a customer whose one
    registered contact ``<PREFIX>_kcp`` is its key contact person, with a
    40-hour certificate (R-72); the support user ``<PREFIX>_staff`` of the
    ticket's team sends the estimate."""

    PREFIX = "order"
    KCP_EMAIL = None
    ORDER = "Order"
    STAFF_GROUPS = SUPPORT_USER_GROUPS

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        kcp = f"{cls.PREFIX}_kcp"
        organisation, cls.kcp, _contract = cls.make_organisation(
            f"{cls.PREFIX.title()} LLC", [(kcp, cls.KCP_EMAIL)], key_contact=kcp
        )
        cls.env["helpdesk.support.certificate"].create(
            dict(WIDE, partner_id=organisation.id, hours_prepaid=40)
        )
        cls.staff = cls.make_user(
            f"{cls.PREFIX}_staff",
            groups=cls.STAFF_GROUPS,
            email=f"{cls.PREFIX}_staff@support.test",
        )
        team = cls.env["helpdesk.ticket.team"].create(
            {
                "name": f"{cls.PREFIX.title()} team",
                "user_ids": [Command.set(cls.staff.ids)],
            }
        )
        cls.ticket = cls.env["helpdesk.ticket"].create(
            {
                "name": cls.ORDER,
                "description": "x",
                "partner_id": cls.kcp.id,
                "team_id": team.id,
                "user_id": cls.staff.id,
                "category_id": cls.by_code(
                    "helpdesk.ticket.category", "professional_service"
                ).id,
            }
        )


@tagged("post_install", "-at_install")
class TestEstimateLinkNotForStaff(EstimateOrderCase, MockSmtplibCase):
    PREFIX = "link"
    KCP_EMAIL = "kcp@l.test"
    ORDER = "Install the cluster"

    def assertStaffCannotFind(self, signature, estimate):
        """Every message, mail and chatter the support user can read."""
        messages, error = call_kw_result(
            self, "mail.message", "search_read", [], ["body", "model", "res_id"]
        )
        self.assertIsNone(error)
        self.assertTrue(messages, "the support user reads messages")
        for message in messages:
            self.assertNotIn(signature, message["body"] or "", message)
        found, error = call_kw_result(
            self, "mail.message", "search", [("body", "ilike", signature)]
        )
        self.assertEqual(found, [])
        mails, error = call_kw_result(
            self, "mail.mail", "search_read", [], ["body_html"]
        )
        if error:
            self.assertEqual(error["name"], "odoo.exceptions.AccessError")
        else:
            for mail in mails:
                self.assertNotIn(signature, mail["body_html"] or "")
        for record in (estimate, self.ticket):
            chatter = self.url_open(
                "/mail/thread/messages",
                data=json.dumps(
                    {
                        "jsonrpc": "2.0",
                        "method": "call",
                        "id": 1,
                        "params": {
                            "thread_model": record._name,
                            "thread_id": record.id,
                        },
                    }
                ),
                headers={"Content-Type": "application/json"},
            )
            self.assertIn("result", chatter.json(), chatter.text)
            self.assertNotIn(signature, chatter.text)
        _values, error = call_kw_result(
            self,
            "helpdesk.support.estimate",
            "read",
            [estimate.id],
            ["support_kcp_url"],
        )
        self.assertEqual(error["name"], "odoo.exceptions.AccessError")

    def test_support_user_finds_no_signed_estimate_link(self):
        """R-70 (MQ 2.3: «После подтверждения ККЛ ... заявка передается на
        исполнение»): a plain support user sends an estimate, then searches
        every ``mail.message`` and ``mail.mail`` they can read (and the chatter
        of the estimate and the ticket) for the key contact's signed link."""
        self.authenticate("link_staff", "link_staff")
        wizard_id, error = call_kw_result(
            self,
            "helpdesk.support.estimate.wizard",
            "create",
            {"ticket_id": self.ticket.id, "hours": 5, "date_start": "2030-02-01"},
        )
        self.assertIsNone(error)
        _result, error = call_kw_result(
            self, "helpdesk.support.estimate.wizard", "action_send", [wizard_id]
        )
        self.assertIsNone(error)
        estimate = self.ticket.support_estimate_ids
        self.assertEqual(len(estimate), 1)
        signature = estimate._support_kcp_token(self.kcp)
        # the link exists in the mail going out to the key contact
        mail = self.env["mail.mail"].search([("body_html", "ilike", signature)])
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.recipient_ids, self.kcp)
        query = parse_qs(urlparse(estimate.support_kcp_url).query)
        self.assertEqual(query["kcp_token"], [signature])
        self.assertIn(f"pid={self.kcp.id}", mail.body_html)
        # ...and nowhere the support user can read, before and after sending
        self.assertStaffCannotFind(signature, estimate)
        with self.mock_smtplib_connection():  # an SMTP server that records
            mail.send()
        self.assertFalse(mail.exists(), "the sent mail is deleted")
        self.assertEqual(len(self.emails), 1)
        self.assertEqual(self.emails[0]["smtp_to_list"], ["kcp@l.test"])
        sent = email.message_from_string(self.emails[0]["message"])
        self.assertTrue(
            any(
                signature in part.get_payload(decode=True).decode()
                for part in sent.walk()
                if part.get_content_maintype() == "text"
            ),
            "the signed link went out to the key contact",
        )
        self.assertFalse(
            self.env["mail.message"].search([("body", "ilike", signature)]),
            "no message keeps the signed link once the mail is sent",
        )
        self.assertStaffCannotFind(signature, estimate)
        # the key contact's link still works: they decide, logged out
        self.authenticate(None, None)
        params = {key: values[0] for key, values in query.items()}
        self.url_open(
            f"/my/support/estimate/{estimate.id}/decide",
            data=dict(
                params, decision="accept", csrf_token=http.Request.csrf_token(self)
            ),
        )
        self.assertEqual(estimate.state, "accepted")
        self.assertEqual(estimate.decided_by_id, self.kcp)


#: a real internal user: the default user template grants "Contact Creation"
DEFAULT_STAFF_GROUPS = (
    "base.group_user,base.group_partner_manager,"
    "helpdesk_mgmt_support_contract.group_support_user"
)


@tagged("post_install", "-at_install")
class TestEstimateDecisionLink(EstimateOrderCase):
    """A support user created from the default user template (so with
    "Contact Creation", hence Odoo's Share wizard) and the key contact
    person of a professional-services customer."""

    PREFIX = "decision"
    KCP_EMAIL = "kcp@r.test"
    ORDER = "Migrate the archive"
    STAFF_GROUPS = DEFAULT_STAFF_GROUPS

    def send_estimate_as_staff(self):
        """The support user sends an estimate with the staff wizard."""
        self.authenticate("decision_staff", "decision_staff")
        wizard_id, error = call_kw_result(
            self,
            "helpdesk.support.estimate.wizard",
            "create",
            {"ticket_id": self.ticket.id, "hours": 5, "date_start": "2030-02-01"},
        )
        self.assertIsNone(error)
        _result, error = call_kw_result(
            self, "helpdesk.support.estimate.wizard", "action_send", [wizard_id]
        )
        self.assertIsNone(error)
        estimate = self.ticket.support_estimate_ids
        self.assertEqual(len(estimate), 1)
        return estimate

    def decide_logged_out(self, estimate, params):
        self.authenticate(None, None)
        return self.url_open(
            f"/my/support/estimate/{estimate.id}/decide",
            data=dict(
                params, decision="accept", csrf_token=http.Request.csrf_token(self)
            ),
        )

    def assertUndecided(self, estimate):
        """Nothing of a decision reached the database."""
        estimate.invalidate_recordset()
        self.ticket.invalidate_recordset()
        self.assertEqual(estimate.state, "sent")
        self.assertFalse(estimate.decided_by_id)
        self.assertFalse(estimate.decision_date)
        self.assertFalse(self.ticket.support_certificate_id)
        self.assertFalse(
            self.env["mail.message"].search(
                [
                    ("model", "=", "helpdesk.ticket"),
                    ("res_id", "=", self.ticket.id),
                    ("body", "ilike", "Estimate accepted by"),
                ]
            )
        )

    def test_sent_note_keeps_the_key_contact_name_as_text(self):
        """R-70 (MQ 2.3 «После подтверждения ККЛ, указанной в ответе на заявку
        информации (сроки, часы, дополнительные условия), заявка передается на
        исполнение»): the
        note of a sent estimate, a template the company may edit, names the
        key contact person; a name written as markup stays text on the
        ticket every contact of the customer reads."""
        self.kcp.name = '<img src=x onerror="alert(1)">Kim'
        self.send_estimate_as_staff()
        note = self.env["mail.message"].search(
            [
                ("model", "=", "helpdesk.ticket"),
                ("res_id", "=", self.ticket.id),
                ("body", "ilike", "Open the estimate"),
            ]
        )
        self.assertEqual(len(note), 1)
        self.assertNotIn("<img", note.body)
        self.assertIn("&lt;img", note.body)

    def test_share_wizard_link_does_not_decide_as_the_key_contact(self):
        """MQ 2.3: "После подтверждения ККЛ ... заявка передается на
        исполнение": a support user shares the estimate with the key contact
        through Odoo's Share wizard (``portal.share``), reads the link it
        posts on the estimate, and accepts with it, logged out."""
        estimate = self.send_estimate_as_staff()
        share_id, error = call_kw_result(
            self,
            "portal.share",
            "create",
            {
                "res_model": estimate._name,
                "res_id": estimate.id,
                "partner_ids": [Command.set(self.kcp.ids)],
            },
        )
        self.assertIsNone(error, error)
        _result, error = call_kw_result(
            self, "portal.share", "action_send_mail", [share_id]
        )
        self.assertIsNone(error, error)
        messages, error = call_kw_result(
            self,
            "mail.message",
            "search_read",
            [("model", "=", estimate._name), ("res_id", "=", estimate.id)],
            ["body"],
        )
        self.assertIsNone(error, error)
        bodies = " ".join(message["body"] or "" for message in messages)
        href = re.search(r'href="([^"]*access_token=[^"]*)"', bodies)
        self.assertTrue(href, "the Share wizard posted its link as a note")
        query = parse_qs(urlparse(href.group(1).replace("&amp;", "&")).query)
        harvested = {key: values[0] for key, values in query.items()}
        self.decide_logged_out(estimate, harvested)
        self.assertUndecided(estimate)
        self.assertNotIn("hash", query, "no partner signature in a shared link")

    def test_generic_portal_signature_does_not_decide(self):
        """R-70 (MQ 2.3: «После подтверждения ККЛ ... заявка передается на
        исполнение»): Odoo's generic portal signature of the key contact
        (``pid`` + ``hash``, as ``portal.share`` and the ``/mail/view`` links
        of notifications carry it for anyone able to share the record) with the
        estimate's access token decides nothing."""
        estimate = self.send_estimate_as_staff()
        access_token, error = call_kw_result(
            self, "helpdesk.support.estimate", "read", [estimate.id], ["access_token"]
        )
        self.assertIsNone(error, error)
        self.decide_logged_out(
            estimate,
            {
                "access_token": access_token[0]["access_token"],
                "pid": self.kcp.id,
                "hash": estimate._sign_token(self.kcp.id),
            },
        )
        self.assertUndecided(estimate)

    def test_support_user_cannot_read_the_decision_secret(self):
        """R-70 (MQ 2.3: «После подтверждения ККЛ ... заявка передается на
        исполнение»): the secret of the key contact's link is readable by the
        system only: a support user reading it over JSON-RPC is refused."""
        estimate = self.send_estimate_as_staff()
        secret = estimate.sudo().support_kcp_secret
        self.assertTrue(secret)
        values, error = call_kw_result(
            self,
            "helpdesk.support.estimate",
            "read",
            [estimate.id],
            ["support_kcp_secret"],
        )
        self.assertIsNone(values)
        self.assertEqual(error["name"], "odoo.exceptions.AccessError")
        found, error = call_kw_result(
            self,
            "helpdesk.support.estimate",
            "search",
            [("support_kcp_secret", "=", secret)],
        )
        self.assertFalse(found)
        self.assertEqual(estimate.sudo().support_kcp_secret, secret)
        self.assertUndecided(estimate)

    def test_key_contact_link_is_single_use(self):
        """R-70 (MQ 2.3: «После подтверждения ККЛ ... заявка передается на
        исполнение»): once the key contact decided, the secret of the mailed
        link is cleared; a copy of the link replayed later changes nothing."""
        estimate = self.send_estimate_as_staff()
        query = parse_qs(urlparse(estimate.support_kcp_url).query)
        params = {key: values[0] for key, values in query.items()}
        self.assertIn("kcp_token", params)
        self.assertNotIn("hash", params)
        self.authenticate(None, None)
        self.url_open(
            f"/my/support/estimate/{estimate.id}/decide",
            data=dict(
                params, decision="decline", csrf_token=http.Request.csrf_token(self)
            ),
        )
        estimate.invalidate_recordset()
        self.assertEqual(estimate.state, "declined")
        self.assertEqual(estimate.decided_by_id, self.kcp)
        self.assertFalse(estimate.sudo().support_kcp_secret)
        decided = estimate.decision_date
        self.decide_logged_out(estimate, params)
        estimate.invalidate_recordset()
        self.assertEqual(estimate.state, "declined")
        self.assertEqual(estimate.decision_date, decided)
        self.assertFalse(self.ticket.support_certificate_id)

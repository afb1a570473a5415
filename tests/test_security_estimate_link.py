# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""#12.5: the key contact's signed estimate link is for the key contact only.

Whoever holds the link (``access_token`` + ``pid`` + ``kcp_token``) accepts or
declines the estimate as the key contact person, logged out (MQ 2.3: "Оценка
трудозатрат ... согласовывается с КЛ клиента"). A plain support user sends the
estimate, then looks for the signature everywhere they can read.
"""

import email
import json
from urllib.parse import parse_qs, urlparse

from odoo import Command, http
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.base.tests.common import MockSmtplibCase

from .common import WIDE, call_kw_result

#: valid at the real date of the HTTP server, whatever the year


@tagged("post_install", "-at_install")
class TestEstimateLinkNotForStaff(HttpCase, MockSmtplibCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env.company
        cls.env["helpdesk.support.preset.wizard"]._load_preset("mq", company.id)
        company_vals = {
            "company_id": company.id,
            "company_ids": [Command.set(company.ids)],
        }
        organisation = cls.env["res.partner"].create(
            {"name": "Link LLC", "is_company": True}
        )
        cls.kcp = cls.env["res.partner"].create(
            {"name": "link_kcp", "parent_id": organisation.id, "email": "kcp@l.test"}
        )
        contract = cls.env["helpdesk.support.contract"].create(
            dict(
                WIDE,
                partner_id=organisation.id,
                tier_id=cls.env["helpdesk.support.tier"]
                .search([("code", "=", "mq_basic"), ("company_id", "=", company.id)])
                .id,
                contact_ids=[Command.set(cls.kcp.ids)],
                key_contact_id=cls.kcp.id,
            )
        )
        contract.action_activate()
        cls.env["helpdesk.support.certificate"].create(
            dict(WIDE, partner_id=organisation.id, hours_prepaid=40)
        )
        cls.staff = new_test_user(
            cls.env,
            login="link_staff",
            email="link_staff@support.test",
            groups="helpdesk_mgmt_support_contract.group_support_user",
            **company_vals,
        )
        team = cls.env["helpdesk.ticket.team"].create(
            {"name": "Link team", "user_ids": [Command.set(cls.staff.ids)]}
        )
        cls.ticket = cls.env["helpdesk.ticket"].create(
            {
                "name": "Install the cluster",
                "description": "x",
                "partner_id": cls.kcp.id,
                "team_id": team.id,
                "user_id": cls.staff.id,
                "category_id": cls.env["helpdesk.ticket.category"]
                .search(
                    [
                        ("code", "=", "professional_service"),
                        ("company_id", "=", company.id),
                    ]
                )
                .id,
            }
        )

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
        """#12.5: a plain support user sends an estimate, then searches every
        ``mail.message`` and ``mail.mail`` they can read (and the chatter of
        the estimate and the ticket) for the key contact's signed link."""
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

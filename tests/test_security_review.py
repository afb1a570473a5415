# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Issue #12: three bypasses an outside reviewer found in the fixes of
items 5, 6 and 8, each attacked through the entry point an attacker uses —
JSON-RPC ``call_kw`` and the portal's HTTP routes as the user, or raw
RFC 822 text through ``mail.thread.message_process``. Each test asserts the
attack fails and that nothing changed in the database.

HTTP tests date their records 2020-2099, so they do not depend on today's
date; the mail gateway test runs at a frozen instant.
"""

import re
from urllib.parse import parse_qs, urlparse

from freezegun import freeze_time

from odoo import Command, http
from odoo.tests import HttpCase, new_test_user, tagged

from .common import WIDE, SupportTicketCase, call_kw_result

#: valid at the real date of the HTTP server, whatever the year
#: a real internal user: the default user template grants "Contact Creation"
DEFAULT_STAFF_GROUPS = (
    "base.group_user,base.group_partner_manager,"
    "helpdesk_mgmt_support_contract.group_support_user"
)


def raw_mail(sender, subject, body="Hello", message_id=None):
    """A plain-text RFC 822 message to the support address."""
    head = [
        f"From: {sender}",
        "To: support@company.test",
        f"Subject: {subject}",
        f"Message-Id: <{message_id or abs(hash((sender, subject, body)))}@test>",
        "Date: Mon, 01 Jun 2026 10:00:00 +0300",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=utf-8",
    ]
    return "\r\n".join(head) + "\r\n\r\n" + body + "\r\n"


# ----------------------------------------------------------------------
# #12.5: the key contact's decision link
# ----------------------------------------------------------------------
@tagged("post_install", "-at_install")
class TestReviewEstimateDecisionLink(HttpCase):
    """A support user created from the default user template (so with
    "Contact Creation", hence Odoo's Share wizard) and the key contact
    person of a professional-services customer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env.company
        cls.env["helpdesk.support.preset.wizard"]._load_preset("mq", company.id)
        organisation = cls.env["res.partner"].create(
            {"name": "Review LLC", "is_company": True}
        )
        cls.kcp = cls.env["res.partner"].create(
            {"name": "review_kcp", "parent_id": organisation.id, "email": "kcp@r.test"}
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
            login="review_staff",
            email="review_staff@support.test",
            groups=DEFAULT_STAFF_GROUPS,
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )
        team = cls.env["helpdesk.ticket.team"].create(
            {"name": "Review team", "user_ids": [Command.set(cls.staff.ids)]}
        )
        cls.ticket = cls.env["helpdesk.ticket"].create(
            {
                "name": "Migrate the archive",
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

    def send_estimate_as_staff(self):
        """The support user sends an estimate with the staff wizard."""
        self.authenticate("review_staff", "review_staff")
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

    def test_share_wizard_link_does_not_decide_as_the_key_contact(self):
        """#12.5 (MQ 2.3: "После подтверждения ККЛ ... заявка передается на
        исполнение"): a support user shares the estimate with the key contact
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
        """#12.5: Odoo's generic portal signature of the key contact
        (``pid`` + ``hash``, as ``portal.share`` and the ``/mail/view`` links
        of notifications carry it for anyone able to share the record) with
        the estimate's access token decides nothing."""
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
        """#12.5: the secret of the key contact's link is readable by the
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
        """#12.5: once the key contact decided, the secret of the mailed link
        is cleared; a copy of the link replayed later changes nothing."""
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


# ----------------------------------------------------------------------
# #12.8: acknowledgements to forged senders
# ----------------------------------------------------------------------
# Odoo names a mail without Message-Id after the current time: let it run
@tagged("post_install", "-at_install")
@freeze_time("2026-06-01 07:00:00", tick=True)
class TestReviewAcknowledgementFlood(SupportTicketCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        domain = cls.env["mail.alias.domain"].create({"name": "company.test"})
        cls.company.alias_domain_id = domain
        cls.team.write({"alias_name": "support", "alias_domain_id": domain.id})

    def test_forged_sender_gets_at_most_three_acknowledgements(self):
        """#12.8 (DS 5.4: "генерируется и высылается на адрес Отправителя
        письмо с подтверждением"): six mails forged from a victim's address
        queue acknowledgements; the support address mails the victim at most
        three an hour, none carrying the attacker's subject, and notes the
        others on their tickets."""
        victim = "victim@elsewhere.test"
        lure = "Re-login at http://evil.test now"
        Thread = self.env["mail.thread"].with_company(self.company)
        for index in range(6):
            Thread.message_process(
                False, raw_mail(victim, f"{lure} {index}", message_id=f"flood{index}")
            )
        tickets = self.env["helpdesk.ticket"].search([("name", "like", lure)])
        self.assertEqual(len(tickets), 6, "every mail is still a ticket")
        self.assertFalse(tickets.partner_id)
        self.env["helpdesk.ticket"]._cron_support_acknowledge()
        mails = self.env["mail.mail"].search(
            ["|", ("email_to", "ilike", victim), ("recipient_ids.email", "=", victim)]
        )
        self.assertEqual(len(mails), 3)
        for mail in mails:
            self.assertNotIn("evil.test", mail.subject)
            self.assertNotIn("evil.test", mail.body_html)
            self.assertRegex(mail.subject, r"^\[[A-Z]+-?\d+\] ")
        self.assertFalse(tickets.filtered("support_ack_pending"))
        notes = self.env["mail.message"].search(
            [
                ("model", "=", "helpdesk.ticket"),
                ("res_id", "in", tickets.ids),
                ("body", "ilike", "acknowledgement was not sent"),
            ]
        )
        self.assertEqual(len(notes), 3)
        self.assertTrue(all(note.subtype_id.internal for note in notes))


# ----------------------------------------------------------------------
# #12.6: ticket fields the system maintains
# ----------------------------------------------------------------------
@tagged("post_install", "-at_install")
class TestReviewTicketSystemFields(HttpCase):
    """A plain support user, member of the ticket's team, over JSON-RPC."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env.company
        cls.env["helpdesk.support.preset.wizard"]._load_preset("mq", company.id)
        cls.staff = new_test_user(
            cls.env,
            login="review_fields_staff",
            groups="helpdesk_mgmt_support_contract.group_support_user",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )
        team = cls.env["helpdesk.ticket.team"].create(
            {"name": "Fields team", "user_ids": [Command.set(cls.staff.ids)]}
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Fields LLC", "is_company": True}
        )
        cls.contact = cls.env["res.partner"].create(
            {
                "name": "fields_contact",
                "parent_id": cls.customer.id,
                "email": "f@r.test",
            }
        )
        cls.parent_ticket, cls.ticket = cls.env["helpdesk.ticket"].create(
            [
                {
                    "name": name,
                    "description": "x",
                    "partner_id": cls.contact.id,
                    "team_id": team.id,
                    "user_id": cls.staff.id,
                }
                for name in ("Older ticket", "Admin password inside")
            ]
        )
        # the customer gave access data: purged 30 days after receipt
        cls.ticket.write({"support_credentials": "root / secret"})
        cls.ticket.flush_recordset()

    def setUp(self):
        super().setUp()
        self.authenticate("review_fields_staff", "review_fields_staff")

    def snapshot(self, names):
        self.ticket.invalidate_recordset()
        return {name: self.ticket[name] for name in names}

    def assertWriteRefused(self, vals):
        before = self.snapshot(vals)
        result, error = call_kw_result(
            self, "helpdesk.ticket", "write", self.ticket.ids, vals
        )
        self.assertIsNone(result)
        self.assertEqual(error["name"], "odoo.exceptions.AccessError")
        self.assertIn("support system maintains", error["message"])
        self.assertEqual(self.snapshot(vals), before)

    def test_support_user_cannot_stop_the_confidential_purge(self):
        """#12.6 (R-63; DS 5.3: "Сразу после закрытия проблемы вы должны
        изменить данные аутентификации"): a support user clears the date the
        access data were received, which the purge of confidential data
        reads, over JSON-RPC ``write``."""
        self.assertTrue(self.ticket.support_confidential_since)
        self.assertWriteRefused({"support_confidential_since": False})

    def test_support_user_cannot_write_the_defect_confirmation_date(self):
        """#12.6 (MQ 1.4: "В ограничениях одновременно открытых обращений не
        учитываются подтвержденные СТП ошибки/сбои"): a support user backdates
        the defect confirmation by a direct ``write`` instead of the button."""
        self.assertWriteRefused(
            {"support_defect_confirmed_date": "2021-01-01 00:00:00"}
        )

    def test_support_user_cannot_write_the_autoclose_schedule(self):
        """#12.6 (R-60): a support user moves the automatic closing and its
        reminder, and the start of the wait for the customer."""
        self.assertWriteRefused(
            {
                "support_waiting_since": "2021-01-01 00:00:00",
                "support_autoclose_date": "2021-01-02 00:00:00",
                "support_autoclose_reminder_date": "2021-01-01 12:00:00",
            }
        )

    def test_support_user_cannot_queue_an_acknowledgement(self):
        """#12.6 (R-50): a support user marks the ticket for the automatic
        acknowledgement, which the support address then mails."""
        self.assertWriteRefused({"support_ack_pending": True})

    def test_support_user_cannot_write_the_identified_organisation(self):
        """#12.6 (DS 5.8): a support user sets the organisation the mail
        gateway identified from the mail."""
        self.assertWriteRefused({"support_identified_partner_id": self.customer.id})

    def test_support_user_cannot_link_a_parent_ticket(self):
        """#12.6 (R-61): a support user links the ticket as a follow-up of
        another, which only the reopening rule does."""
        self.assertWriteRefused({"support_parent_ticket_id": self.parent_ticket.id})

    def test_support_user_cannot_create_with_system_fields(self):
        """#12.6: the same fields in a JSON-RPC ``create`` are refused and
        create no ticket."""
        count = self.env["helpdesk.ticket"].search_count([])
        result, error = call_kw_result(
            self,
            "helpdesk.ticket",
            "create",
            {
                "name": "Forged follow-up",
                "description": "x",
                "partner_id": self.contact.id,
                "support_parent_ticket_id": self.parent_ticket.id,
                "support_ack_pending": True,
            },
        )
        self.assertIsNone(result)
        self.assertEqual(error["name"], "odoo.exceptions.AccessError")
        self.assertEqual(self.env["helpdesk.ticket"].search_count([]), count)

    def test_confirm_defect_button_still_works(self):
        """#12.6: the button staff use still confirms the defect (it writes
        the system-maintained date after its own checks)."""
        self.assertFalse(self.ticket.support_defect_confirmed_date)
        _result, error = call_kw_result(
            self, "helpdesk.ticket", "action_support_confirm_defect", self.ticket.ids
        )
        self.assertIsNone(error, error)
        self.ticket.invalidate_recordset()
        self.assertTrue(self.ticket.support_defect_confirmed_date)

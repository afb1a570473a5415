# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import io
import random
import zipfile
from contextlib import contextmanager
from email import message_from_string, policy

from freezegun import freeze_time
from stdnum.ru import inn as stdnum_inn

from odoo import Command
from odoo.tests import tagged

from odoo.addons.base.tests.common import MockSmtplibCase

from ..tools.ru_registry import find_registry_numbers, is_valid_inn, is_valid_ogrn
from .common import SupportTicketCase

INN = "7707083893"  # valid check digit
OGRN = "1027700132195"


def raw_mail(
    sender,
    subject,
    body="Hello",
    to="support@company.test",
    message_id=None,
    headers=(),
    attachments=(),
):
    """An RFC 822 message, multipart when it carries attachments."""
    head = [
        f"From: {sender}",
        f"To: {to}",
        f"Subject: {subject}",
        f"Message-Id: <{message_id or abs(hash((sender, subject, body)))}@test>",
        "Date: Mon, 01 Jun 2026 10:00:00 +0300",
        "MIME-Version: 1.0",
        *headers,
    ]
    if not attachments:
        head.append("Content-Type: text/plain; charset=utf-8")
        return "\r\n".join(head) + "\r\n\r\n" + body + "\r\n"
    boundary = "b0undary"
    head.append(f'Content-Type: multipart/mixed; boundary="{boundary}"')
    parts = [
        f"--{boundary}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
    ]
    for name, content in attachments:
        data = base64.b64encode(content).decode()
        parts.append(
            f"--{boundary}\r\nContent-Type: application/octet-stream; "
            f'name="{name}"\r\nContent-Disposition: attachment; filename="{name}"'
            f"\r\nContent-Transfer-Encoding: base64\r\n\r\n{data}\r\n"
        )
    return "\r\n".join(head) + "\r\n\r\n" + "".join(parts) + f"--{boundary}--\r\n"


class GatewayCase(MockSmtplibCase, SupportTicketCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.support_alias("company.test", cls.team)
        cls.licensee = cls.make_customer("ds_commercial", "licensee", name="Mail JSC")
        cls.licensee.commercial_partner_id.write({"vat": INN, "company_registry": OGRN})
        contract = cls.contract_of(cls.licensee)
        contract.contact_ids = [Command.set(cls.licensee.ids)]

    def tickets(self, subject):
        return self.env["helpdesk.ticket"].search([("name", "=", subject)])

    @contextmanager
    def on_the_wire(self):
        """Mail sent meanwhile reaches a fake SMTP session (``self.emails``).

        The bounces of the gateway are sent at once (``mail.mail.send()``)
        and deleted once sent. Without a session, how that ends depends on
        the test runner: Odoo's (``--test-enable``) skips the SMTP talk in
        test mode, so the mail counts as sent and is deleted, while
        pytest-odoo tries a real connection, fails and leaves the mail in the
        queue. On the wire both send it as a server would.
        """
        with self.mock_smtplib_connection():
            yield

    def sent_to(self, email):
        """The messages sent on the wire to ``email``."""
        return [
            message_from_string(sent["message"], policy=policy.default)
            for sent in getattr(self, "emails", ())
            if email in sent["smtp_to_list"]
        ]


@tagged("post_install", "-at_install")
@freeze_time("2026-06-01 07:00:00")
class TestMailGateway(GatewayCase):
    def test_inn_check_digits_are_stdnums(self):
        """R-51 (DS 5.8): INN check digits come from python-stdnum; only digits are
        taken."""
        rng = random.Random(20261130)
        for _sample in range(2000):
            number = "".join(
                rng.choice("0123456789") for _digit in range(rng.choice((10, 12)))
            )
            self.assertEqual(is_valid_inn(number), stdnum_inn.is_valid(number))
        self.assertTrue(stdnum_inn.is_valid(f" {INN} "))
        self.assertFalse(is_valid_inn(f" {INN} "))
        self.assertFalse(is_valid_inn(None))

    def test_registry_numbers(self):
        """R-51 (DS 5.8): INN and OGRN are validated with their check digits."""
        self.assertTrue(is_valid_inn(INN))
        self.assertFalse(is_valid_inn("7707083894"))
        self.assertTrue(is_valid_inn("500100732259"))
        self.assertTrue(is_valid_ogrn(OGRN))
        self.assertTrue(is_valid_ogrn("304500116000157"))
        self.assertFalse(is_valid_ogrn("1027700132196"))
        self.assertEqual(
            find_registry_numbers(f"ИНН {INN}; ОГРН {OGRN}; тел. 84951234567"),
            ({INN}, {OGRN}),
        )

    def test_acknowledgement_with_tid_and_sla(self):
        """R-50 (DS 5.4, 5.5): mail to support creates a ticket whose acknowledgement
        gives the TID and the SLA level."""
        self.process(raw_mail(self.licensee.email, "Server is down"))
        ticket = self.tickets("Server is down")
        self.assertTrue(ticket.support_ack_pending)
        self.assertFalse(self.messages(ticket, "is registered under the number"))
        self.assertEqual(
            self.env["helpdesk.ticket"]._cron_support_acknowledge(), ticket
        )
        self.assertFalse(self.env["helpdesk.ticket"]._cron_support_acknowledge())
        self.assertEqual(ticket.team_id, self.team)
        self.assertEqual(
            ticket.support_sla_level_id, self.level("ds_licensee_standard")
        )
        ack = self.messages(ticket, "is registered under the number")
        self.assertEqual(len(ack), 1)
        self.assertIn(ticket.number, ack.subject)
        self.assertIn(ticket.number, ack.body)
        self.assertIn("Licensees: standard support", ack.body)
        self.assertIn("6 working hours", ack.body)
        self.assertIn(self.licensee, ack.partner_ids)
        self.assertEqual(self.response_timer(ticket).state, "running")

    def test_no_acknowledgement_to_automatic_mail(self):
        """R-50 (DS 5.4, DS 5.5): automatic mail gets no acknowledgement, so no
        reply loops."""
        self.process(
            raw_mail(
                self.licensee.email,
                "Out of office",
                headers=("Auto-Submitted: auto-replied",),
            )
        )
        ticket = self.tickets("Out of office")
        self.assertTrue(ticket)
        self.assertFalse(ticket.support_ack_pending)
        self.env["helpdesk.ticket"]._cron_support_acknowledge()
        self.assertFalse(self.messages(ticket, "is registered under the number"))

    def test_automatic_mail_headers(self):
        """R-50: Every header the gateway takes for a program's mail, including those
        OCA mail_autogenerated_header does not check (Precedence, X-Autoreply,
        X-Autorespond, X-Auto-Response-Suppress: OOF) and the case-insensitive "no"
        of RFC 3834."""
        automatic = [
            "Auto-Submitted: auto-replied",
            "Auto-Submitted: auto-generated",
            "Precedence: bulk",
            "Precedence: junk",
            "Precedence: list",
            "Precedence: auto_reply",
            "X-Autoreply: yes",
            "X-Autorespond: Out of office",
            "X-Auto-Response-Suppress: All",
            "X-Auto-Response-Suppress: OOF",
            "X-Auto-Response-Suppress: AutoReply",
        ]
        human = ["Auto-Submitted: no", "Auto-Submitted: No", "Precedence: first-class"]
        for index, header in enumerate(automatic + human):
            subject = f"Header case {index}"
            self.process(
                raw_mail(
                    self.licensee.email,
                    subject,
                    headers=(header,),
                    message_id=f"header-{index}",
                )
            )
            with self.subTest(header=header):
                ticket = self.tickets(subject)
                self.assertTrue(ticket)
                self.assertEqual(ticket.support_ack_pending, header in human)

    def test_tid_in_subject_threads_the_reply(self):
        """R-50 (DS 5.5): a reply keeping the TID in its subject is threaded into the
        ticket."""
        self.process(raw_mail(self.licensee.email, "Printing fails"))
        ticket = self.tickets("Printing fails")
        self.process(
            raw_mail(
                self.licensee.email,
                f"Re: [{ticket.number}] Printing fails",
                body="Here is the log you asked for",
                message_id="reply-1",
            )
        )
        self.assertEqual(len(self.tickets(f"Re: [{ticket.number}] Printing fails")), 0)
        self.assertTrue(self.messages(ticket, "Here is the log you asked for"))

    def test_forged_tid_never_reaches_another_customer(self):
        """R-50, R-32: a forged TID never threads mail into another customer's
        ticket."""
        self.process(raw_mail(self.licensee.email, "Confidential matter"))
        victim = self.tickets("Confidential matter")
        intruder = self.make_customer("mq_basic", name="Intruder LLC")
        subject = f"Re: [{victim.number}] Confidential matter"
        self.process(
            raw_mail(intruder.email, subject, body="Injected text", message_id="forged")
        )
        self.assertFalse(self.messages(victim, "Injected text"))
        own = self.tickets(subject)
        self.assertEqual(own.partner_id, intruder)

    def test_attachment_policy(self):
        """R-52 (DS 5.7): JPG, GIF, PNG accepted, BMP only inside an archive, anything
        else refused with a message; the ticket is created."""
        self.process(
            raw_mail(
                self.licensee.email,
                "Screens attached",
                attachments=(
                    ("screen.png", b"\x89PNG fake"),
                    ("photo.JPG", b"jpeg"),
                    ("logs.zip", b"PK zip"),
                    ("picture.bmp", b"BM bmp"),
                    ("tool.exe", b"MZ exe"),
                ),
            )
        )
        ticket = self.tickets("Screens attached")
        names = set(
            self.env["ir.attachment"]
            .search([("res_model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id)])
            .mapped("name")
        )
        self.assertEqual(names, {"screen.png", "photo.JPG", "logs.zip"})
        notice = self.messages(ticket, "were not accepted")
        self.assertEqual(len(notice), 1)
        self.assertIn("picture.bmp", notice.body)
        self.assertIn("tool.exe", notice.body)
        self.assertIn(self.licensee, notice.partner_ids)

    def test_sender_identified_by_inn(self):
        """R-51 (DS 5.8): a sender is identified by the organisation's INN in the
        mail."""
        self.process(
            raw_mail(
                "someone@gmail.test",
                "Who are we",
                body=f"Our company, INN {INN}, cannot sign documents.",
            )
        )
        ticket = self.tickets("Who are we")
        self.assertEqual(
            ticket.support_identified_partner_id, self.licensee.commercial_partner_id
        )
        # not from the licensee's contacts: no commercial SLA
        self.assertFalse(ticket.support_contract_id)
        self.assertEqual(ticket.support_sla_level_id, self.level("ds_non_commercial"))
        self.assertTrue(self.messages(ticket, "is not one of its registered contacts"))

    def test_acknowledgement_to_an_unknown_sender(self):
        """R-50 (DS 5.1, 5.5): an unknown sender gets a ticket without a customer and an
        acknowledgement."""
        self.process(raw_mail("first.time@newcomer.test", "Hello support"))
        ticket = self.tickets("Hello support")
        self.assertFalse(ticket.partner_id)
        self.env["helpdesk.ticket"]._cron_support_acknowledge()
        mail = self.env["mail.mail"].search(
            [("email_to", "=", "first.time@newcomer.test")]
        )
        self.assertEqual(len(mail), 1)
        self.assertIn(ticket.number, mail.subject)

    def test_sender_identified_by_name_or_contact_address(self):
        """R-51 (DS 5.8): a sender is identified by the organisation's name or a
        contact's address."""
        self.process(
            raw_mail(
                "colleague@gmail.test",
                "Name only",
                body="We are from Mail JSC and the archive is empty.",
            )
        )
        self.assertEqual(
            self.tickets("Name only").support_identified_partner_id,
            self.licensee.commercial_partner_id,
        )
        self.process(
            raw_mail(
                "assistant@gmail.test",
                "Address only",
                body=f"Please answer {self.licensee.email} as well.",
            )
        )
        ticket = self.tickets("Address only")
        self.assertEqual(
            ticket.support_identified_partner_id, self.licensee.commercial_partner_id
        )
        self.assertFalse(ticket.support_contract_id)

    def test_wrong_check_digit_identifies_nobody(self):
        """R-51 (DS 5.8): an INN with a wrong check digit identifies nobody."""
        self.process(
            raw_mail("someone@gmail.test", "Typo", body="INN 7707083894 please help")
        )
        self.assertFalse(self.tickets("Typo").support_identified_partner_id)


@tagged("post_install", "-at_install")
@freeze_time("2026-06-01 07:00:00")
class TestRegisteredContactsOnly(GatewayCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team.support_registered_only = True

    def bounces(self, email):
        """Replies to ``email``: sent on the wire or still in the queue."""
        queued = self.env["mail.mail"].search([("email_to", "ilike", email)])
        return [*self.sent_to(email), *queued]

    def test_registered_contact_gets_a_ticket(self):
        """R-51 (MQ 1.3): mail from a registered contact creates a ticket."""
        self.process(raw_mail(self.licensee.email, "Registered"))
        self.assertTrue(self.tickets("Registered"))

    def test_stranger_gets_no_ticket_but_an_explanation(self):
        """R-51 (MQ 1.3): mail from an unregistered address creates no ticket; the
        sender is told why."""
        with self.on_the_wire():
            self.process(raw_mail("nobody@unknown.test", "Let me in"))
        self.assertFalse(self.tickets("Let me in"))
        self.assertEqual(len(self.bounces("nobody@unknown.test")), 1)
        (bounce,) = self.sent_to("nobody@unknown.test")
        self.assertIn(
            "registered contacts of a support contract",
            bounce.get_body(("html", "plain")).get_content(),
        )

    def test_no_reply_loops(self):
        """R-51 (MQ 1.3): the explanation is not sent to automatic mail, so no reply
        loops."""
        with self.on_the_wire():
            self.process(
                raw_mail(
                    "robot@unknown.test",
                    "Automatic",
                    headers=("Auto-Submitted: auto-generated",),
                )
            )
            for index in range(6):
                self.process(
                    raw_mail(
                        "chatty@unknown.test", f"Again {index}", message_id=f"c{index}"
                    )
                )
        self.assertFalse(self.bounces("robot@unknown.test"))
        self.assertEqual(len(self.bounces("chatty@unknown.test")), 3)


@tagged("post_install", "-at_install")
class TestCorrespondenceExport(GatewayCase):
    def test_export_zip(self):
        """R-53 (DS 5.5): the correspondence export is a ZIP of the correspondence with
        the sender, without internal notes."""
        self.process(
            raw_mail(
                self.licensee.email,
                "Export me",
                body="First message of the customer",
                attachments=(("screen.png", b"\x89PNG picture"),),
            )
        )
        ticket = self.tickets("Export me")
        self.env["helpdesk.ticket"]._cron_support_acknowledge()
        self.staff_reply(ticket, "2026-06-01 08:00:00")
        data = ticket._support_export_zip()
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            conversation = archive.read("conversation.html").decode()
            picture = [n for n in names if n.endswith("screen.png")]
            self.assertEqual(len(picture), 1)
            self.assertEqual(archive.read(picture[0]), b"\x89PNG picture")
        self.assertIn("First message of the customer", conversation)
        self.assertIn("Answer", conversation)
        self.assertIn("is registered under the number", conversation)
        action = ticket.with_user(self.support_user).action_support_export()
        self.assertIn(f"/helpdesk_support/ticket/{ticket.id}/export", action["url"])

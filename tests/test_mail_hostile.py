# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import random
from email import message_from_string, policy

from freezegun import freeze_time

from odoo.tests import tagged

from .test_mail_gateway import GatewayCase, raw_mail

COUNT = 1000


# time runs: Odoo names a mail without Message-Id after the current time
@tagged("post_install", "-at_install")
@freeze_time("2026-06-01 07:00:00", tick=True)
class TestHostileMail(GatewayCase):
    """1,000 generated malformed mails through ``message_process``: none
    crashes the gateway, none is lost, a forged TID never reaches another
    customer's ticket."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        domain = cls.company.alias_domain_id
        cls.members_team = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "Members only",
                "company_id": cls.company.id,
                "alias_name": "members",
                "alias_domain_id": domain.id,
                "support_registered_only": True,
            }
        )

    def mail(self, index, rng, victim):
        token = f"TOKEN{index:04d}"
        sender = f"sender{index}@hostile{index % 97}.test"
        kind = index % 10
        if kind == 0:  # broken encoded words and a body in a lying charset
            return "ticket", (
                f"From: {sender}\r\nTo: support@company.test\r\n"
                f"Subject: {token} =?utf-8?B?0J/RgNC4?= =?koi8-r?Q?=FF=FE?=\r\n"
                f"Message-Id: <{token}@hostile>\r\n"
                "Content-Type: text/plain; charset=koi8-r\r\n"
                "Content-Transfer-Encoding: 8bit\r\n\r\n"
            ).encode() + f"Привет {token} ".encode() + b"\xff\xfe\x00\r\n"
        if kind == 1:  # no From, no Date, no Message-Id
            return "ticket", (
                f"To: support@company.test\r\nSubject: {token} anonymous\r\n"
                f"Content-Type: text/plain\r\n\r\n{token} who am I\r\n"
            )
        if kind == 2:  # no subject, no content type
            return "ticket", (
                f"From: {sender}\r\nTo: support@company.test\r\n"
                f"Message-Id: <{token}@hostile>\r\n\r\n{token}\r\n"
            )
        if kind == 3:  # a big attachment and one of a refused type
            size = 1_000_000 if index % 100 == 3 else 20_000
            return "ticket", raw_mail(
                sender,
                f"{token} big",
                body=token,
                message_id=token,
                attachments=(
                    ("huge.png", rng.randbytes(size)),
                    ("virus.exe", b"MZ" * 10),
                ),
            )
        if kind == 4:  # nested multiparts and a forwarded message
            inner = raw_mail(sender, f"{token} inner", body="inner")
            boundary, nested = "outer", "inner"
            return "ticket", (
                f"From: {sender}\r\nTo: support@company.test\r\n"
                f"Subject: {token} nested\r\nMessage-Id: <{token}@hostile>\r\n"
                f'Content-Type: multipart/mixed; boundary="{boundary}"\r\n\r\n'
                f"--{boundary}\r\n"
                f'Content-Type: multipart/alternative; boundary="{nested}"\r\n\r\n'
                f"--{nested}\r\nContent-Type: text/plain\r\n\r\n{token}\r\n"
                f"--{nested}\r\nContent-Type: text/html\r\n\r\n<p>{token}</p>\r\n"
                f"--{nested}--\r\n"
                f"--{boundary}\r\nContent-Type: message/rfc822\r\n\r\n{inner}\r\n"
                f"--{boundary}--\r\n"
            )
        if kind == 5:  # a forged TID of another customer's ticket
            return "ticket", raw_mail(
                sender,
                f"Re: [{victim.number}] {token}",
                body=f"{token} let me in",
                message_id=token,
            )
        if kind == 6:  # unknown sender to the registered-only address
            return "refused", raw_mail(
                sender,
                f"{token} stranger",
                to="members@company.test",
                message_id=token,
            )
        if kind == 7:  # a robot to the registered-only address: no answer
            return "silent", raw_mail(
                sender,
                f"{token} robot",
                to="members@company.test",
                message_id=token,
                headers=("Auto-Submitted: auto-replied",),
            )
        if kind == 8:  # garbage base64 and an unterminated multipart
            return "ticket", (
                f"From: {sender}\r\nTo: support@company.test\r\n"
                f"Subject: {token} garbage\r\nMessage-Id: <{token}@hostile>\r\n"
                'Content-Type: multipart/mixed; boundary="x"\r\n\r\n'
                "--x\r\nContent-Type: text/plain\r\n"
                f"Content-Transfer-Encoding: base64\r\n\r\n!!{token}!!\r\n"
                "--x\r\nContent-Type: image/png; name=a.png\r\n"
                "Content-Transfer-Encoding: base64\r\n\r\n%%%not base64%%%\r\n"
            )
        # a plain mail with a very long subject and odd characters
        subject = f"{token} " + "Ω\u202e" * 300
        return "ticket", raw_mail(
            sender,
            subject,
            body=base64.b64encode(rng.randbytes(64)).decode(),
            message_id=token,
        )

    def test_thousand_hostile_mails(self):
        """R-50, R-52 (DS 5.1, 5.7): a thousand malformed mails: none crashes the
        gateway, none is lost, a forged TID never reaches another customer."""
        self.process(raw_mail(self.licensee.email, "Victim ticket"))
        victim = self.tickets("Victim ticket")
        victim_messages = len(victim.message_ids)
        rng = random.Random(20261123)
        expected = {}
        with self.on_the_wire():  # the refusals are sent at once
            for index in range(COUNT):
                outcome, raw = self.mail(index, rng, victim)
                expected[f"TOKEN{index:04d}"] = outcome
                try:
                    self.process(raw)
                except Exception as error:  # noqa: BLE001 - the assertion reports it
                    self.fail(
                        f"mail {index} ({outcome}) crashed the gateway: {error!r}"
                    )
        self.env.invalidate_all()
        tickets = self.env["helpdesk.ticket"].search(
            [("team_id", "in", (self.team | self.members_team).ids)]
        )
        names = "\n".join(tickets.mapped("name"))
        bodies = "\n".join(
            self.env["mail.message"]
            .search([("model", "=", "helpdesk.ticket"), ("res_id", "in", tickets.ids)])
            .mapped(lambda m: f"{m.subject or ''} {m.body or ''}")
        )
        # replies sent on the wire and those still in the queue
        bounces = "\n".join(
            [
                *(
                    str(
                        message_from_string(sent["message"], policy=policy.default)[
                            "Subject"
                        ]
                    )
                    for sent in self.emails
                ),
                *self.env["mail.mail"].search([]).mapped(lambda m: m.subject or ""),
            ]
        )
        lost = []
        for token, outcome in expected.items():
            if outcome == "ticket" and token not in names and token not in bodies:
                lost.append(token)
            elif outcome == "refused" and token not in bounces:
                lost.append(token)
            elif outcome in ("refused", "silent") and token in names:
                lost.append(f"{token} created a ticket")
        self.assertFalse(lost, f"{len(lost)} mails lost: {lost[:10]}")
        robot_replies = [
            token
            for token, outcome in expected.items()
            if outcome == "silent" and token in bounces
        ]
        self.assertFalse(robot_replies, "a robot got an answer")
        self.assertEqual(len(victim.message_ids), victim_messages)

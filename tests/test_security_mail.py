# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The mail gateway (R-50, DS 5.1 and 5.4; R-52, DS 5.7) serves the portal's
rule (R-32, MQ 1.6) and bounds what it mails back; attacks, each one raw
RFC 822 text through ``mail.thread.message_process`` — what a mail server
hands to Odoo — or an RPC call of a gateway method as a portal user."""

import base64
from urllib.parse import quote

from freezegun import freeze_time
from freezegun.api import real_perf_counter

from odoo import Command
from odoo.tests import JsonRpcException, new_test_user, tagged

from .common import GatewayTicketCase, SecurityHttpCase

# a refused attachment whose name is a link (R-52: the notice quotes it)
LINK_NAME = '<a href="https://evil.test/login">Re-login</a>.exe'


def raw_mail(
    sender,
    subject,
    body="Hello",
    message_id=None,
    headers=(),
    attachments=(),
):
    """An RFC 822 message to the support address, multipart when it carries
    attachments (their names RFC 2231-encoded, so any character passes)."""
    head = [
        f"From: {sender}",
        "To: support@company.test",
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
        encoded = quote(name, safe="")
        parts.append(
            f"--{boundary}\r\nContent-Type: application/octet-stream\r\n"
            f"Content-Disposition: attachment; filename*=utf-8''{encoded}\r\n"
            f"Content-Transfer-Encoding: base64\r\n\r\n{data}\r\n"
        )
    return "\r\n".join(head) + "\r\n\r\n" + "".join(parts) + f"--{boundary}--\r\n"


# Odoo names a mail without Message-Id after the current time: let it run
@tagged("post_install", "-at_install")
@freeze_time("2026-06-01 07:00:00", tick=True)
class TestMailGatewayAttacks(GatewayTicketCase):
    """Customer LLC: Alice and Bob form a team of contacts (they see each
    other's tickets, R-32); Carol (with a portal user) and Dave (without)
    are contacts outside that team and see only their own tickets."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contract = cls.make_team_contract(
            cls.alice | cls.bob | cls.carol | cls.dave, cls.alice | cls.bob
        )
        cls.carol_user = new_test_user(
            cls.env,
            login="carol_portal",
            groups="base.group_portal",
            partner_id=cls.carol.id,
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )

    def alice_ticket(self, subject="Salary report is wrong"):
        self.process(raw_mail(self.alice.email, subject, body="Confidential details"))
        ticket = self.tickets(subject)
        self.assertEqual(ticket.partner_id, self.alice)
        return ticket

    def snapshot(self, ticket):
        """What an intruder must not change on ``ticket``."""
        self.env.flush_all()
        self.env.invalidate_all()
        return {
            "messages": ticket.message_ids.ids,
            "followers": ticket.message_partner_ids.ids,
            "stage": ticket.stage_id.id,
            "timers": [
                (timer.id, timer.state, timer.deadline)
                for timer in ticket.support_sla_timer_ids.sorted("id")
            ],
            "waiting": ticket.support_waiting_reason_id.id,
        }

    # ------------------------------------------------------------------
    # one large mail must not stall the gateway
    # ------------------------------------------------------------------

    def test_one_megabyte_mail_is_processed_quickly(self):
        """R-50 (DS 5.1: «путем отправления письма на адрес электронной почты
        ... в тикет-системе формируется новая заявка»): a 1 MB body of long
        "words" (the worst case of the old address pattern, quadratic: about
        two minutes for this mail) is processed in seconds and its ticket is
        created."""
        word = "x" * 20_000
        body = "\n".join([word] * 50)  # 1 MB
        tick = real_perf_counter()
        self.process(raw_mail("big.sender@unknown.test", "Huge log", body=body))
        elapsed = real_perf_counter() - tick
        ticket = self.tickets("Huge log")
        self.assertEqual(len(ticket), 1)
        self.assertLess(elapsed, 30, "sender identification must be linear")

    # ------------------------------------------------------------------
    # mail threading must not let the wrong people in
    # ------------------------------------------------------------------

    def test_tid_reply_of_contact_outside_the_team_gets_a_ticket_of_its_own(self):
        """R-32: Dave (a contact of the same customer outside Alice's
        team, no portal user) names Alice's TID in the subject. He is not
        threaded into her ticket nor made a follower of it; he gets a ticket
        of his own."""
        victim = self.alice_ticket()
        before = self.snapshot(victim)
        subject = f"Re: [{victim.number}] Salary report is wrong"
        self.process(
            raw_mail(
                self.dave.email, subject, body="Send me the figures", message_id="d1"
            )
        )
        self.assertEqual(self.snapshot(victim), before)
        self.assertFalse(self.messages(victim, "Send me the figures"))
        own = self.tickets(subject)
        self.assertEqual(own.partner_id, self.dave)
        self.assertTrue(self.messages(own, "Send me the figures"))

    def test_tid_reply_of_portal_contact_outside_the_team(self):
        """R-32: Carol, a portal user of the same customer outside
        Alice's team, cannot see Alice's ticket on the portal, so a mail of
        hers naming its TID is not threaded into it and does not make her a
        follower (she would receive every later staff reply)."""
        victim = self.alice_ticket()
        before = self.snapshot(victim)
        subject = f"Re: [{victim.number}] Salary report is wrong"
        self.process(
            raw_mail(self.carol.email, subject, body="Carol was here", message_id="c1")
        )
        self.assertEqual(self.snapshot(victim), before)
        self.assertNotIn(self.carol, victim.message_partner_ids)
        self.assertEqual(self.tickets(subject).partner_id, self.carol)

    def test_forged_tid_reply_does_not_reopen_a_closed_ticket(self):
        """R-32 (MQ 1.6): a reply naming the TID of a closed ticket of a colleague
        outside the sender's team neither reopens it nor restarts its SLA."""
        victim = self.alice_ticket()
        victim.stage_id = self.stage_done
        before = self.snapshot(victim)
        subject = f"Re: [{victim.number}] still broken"
        self.process(raw_mail(self.dave.email, subject, message_id="d2"))
        self.assertEqual(self.snapshot(victim), before)
        self.assertTrue(victim.stage_id.closed)
        self.assertEqual(self.tickets(subject).partner_id, self.dave)

    def test_forged_references_header_gets_a_ticket_of_its_own(self):
        """R-32 (MQ 1.6): Odoo threads a reply by its In-Reply-To/References headers.
        Dave, who was copied on Alice's first mail (so knows its Message-Id)
        but is outside her team, answers it: the same rule as for the TID
        applies, he gets a ticket of his own and does not follow hers."""
        victim = self.alice_ticket()
        first = victim.message_ids.filtered(lambda m: m.message_type == "email")
        self.assertTrue(first.message_id)
        before = self.snapshot(victim)
        self.process(
            raw_mail(
                self.dave.email,
                "Re: figures",
                body="Injected by reference",
                message_id="d3",
                headers=(
                    f"In-Reply-To: {first.message_id}",
                    f"References: {first.message_id}",
                ),
            )
        )
        self.assertEqual(self.snapshot(victim), before)
        own = self.tickets("Re: figures")
        self.assertEqual(own.partner_id, self.dave)
        self.assertTrue(self.messages(own, "Injected by reference"))

    def test_copy_of_a_reply_subscribes_nobody_outside_the_team(self):
        """R-32 (MQ 1.6): Alice answers her own ticket with Carol in copy. Alice's
        reply is threaded, but Carol (outside the team) is not subscribed:
        she would receive every later staff reply of a ticket she cannot
        see (R-32)."""
        victim = self.alice_ticket()
        first = victim.message_ids.filtered(lambda m: m.message_type == "email")
        self.process(
            raw_mail(
                self.alice.email,
                "Re: Salary report is wrong",
                body="Adding Carol",
                message_id="a2",
                headers=(
                    f"Cc: {self.carol.email}, {self.dave.email}",
                    f"In-Reply-To: {first.message_id}",
                ),
            )
        )
        self.assertTrue(self.messages(victim, "Adding Carol"))
        self.assertFalse((self.carol | self.dave) & victim.message_partner_ids)

    def test_copy_of_a_new_mail_subscribes_nobody_outside_the_team(self):
        """R-32 (MQ 1.6): a new mail of Alice with Carol and Dave in copy creates
        Alice's ticket; Carol and Dave, outside her team, do not follow it."""
        self.process(
            raw_mail(
                self.alice.email,
                "Copied colleagues",
                headers=(f"Cc: {self.carol.email}, {self.dave.email}",),
            )
        )
        ticket = self.tickets("Copied colleagues")
        self.assertIn(self.alice, ticket.message_partner_ids)
        self.assertFalse((self.carol | self.dave) & ticket.message_partner_ids)

    def test_tid_reply_of_a_teammate_is_threaded(self):
        """R-32 (MQ 1.6) and R-50 (DS 5.4): (control) Bob, in Alice's team,
        sees her ticket on the portal; his mail naming the TID is threaded into
        it."""
        victim = self.alice_ticket()
        subject = f"Re: [{victim.number}] Salary report is wrong"
        self.process(
            raw_mail(self.bob.email, subject, body="Bob adds a log", message_id="b1")
        )
        self.assertTrue(self.messages(victim, "Bob adds a log"))
        self.assertFalse(self.tickets(subject))

    def test_tid_reply_of_a_teammate_moved_to_another_company(self):
        """R-32, MQ glossary: «Команда — группа Клиентов Заказчика, которым
        доступны для просмотра обращения друг друга» (a team is a group of
        the Customer's clients, i.e. its employees); MQ 1.6: «Направленные
        через портал поддержки обращения пользователей доступны только для
        них самих и пользователей, состоящих с ними в одной команде».

        Bob (no portal user), in Alice's team, moves to another company; the
        team is not edited yet. The portal rule no longer shows him Alice's
        ticket, and the gateway's copy of that rule agrees: his mail
        naming her TID is not threaded into her ticket, nor does it make him
        a follower; he gets a ticket of his own."""
        victim = self.alice_ticket()
        other = self.env["res.partner"].create(
            {"name": "New Employer LLC", "is_company": True}
        )
        self.bob.parent_id = other
        self.env.flush_all()
        self.assertIn(self.bob, self.alice.support_ticket_partner_ids)
        before = self.snapshot(victim)
        subject = f"Re: [{victim.number}] Salary report is wrong"
        self.process(
            raw_mail(self.bob.email, subject, body="Bob wants figures", message_id="b2")
        )
        self.assertEqual(self.snapshot(victim), before)
        self.assertFalse(self.messages(victim, "Bob wants figures"))
        own = self.tickets(subject)
        self.assertEqual(own.partner_id, self.bob)
        self.assertTrue(self.messages(own, "Bob wants figures"))

    # ------------------------------------------------------------------
    # no attacker HTML goes out from the support address
    # ------------------------------------------------------------------

    def refusals(self, email):
        return self.env["mail.mail"].search(
            [("email_to", "=", email), ("body_html", "ilike", "were not accepted")]
        )

    def test_refused_attachment_name_is_escaped_in_the_notice(self):
        """DS 5.7 ("файлы прочих форматов ... в архиве"): the notice
        naming refused attachments goes from the real support address to an
        unknown sender; a name that is a link stays text, never a live link."""
        self.process(
            raw_mail(
                "victim@unknown.test",
                "Your account",
                attachments=((LINK_NAME, b"MZ"),),
            )
        )
        notice = self.refusals("victim@unknown.test")
        self.assertEqual(len(notice), 1)
        self.assertNotIn("<a", notice.body_html)
        self.assertIn("&lt;a href=", notice.body_html)

    def test_refusal_notices_are_rate_limited_per_address(self):
        """R-52 (DS 5.7, the refusal notice of an attachment): at most 3
        refusal notices an hour to one address (like the alias bounces): a
        forged sender cannot make the support address mail a victim over and
        over."""
        for index in range(6):
            self.process(
                raw_mail(
                    "victim@unknown.test",
                    f"Spam {index}",
                    message_id=f"spam{index}",
                    attachments=(("invoice.exe", b"MZ"),),
                )
            )
        self.assertEqual(len(self.tickets("Spam 5")), 1, "the mail is still kept")
        self.assertEqual(len(self.refusals("victim@unknown.test")), 3)

    def test_refusal_notices_to_a_contact_are_rate_limited(self):
        """R-52 (DS 5.7, the refusal notice of an attachment): the same limit
        for a registered contact's address (the notice goes out as a message of
        the ticket)."""
        for index in range(5):
            self.process(
                raw_mail(
                    self.dave.email,
                    f"Files {index}",
                    message_id=f"files{index}",
                    attachments=(("setup.exe", b"MZ"),),
                )
            )
        notices = self.env["mail.message"].search(
            [
                ("model", "=", "helpdesk.ticket"),
                ("body", "ilike", "were not accepted"),
                ("partner_ids", "in", self.dave.ids),
            ]
        )
        self.assertEqual(len(notices), 3)

    def automatic_mails(self, address):
        """The mail queued to ``address`` however the From header wrote it."""
        return self.env["mail.mail"].search([("email_to", "ilike", address)])

    def test_refusal_limit_counts_one_address_however_written(self):
        """R-52 (DS 5.7 «Скриншоты должны быть подготовлены в форматах: JPG,
        GIF, PNG»): the refusal notices share one limit of 3 an hour per
        address, whatever case or display name a forged From gives it; the
        next hour the address is answered again (the throttle's window, not
        a block for good)."""
        senders = (
            "victim@unknown.test",
            "VICTIM@Unknown.Test",
            '"Boss" <Victim@unknown.test>',
            "victim@UNKNOWN.TEST",
        )
        for index, sender in enumerate(senders):
            self.process(
                raw_mail(
                    sender,
                    f"Spelled {index}",
                    message_id=f"spelled{index}",
                    attachments=(("invoice.exe", b"MZ"),),
                )
            )
        self.assertEqual(len(self.automatic_mails("victim@unknown.test")), 3)
        with freeze_time("2026-06-01 08:01:00", tick=True):
            self.process(
                raw_mail(
                    "victim@unknown.test",
                    "Next hour",
                    message_id="nexthour",
                    attachments=(("invoice.exe", b"MZ"),),
                )
            )
        self.assertEqual(len(self.automatic_mails("victim@unknown.test")), 4)

    def test_refusals_and_acknowledgements_share_one_limit(self):
        """R-50, R-52 (DS 5.4 «генерируется и высылается на адрес  Отправителя
        письмо с подтверждением», DS 5.7): the refusal notices and the
        acknowledgements are automatic replies of one throttle: two refused
        files and two acknowledgements to a forged sender make 3 mails an
        hour, the fourth only noted on its ticket."""
        victim = "forged@unknown.test"
        for index in range(2):
            self.process(
                raw_mail(
                    victim,
                    f"Shared {index}",
                    message_id=f"shared{index}",
                    attachments=(("invoice.exe", b"MZ"),),
                )
            )
        self.env["helpdesk.ticket"]._cron_support_acknowledge()
        self.assertEqual(len(self.automatic_mails(victim)), 3)
        tickets = self.tickets("Shared 0") | self.tickets("Shared 1")
        notes = self.env["mail.message"].search(
            [
                ("model", "=", "helpdesk.ticket"),
                ("res_id", "in", tickets.ids),
                ("body", "ilike", "acknowledgement was not sent"),
            ]
        )
        self.assertEqual(len(notes), 1)


@tagged("post_install", "-at_install")
class TestMailGatewayRpc(SecurityHttpCase):
    """The gateway's methods are for the mail server, not for RPC clients."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        customer = cls.env["res.partner"].create(
            {"name": "Gateway RPC LLC", "is_company": True}
        )
        cls.vera, intruder = cls.env["res.partner"].create(
            [
                {"name": "Vera", "parent_id": customer.id, "email": "vera@rpc.test"},
                {"name": "Ivan", "email": "ivan@intruder.test"},
            ]
        )
        cls.make_portal_user(intruder, "ivan_portal")
        cls.ticket = (
            cls.env["helpdesk.ticket"]
            .with_context(tracking_disable=True)
            .create(
                {
                    "name": "Vera's ticket",
                    "description": "private",
                    "partner_id": cls.vera.id,
                }
            )
        )

    def call(self, model, method, args):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": {}},
        )

    def assertNothingSent(self, attack):
        """``attack`` raises an access error and changes nothing."""
        self.env.flush_all()
        messages = self.env["mail.message"].search([])
        mails = self.env["mail.mail"].search([])
        tickets = self.env["helpdesk.ticket"].search([])
        with self.assertRaises(JsonRpcException) as catcher:
            attack()
        self.assertIn("AccessError", str(catcher.exception))
        self.env.invalidate_all()
        self.assertEqual(self.env["mail.message"].search([]), messages)
        self.assertEqual(self.env["mail.mail"].search([]), mails)
        self.assertEqual(self.env["helpdesk.ticket"].search([]), tickets)

    def test_message_new_is_not_callable_over_rpc(self):
        """R-52 (DS 5.7, the refusal notice of an attachment): ``message_new``
        with a forged mail dictionary (Vera's address, her ticket's TID, a
        refused attachment named as a link) would make the support address
        write to Vera; a stranger's RPC call is refused and nothing is posted
        or sent."""
        self.authenticate("ivan_portal", "ivan_portal")
        self.assertNothingSent(
            lambda: self.call(
                "helpdesk.ticket",
                "message_new",
                [
                    {
                        "subject": f"[{self.ticket.number}]",
                        "email_from": self.vera.email,
                        "body": "x",
                        "attachments": [[LINK_NAME, "MZ", {}]],
                    }
                ],
            )
        )


# Odoo names a mail without Message-Id after the current time: let it run
@tagged("post_install", "-at_install")
@freeze_time("2026-06-01 07:00:00", tick=True)
class TestAcknowledgementFlood(GatewayTicketCase):
    def test_forged_sender_gets_at_most_three_acknowledgements(self):
        """DS 5.4: "генерируется и высылается на адрес Отправителя
        письмо с подтверждением": six mails forged from a victim's address
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


@tagged("post_install", "-at_install")
@freeze_time("2026-06-01 07:00:00", tick=True)
class TestGatewayFollowsThePortalRule(GatewayTicketCase):
    """Customer LLC: Alice and Bob form a team of contacts, Dave (no portal
    user) is the key contact person; none of them has a portal user, so the
    gateway reads the rule's relations for the sender itself."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contract = cls.make_team_contract(
            cls.alice | cls.bob | cls.dave,
            cls.alice | cls.bob,
            key_contact_id=cls.dave.id,
        )
        cls.new_employer = cls.env["res.partner"].create(
            {"name": "New Employer LLC", "is_company": True}
        )

    def alice_ticket(self, subject="Salary report is wrong", cc=()):
        self.process(
            raw_mail(
                self.alice.email,
                subject,
                body="Confidential details",
                headers=[f"Cc: {address}" for address in cc],
            )
        )
        ticket = self.tickets(subject)
        self.assertEqual(ticket.partner_id, self.alice)
        return ticket

    def test_moved_contacts_reply_by_tid_get_own_tickets(self):
        """R-32, MQ glossary "Команда — группа Клиентов Заказчика":
        Bob (Alice's team mate) and Dave (the key contact person), both
        without a portal user, move to another company (the contract and the
        team still name them). A mail of theirs naming Alice's TID is not
        threaded into her ticket nor makes them followers: they no longer
        see it on the portal, the gateway agrees."""
        victim = self.alice_ticket()
        (self.bob | self.dave).parent_id = self.new_employer
        self.env.flush_all()
        self.assertIn(self.bob, self.alice.support_ticket_partner_ids)
        self.assertIn(self.dave, self.customer.support_key_contact_ids)
        for contact in (self.bob, self.dave):
            subject = f"Re: [{victim.number}] {contact.name} asks"
            self.process(
                raw_mail(
                    contact.email,
                    subject,
                    body=f"{contact.name} wants the figures",
                    message_id=f"moved-{contact.id}",
                )
            )
            self.assertFalse(
                self.messages(victim, f"{contact.name} wants the figures"),
                contact.name,
            )
            self.assertNotIn(contact, victim.message_partner_ids)
            self.assertEqual(self.tickets(subject).partner_id, contact)

    def test_moved_team_mate_copied_is_not_a_follower(self):
        """R-32: Alice copies Bob, moved to another company, on her mail:
        he is not left a follower of her ticket (he would receive every
        later reply of the support)."""
        self.bob.parent_id = self.new_employer
        self.env.flush_all()
        victim = self.alice_ticket("Copy to a former colleague", cc=[self.bob.email])
        self.assertNotIn(self.bob, victim.message_partner_ids)

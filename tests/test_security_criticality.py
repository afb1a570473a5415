# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Criticality is declared by the customer's registered contact and
confirmed or revoked by the customer's own support (R-38, R-23, R-25),
attacked through the chat link wizard over JSON-RPC call_kw, the portal form
over HTTP and raw mail through ``message_process``. Both presets (DS and MQ)
are loaded in one company, as the demo ships.

MQ 1.4: «клиент может самостоятельно обосновано определить ошибку как
критическую, указав это в запросе» and «Сотрудник поддержки вправе отменить
установленную клиентом критичность»; DS 3.1: a critical error «подтверждена
сотрудниками техподдержки»."""

from odoo import Command
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import RpcError, SupportHttpCase
from .test_security_telegram import TelegramAttackCase


@tagged("post_install", "-at_install")
class TestCriticalityStaffOnly(TelegramAttackCase):
    """Confirming, revoking or reclassifying a chat ticket's criticality is
    its own support's (MQ 1.4, R-23, R-38)."""

    def test_portal_user_cannot_confirm_criticality(self):
        """MQ 1.4: «Сотрудник поддержки вправе отменить установленную клиентом
        критичность» and DS 3.1: a critical error «подтверждена сотрудниками
        техподдержки» — confirming or revoking is staff's: a customer calling
        the buttons over RPC changes nothing."""
        ticket = self.ticket_from_chat(-3006, "Data damaged")
        priority = ticket.priority
        self.authenticate("r2_portal", "r2_portal_pw1")
        for method in (
            "action_support_confirm_criticality",
            "action_support_revoke_criticality",
        ):
            with self.assertRaises(RpcError):
                self.call_kw("helpdesk.ticket", method, [ticket.ids])
        ticket.invalidate_recordset()
        self.assertEqual(ticket.priority, priority)

    def test_reclassify_only_by_its_own_support(self):
        """R-23 / R-38: a reclassification (category or criticality) is
        staff's, tracked with who and why — a customer over RPC and a support
        user of another company reclassify nothing."""
        ticket = self.ticket_from_chat(-3008, "Wrong category")
        category = ticket.category_id
        consultation = self.env["helpdesk.ticket.category"].search(
            [("code", "=", "consultation"), ("company_id", "=", self.company.id)],
            limit=1,
        )
        for login, password in (
            ("r2_portal", "r2_portal_pw1"),
            ("r2_other", "r2_other_pw1"),
        ):
            self.authenticate(login, password)
            with self.assertRaises(RpcError):
                wizard_id = self.call_kw(
                    "helpdesk.support.reclassify.wizard",
                    "create",
                    [
                        {
                            "ticket_id": ticket.id,
                            "category_id": consultation.id,
                            "reason": "because",
                        }
                    ],
                )
                self.call_kw(
                    "helpdesk.support.reclassify.wizard",
                    "action_confirm",
                    [[wizard_id]],
                )
            with self.assertRaises(RpcError):
                self.call_kw(
                    "helpdesk.ticket",
                    "action_support_confirm_criticality",
                    [ticket.ids],
                )
        ticket.invalidate_recordset()
        self.assertEqual(ticket.category_id, category)


def raw_mail(sender, to, subject, message_id, references=None):
    headers = f"References: <{references}@customer.test>\r\n" if references else ""
    return (
        f"From: {sender}\r\nTo: {to}\r\nSubject: {subject}\r\n"
        f"Message-Id: <{message_id}@customer.test>\r\n{headers}"
        "Content-Type: text/plain; charset=utf-8\r\n\r\nEverything is down.\r\n"
    )


@tagged("post_install", "-at_install")
class TestCriticalityByMail(SupportHttpCase):
    """Criticality and reply timers through the real mail gateway
    (message_process), both presets loaded in one company."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ds_team = cls.env["helpdesk.ticket.team"].search(
            [("support_preset_code", "=", "ds"), ("company_id", "=", cls.company.id)]
        )
        domain = cls.env["mail.alias.domain"].create({"name": "criticality.test"})
        cls.company.alias_domain_id = domain
        cls.ds_team.write({"alias_name": "r2-ds", "alias_domain_id": domain.id})
        customer = cls.env["res.partner"].create(
            {"name": "R2 Licensee LLC", "is_company": True}
        )
        cls.registered = cls.env["res.partner"].create(
            {
                "name": "R2 registered",
                "parent_id": customer.id,
                "email": "registered@r2-licensee.test",
            }
        )
        cls.colleague = cls.env["res.partner"].create(
            {
                "name": "R2 colleague",
                "parent_id": customer.id,
                "email": "colleague@r2-licensee.test",
            }
        )
        tier = cls.env["helpdesk.support.tier"].search(
            [("code", "=", "ds_commercial"), ("company_id", "=", cls.company.id)]
        )
        sender = cls.env["helpdesk.support.sender.category"].search(
            [("code", "=", "licensee"), ("company_id", "in", (cls.company.id, False))],
            limit=1,
        )
        contract = cls.env["helpdesk.support.contract"].create(
            {
                "partner_id": customer.id,
                "company_id": cls.company.id,
                "tier_id": tier.id,
                "sender_category_id": sender.id,
                "date_start": "2020-01-01",
                "date_end": "2099-12-31",
                "contact_ids": [Command.set(cls.registered.ids)],
                "key_contact_id": cls.registered.id,
            }
        )
        contract.action_activate()

    def process(self, sender, subject):
        with mute_logger("odoo.addons.mail.models.mail_thread"):
            self.env["mail.thread"].with_company(self.company).message_process(
                False,
                raw_mail(
                    sender,
                    self.ds_team.alias_email,
                    subject,
                    f"r2-{abs(hash(subject))}",
                ),
            )
        return self.env["helpdesk.ticket"].search([("name", "=", subject)])

    def test_critical_subject_of_a_stranger_jumps_no_queue(self):
        """R-38 / MQ 1.4: «клиент может самостоятельно обосновано определить
        ошибку как критическую, указав это в запросе» — the *customer* (a
        registered contact, MQ 1.1 / DS 5.8) declares criticality. R-25 /
        DS 2.1: critical tickets jump the queue — an unknown sender or an
        unregistered contact writing ``[CRITICAL]`` does not put its ticket
        ahead of the customers' ones."""
        ticket = self.process("registered@r2-licensee.test", "[CRITICAL] R2 reg")
        self.assertEqual(ticket.priority, "3", "the customer declares")
        for sender, subject in (
            ("anyone@stranger.test", "[CRITICAL] R2 stranger"),
            ("colleague@r2-licensee.test", "[КРИТИЧНО] R2 colleague"),
        ):
            ticket = self.process(sender, subject)
            self.assertEqual(len(ticket), 1, subject)
            self.assertNotEqual(ticket.priority, "3", subject)
            self.assertTrue(
                ticket.message_ids.filtered(
                    lambda m: "not a registered contact" in (m.body or "")
                ),
                "staff see the marker and may confirm it",
            )

    def test_critical_box_of_an_unregistered_contact(self):
        """R-38 / MQ 1.4: «клиент может … определить ошибку как критическую,
        указав это в запросе» — on the portal form too, the box is the
        customer's (a registered contact): an unregistered colleague ticking
        it (DS team, where it may write) does not jump the queue (R-25);
        staff read a note and may confirm it."""
        new_test_user(
            self.env,
            login="r2_colleague",
            password="r2_colleague_pw1",
            groups="base.group_portal",
            partner_id=self.colleague.id,
            company_ids=[Command.set(self.company.ids)],
        )
        self.authenticate("r2_colleague", "r2_colleague_pw1")
        page = self.url_open("/new/ticket")
        token = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        self.url_open(
            "/submitted/ticket",
            data={
                "csrf_token": token,
                "subject": "R2 colleague box",
                "description": "Down",
                "support_critical": "1",
                "priority": "3",
            },
        )
        ticket = self.env["helpdesk.ticket"].search([("name", "=", "R2 colleague box")])
        self.assertEqual(len(ticket), 1)
        self.assertNotEqual(ticket.priority, "3")
        self.assertTrue(
            ticket.message_ids.filtered(
                lambda m: "not a registered contact" in (m.body or "")
            )
        )

# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""R-31, R-51 (MQ 1.1, MQ 1.3): only the contract's registered contacts get
the contract, on the portal, by e-mail and when staff create the ticket.

Both presets are loaded in one company, as the demo ships. The HTTP server
runs on the real clock: contracts run from 2020 to 2099.
"""

from odoo import Command
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.base.tests.common import MockSmtplibCase

from .common import SupportHttpCase, call_kw

SUPPORT_USER = "helpdesk_mgmt_support_contract.group_support_user"


def raw_mail(sender, to, subject, message_id):
    return (
        f"From: {sender}\r\nTo: {to}\r\nSubject: {subject}\r\n"
        f"Message-Id: <{message_id}@customer.test>\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\nPlease help.\r\n"
    )


@tagged("post_install", "-at_install")
class TestRegisteredContactsChannels(MockSmtplibCase, SupportHttpCase):
    """MQ 1.1: «Сотрудником Службы технической поддержки обрабатываются
    обращения от пользователей, зарегистрированных на портале поддержки»
    (requests of users registered on the support portal are processed).
    MQ 1.3, e-mail: «Обращения принимаются от пользователей,
    зарегистрированных на портале поддержки. Письма, полученные от
    незарегистрированных на портале поддержки почтовых адресов, не
    обрабатываются.» DS 5.8: «обращение будет принято в коммерческий SLA
    только в случае, если письмо отправлено от имени Лицензиата, который
    указан в лицензии»; DS 3.7: non-commercial support, 24 working hours.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.helpdesk_mgmt_portal_select_team = True
        Team = cls.env["helpdesk.ticket.team"]
        cls.mq_team = Team.search(
            [("support_preset_code", "=", "mq"), ("company_id", "=", cls.company.id)]
        )
        cls.ds_team = Team.search(
            [("support_preset_code", "=", "ds"), ("company_id", "=", cls.company.id)]
        )
        domain = cls.support_alias("channels.test", cls.mq_team, "mq-support")
        cls.ds_team.write({"alias_name": "ds-support", "alias_domain_id": domain.id})

        Partner = cls.env["res.partner"]
        cls.mq_org = Partner.create({"name": "Registered Mq LLC", "is_company": True})
        cls.ds_org = Partner.create({"name": "Registered Ds JSC", "is_company": True})
        people = Partner.create(
            [
                {"name": name, "parent_id": org.id, "email": f"{name}@reg.test"}
                for name, org in (
                    ("mq_registered", cls.mq_org),
                    ("mq_outsider", cls.mq_org),
                    ("ds_registered", cls.ds_org),
                    ("ds_outsider", cls.ds_org),
                )
            ]
        )
        cls.mq_registered, cls.mq_outsider, cls.ds_registered, cls.ds_outsider = people
        Contract = cls.env["helpdesk.support.contract"]
        cls.mq_contract = Contract.create(
            {
                "partner_id": cls.mq_org.id,
                "tier_id": cls.by_code("helpdesk.support.tier", "mq_premium").id,
                "date_start": "2020-01-01",
                "date_end": "2099-12-31",
                "contact_ids": [Command.set(cls.mq_registered.ids)],
                "key_contact_id": cls.mq_registered.id,
            }
        )
        cls.ds_contract = Contract.create(
            {
                "partner_id": cls.ds_org.id,
                "tier_id": cls.by_code("helpdesk.support.tier", "ds_commercial").id,
                "sender_category_id": cls.by_code(
                    "helpdesk.support.sender.category", "licensee"
                ).id,
                "date_start": "2020-01-01",
                "date_end": "2099-12-31",
                "contact_ids": [Command.set(cls.ds_registered.ids)],
                "key_contact_id": cls.ds_registered.id,
            }
        )
        (cls.mq_contract | cls.ds_contract).action_activate()
        for partner in people:
            cls.make_user(
                partner.name,
                "base.group_portal",
                partner_id=partner.id,
                email=partner.email,
            )
        cls.staff = cls.make_user("reg_staff", SUPPORT_USER)
        cls.non_commercial = cls.by_code(
            "helpdesk.support.sla.level", "ds_non_commercial"
        )
        cls.licensee_standard = cls.by_code(
            "helpdesk.support.sla.level", "ds_licensee_standard"
        )

    def tickets(self, subject):
        return self.env["helpdesk.ticket"].search([("name", "=", subject)])

    def submit(self, login, team, subject):
        self.authenticate(login, login)
        return self.submit_ticket(
            allow_redirects=False,
            team=team.id,
            subject=subject,
            description="Please help",
        )

    def process(self, sender, team, subject):
        with mute_logger("odoo.addons.mail.models.mail_thread"):
            self.env["mail.thread"].with_company(self.company).message_process(
                False,
                raw_mail(sender, team.alias_email, subject, subject.replace(" ", "-")),
            )
        return self.tickets(subject)

    def staff_create(self, partner, team, subject):
        self.authenticate("reg_staff", "reg_staff")
        return call_kw(
            self,
            "helpdesk.ticket",
            "create",
            [
                {
                    "name": subject,
                    "description": "By phone",
                    "partner_id": partner.id,
                    "team_id": team.id,
                }
            ],
        )

    # ------------------------------------------------------------------

    def test_presets_mq_team_for_registered_contacts_only(self):
        """R-51 (MQ 1.1, 1.3): the MQ preset's team serves registered contacts only, the
        DS one does not."""
        self.assertTrue(self.mq_team.support_registered_only)
        self.assertFalse(self.ds_team.support_registered_only)
        self.assertEqual(
            self.env["helpdesk.support.preset.wizard"]._load_preset(
                "mq", self.company.id
            ),
            0,
            "loading again creates no second team",
        )

    def test_portal(self):
        """R-31, R-51 (MQ 1.1): The portal form as each portal user."""
        response = self.submit("mq_registered", self.mq_team, "Portal mq registered")
        self.assertIn(response.status_code, (302, 303), "to the new ticket")
        ticket = self.tickets("Portal mq registered")
        self.assertEqual(ticket.support_contract_id, self.mq_contract)

        response = self.submit("mq_outsider", self.mq_team, "Portal mq outsider")
        self.assertEqual(response.status_code, 200, "the form comes back")
        self.assertFalse(self.tickets("Portal mq outsider"))
        self.assertIn("accepted only from registered contacts", response.text)
        self.assertIn("register", response.text)
        self.assertIn("Portal mq outsider", response.text, "what was typed is kept")

        response = self.submit("ds_registered", self.ds_team, "Portal ds registered")
        ticket = self.tickets("Portal ds registered")
        self.assertEqual(ticket.support_contract_id, self.ds_contract)
        self.assertEqual(ticket.support_sla_level_id, self.licensee_standard)

        self.submit("ds_outsider", self.ds_team, "Portal ds outsider")
        ticket = self.tickets("Portal ds outsider")
        self.assertFalse(ticket.support_contract_id, "not registered: no contract")
        self.assertEqual(ticket.support_sla_level_id, self.non_commercial)
        self.assertEqual(ticket.support_sla_target_display, "24 working hours")

    def test_portal_hostile_team_and_partner(self):
        """R-31, R-51 (MQ 1.1): An outsider naming another team id or posting someone's
        partner gets no contract either."""
        self.authenticate("mq_outsider", "mq_outsider")
        response = self.submit_ticket(
            allow_redirects=False,
            team=f"{self.mq_team.id} OR 1=1",
            subject="Hostile outsider",
            description="x",
            partner_id=self.mq_registered.id,
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(self.tickets("Hostile outsider"))
        # a portal user creating over RPC instead of the form
        response = call_kw(
            self,
            "helpdesk.ticket",
            "create",
            [
                {
                    "name": "Hostile rpc",
                    "description": "x",
                    "partner_id": self.mq_outsider.id,
                    "team_id": self.mq_team.id,
                }
            ],
        )
        self.assertIn("error", response)
        self.assertFalse(self.tickets("Hostile rpc"))

    def test_email(self):
        """R-51 (MQ 1.3): Raw mail through message_process to each team's address."""
        ticket = self.process(self.mq_registered.email, self.mq_team, "Mail mq reg")
        self.assertEqual(ticket.support_contract_id, self.mq_contract)

        # the refusal is sent at once: caught on a fake SMTP session, the same
        # under Odoo's runner (which deletes sent mail) and pytest-odoo
        with self.mock_smtplib_connection():
            ticket = self.process(self.mq_outsider.email, self.mq_team, "Mail mq out")
        self.assertFalse(ticket, "MQ 1.3: not processed")
        bounces = [
            sent["message"]
            for sent in self.emails
            if self.mq_outsider.email.lower() in sent["smtp_to_list"]
        ]
        self.assertEqual(len(bounces), 1)
        self.assertIn("registered contacts of a support contract", bounces[0])

        ticket = self.process(self.ds_registered.email, self.ds_team, "Mail ds reg")
        self.assertEqual(ticket.support_contract_id, self.ds_contract)
        self.assertEqual(ticket.support_sla_level_id, self.licensee_standard)

        ticket = self.process(self.ds_outsider.email, self.ds_team, "Mail ds out")
        self.assertEqual(ticket.partner_id, self.ds_outsider)
        self.assertFalse(ticket.support_contract_id)
        self.assertEqual(ticket.support_sla_level_id, self.non_commercial)
        # hostile: the registered contact's name, the outsider's address
        ticket = self.process(
            f'"{self.ds_registered.name}" <{self.ds_outsider.email}>',
            self.ds_team,
            "Mail ds forged name",
        )
        self.assertFalse(ticket.support_contract_id)

    def test_staff_create_over_rpc(self):
        """R-31 (MQ 1.1): JSON-RPC call_kw as a support user, for each contact."""
        response = self.staff_create(self.mq_registered, self.mq_team, "Staff mq reg")
        self.assertNotIn("error", response)
        ticket = self.tickets("Staff mq reg")
        self.assertEqual(ticket.support_contract_id, self.mq_contract)

        response = self.staff_create(self.mq_outsider, self.mq_team, "Staff mq out")
        self.assertIn("accepted only from registered contacts", str(response["error"]))
        self.assertFalse(self.tickets("Staff mq out"))

        self.staff_create(self.ds_registered, self.ds_team, "Staff ds reg")
        ticket = self.tickets("Staff ds reg")
        self.assertEqual(ticket.support_contract_id, self.ds_contract)

        self.staff_create(self.ds_outsider, self.ds_team, "Staff ds out")
        ticket = self.tickets("Staff ds out")
        self.assertFalse(ticket.support_contract_id)
        self.assertEqual(ticket.support_sla_level_id, self.non_commercial)
        # without a team the company's default treatment too
        self.staff_create(self.mq_outsider, self.env["helpdesk.ticket.team"], "No team")
        ticket = self.tickets("No team")
        self.assertFalse(ticket.support_contract_id)
        self.assertEqual(ticket.support_sla_level_id, self.non_commercial)
        # hostile: the contract named explicitly by a support user
        self.authenticate("reg_staff", "reg_staff")
        response = call_kw(
            self,
            "helpdesk.ticket",
            "create",
            [
                {
                    "name": "Staff forced contract",
                    "partner_id": self.ds_outsider.id,
                    "team_id": self.ds_team.id,
                    "support_contract_id": self.ds_contract.id,
                }
            ],
        )
        self.assertIn("error", response)
        self.assertFalse(self.tickets("Staff forced contract"))

    def test_registration_gives_the_contract(self):
        """R-31 (MQ 1.1): Once registered, the same contact gets the contract."""
        self.mq_contract.contact_ids = [Command.link(self.mq_outsider.id)]
        response = self.staff_create(self.mq_outsider, self.mq_team, "Now registered")
        self.assertNotIn("error", response)
        self.assertEqual(
            self.tickets("Now registered").support_contract_id, self.mq_contract
        )

# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Team visibility on the portal, under each regulation (R-32, sharpened).

MQ 1.6: «Направленные через портал поддержки обращения пользователей
доступны только для них самих и пользователей, состоящих с ними в одной
команде»; MQ glossary: «Команда — группа Клиентов Заказчика, которым
доступны для просмотра обращения друг друга»; MQ 1.5: teams are declared
only «если необходимо разграничить пользователей на несколько команд». DS
has no teams and files requests «в Личном кабинете Лицензиата» (DS 5.1).

Both presets are loaded in the company the requests run in. Each portal user
is looked at through the list ``/my/tickets``, every ticket page of its
organisation and JSON-RPC ``search_read``, which must agree; the mail gateway
is fed raw mail through ``message_process`` and must follow the same rule.
Contracts run 2020-2099 (``WIDE``): nothing depends on today's date.
"""

from odoo import Command
from odoo.modules.migration import load_script
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import WIDE, SupportContractCase, SupportHttpCase, call_kw_result
from .test_security_mail import raw_mail


@tagged("post_install", "-at_install")
class TestPortalTeamVisibility(SupportHttpCase):
    """Four customers of one company:

    - *Split LLC*, MQ Premium, two teams: Anna and Artem; Boris (no portal
      user) and Kira, the key contact person. Olga is registered in no team.
    - *Whole LLC*, MQ Basic, no teams: Ivan (key contact person), Petr and
      Sveta (no portal user) are registered; Gleb, a colleague, is not.
    - *Licensee LLC*, DS commercial, a team of Lev and Mila; Dina, the key
      contact person (no portal user), is in no team.
    - *Moved LLC* left an MQ Premium contract (teams: Ursula; Vera) for a
      DS one (teams: Ursula; Vera, its key contact person).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        domain = cls.env["mail.alias.domain"].create({"name": "company.test"})
        cls.company.alias_domain_id = domain
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "Visibility support",
                "company_id": cls.company.id,
                "alias_name": "support",
                "alias_domain_id": domain.id,
            }
        )
        cls.people = {}

        def organisation(name, members):
            org = Partner.create({"name": name, "is_company": True})
            for member in members:
                cls.people[member] = Partner.create(
                    {
                        "name": f"{member.title()} of {name}",
                        "parent_id": org.id,
                        "email": f"{member}@{name.split()[0].lower()}.test",
                    }
                )
            return org

        def contract(org, tier_code, contacts, kcp, teams=(), **vals):
            record = cls.env["helpdesk.support.contract"].create(
                {
                    "partner_id": org.id,
                    "tier_id": cls.by_code("helpdesk.support.tier", tier_code).id,
                    "contact_ids": [Command.set(cls.who(*contacts).ids)],
                    "key_contact_id": cls.people[kcp].id,
                    **WIDE,
                    **vals,
                }
            )
            for name, members in teams:
                cls.env["helpdesk.support.contact.team"].create(
                    {
                        "name": name,
                        "contract_id": record.id,
                        "member_ids": [Command.set(cls.who(*members).ids)],
                    }
                )
            record.action_activate()
            return record

        split = organisation("Split LLC", ["anna", "artem", "boris", "kira", "olga"])
        contract(
            split,
            "mq_premium",
            ["anna", "artem", "boris", "kira", "olga"],
            "kira",
            teams=[("A", ["anna", "artem"]), ("B", ["boris", "kira"])],
        )
        whole = organisation("Whole LLC", ["ivan", "petr", "sveta", "gleb"])
        contract(whole, "mq_basic", ["ivan", "petr", "sveta"], "ivan")
        licensee = organisation("Licensee LLC", ["dina", "lev", "mila"])
        contract(
            licensee,
            "ds_commercial",
            ["dina", "lev", "mila"],
            "dina",
            teams=[("X", ["lev", "mila"])],
        )
        moved = organisation("Moved LLC", ["ursula", "vera"])
        old = contract(
            moved,
            "mq_premium",
            ["ursula", "vera"],
            "vera",
            teams=[("U", ["ursula"]), ("V", ["vera"])],
        )
        cls.tickets = {}
        cls.make_tickets(["anna", "artem", "boris", "kira", "olga"])
        cls.make_tickets(["ivan", "petr", "sveta", "gleb", "dina", "lev", "mila"])
        cls.make_tickets(["ursula"], suffix="under MQ")
        # closed under its contract (an open ticket follows the next one)
        cls.tickets["ursula under MQ"].stage_id = cls.env.ref(
            "helpdesk_mgmt.helpdesk_ticket_stage_done"
        )
        old.action_expire()
        contract(
            moved,
            "ds_commercial",
            ["ursula", "vera"],
            "vera",
            teams=[("Ops", ["ursula"]), ("Board", ["vera"])],
        )
        cls.make_tickets(["ursula", "vera"], suffix="under DS")
        for login in ("anna", "kira", "olga", "ivan", "petr", "gleb", "lev", "vera"):
            cls.make_user(
                f"vis_{login}",
                "base.group_portal",
                partner_id=cls.people[login].id,
                email=cls.people[login].email,
            )

    @classmethod
    def who(cls, *names):
        return cls.env["res.partner"].browse([cls.people[name].id for name in names])

    @classmethod
    def make_tickets(cls, authors, suffix=""):
        for author in authors:
            key = f"{author} {suffix}".strip()
            cls.tickets[key] = cls.env["helpdesk.ticket"].create(
                {
                    "name": f"Ticket by {key}",
                    "description": "<p>Confidential</p>",
                    "partner_id": cls.people[author].id,
                    "team_id": cls.team.id,
                }
            )

    def seen(self, login):
        """The tickets (keys of ``self.tickets``) the portal user ``login``
        sees: the list page, the ticket pages of its organisation and
        JSON-RPC must agree."""
        self.authenticate(f"vis_{login}", f"vis_{login}")
        listing = self.url_open("/my/tickets").text
        by_list = {key for key, t in self.tickets.items() if t.name in listing}
        rows, error = call_kw_result(
            self,
            "helpdesk.ticket",
            "search_read",
            [("id", "in", [t.id for t in self.tickets.values()])],
            fields=["name"],
        )
        self.assertFalse(error)
        names = {row["name"] for row in rows}
        by_rpc = {key for key, t in self.tickets.items() if t.name in names}
        organisation = self.people[login].commercial_partner_id
        by_page = set()
        for key, ticket in self.tickets.items():
            if ticket.commercial_partner_id != organisation:
                continue
            with mute_logger("odoo.http"):
                page = self.url_open(f"/my/ticket/{ticket.id}")
            if page.status_code == 200 and ticket.name in page.text:
                by_page.add(key)
        self.assertEqual(by_list, by_rpc, f"{login}: list and JSON-RPC agree")
        self.assertEqual(
            by_page,
            {
                key
                for key in by_list
                if self.tickets[key].commercial_partner_id == organisation
            },
            f"{login}: list and ticket pages agree",
        )
        return by_list

    def mail_from(self, sender, ticket, body, cc=()):
        """``sender`` mails the support naming ``ticket``'s number in the
        subject (``cc``: partners copied); whether the mail was threaded
        into ``ticket`` (else it opened a ticket of the sender's own)."""
        subject = f"Re: [{ticket.number}] {ticket.name}, {sender} writes"
        headers = (f"Cc: {', '.join(self.who(*cc).mapped('email'))}",) if cc else ()
        self.env["mail.thread"].with_company(self.company).message_process(
            False,
            raw_mail(
                self.people[sender].email,
                subject,
                body=body,
                message_id=f"{sender}.{ticket.id}",
                headers=headers,
            ),
        )
        threaded = bool(
            self.env["mail.message"].search_count(
                [
                    ("model", "=", "helpdesk.ticket"),
                    ("res_id", "=", ticket.id),
                    ("body", "ilike", body),
                ]
            )
        )
        if not threaded:
            own = self.env["helpdesk.ticket"].search([("name", "=", subject)])
            self.assertEqual(own.partner_id, self.people[sender])
        return threaded

    # ------------------------------------------------------------------
    # MQ: teams, the key contact person a member like the others
    # ------------------------------------------------------------------

    def test_mq_key_contact_person_sees_own_team_only(self):
        """R-32, MQ 1.6: «Направленные через портал поддержки обращения
        пользователей доступны только для них самих и пользователей,
        состоящих с ними в одной команде». Kira, key contact person of Split
        LLC and member of team B, sees the tickets of team B (Boris's, hers)
        and not those of team A (Anna's, Artem's) nor Olga's (in no team)."""
        self.assertEqual(self.seen("kira"), {"boris", "kira"})

    def test_mq_team_members_see_their_team(self):
        """R-32, MQ 1.3: «Обращения, зафиксированные на портале поддержки
        доступны создателю и членам его команды». Anna sees Artem's ticket
        (team A), not team B's nor Olga's; Olga, whom the customer put in no
        team although it split its users (MQ 1.5), sees her own only."""
        self.assertEqual(self.seen("anna"), {"anna", "artem"})
        self.assertEqual(self.seen("olga"), {"olga"})

    def test_mq_customer_without_teams_is_one_team(self):
        """R-32, MQ glossary: «Команда — группа Клиентов Заказчика, которым
        доступны для просмотра обращения друг друга»; MQ 1.5: a split is
        declared only «если необходимо разграничить пользователей на
        несколько команд». Whole LLC declared no teams: its registered
        contacts are one team. Petr sees Ivan's and Sveta's tickets, Ivan
        (the key contact person) Petr's and Sveta's; Gleb, a colleague who
        is not a registered contact (no Клиент of the contract), sees his
        own only, and nobody of the team sees his."""
        self.assertEqual(self.seen("petr"), {"ivan", "petr", "sveta"})
        self.assertEqual(self.seen("ivan"), {"ivan", "petr", "sveta"})
        self.assertEqual(self.seen("gleb"), {"gleb"})

    # ------------------------------------------------------------------
    # DS: the key contact person sees the licensee's account
    # ------------------------------------------------------------------

    def test_ds_key_contact_person_follows_the_ticket_regulation(self):
        """R-32; DS 5.1: requests are filed «в Личном кабинете Лицензиата»,
        the licensee's own account, and DS knows no teams: the key contact
        person of a DS contract sees the customer's tickets. MQ 1.6 keeps
        confidential the tickets filed under an MQ contract («доступны
        только для них самих и пользователей, состоящих с ними в одной
        команде»). Vera, key contact person of Moved LLC's DS contract
        (team Board), sees Ursula's DS ticket (team Ops) but not the one
        Ursula filed and closed under the former MQ contract, when they were
        in different teams. Lev (DS, team X) sees Mila's ticket, not Dina's."""
        self.assertEqual(self.seen("vera"), {"vera under DS", "ursula under DS"})
        self.assertEqual(self.seen("lev"), {"lev", "mila"})

    def test_ds_key_contact_person_moved_loses_the_customer(self):
        """R-32, DS 5.1 «в Личном кабинете Лицензиата»: the key contact
        person sees the tickets of the licensee's account while she is the
        licensee's. Vera moves to another company (the contract still names
        her until support edits it): she keeps her own ticket and no longer
        sees Ursula's."""
        self.assertIn("ursula under DS", self.seen("vera"))
        self.people["vera"].parent_id = self.env["res.partner"].create(
            {"name": "Vera's New Employer", "is_company": True}
        )
        self.env.flush_all()
        self.assertEqual(self.seen("vera"), {"vera under DS"})

    # ------------------------------------------------------------------
    # the mail gateway: the same rule (one function)
    # ------------------------------------------------------------------

    def test_mail_of_mq_key_contact_person_follows_the_team(self):
        """R-32, MQ 1.6 «доступны только для них самих и пользователей,
        состоящих с ними в одной команде»; R-50: a reply keeping the TID is
        threaded only for a sender who may see the ticket. Kira (portal
        user, team B) names Anna's ticket (team A): not threaded, a ticket
        of her own; Boris (no portal user, team B) names Anna's ticket: the
        same; he names Kira's (his team): threaded."""
        self.assertFalse(self.mail_from("kira", self.tickets["anna"], "Kira asks A"))
        self.assertFalse(self.mail_from("boris", self.tickets["anna"], "Boris asks"))
        self.assertTrue(self.mail_from("boris", self.tickets["kira"], "Boris adds"))
        self.assertNotIn(self.people["boris"], self.tickets["anna"].message_partner_ids)

    def test_mail_from_outside_the_team_never_reopens_a_closed_ticket(self):
        """MQ 1.2 «При поступлении от Пользователя информации по закрытому
        обращению, такое обращение снова открывается» — information on the
        ticket comes from those who may see it: MQ 1.6 «доступны только для
        них самих и пользователей, состоящих с ними в одной команде» (R-32,
        R-61). Anna's ticket (team A) is closed; Boris (team B), forging its
        number in the subject and then its Message-Id in In-Reply-To, and
        Ivan (another customer) leave it closed, untouched, with no new
        timer; Artem (team A) reopens it with a running response timer."""
        ticket = self.tickets["anna"]
        ticket.stage_id = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        timers = ticket.support_sla_timer_ids
        first = ticket.message_ids.sorted("id")[:1]
        self.assertFalse(self.mail_from("boris", ticket, "Boris reopens A"))
        self.env["mail.thread"].with_company(self.company).message_process(
            False,
            raw_mail(
                self.people["boris"].email,
                "Re: a forged thread",
                body="Boris forges the thread",
                message_id="boris.forged",
                headers=(
                    f"In-Reply-To: {first.message_id}",
                    f"References: {first.message_id}",
                ),
            ),
        )
        self.assertFalse(self.mail_from("ivan", ticket, "Ivan reopens A"))
        self.assertTrue(ticket.stage_id.closed)
        self.assertEqual(ticket.support_sla_timer_ids, timers)
        self.assertFalse(
            ticket.message_ids.filtered(lambda m: "forges" in (m.body or ""))
        )
        self.assertTrue(self.mail_from("artem", ticket, "Artem reopens A"))
        self.assertFalse(ticket.stage_id.closed)
        running = (ticket.support_sla_timer_ids - timers).filtered(
            lambda t: t.state == "running"
        )
        self.assertEqual(len(running), 1)
        self.assertTrue(running.deadline)

    def test_mail_of_a_colleague_without_teams_is_threaded(self):
        """R-32, MQ glossary «Команда — группа Клиентов Заказчика, которым
        доступны для просмотра обращения друг друга», MQ 1.5 (teams only
        «если необходимо разграничить пользователей»): Sveta (no portal
        user, Whole LLC without teams) replies on Petr's ticket: threaded.
        Petr's reply copying Sveta and Gleb keeps Sveta as a follower (she
        sees the ticket), not Gleb (no registered contact)."""
        petr = self.tickets["petr"]
        self.assertTrue(self.mail_from("sveta", petr, "Sveta adds a log"))
        self.assertTrue(
            self.mail_from("petr", petr, "Petr copies", cc=("sveta", "gleb"))
        )
        self.assertIn(self.people["sveta"], petr.message_partner_ids)
        self.assertNotIn(self.people["gleb"], petr.message_partner_ids)

    def test_mail_of_ds_key_contact_person_reaches_the_customer(self):
        """R-32, DS 5.1 «в Личном кабинете Лицензиата»: Dina, key contact
        person of Licensee LLC's DS contract (no portal user, in no team),
        names Lev's ticket (team X): threaded. Lev names Dina's: not
        threaded (he is no key contact person and not in her team)."""
        self.assertTrue(self.mail_from("dina", self.tickets["lev"], "Dina adds"))
        self.assertFalse(self.mail_from("lev", self.tickets["dina"], "Lev asks"))


@tagged("post_install", "-at_install")
class TestPortalTeamVisibilityMigration(SupportContractCase):
    """The regulation decides the key contact person's view (R-32)."""

    def test_presets_and_migration_set_the_flag_per_regulation(self):
        """R-32; MQ 1.6 «доступны только для них самих и пользователей,
        состоящих с ними в одной команде» (MQ: off); DS 5.1 «в Личном
        кабинете Лицензиата» (DS: on). The presets set the flag of their
        regulation, and the migration sets it on a database whose
        regulations were loaded before the flag existed."""
        regulations = self.env["helpdesk.support.regulation"].search(
            [("company_id", "=", self.company.id)]
        )
        flags = {r.code: r.kcp_sees_all_tickets for r in regulations}
        self.assertEqual(flags, {"ds": True, "mq": False})
        regulations.write({"kcp_sees_all_tickets": False})
        migration = load_script(
            "helpdesk_mgmt_support_contract/migrations/18.0.2.3.0/post-30-kcp_visibility.py",
            "hmsc_post_migrate_18_0_2_3_0",
        )
        migration.migrate(self.env.cr, "18.0.2.2.0")
        regulations.invalidate_recordset()
        flags = {r.code: r.kcp_sees_all_tickets for r in regulations}
        self.assertEqual(flags, {"ds": True, "mq": False})

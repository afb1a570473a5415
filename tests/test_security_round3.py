# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Attacks on what issue #16 item 3 changed: the portal rule on tickets is
the searchable field ``support_portal_visible`` (R-32), and SLA timers got a
stored ``compliance_date`` filled by a migration. Each attack through its
real entry point: JSON-RPC call_kw as a portal or support user, the portal
pages over HTTP, raw mail through ``message_process``. Both presets (DS and
MQ) are loaded in one company, as the demo ships; contracts run 2020-2099
and mails are dated explicitly, so nothing depends on today's date.

MQ, glossary: "Клиент — сотрудник Заказчика, пользующийся услугами
технической поддержки"; "Команда — группа Клиентов Заказчика, которым
доступны для просмотра обращения друг друга"; "Ключевое контактное лицо —
представитель Заказчика, указанный в договоре" (R-32: a ticket is visible to
its creator and the creator's team, nobody else on the portal, the key
contact person included under MQ, MQ 1.6).
"""

from freezegun import freeze_time

from odoo import Command
from odoo.modules.migration import load_script
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import SupportHttpCase, SupportTicketCase, call_kw
from .test_security_mail import raw_mail

FIELD = "support_portal_visible"
# every operator and value a client can send on the rule's field
HOSTILE_DOMAINS = [
    [(FIELD, "=", False)],
    [(FIELD, "!=", True)],
    [(FIELD, "!=", False)],
    ["!", (FIELD, "=", True)],
    ["!", "!", (FIELD, "=", False)],
    ["!", "|", (FIELD, "=", True), (FIELD, "=", False)],
    ["|", (FIELD, "=", True), (FIELD, "=", False)],
    [(FIELD, "in", [True, False])],
    [(FIELD, "in", [False])],
    [(FIELD, "not in", [True])],
    [(FIELD, "not in", [])],
    [(FIELD, "in", [])],
    [(FIELD, "=", "True")],
    [(FIELD, "=", "")],
    [(FIELD, "=", None)],
    [(FIELD, "!=", None)],
    [(FIELD, "=", 0)],
    [(FIELD, "=", 1)],
    [(FIELD, "ilike", "t")],
    [(FIELD, "=?", False)],
]


@tagged("post_install", "-at_install")
class TestSecurityRound3Portal(SupportHttpCase):
    """Rule Customer LLC (MQ Premium): Kira the key contact person, Mona and
    Ada a team of contacts, Nils a registered contact outside the team; Eve
    a contact of another customer. Ada's ticket is the target."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.company
        cls.other_company = cls.env["res.company"].create({"name": "Round3 Other Co"})
        cls.customer = cls.env["res.partner"].create(
            {"name": "R3 Customer LLC", "is_company": True}
        )
        cls.kcp, cls.mate, cls.author, cls.nils = cls.env["res.partner"].create(
            [
                {"name": name, "parent_id": cls.customer.id, "email": f"{name}@r3.test"}
                for name in ("Kira R3", "Mona R3", "Ada R3", "Nils R3")
            ]
        )
        cls.contract = cls.env["helpdesk.support.contract"].create(
            {
                "partner_id": cls.customer.id,
                "tier_id": cls.by_code("helpdesk.support.tier", "mq_premium").id,
                "date_start": "2020-01-01",
                "date_end": "2099-12-31",
                "contact_ids": [
                    Command.set((cls.kcp | cls.mate | cls.author | cls.nils).ids)
                ],
                "key_contact_id": cls.kcp.id,
            }
        )
        cls.team = cls.env["helpdesk.support.contact.team"].create(
            {
                "name": "R3 Accounting",
                "contract_id": cls.contract.id,
                "member_ids": [Command.set((cls.mate | cls.author).ids)],
            }
        )
        cls.contract.action_activate()
        cls.users = {}
        for partner, login in (
            (cls.kcp, "r3_kira"),
            (cls.mate, "r3_mona"),
            (cls.author, "r3_ada"),
            (cls.nils, "r3_nils"),
        ):
            cls.users[login] = new_test_user(
                cls.env,
                login=login,
                groups="base.group_portal",
                partner_id=partner.id,
                company_id=company.id,
                company_ids=[Command.set(company.ids)],
            )
        cls.eve = cls.make_portal_customer("R3", "eve", "mq_basic")
        cls.ticket = cls.env["helpdesk.ticket"].create(
            {
                "name": "R3 invoices do not balance",
                "description": "<p>the figures</p>",
                "partner_id": cls.author.id,
            }
        )
        cls.eve_ticket = cls.env["helpdesk.ticket"].create(
            {"name": "R3 Eve's own", "description": "x", "partner_id": cls.eve.id}
        )
        cls.support = new_test_user(
            cls.env,
            login="r3_support",
            groups="helpdesk_mgmt_support_contract.group_support_user",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )

    def sees_ticket(self, ticket=None):
        """Whether the portal session sees the ticket: list page, detail page
        and JSON-RPC, which must agree."""
        ticket = ticket or self.ticket
        listing = self.url_open("/my/tickets").text
        with mute_logger("odoo.http"):
            page = self.url_open(f"/my/ticket/{ticket.id}")
        rows = call_kw(
            self,
            "helpdesk.ticket",
            "search_read",
            [("id", "=", ticket.id)],
            fields=["name"],
        )["result"]
        seen = (
            ticket.name in listing,
            page.status_code == 200 and ticket.name in page.text,
            bool(rows),
        )
        self.assertEqual(len(set(seen)), 1, f"listing, page and RPC agree: {seen}")
        return seen[0]

    def set_active(self, partner, active):
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE res_partner SET active = %s WHERE id = %s", (active, partner.id)
        )
        self.env.invalidate_all()

    def assert_never_leaks(self, login, contexts):
        """Every hostile domain on the rule's field, with each context, in
        search_read, search_count and read_group: the target ticket never
        comes back, and no call fails with a server error (a crash is no
        answer: Odoo's ValueError for a domain it refuses is)."""
        self.authenticate(login, login)
        allowed = set(
            self.env["helpdesk.ticket"].with_user(self.users[login]).search([]).ids
        )
        self.assertNotIn(self.ticket.id, allowed)
        for context in contexts:
            for domain in HOSTILE_DOMAINS:
                where = f"{login} {domain} {context}"
                body = call_kw(
                    self,
                    "helpdesk.ticket",
                    "search_read",
                    domain,
                    fields=["name", FIELD],
                    context=context,
                )
                if "error" in body:
                    self.assertIn(
                        body["error"]["data"]["name"],
                        (
                            "builtins.ValueError",
                            "odoo.exceptions.AccessError",
                            "odoo.exceptions.UserError",
                        ),
                        where,
                    )
                    continue
                ids = {row["id"] for row in body["result"]}
                self.assertNotIn(self.ticket.id, ids, where)
                self.assertLessEqual(ids, allowed, where)
                count = call_kw(
                    self, "helpdesk.ticket", "search_count", domain, context=context
                )["result"]
                self.assertEqual(count, len(ids), where)
                groups = call_kw(
                    self,
                    "helpdesk.ticket",
                    "read_group",
                    domain,
                    ["partner_id"],
                    ["partner_id"],
                    context=context,
                )["result"]
                self.assertNotIn(
                    self.author.id,
                    [
                        group["partner_id"] and group["partner_id"][0]
                        for group in groups
                    ],
                    where,
                )
                self.assertEqual(
                    sum(group["partner_id_count"] for group in groups), count, where
                )

    def test_rpc_hostile_domains_on_the_rule_field(self):
        """R-32, MQ glossary "Команда — группа Клиентов Заказчика, которым
        доступны для просмотра обращения друг друга": a contact outside the
        team (Nils) and a contact of another customer (Eve) query the rule's
        field over JSON-RPC with every operator and value (negations, lists,
        strings, None, nested '!'), archived records included, in their own
        and in another company: never the team's ticket, never a crash."""
        contexts = [
            {},
            {"active_test": False},
            {"allowed_company_ids": self.company.ids},
            {"allowed_company_ids": self.other_company.ids},
            {"allowed_company_ids": (self.company | self.other_company).ids},
        ]
        self.assert_never_leaks("r3_nils", contexts)
        self.users["r3_eve"] = self.env["res.users"].search([("login", "=", "r3_eve")])
        self.assert_never_leaks("r3_eve", contexts)

    def test_rpc_read_of_the_field_on_a_hidden_ticket(self):
        """R-32: reading ``support_portal_visible`` (its compute searches as
        superuser among the records asked) of a ticket the user may not see
        is refused; on the user's own ticket it says True."""
        self.authenticate("r3_eve", "r3_eve")
        for method, args in (
            ("read", [self.ticket.ids, [FIELD, "name"]]),
            ("web_read", [self.ticket.ids, {FIELD: {}, "name": {}}]),
        ):
            body = call_kw(self, "helpdesk.ticket", method, *args)
            self.assertEqual(
                body.get("error", {}).get("data", {}).get("name"),
                "odoo.exceptions.AccessError",
                method,
            )
        own = call_kw(
            self, "helpdesk.ticket", "read", self.eve_ticket.ids, [FIELD, "name"]
        )["result"]
        self.assertEqual(own[0][FIELD], True)
        # a support user reads it as False on a customer's ticket (not their own)
        # and sees the ticket: the rule is the portal's only
        self.authenticate("r3_support", "r3_support")
        rows = call_kw(
            self, "helpdesk.ticket", "read", self.ticket.ids, [FIELD, "name"]
        )["result"]
        self.assertEqual((rows[0]["name"], rows[0][FIELD]), (self.ticket.name, False))

    def test_moved_key_contact_loses_tickets(self):
        """R-32, MQ glossary "Ключевое контактное лицо — представитель
        Заказчика, указанный в договоре": the key contact person moved to
        another company (the contract still names her until support edits
        it) no longer sees the former employer's tickets, on the list, the
        page and over RPC. Under MQ she sees Ada's ticket only as a member of
        Ada's team (MQ 1.6 «доступны только для них самих и пользователей,
        состоящих с ними в одной команде»), so she joins it first; the DS
        key contact person's view of the whole customer is checked by
        tests/test_portal_team_visibility.py."""
        self.authenticate("r3_kira", "r3_kira")
        self.assertFalse(self.sees_ticket())
        self.team.member_ids = [Command.link(self.kcp.id)]
        self.env.flush_all()
        self.assertTrue(self.sees_ticket())
        self.kcp.parent_id = self.env["res.partner"].create(
            {"name": "R3 New Employer", "is_company": True}
        )
        self.env.flush_all()
        self.assertIn(self.kcp, self.customer.support_key_contact_ids)
        self.assertFalse(self.sees_ticket())

    def test_archived_contacts(self):
        """R-32: archiving a contact changes nothing of what the rule
        grants (the rule reads the contacts whatever their ``active`` flag,
        as the portal rule did before it was indexed): the team mate sees the
        ticket of an archived
        creator, the key contact person outside the team does not (MQ 1.6
        «доступны только для них самих и пользователей, состоящих с ними в
        одной команде»), and a portal user whose contact is archived still
        sees the tickets of their team."""
        # Odoo refuses to archive a contact with an active user from the
        # form; data imports and scripts do it
        self.set_active(self.author, False)
        for login, visible in (("r3_mona", True), ("r3_kira", False)):
            self.authenticate(login, login)
            self.assertEqual(self.sees_ticket(), visible, login)
        self.set_active(self.author, True)
        self.set_active(self.mate, False)
        self.authenticate("r3_mona", "r3_mona")
        self.assertTrue(self.sees_ticket())
        self.authenticate("r3_nils", "r3_nils")
        self.assertFalse(self.sees_ticket())

    def test_individual_without_company(self):
        """R-32: a private person (no parent company: their own commercial
        partner) with a portal user sees their own ticket and nothing of
        Rule Customer's."""
        person = self.env["res.partner"].create(
            {"name": "R3 Private Person", "email": "private@r3.test"}
        )
        self.assertEqual(person.commercial_partner_id, person)
        new_test_user(
            self.env,
            login="r3_private",
            groups="base.group_portal",
            partner_id=person.id,
            company_ids=[Command.set(self.company.ids)],
        )
        own = self.env["helpdesk.ticket"].create(
            {"name": "R3 private question", "description": "x", "partner_id": person.id}
        )
        self.authenticate("r3_private", "r3_private")
        self.assertTrue(self.sees_ticket(own))
        self.assertFalse(self.sees_ticket())

    def test_portal_user_in_two_companies(self):
        """R-32, MQ glossary "Команда": Mona, a portal user of two companies
        whose team mate's contact record belongs to the second company, sees
        her team mate's ticket of the first company whatever companies her
        request names; Eve, in both companies too, sees it in none."""
        both = (self.company | self.other_company).ids
        for login in ("r3_mona", "r3_ada"):
            self.users[login].company_ids = [Command.set(both)]
        self.env["res.users"].search([("login", "=", "r3_eve")]).company_ids = [
            Command.set(both)
        ]
        # Odoo's form refuses a company its user's main company is not; an
        # import sets it
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE res_partner SET company_id = %s WHERE id = %s",
            (self.other_company.id, self.author.id),
        )
        self.env.invalidate_all()
        for login, expected in (("r3_mona", True), ("r3_eve", False)):
            self.authenticate(login, login)
            self.assertEqual(self.sees_ticket(), expected, login)
            for companies in (self.company.ids, both):
                rows = call_kw(
                    self,
                    "helpdesk.ticket",
                    "search_read",
                    [("id", "=", self.ticket.id)],
                    fields=["name"],
                    context={"allowed_company_ids": companies},
                )["result"]
                self.assertEqual(bool(rows), expected, f"{login} {companies}")

    def test_support_user_not_affected(self):
        """R-32 is the portal's rule only: a support user's rules on tickets
        do not name it, and the user finds the customer's tickets over
        JSON-RPC, whatever ``support_portal_visible`` says for them."""
        domain = (
            self.env["ir.rule"]
            .with_user(self.support)
            ._compute_domain("helpdesk.ticket", "read")
        )
        self.assertNotIn(FIELD, str(domain))
        self.authenticate("r3_support", "r3_support")
        rows = call_kw(
            self,
            "helpdesk.ticket",
            "search_read",
            [("id", "in", (self.ticket | self.eve_ticket).ids)],
            fields=["name"],
        )["result"]
        self.assertEqual(
            {row["id"] for row in rows}, set((self.ticket | self.eve_ticket).ids)
        )

    def test_compliance_date_not_writable_over_rpc(self):
        """R-29 (compliance per tier / team / customer / month): the date a
        timer counts from is the system's: neither a support user nor a
        portal user writes it, on the timer or through the ticket."""
        timer = self.ticket.support_sla_timer_ids[:1]
        self.assertTrue(timer)
        before = timer.compliance_date
        for login in ("r3_support", "r3_ada"):
            self.authenticate(login, login)
            body = call_kw(
                self,
                "helpdesk.support.sla.timer",
                "write",
                timer.ids,
                {"compliance_date": "2001-01-01 00:00:00"},
            )
            self.assertIn("error", body, login)
            body = call_kw(
                self,
                "helpdesk.ticket",
                "write",
                self.ticket.ids,
                {
                    "support_sla_timer_ids": [
                        Command.update(
                            timer.id, {"compliance_date": "2001-01-01 00:00:00"}
                        )
                    ]
                },
            )
            self.assertIn("error", body, login)
        self.env.invalidate_all()
        self.assertEqual(timer.compliance_date, before)


@tagged("post_install", "-at_install")
@freeze_time("2026-06-01 07:00:00", tick=True)
class TestSecurityRound3Mail(SupportTicketCase):
    """Customer LLC: Alice and Bob form a team of contacts, Dave (no portal
    user) is the key contact person; none of them has a portal user, so the
    gateway reads the rule's relations for the sender itself."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        domain = cls.env["mail.alias.domain"].create({"name": "company.test"})
        cls.company.alias_domain_id = domain
        cls.team.write({"alias_name": "support", "alias_domain_id": domain.id})
        cls.contract = cls.make_contract(
            "mq_premium",
            date_start="2020-01-01",
            date_end="2099-12-31",
            contact_ids=[Command.set((cls.alice | cls.bob | cls.dave).ids)],
            key_contact_id=cls.dave.id,
        )
        cls.contract.action_activate()
        cls.env["helpdesk.support.contact.team"].create(
            {
                "name": "Accounting",
                "contract_id": cls.contract.id,
                "member_ids": [Command.set((cls.alice | cls.bob).ids)],
            }
        )
        cls.new_employer = cls.env["res.partner"].create(
            {"name": "New Employer LLC", "is_company": True}
        )

    def process(self, raw):
        return (
            self.env["mail.thread"]
            .with_company(self.company)
            .message_process(False, raw)
        )

    def tickets(self, subject):
        return self.env["helpdesk.ticket"].search([("name", "=", subject)])

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


@tagged("post_install", "-at_install")
class TestSecurityRound3Migration(SupportTicketCase):
    """The migration 18.0.2.2.0 on a database with timers in every state."""

    def test_migration_fills_compliance_date_as_the_compute(self):
        """R-29: "SLA compliance per tier / team / customer / month": the
        migration that adds ``compliance_date`` gives every timer, in each
        of its states, the value the compute gives (its start when met or
        breached, empty otherwise), and changes no other column."""
        migration = load_script(
            "helpdesk_mgmt_support_contract/migrations/18.0.2.2.0/pre-migrate.py",
            "hmsc_pre_migrate_18_0_2_2_0",
        )
        contact = self.make_customer("mq_premium", name="Migrated LLC")
        states = [value for value, _label in self.Timer._fields["state"].selection]
        tickets = self.Ticket.browse()
        for state in states:
            tickets |= self.make_ticket(contact, name=f"timer {state}")
        timers = tickets.support_sla_timer_ids
        self.assertGreaterEqual(len(timers), len(states))
        self.env.flush_all()
        cr = self.env.cr
        for ticket, state in zip(tickets, states, strict=True):
            cr.execute(
                "UPDATE helpdesk_support_sla_timer SET state = %s WHERE ticket_id = %s",
                (state, ticket.id),
            )
        columns = "id, state, start_date, deadline, met_date, breached_date"
        cr.execute(
            f"SELECT {columns} FROM helpdesk_support_sla_timer "
            "WHERE id IN %s ORDER BY id",
            (tuple(timers.ids),),
        )
        before = cr.fetchall()
        cr.execute("SELECT count(*) FROM helpdesk_support_sla_timer")
        [total] = cr.fetchone()
        cr.execute("ALTER TABLE helpdesk_support_sla_timer DROP COLUMN compliance_date")
        migration.migrate(cr, "18.0.2.1.0")
        migration.migrate(cr, "18.0.2.1.0")  # a second run changes nothing
        cr.execute(
            f"SELECT {columns} FROM helpdesk_support_sla_timer "
            "WHERE id IN %s ORDER BY id",
            (tuple(timers.ids),),
        )
        self.assertEqual(cr.fetchall(), before)
        cr.execute("SELECT count(*) FROM helpdesk_support_sla_timer")
        self.assertEqual(cr.fetchone()[0], total)
        self.env.invalidate_all()
        for timer in timers:
            counted = timer.state in ("met", "breached")
            self.assertEqual(
                timer.compliance_date,
                timer.start_date if counted else False,
                timer.state,
            )
        seen = set(timers.mapped("state"))
        self.assertEqual(seen, set(states))

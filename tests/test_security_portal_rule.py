# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Issue #12.13: the portal rule on tickets (R-32) is right immediately after
any change of contracts and teams of contacts.

The rule is a domain over stored relations (contracts of the customer, teams
of the ticket's creator) evaluated by PostgreSQL, so no cache holds a stale
list of visible tickets. Each test keeps one portal session open, changes the
contract as a manager, and looks again through the same session: the portal
page and JSON-RPC ``search_read``. Contracts run 2020-2099, so the tests do
not depend on today's date.

Both presets are loaded; the class runs on an MQ Premium contract, where the
key contact person outside the creator's team does not see the ticket (MQ
1.6), and its subclass on a DS contract, whose key contact person sees the
whole customer (DS 5.1, the licensee's account): the same checks, each
under its regulation.
"""

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import call_kw


@tagged("post_install", "-at_install")
class TestSecurityPortalRule(HttpCase):
    # the contract's tier, and whether its key contact person (outside the
    # creator's team) sees the ticket: MQ 1.6 «доступны только для них самих
    # и пользователей, состоящих с ними в одной команде»
    tier_code = "mq_premium"
    kcp_sees_all = False

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env.company
        wizard = cls.env["helpdesk.support.preset.wizard"]
        wizard._load_preset("ds", company.id)
        wizard._load_preset("mq", company.id)
        cls.manager = new_test_user(
            cls.env,
            login="sec_rule_manager",
            groups="helpdesk_mgmt_support_contract.group_support_manager",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )
        customer = cls.env["res.partner"].create(
            {"name": "Rule Customer LLC", "is_company": True}
        )
        cls.kcp, cls.mate, cls.author, cls.nils = cls.env["res.partner"].create(
            [
                {"name": name, "parent_id": customer.id, "email": f"{name}@rule.test"}
                for name in ("Kira Key", "Mona Mate", "Ada Author", "Nils New")
            ]
        )
        tier = cls.env["helpdesk.support.tier"].search(
            [("company_id", "=", company.id), ("code", "=", cls.tier_code)]
        )
        cls.contract = cls.env["helpdesk.support.contract"].create(
            {
                "partner_id": customer.id,
                "tier_id": tier.id,
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
                "name": "Accounting",
                "contract_id": cls.contract.id,
                "member_ids": [Command.set((cls.mate | cls.author).ids)],
            }
        )
        cls.contract.action_activate()
        for partner, login in (
            (cls.kcp, "sec_rule_kira"),
            (cls.mate, "sec_rule_mona"),
            (cls.author, "sec_rule_ada"),
            (cls.nils, "sec_rule_nils"),
        ):
            new_test_user(
                cls.env,
                login=login,
                groups="base.group_portal",
                partner_id=partner.id,
                company_ids=[Command.set(company.ids)],
            )
        cls.ticket = cls.env["helpdesk.ticket"].create(
            {
                "name": "Invoices do not balance",
                "description": "x",
                "partner_id": cls.author.id,
            }
        )

    def sees_ticket(self):
        """Whether the portal session sees the ticket: list page, detail page
        and JSON-RPC, which must agree."""
        listing = self.url_open("/my/tickets").text
        with mute_logger("odoo.http"):
            page = self.url_open(f"/my/ticket/{self.ticket.id}")
        rows = call_kw(
            self,
            "helpdesk.ticket",
            "search_read",
            [("id", "=", self.ticket.id)],
            fields=["name"],
        )["result"]
        seen = (
            self.ticket.name in listing,
            page.status_code == 200 and self.ticket.name in page.text,
            bool(rows),
        )
        self.assertEqual(len(set(seen)), 1, f"listing, page and RPC agree: {seen}")
        return seen[0]

    def as_manager(self, method, *args):
        """A change by a support manager (not the attacker's request)."""
        contract = self.contract.with_user(self.manager)
        getattr(contract, method)(*args)
        self.env.flush_all()

    def test_deleted_contract_key_contact_loses_tickets(self):
        """#12.13: the key contact keeps seeing all the organisation's tickets
        after the contract is deleted, until the next cache clear (R-32: "the
        key contact person sees all tickets of the organisation" while the
        contract names them, under DS; under MQ she is outside the creator's
        team and never sees it, MQ 1.6)."""
        self.authenticate("sec_rule_kira", "sec_rule_kira")
        self.assertEqual(self.sees_ticket(), self.kcp_sees_all)
        self.as_manager("unlink")
        self.assertFalse(self.sees_ticket())

    def test_deleted_contract_team_mate_loses_tickets(self):
        """#12.13: a member of the creator's team of contacts keeps seeing the
        creator's tickets after the contract (and with it the team) is
        deleted (R-32, MQ 1.3: teams of a contract see each other's
        tickets)."""
        self.authenticate("sec_rule_mona", "sec_rule_mona")
        self.assertTrue(self.sees_ticket())
        self.as_manager("unlink")
        self.assertFalse(self.sees_ticket())

    def test_new_key_contact_sees_tickets_at_once(self):
        """#12.13: the key contact is changed: the former one loses the
        organisation's tickets at once, the new one gets them at once (under
        DS; under MQ neither, outside the creator's team, sees it, MQ 1.6)."""
        self.authenticate("sec_rule_kira", "sec_rule_kira")
        self.assertEqual(self.sees_ticket(), self.kcp_sees_all)
        self.authenticate("sec_rule_nils", "sec_rule_nils")
        self.assertFalse(self.sees_ticket())
        self.authenticate("sec_rule_kira", "sec_rule_kira")
        self.as_manager("write", {"key_contact_id": self.nils.id})
        self.assertFalse(self.sees_ticket())
        self.authenticate("sec_rule_nils", "sec_rule_nils")
        self.assertEqual(self.sees_ticket(), self.kcp_sees_all)

    def test_team_member_removed_loses_tickets(self):
        """#12.13: a contact taken out of the creator's team loses the team's
        tickets at once (R-32)."""
        self.authenticate("sec_rule_mona", "sec_rule_mona")
        self.assertTrue(self.sees_ticket())
        self.team.with_user(self.manager).write(
            {"member_ids": [Command.unlink(self.mate.id)]}
        )
        self.env.flush_all()
        self.assertFalse(self.sees_ticket())

    def test_creator_keeps_own_ticket(self):
        """#12.13: the creator sees their own ticket with or without a
        contract."""
        self.authenticate("sec_rule_ada", "sec_rule_ada")
        self.assertTrue(self.sees_ticket())
        self.as_manager("unlink")
        self.assertTrue(self.sees_ticket())

    def test_staff_cannot_write_key_contacts_of_customer(self):
        """#12.13: the stored relation the rule reads is maintained by the
        system: an internal user who may edit contacts makes a contact a key
        contact person of the customer by writing it over JSON-RPC."""
        new_test_user(
            self.env,
            login="sec_rule_clerk",
            groups="base.group_user,base.group_partner_manager",
        )
        customer = self.kcp.parent_id
        self.authenticate("sec_rule_nils", "sec_rule_nils")
        self.assertFalse(self.sees_ticket())
        self.authenticate("sec_rule_clerk", "sec_rule_clerk")
        response = call_kw(
            self,
            "res.partner",
            "write",
            customer.ids,
            {"support_key_contact_ids": [Command.link(self.nils.id)]},
        )
        self.assertEqual(
            response.get("error", {}).get("data", {}).get("name"),
            "odoo.exceptions.AccessError",
        )
        self.env.invalidate_all()
        self.assertEqual(customer.support_key_contact_ids, self.kcp)
        self.authenticate("sec_rule_nils", "sec_rule_nils")
        self.assertFalse(self.sees_ticket())

    def test_support_user_cannot_add_stranger_to_team_from_partner(self):
        """#12.13: a support user who may edit contacts (as Odoo's default user
        template allows) puts another customer's contact into this customer's
        team of contacts from the contact's side, where the team's check
        (members are registered contacts, MQ 1.3) does not run."""
        new_test_user(
            self.env,
            login="sec_rule_support",
            groups="helpdesk_mgmt_support_contract.group_support_user,"
            "base.group_partner_manager",
        )
        other = self.env["res.partner"].create(
            {"name": "Other Org", "is_company": True}
        )
        stranger = self.env["res.partner"].create(
            {"name": "Sam Stranger", "parent_id": other.id, "email": "sam@o.test"}
        )
        new_test_user(
            self.env,
            login="sec_rule_sam",
            groups="base.group_portal",
            partner_id=stranger.id,
        )
        self.authenticate("sec_rule_support", "sec_rule_support")
        response = call_kw(
            self,
            "res.partner",
            "write",
            stranger.ids,
            {"support_contact_team_ids": [Command.link(self.team.id)]},
        )
        self.assertEqual(
            response.get("error", {}).get("data", {}).get("name"),
            "odoo.exceptions.AccessError",
        )
        self.env.invalidate_all()
        self.assertNotIn(stranger, self.team.member_ids)
        self.authenticate("sec_rule_sam", "sec_rule_sam")
        self.assertFalse(self.sees_ticket())

    def test_rule_field_search_and_compute_agree(self):
        """R-32: the key contact person sees all tickets of the organisation
        under DS, none outside the creator's team under MQ (MQ 1.6), a team
        mate the creator's, the creator their own, another registered
        contact outside the team none. The rule's field
        (``support_portal_visible``, searched with ids on indexed columns,
        #16) answers the same through its search, its negation and its
        compute, for each of them."""
        expected = {
            "sec_rule_kira": self.kcp_sees_all,
            "sec_rule_mona": True,
            "sec_rule_ada": True,
            "sec_rule_nils": False,
        }
        Users = self.env["res.users"]
        for login, visible in expected.items():
            user = Users.search([("login", "=", login)])
            tickets = self.env["helpdesk.ticket"].with_user(user).sudo(False)
            found = tickets.sudo().search(
                [("id", "=", self.ticket.id), ("support_portal_visible", "=", True)]
            )
            hidden = tickets.sudo().search(
                [("id", "=", self.ticket.id), ("support_portal_visible", "!=", True)]
            )
            computed = self.ticket.with_user(user).sudo().support_portal_visible
            self.assertEqual(
                (bool(found), bool(hidden), computed),
                (visible, not visible, visible),
                login,
            )

    def test_team_mate_moved_to_another_company_loses_tickets(self):
        """R-32, MQ 1.3: teams of contacts belong to one customer. A member
        of the creator's team who is moved to another company (the team is
        not edited: she is still in it) no longer sees the creator's
        tickets; the rule serves a team and a key contact person their own
        organisation only (found while rewriting the rule for #16: the
        former rule let her see them)."""
        self.authenticate("sec_rule_mona", "sec_rule_mona")
        self.assertTrue(self.sees_ticket())
        other = self.env["res.partner"].create(
            {"name": "New Employer LLC", "is_company": True}
        )
        self.mate.parent_id = other
        self.env.flush_all()
        self.assertIn(self.mate, self.author.support_ticket_partner_ids)
        self.assertFalse(self.sees_ticket())


@tagged("post_install", "-at_install")
class TestSecurityPortalRuleDs(TestSecurityPortalRule):
    """The same checks on a DS contract: DS has no teams and files requests
    «в Личном кабинете Лицензиата» (DS 5.1), so its regulation lets the key
    contact person see all the customer's tickets (R-32)."""

    tier_code = "ds_commercial"
    kcp_sees_all = True

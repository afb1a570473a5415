# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""An outside attacker on the support engineer's day (R-20, R-23, R-25, R-02,
R-35): the SLA clock on tickets, where new tickets land, the portal's
overdue list, the server's language and the reclassify wizard, each through
the entry point a user reaches: JSON-RPC ``call_kw`` as the user, HTTP as
the portal user, the ORM as the scheduled actions run it.

DS 5.1 «На каждую заявку назначается ответственный сотрудник» and MQ 1.2
«Основным показателем SLA является гарантированное время ответа».
"""

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from ..tools.server_language import customer_env, datetime_text, staff_env
from .common import (
    FIXTURE_NOW,
    SupportHttpCase,
    SupportTicketCase,
    call_kw_result,
    naive,
)

BADGE_FIELDS = [
    "support_sla_badge",
    "support_sla_risk",
    "support_sla_due",
    "support_sla_clause",
    "support_sla_remaining_hours",
]


@tagged("post_install", "-at_install")
class TestStaffDayAssignment(SupportTicketCase):
    """Where a new ticket lands and who gets it (R-20, R-25)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_company = cls.env["res.company"].create({"name": "Other Co"})
        cls.contact = cls.make_customer("mq_basic", name="Landing LLC")

    def test_leader_rule_never_assigns_a_portal_archived_or_foreign_user(self):
        """DS 5.1 «На каждую заявку назначается ответственный сотрудник»
        (R-25): the responsible is an employee of the company serving the
        ticket. A team leader who is a portal user, an archived user or a
        user of another company only does not receive the ticket: it stays
        in the team's queue, where its members see it."""
        portal = new_test_user(
            self.env,
            login="leader_portal",
            groups="base.group_portal",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        foreign = new_test_user(
            self.env,
            login="leader_foreign",
            groups="helpdesk_mgmt_support_contract.group_support_user",
            company_id=self.other_company.id,
            company_ids=[Command.set(self.other_company.ids)],
        )
        archived = new_test_user(
            self.env,
            login="leader_archived",
            groups="helpdesk_mgmt_support_contract.group_support_user",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        archived.active = False
        self.team.support_assign_method = "leader"
        for leader in (portal, foreign, archived):
            # the team's leader field has no company or employee check of
            # its own (helpdesk_mgmt): set as a manager's form would
            self.team.sudo().user_id = leader
            # no assignee named (helpdesk_mgmt's auto-assign would give the
            # creator otherwise): the team's rule alone decides
            ticket = self.make_ticket(self.contact, user_id=False)
            self.assertFalse(ticket.user_id, leader.login)
            self.assertEqual(ticket.team_id, self.team)

    def test_balanced_rule_skips_members_of_another_company(self):
        """DS 5.1 (R-25): the member with the fewest open tickets is chosen
        among the employees of the ticket's company; a member of another
        company only (who could not even open the ticket) is not given it."""
        foreign = new_test_user(
            self.env,
            login="member_foreign",
            groups="helpdesk_mgmt_support_contract.group_support_user",
            company_id=self.other_company.id,
            company_ids=[Command.set(self.other_company.ids)],
        )
        self.team.write(
            {
                "support_assign_method": "balanced",
                "user_ids": [Command.link(foreign.id)],
            }
        )
        # the support user is busy, the foreign member has nothing
        self.make_ticket(self.contact, user_id=self.support_user.id)
        tickets = self.Ticket.create(
            [
                {
                    "name": f"Landing {index}",
                    "description": "<p>x</p>",
                    "partner_id": self.contact.id,
                    "team_id": self.team.id,
                }
                for index in range(3)
            ]
        )
        self.assertEqual(tickets.user_id, self.support_user)

    def test_default_team_of_another_company_is_refused(self):
        """MQ 1.2 (R-20): a regulation's default team is a team of its
        company; a team of another company is refused on write."""
        regulation = self.tier("mq_basic").regulation_id
        foreign_team = self.env["helpdesk.ticket.team"].create(
            {"name": "Foreign", "company_id": self.other_company.id}
        )
        with self.assertRaises(UserError):
            regulation.with_user(self.support_manager).write(
                {"default_team_id": foreign_team.id}
            )


@tagged("post_install", "-at_install")
class TestStaffDayServerLanguage(SupportTicketCase):
    """R-02: the server's texts with a contact whose language or zone is
    not one the server knows (DS 2.1 «с 10 до 18 часов московского
    времени»)."""

    def test_unknown_language_and_zone_fall_back(self):
        """DS 2.1 «с 10 до 18 часов московского времени», MQ 1.2 «по Московскому
        часовому поясу (GMT+3)» (R-02): a contact whose language is not installed, empty
        or garbage, and whose zone is garbage, reads in the company's language and
        Moscow time; a company with a garbage zone writes Moscow time."""
        contact = self.make_customer(name="Garbage LLC")
        when = naive("2026-06-01 09:00:00")
        for lang in ("xx_XX", "", "'; DROP TABLE x; --"):
            # language and zone are selections: garbage arrives only from
            # outside the ORM (an import, a database edit)
            self.env.cr.execute(
                "UPDATE res_partner SET lang = %s, tz = %s WHERE id = %s",
                [lang or None, "Mars/Olympus", contact.id],
            )
            contact.invalidate_recordset(["lang", "tz"])
            env = customer_env(self.env, contact, self.company)
            self.assertTrue(env["res.lang"]._get_data(code=env.context["lang"]).code)
            self.assertEqual(env.context["tz"], "Europe/Moscow")
            self.assertIn("12:00", datetime_text(env, when))
        self.env.cr.execute(
            "UPDATE res_company SET support_tz = %s WHERE id = %s",
            ["Mars/Olympus", self.company.id],
        )
        self.company.invalidate_recordset(["support_tz"])
        env = staff_env(self.env, self.company)
        self.assertEqual(env.context["tz"], "Europe/Moscow")
        self.assertIn("12:00", datetime_text(env, when))


@tagged("post_install", "-at_install")
class TestStaffDayBadgeRobustness(SupportTicketCase):
    """The SLA clock (R-25) on timers the ORM would not write."""

    def test_badge_survives_timers_without_calendar_or_deadline(self):
        """MQ 1.2 «Основным показателем SLA является гарантированное время
        ответа» (R-25): the queue's clock is read over every ticket; a
        timer on a schedule without working hours, one without deadline and
        a company without support zone do not break the list (search_read
        as admin)."""
        contact = self.make_customer("mq_basic", name="Clock LLC")
        first, second, third = (self.make_ticket(contact) for _index in range(3))
        self.make_ticket(contact)  # a normal one beside them
        timer_one = self.response_timer(first)
        timer_two = self.response_timer(second)
        self.assertTrue(timer_one and timer_two)
        self.env.flush_all()
        # a schedule emptied of its working hours after the timer started
        empty = self.env["resource.calendar"].create(
            {"name": "Empty", "company_id": self.company.id}
        )
        empty.attendance_ids.unlink()
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE helpdesk_support_sla_timer SET resource_calendar_id = %s "
            "WHERE id = %s",
            [empty.id, timer_one.id],
        )
        self.env.cr.execute(
            "UPDATE helpdesk_support_sla_timer SET deadline = NULL WHERE id = %s",
            [timer_two.id],
        )
        self.env.cr.execute(
            "UPDATE res_company SET support_tz = NULL WHERE id = %s",
            [self.company.id],
        )
        self.env.invalidate_all()
        rows = self.Ticket.search_read(
            [("id", "in", (first | second | third).ids)], BADGE_FIELDS
        )
        self.assertEqual(len(rows), 3)
        by_id = {row["id"]: row for row in rows}
        self.assertEqual(by_id[second.id]["support_sla_risk"], "paused")
        self.assertIn(
            by_id[first.id]["support_sla_risk"], ("running", "at_risk", "breached")
        )
        # all tickets of the database, as an admin's list would
        self.env["helpdesk.ticket"].search_read([], BADGE_FIELDS, limit=500)


@tagged("post_install", "-at_install")
class TestStaffDayRpc(SupportHttpCase):
    """JSON-RPC and HTTP as each role: portal users of two customers, a
    support user (R-23, R-35)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contact_a = cls.make_portal_customer("Attk", "a", "mq_basic")
        cls.contact_b = cls.make_portal_customer("Attk", "b", "mq_basic")
        cls.support_user = new_test_user(
            cls.env,
            login="rpc_support",
            groups="helpdesk_mgmt_support_contract.group_support_user",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        Ticket = cls.env["helpdesk.ticket"].with_company(cls.company)
        cls.ticket_a = Ticket.create(
            {
                "name": "A-own ticket",
                "description": "<p>a</p>",
                "partner_id": cls.contact_a.id,
            }
        )
        cls.ticket_b = Ticket.create(
            {
                "name": "B-secret overdue",
                "description": "<p>b</p>",
                "partner_id": cls.contact_b.id,
            }
        )
        timer = cls.ticket_b.support_sla_timer_ids.filtered(
            lambda t: t.kind == "response"
        )
        # B's ticket is overdue: its response deadline passed (written as
        # the timers' cron would leave it, outside a lifecycle event here;
        # everything flushed first, the ticket's pending SLA summary included,
        # so that no computation of the ORM overwrites what SQL writes)
        cls.env.flush_all()
        cls.env.cr.execute(
            "UPDATE helpdesk_support_sla_timer SET state = 'breached', "
            "deadline = %s WHERE id = %s",
            [naive(FIXTURE_NOW), timer.id],
        )
        cls.env.cr.execute(
            "UPDATE helpdesk_ticket SET support_sla_state = 'breached' WHERE id = %s",
            [cls.ticket_b.id],
        )
        cls.env.invalidate_all()

    def test_portal_user_reads_no_clock_of_another_customer(self):
        """MQ 1.3 (R-35): a customer's user sees the SLA of his own
        organisation's tickets only; the clock and the clause of another
        customer's ticket are not read over RPC (read, search_read,
        web_read)."""
        self.authenticate("attk_a", "attk_a")
        rows, error = call_kw_result(
            self, "helpdesk.ticket", "search_read", [], BADGE_FIELDS + ["name"]
        )
        self.assertIsNone(error)
        self.assertEqual({row["id"] for row in rows}, set(self.ticket_a.ids))
        for method, args, kwargs in (
            ("read", [self.ticket_b.ids, BADGE_FIELDS], {}),
            (
                "web_read",
                [self.ticket_b.ids],
                {"specification": dict.fromkeys(BADGE_FIELDS, {})},
            ),
        ):
            result, error = call_kw_result(
                self, "helpdesk.ticket", method, *args, **kwargs
            )
            self.assertIsNone(result, method)
            self.assertEqual(
                error["name"], "odoo.exceptions.AccessError", (method, error)
            )

    def test_overdue_filter_survives_hostile_query_strings(self):
        """MQ 1.3, DS 6 (R-35): the portal list of overdue tickets answers
        any query string without a server error and lists only the
        customer's own tickets: another customer's overdue ticket is not
        in it."""
        self.authenticate("attk_a", "attk_a")
        for query in (
            "filterby=overdue",
            "filterby=overdue&sortby=<script>alert(1)</script>&groupby=x",
            "filterby=overdue&page=-1",
            "filterby=overdue&page=999999999999999999999999",
            "filterby=overdue&search_in=all&search=%3Cb%3E",
            "filterby=overdue&date_begin=garbage&date_end=2026-13-45",
        ):
            response = self.url_open(f"/my/tickets?{query}")
            self.assertEqual(response.status_code, 200, query)
            self.assertNotIn("B-secret", response.text, query)
            self.assertNotIn("<script>alert(1)", response.text, query)
        response = self.url_open("/my/tickets/page/99999999")
        self.assertIn(response.status_code, (200, 404))
        self.assertNotIn("B-secret", response.text)
        # B sees its own overdue ticket in the same list
        self.authenticate("attk_b", "attk_b")
        response = self.url_open("/my/tickets?filterby=overdue")
        self.assertIn("B-secret", response.text)

    def test_reclassify_wizard_refuses_a_category_of_the_other_regulation(self):
        """DS 3.8 «может быть переведено на данный уровень технической
        поддержки сотрудниками технической поддержки», MQ 1.2 «СТП вправе
        переклассифицировать обращение после проверки», MQ 1.4 (R-23,
        R-26): a ticket
        is reclassified within the categories of its own regulation; the
        form's domain is not the only guard — the wizard created over RPC
        with a category only the other regulation lists is refused."""
        mq = self.ticket_a._support_regulation()
        Category = self.env["helpdesk.ticket.category"]
        foreign = Category.search(
            [
                ("company_id", "in", (self.company.id, False)),
                ("support_regulation_ids", "!=", False),
                ("support_regulation_ids", "not in", mq.ids),
            ],
            limit=1,
        )
        self.assertTrue(foreign, "the DS preset lists categories MQ does not")
        self.authenticate("rpc_support", "rpc_support")
        wizard_id, error = call_kw_result(
            self,
            "helpdesk.support.reclassify.wizard",
            "create",
            {
                "ticket_id": self.ticket_a.id,
                "category_id": foreign.id,
                "reason": "attack",
            },
        )
        if not error:
            _result, error = call_kw_result(
                self,
                "helpdesk.support.reclassify.wizard",
                "action_confirm",
                [wizard_id],
            )
        self.assertTrue(error, "a category of the other regulation was accepted")
        self.assertIn(
            error["name"],
            ("odoo.exceptions.ValidationError", "odoo.exceptions.UserError"),
        )
        self.ticket_a.invalidate_recordset()
        self.assertNotEqual(self.ticket_a.category_id, foreign)

# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""R-12, R-20 attacked from outside: a contract applied to open tickets and
the contract's life followed by them, against hostile input, other
companies, staff decisions, history and the clock.

Both presets (DS and MQ) are loaded in one company, as the demo ships.
"""

import psycopg2
from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import (
    SUPPORT_MANAGER,
    AdoptionFixtures,
    SupportHttpCase,
    SupportTicketCase,
    call_kw,
    load_presets,
    naive,
    old_tickets,
)

# the attacked tickets name their contact
OLD = "Old ticket {index} of {contact.name}"


@tagged("post_install", "-at_install")
class TestContractApplyAttacks(AdoptionFixtures, SupportTicketCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.make_adopter("Attacked JSC", "Attacked contact", "attacked@customer.test")

    def old(self, count=1, when="2026-05-20 07:00:00"):
        return old_tickets(self.Ticket, self.contact, self.team, count, when, OLD)

    def apply(self, contract, tickets=None, clock="applied"):
        Wizard = self.env["helpdesk.support.contract.apply.wizard"]
        wizard = (
            Wizard.with_user(self.support_manager)
            .with_context(default_contract_id=contract.id)
            .create({"clock": clock})
        )
        if tickets is not None:
            wizard.ticket_ids = [Command.set(tickets.ids)]
        return wizard

    def ds_licensee_contract(self):
        contract = self.make_contract(
            "ds_commercial",
            partner_id=self.customer_co.id,
            sender_category_id=self.sender("licensee").id,
        )
        contract.action_activate()
        return contract

    def reclassify(self, ticket, level, reason="Judged by the engineer"):
        wizard = (
            self.env["helpdesk.support.reclassify.wizard"]
            .with_user(self.support_user)
            .create(
                {
                    "ticket_id": ticket.id,
                    "support_sla_level_id": level.id,
                    "reason": reason,
                }
            )
        )
        wizard.action_confirm()

    # ------------------------------------------------------------------
    # Multi-company: a customer with a contract in each company
    # ------------------------------------------------------------------

    def test_contract_of_another_company_keeps_the_tickets(self):
        """MQ 1.2: «Работа с обращениями осуществляется согласно указанному в
        сервисном договоре уровню технической поддержки». The customer also
        has a (more recent) contract with another company of the group: the
        tickets of this company stay under this company's contract when its
        tier changes, and new tickets of this company take it."""
        company_b = self.env["res.company"].create({"name": "Attack Company B"})
        self.wizard._load_preset("mq", company_b.id)
        contract_a = self.make_contract("mq_basic", partner_id=self.customer_co.id)
        contract_a.action_activate()
        ticket = self.make_ticket(self.contact)
        self.assertEqual(ticket.support_contract_id, contract_a)
        tier_b = self.env["helpdesk.support.tier"].search(
            [("code", "=", "mq_premium"), ("company_id", "=", company_b.id)]
        )
        contract_b = self.env["helpdesk.support.contract"].create(
            {
                "partner_id": self.customer_co.id,
                "company_id": company_b.id,
                "tier_id": tier_b.id,
                "date_start": "2026-03-01",
                "date_end": "2026-12-31",
                "contact_ids": [Command.link(self.contact.id)],
            }
        )
        contract_b.action_activate()
        self.assertEqual(ticket.support_contract_id, contract_a)
        # a new ticket of this company: under this company's contract
        new = self.make_ticket(self.contact)
        self.assertEqual(new.support_contract_id, contract_a)
        contract_a.write({"tier_id": self.tier("mq_basic_plus").id})
        self.follow()
        for each in ticket | new:
            self.assertEqual(each.support_contract_id, contract_a)
            timer = self.response_timer(each)
            self.assertEqual(timer.target_value, 4)
            self.assertEqual(timer.tier_id, self.tier("mq_basic_plus"))
        # applied to a ticket of this company opened before: this company's
        old = self.old()
        contract_a.invalidate_recordset(["unapplied_ticket_count"])
        self.assertEqual(contract_a.unapplied_ticket_count, 1)
        contract_b.invalidate_recordset(["unapplied_ticket_count"])
        self.assertEqual(contract_b.unapplied_ticket_count, 0)
        with self.assertRaisesMessage(UserError, old.display_name):
            old._support_apply_contract(contract_b)
        self.assertFalse(old.support_contract_id)

    # ------------------------------------------------------------------
    # Levels set by staff or by a coupon are kept
    # ------------------------------------------------------------------

    def test_level_set_by_staff_is_kept(self):
        """DS 3.8: «обращение с другим SLA может быть переведено на данный
        уровень технической поддержки сотрудниками технической поддержки»;
        MQ 1.2: «СТП вправе переклассифицировать обращение после проверки»
        — R-23: a reclassification by staff, with its
        reason, stands when the contract's sender category or tier changes,
        even when staff chose a level that is also assigned automatically or
        the company's default level."""
        contract = self.ds_licensee_contract()
        raised, lowered, untouched = (self.make_ticket(self.contact) for _i in range(3))
        self.assertEqual(
            untouched.support_sla_level_id, self.level("ds_licensee_standard")
        )
        self.reclassify(raised, self.level("ds_licensee_operational"))
        self.reclassify(lowered, self.level("ds_non_commercial"))
        contract.write({"sender_category_id": self.sender("partner").id})
        self.follow()
        self.assertEqual(
            raised.support_sla_level_id, self.level("ds_licensee_operational")
        )
        self.assertEqual(self.response_timer(raised).target_value, 4)
        self.assertEqual(lowered.support_sla_level_id, self.level("ds_non_commercial"))
        self.assertEqual(self.response_timer(lowered).target_value, 24)
        # the others follow the contract
        self.assertEqual(
            untouched.support_sla_level_id, self.level("ds_partner_standard")
        )
        contract.write({"tier_id": self.tier("ds_vip").id})
        self.follow()
        self.assertEqual(
            raised.support_sla_level_id, self.level("ds_licensee_operational")
        )
        self.assertEqual(lowered.support_sla_level_id, self.level("ds_non_commercial"))

    def test_development_timer_is_kept(self):
        """DS 3.9: «Данный уровень поддержки присваивается в случае, если
        обращение переведено под контроль отдела разработки. Максимальное
        время реакции на обращение – 24 рабочих дня» (R-24): the development
        timer a
        reclassification started is not restarted nor doubled by a change of
        the contract; the met response timer stays as it was."""
        contract = self.ds_licensee_contract()
        ticket = self.make_ticket(self.contact)
        self.staff_reply(ticket, "2026-06-01 07:30:00")
        response = self.response_timer(ticket)
        self.assertEqual(response.state, "met")
        with freeze_time("2026-06-02 07:00:00"):
            self.reclassify(ticket, self.level("ds_development"))
        development = ticket.support_sla_timer_ids.filtered(
            lambda t: t.kind == "development"
        )
        self.assertEqual(len(development), 1)
        deadline = development.deadline
        with freeze_time("2026-06-03 07:00:00"):
            contract.write({"sender_category_id": self.sender("partner").id})
            self.follow()
            contract.write({"tier_id": self.tier("ds_vip").id})
            self.follow()
        self.assertEqual(ticket.support_sla_level_id, self.level("ds_development"))
        self.assertEqual(ticket.support_sla_timer_ids, response | development)
        self.assertEqual(development.start_date, naive("2026-06-02 07:00:00"))
        self.assertEqual(development.deadline, deadline)
        self.assertEqual(response.state, "met")
        self.assertEqual(
            response.support_sla_level_id, self.level("ds_licensee_standard")
        )

    # ------------------------------------------------------------------
    # History
    # ------------------------------------------------------------------

    def test_no_sla_left_keeps_the_timer_rows(self):
        """MQ 1.5: «Доступ к услугам технической поддержки может быть
        ограничен в случае окончания сервисного договора». When the contract
        ends and the company serves tickets without a contract with no
        level, the open timers stop counting but stay as rows (history is
        immutable): cancelled, with their deadline; the met one is
        untouched."""
        self.company.support_default_sla_level_id = False
        contract = self.make_contract("mq_basic", partner_id=self.customer_co.id)
        contract.action_activate()
        ticket = self.make_ticket(self.contact)
        answered = self.make_ticket(self.contact)
        # MQ glossary: the response on an MQ tier is met by the answer
        self.staff_reply(answered, "2026-06-01 08:00:00", answer=True)
        open_timer, met = self.response_timer(ticket), self.response_timer(answered)
        deadline = open_timer.deadline
        with freeze_time("2026-06-01 09:00:00"):
            contract.with_user(self.support_manager).action_expire()
        self.assertFalse(ticket.support_contract_id)
        self.assertIsNone(ticket._support_sla_target())
        self.assertTrue(open_timer.exists())
        self.assertEqual(open_timer.state, "cancelled")
        self.assertEqual(open_timer.deadline, deadline)
        self.assertEqual(open_timer.contract_id, contract)
        self.assertFalse(ticket.support_sla_deadline)
        self.assertEqual(met.state, "met")
        self.assertTrue(self.messages(ticket, "SLA re-applied"))
        # a cancelled timer is not met by a later reply, nor counted
        self.staff_reply(ticket, "2026-06-01 10:00:00")
        self.assertEqual(open_timer.state, "cancelled")
        self.assertFalse(open_timer.met_date)

    def test_history_timer_keeps_its_clock(self):
        """DS 3.7 (the default level, non-commercial support «24 рабочих часа»): a
        ticket without a contract answered under the company's default level
        keeps its met timer as it was counted (from the ticket's creation)
        when a contract is later applied to the ticket from now."""
        ticket = self.make_ticket(self.contact)
        self.assertEqual(
            ticket.support_sla_level_id, self.company.support_default_sla_level_id
        )
        self.staff_reply(ticket, "2026-06-01 08:00:00")
        met = self.response_timer(ticket)
        self.assertEqual(met.state, "met")
        self.assertEqual(met.sla_clock, "created")
        contract = self.make_contract("mq_basic", partner_id=self.customer_co.id)
        contract.action_activate()
        self.apply(contract).action_apply()
        self.assertEqual(ticket.support_sla_clock, "applied")
        self.assertEqual(met.sla_clock, "created")
        self.assertEqual(met.state, "met")

    def test_monthly_report_says_how_the_sla_counts(self):
        """MQ 1.2 «… согласно указанному в сервисном договоре уровню
        технической поддержки»: the monthly SLA report of the month the
        contract was applied lists the ticket opened the month before and
        counted from the application, marked with a footnote; the report of
        the month of its creation does not (it was under no contract)."""
        old = self.old(1, when="2026-05-20 07:00:00")
        contract = self.make_contract("mq_basic", partner_id=self.customer_co.id)
        contract.action_activate()
        self.apply(contract).action_apply()
        Report = self.env["helpdesk.support.sla.report.wizard"].with_user(
            self.support_user
        )

        def render(date_from, date_to):
            wizard = Report.create(
                {
                    "contract_id": contract.id,
                    "date_from": date_from,
                    "date_to": date_to,
                }
            )
            html, _type = (
                self.env["ir.actions.report"]
                .with_user(self.support_user)
                ._render_qweb_html(
                    "helpdesk_mgmt_support_contract.report_support_sla", wizard.ids
                )
            )
            return wizard._get_tickets(), html.decode()

        tickets, html = render("2026-06-01", "2026-06-30")
        self.assertEqual(tickets, old)
        self.assertIn("o_support_sla_clock_applied", html)
        self.assertIn("report_support_sla_clock_note", html)
        tickets, html = render("2026-05-01", "2026-05-31")
        self.assertFalse(tickets)
        self.assertNotIn("report_support_sla_clock_note", html)

    # ------------------------------------------------------------------
    # The clock: from creation counts the replies already given
    # ------------------------------------------------------------------

    def test_from_creation_counts_replies_already_given(self):
        """MQ appendix 1, Basic: «Гарантированное время ответа: 1 рабочий
        день». Counted from the ticket's creation, a first public reply of
        staff given before the contract was applied meets the response in
        time (or late, on its date); an internal note does not; the preview
        counts as the application does."""
        in_time, late, noted = self.old(3, when="2026-05-20 07:00:00")
        self.staff_reply(in_time, "2026-05-20 08:00:00")
        self.staff_reply(late, "2026-05-25 08:00:00")
        self.staff_reply(noted, "2026-05-20 08:00:00", subtype="mail.mt_note")
        self.assertFalse((in_time | late | noted).support_sla_timer_ids)
        contract = self.make_contract("mq_basic", partner_id=self.customer_co.id)
        contract.action_activate()
        wizard = self.apply(contract, clock="created")
        self.assertEqual(wizard.ticket_count, 3)
        self.assertEqual(wizard.breach_count, 2)
        wizard.action_apply()
        timer = self.response_timer(in_time)
        self.assertEqual(timer.state, "met")
        self.assertEqual(timer.met_date, naive("2026-05-20 08:00:00"))
        self.assertEqual(in_time.support_sla_state, "met")
        timer = self.response_timer(late)
        self.assertEqual(timer.state, "breached")
        self.assertEqual(timer.breached_date, naive("2026-05-21 07:00:00"))
        self.assertEqual(timer.met_date, naive("2026-05-25 08:00:00"))
        self.assertFalse(timer.is_overdue)
        timer = self.response_timer(noted)
        self.assertEqual(timer.state, "breached")
        self.assertFalse(timer.met_date)
        self.assertTrue(timer.is_overdue)

    # ------------------------------------------------------------------
    # Queue and pauses
    # ------------------------------------------------------------------

    def test_tier_change_while_tickets_are_queued(self):
        """MQ appendix 1: «Количество одновременно открытых обращений: 5 /
        10»: a smaller tier queues no ticket already in work; a queued ticket
        gets no timer from the change and stays in the queue; the tickets in
        work are recomputed."""
        contract = self.make_contract("mq_basic", partner_id=self.customer_co.id)
        contract.action_activate()
        tickets = self.Ticket.create(
            [
                {
                    "name": f"Q{index}",
                    "description": "<p>Broken</p>",
                    "partner_id": self.contact.id,
                    "team_id": self.team.id,
                }
                for index in range(7)
            ]
        )
        queued = tickets.filtered("support_queued")
        self.assertEqual(len(queued), 2)
        self.assertFalse(queued.support_sla_timer_ids)
        contract.write({"tier_id": self.tier("mq_basic_plus").id})
        self.follow()
        self.assertFalse(tickets.filtered("support_queued"))
        contract.write({"tier_id": self.tier("mq_basic").id})
        self.follow()
        # no ticket in work is sent back to the queue
        self.assertFalse(tickets.filtered("support_queued"))
        for ticket in tickets:
            self.assertEqual(len(self.response_timer(ticket)), 1)
            self.assertEqual(self.response_timer(ticket).target_unit, "days")
        # the next one is queued
        later = self.make_ticket(self.contact)
        self.assertTrue(later.support_queued)
        contract.write({"tier_id": self.tier("mq_premium").id})
        self.follow()
        self.assertFalse(later.support_queued)
        self.assertEqual(self.response_timer(later).target_value, 2)

    def test_paused_ticket_keeps_its_pause_accounting(self):
        """DS 5.10: the solution is postponed when «решение проблемы
        затягивается из-за несвоевременного предоставления информации по
        обращению со стороны Отправителя» (R-22: only a wait for the
        customer pauses the timers): a ticket waiting on the customer keeps
        its pause (since when, how much
        already waited) through a change of tier."""
        self.stage_awaiting.support_pause_sla = True
        contract = self.make_contract("mq_basic", partner_id=self.customer_co.id)
        contract.action_activate()
        ticket = self.make_ticket(self.contact)  # Mon 1 Jun 10:00 Moscow
        with freeze_time("2026-06-01 08:00:00"):
            ticket.stage_id = self.stage_awaiting
        with freeze_time("2026-06-01 10:00:00"):
            ticket.stage_id = self.stage_new
        timer = self.response_timer(ticket)
        self.assertEqual(timer.paused_seconds, 7200)
        with freeze_time("2026-06-01 11:00:00"):
            ticket.stage_id = self.stage_awaiting
        self.assertEqual(timer.state, "paused")
        with freeze_time("2026-06-01 12:00:00"):
            contract.write({"tier_id": self.tier("mq_basic_plus").id})
            self.follow()
        self.assertEqual(timer.state, "paused")
        self.assertEqual(timer.paused_seconds, 7200)
        self.assertEqual(timer.pause_start, naive("2026-06-01 11:00:00"))
        self.assertEqual(timer.target_value, 4)
        with freeze_time("2026-06-01 13:00:00"):
            ticket.stage_id = self.stage_new
        # 4 h from 07:00, + 2 h + 2 h waited
        self.assertEqual(timer.paused_seconds, 14400)
        self.assertEqual(timer.deadline, naive("2026-06-01 15:00:00"))

    # ------------------------------------------------------------------
    # Hostile selections
    # ------------------------------------------------------------------

    def test_hostile_selections_are_refused(self):
        """R-12, R-20: A draft contract, a closed ticket, a ticket already under a
        contract, ids that do not exist: nothing is applied."""
        mine = self.old(2)
        draft = self.make_contract("mq_basic", partner_id=self.customer_co.id)
        with self.assertRaisesMessage(Exception, "Activate the contract"):
            self.apply(draft, mine).action_apply()
        self.assertFalse(mine.support_contract_id)
        contract = self.make_contract(
            "mq_basic", partner_id=self.customer_co.id, date_start="2026-02-01"
        )
        contract.action_activate()
        closed = self.old(1)
        closed.stage_id = self.stage_done
        with self.assertRaisesMessage(Exception, closed.display_name):
            self.apply(contract, mine | closed).action_apply()
        self.assertFalse(mine.support_contract_id)
        with self.assertRaises(psycopg2.Error), self.cr.savepoint():
            wizard = self.apply(contract)
            wizard.write({"ticket_ids": [Command.set([mine[0].id, 999999999])]})
            wizard.flush_recordset()
        self.assertFalse(mine.support_contract_id)
        # applied once, then again: refused, one timer each
        self.apply(contract, mine).action_apply()
        with self.assertRaisesMessage(Exception, "without a contract"):
            self.apply(contract, mine).action_apply()
        for ticket in mine:
            self.assertEqual(len(ticket.support_sla_timer_ids), 1)
            self.assertEqual(len(self.messages(ticket, "SLA re-applied")), 1)


@tagged("post_install", "-at_install")
class TestContractApplyAttacksRpc(SupportHttpCase):
    """Attacks through the web client's and the portal's entry points."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.company
        cls.company_b = cls.env["res.company"].create({"name": "Apply B"})
        load_presets(cls.env, cls.company_b)
        cls.manager_b = cls.make_user(
            "apply_manager_b",
            SUPPORT_MANAGER,
            company_id=cls.company_b.id,
            company_ids=[Command.set(cls.company_b.ids)],
        )
        cls.manager_a = cls.make_user("apply_manager_a", SUPPORT_MANAGER)
        cls.customer = cls.env["res.partner"].create(
            {"name": "Apply RPC JSC", "is_company": True}
        )
        cls.contact = cls.env["res.partner"].create(
            {"name": "Apply RPC contact", "parent_id": cls.customer.id}
        )
        stranger_co = cls.env["res.partner"].create(
            {"name": "Apply RPC stranger", "is_company": True}
        )
        cls.stranger = cls.env["res.partner"].create(
            {"name": "Apply RPC stranger contact", "parent_id": stranger_co.id}
        )
        cls.portal = cls.make_user(
            "apply_portal", "base.group_portal", partner_id=cls.contact.id
        )
        cls.portal_stranger = cls.make_user(
            "apply_portal_stranger", "base.group_portal", partner_id=cls.stranger.id
        )
        team_a = cls.env["helpdesk.ticket.team"].create(
            {"name": "Apply A", "company_id": cls.company_a.id}
        )
        team_b = cls.env["helpdesk.ticket.team"].create(
            {"name": "Apply B", "company_id": cls.company_b.id}
        )
        Ticket = cls.env["helpdesk.ticket"]
        cls.ticket_a = old_tickets(Ticket, cls.contact, team_a, name=OLD)
        cls.ticket_b = old_tickets(
            Ticket.with_company(cls.company_b), cls.contact, team_b, name=OLD
        )
        cls.ticket_stranger = old_tickets(Ticket, cls.stranger, team_a, name=OLD)

        def contract(company, code="mq_basic"):
            tier = cls.env["helpdesk.support.tier"].search(
                [("code", "=", code), ("company_id", "=", company.id)]
            )
            return cls.env["helpdesk.support.contract"].create(
                {
                    "partner_id": cls.customer.id,
                    "company_id": company.id,
                    "tier_id": tier.id,
                    "date_start": "2020-01-01",
                    "date_end": "2099-12-31",
                    # R-31, MQ 1.1: the contract serves its registered contacts
                    "contact_ids": [Command.link(cls.contact.id)],
                }
            )

        cls.contract_a = contract(cls.company_a)
        cls.contract_a.action_activate()
        cls.contract_b = contract(cls.company_b)
        cls.contract_b.action_activate()

    def untouched(self):
        tickets = self.ticket_a | self.ticket_b | self.ticket_stranger
        tickets.invalidate_recordset()
        self.assertFalse(tickets.support_contract_id)
        self.assertFalse(tickets.support_sla_timer_ids)

    def test_manager_of_another_company_is_refused(self):
        """R-12, R-32: A support manager of company B cannot apply company A's contract
        nor reach A's tickets, through any method of the wizard."""
        self.authenticate("apply_manager_b", "apply_manager_b")
        model = "helpdesk.support.contract.apply.wizard"
        response = call_kw(
            self,
            model,
            "create",
            {"contract_id": self.contract_a.id},
        )
        if "result" in response:
            response = call_kw(self, model, "action_apply", [response["result"]])
        self.assertIn("error", response)
        response = call_kw(
            self,
            model,
            "default_get",
            ["ticket_ids", "contract_id"],
            context={
                "active_model": "helpdesk.ticket",
                "active_ids": self.ticket_a.ids,
            },
        )
        self.assertIn("error", response)
        response = call_kw(
            self,
            "helpdesk.support.contract",
            "action_support_apply_to_open_tickets",
            self.contract_a.ids,
        )
        self.assertIn("error", response)
        # B's own contract on A's ticket: refused, A's ticket is not named
        response = call_kw(
            self,
            model,
            "create",
            {
                "contract_id": self.contract_b.id,
                "ticket_ids": [[6, 0, [self.ticket_a.id]]],
            },
        )
        if "result" in response:
            response = call_kw(self, model, "action_apply", [response["result"]])
        self.assertIn("error", response)
        self.assertNotIn(
            self.ticket_a.name, response["error"]["data"]["message"], response
        )
        self.untouched()

    def test_manager_hostile_ids(self):
        """R-12, R-32: Company A's manager: B's ticket, another customer's ticket, an id
        that does not exist, B's contract: refused, nothing changes."""
        self.authenticate("apply_manager_a", "apply_manager_a")
        model = "helpdesk.support.contract.apply.wizard"
        for contract, tickets in (
            (self.contract_a, [self.ticket_a.id, self.ticket_stranger.id]),
            (self.contract_a, [self.ticket_a.id, self.ticket_b.id]),
            (self.contract_a, [self.ticket_a.id, 2147483600]),
            (self.contract_b, [self.ticket_a.id]),
            (self.contract_b, [self.ticket_b.id]),
        ):
            response = call_kw(
                self,
                model,
                "create",
                {"contract_id": contract.id, "ticket_ids": [[6, 0, tickets]]},
            )
            if "result" in response:
                response = call_kw(self, model, "action_apply", [response["result"]])
            self.assertIn("error", response, (contract, tickets))
            self.untouched()

    def test_portal_shows_the_clock_to_the_customer_only(self):
        """R-20 (DS 5.4), R-32: The customer's portal page says the SLA counts from the
        contract's application; another customer reaches neither the page nor the
        mention."""
        self.ticket_a.invalidate_recordset()
        self.ticket_a.with_user(self.manager_a).with_context(
            allowed_company_ids=self.company_a.ids
        )._support_apply_contract(self.contract_a)
        self.assertEqual(self.ticket_a.support_sla_clock, "applied")
        self.authenticate("apply_portal", "apply_portal")
        page = self.url_open(f"/my/ticket/{self.ticket_a.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("support_sla_clock", page.text)
        self.assertIn("when your support contract was applied", page.text)
        self.authenticate("apply_portal_stranger", "apply_portal_stranger")
        page = self.url_open(f"/my/ticket/{self.ticket_a.id}")
        self.assertNotIn("when your support contract was applied", page.text)
        self.assertNotIn(self.ticket_a.name, page.text)
        listing = self.url_open("/my/tickets")
        self.assertNotIn(self.ticket_a.name, listing.text)

# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""R-12, R-20: the addon adopted in a live helpdesk (open tickets brought
under a contract) and the contract's life applied to the open tickets.

Both presets (DS and MQ) are loaded in one company, as the demo ships.
"""

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .baseline import bare_create
from .common import (
    SUPPORT_MANAGER,
    SUPPORT_USER,
    AdoptionFixtures,
    SupportHttpCase,
    SupportTicketCase,
    call_kw,
    naive,
    old_tickets,
    set_create_date,
)
from .test_query_counts import QueryCountMixin


class AdoptionMixin:
    def old_tickets(self, contact, count=1, when="2026-05-20 07:00:00", **vals):
        """Tickets as helpdesk_mgmt created them before the addon was
        installed: no contract, no level, no timer."""
        return old_tickets(self.Ticket, contact, self.team, count, when, **vals)

    def apply_wizard(self, user=None, **context):
        Wizard = self.env["helpdesk.support.contract.apply.wizard"]
        return Wizard.with_user(user or self.support_manager).with_context(**context)


@tagged("post_install", "-at_install")
class TestContractApply(
    AdoptionFixtures, AdoptionMixin, QueryCountMixin, SupportTicketCase
):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.make_adopter("Adopting JSC", "Adopting contact", "adopt@customer.test")
        cls.other = cls.make_customer(name="Stranger LLC")

    def basic_contract(self, **vals):
        # R-31, MQ 1.1: the contract serves its registered contacts
        values = {
            "partner_id": self.customer_co.id,
            "contact_ids": [Command.set(self.contact.ids)],
        }
        values.update(vals)
        return self.make_contract("mq_basic", **values)

    def test_existing_tickets_are_not_changed(self):
        """On install and when the contract is created and activated, the
        tickets already open stay as they were (no contract, no level, no
        timer) until a manager applies the contract; the contract says so.

        MQ 1.2: «Работа с обращениями осуществляется согласно указанному в
        сервисном договоре уровню технической поддержки» — the manager
        decides when the contract's level starts to count for them."""
        tickets = self.old_tickets(self.contact, 3)
        self.assertFalse(tickets.support_contract_id)
        self.assertFalse(tickets.support_sla_level_id)
        self.assertFalse(tickets.support_sla_timer_ids)
        contract = self.basic_contract()
        self.assertEqual(contract.unapplied_ticket_count, 3)
        action = contract.with_user(self.support_manager).action_activate()
        self.assertEqual(action["res_model"], "helpdesk.support.contract.apply.wizard")
        self.assertEqual(action["context"], {"default_contract_id": contract.id})
        self.assertFalse(tickets.support_contract_id)
        self.assertFalse(tickets.support_sla_timer_ids)
        self.assertEqual(contract.unapplied_ticket_count, 3)
        # a new ticket is under the contract at once, as before
        new = self.make_ticket(self.contact)
        self.assertEqual(new.support_contract_id, contract)
        self.assertEqual(new.support_sla_clock, "created")

    def test_apply_from_now(self):
        """MQ appendix 1: Basic — «Гарантированное время ответа: 1 рабочий
        день», counted here from the moment the contract is applied."""
        tickets = self.old_tickets(self.contact, 2)
        contract = self.basic_contract()
        contract.action_activate()
        # Mon 1 Jun 2026 10:00 Moscow (the class's clock)
        wizard = self.apply_wizard(default_contract_id=contract.id).create({})
        self.assertEqual(wizard.ticket_ids, tickets)
        self.assertEqual(wizard.clock, "applied")
        self.assertEqual(wizard.ticket_count, 2)
        # counted from creation (Wed 20 May) both would be breached
        self.assertEqual(wizard.breach_count, 2)
        wizard.action_apply()
        self.assertEqual(tickets.support_contract_id, contract)
        for ticket in tickets:
            self.assertEqual(ticket.support_sla_clock, "applied")
            self.assertEqual(
                ticket.support_sla_applied_date, naive("2026-06-01 07:00:00")
            )
            timer = self.response_timer(ticket)
            self.assertEqual(timer.start_date, naive("2026-06-01 07:00:00"))
            self.assertEqual(timer.state, "running")
            self.assertEqual(timer.sla_clock, "applied")
            self.assertEqual(timer.contract_id, contract)
            self.assertEqual(timer.deadline, naive("2026-06-02 07:00:00"))
            self.assertEqual(ticket.support_sla_state, "running")
            note = self.messages(ticket, "SLA re-applied")
            self.assertEqual(len(note), 1)
            self.assertIn(contract.display_name, note.body)
            self.assertIn("applied to the open tickets", note.body)
        contract.invalidate_recordset(["unapplied_ticket_count"])
        self.assertEqual(contract.unapplied_ticket_count, 0)

    def test_apply_from_creation_breaches_at_once(self):
        """MQ appendix 1: Basic — «Гарантированное время ответа: 1 рабочий
        день»; counted from the ticket's creation, a deadline already past is
        a breach at once, on its real date."""
        old = self.old_tickets(self.contact, 1, when="2026-05-20 07:00:00")
        recent = self.old_tickets(self.contact, 1, when="2026-06-01 06:30:00")
        contract = self.basic_contract()
        contract.action_activate()
        wizard = self.apply_wizard(default_contract_id=contract.id).create(
            {"clock": "created"}
        )
        self.assertEqual(wizard.ticket_count, 2)
        self.assertEqual(wizard.breach_count, 1)
        wizard.action_apply()
        timer = self.response_timer(old)
        self.assertEqual(timer.start_date, naive("2026-05-20 07:00:00"))
        self.assertEqual(timer.state, "breached")
        # one working day after Wed 20 May 10:00 Moscow
        self.assertEqual(timer.breached_date, naive("2026-05-21 07:00:00"))
        self.assertEqual(old.support_sla_state, "breached")
        self.assertEqual(old.support_sla_clock, "created")
        self.assertEqual(timer.sla_clock, "created")
        recent_timer = self.response_timer(recent)
        self.assertEqual(recent_timer.start_date, naive("2026-06-01 06:30:00"))
        self.assertEqual(recent_timer.state, "running")

    def test_ticket_list_selection(self):
        """The action of the ticket list applies the contract to the selected
        tickets of its customer only; a ticket of another customer, closed or
        already under a contract is refused by name.

        MQ 1.2: «Работа с обращениями осуществляется согласно указанному в
        сервисном договоре уровню технической поддержки»."""
        mine = self.old_tickets(self.contact, 3)
        stranger = self.old_tickets(self.other, 1)
        contract = self.basic_contract()
        contract.action_activate()
        selected = mine[:2]
        wizard = self.apply_wizard(
            active_model="helpdesk.ticket", active_ids=(selected | stranger).ids
        ).create({})
        self.assertEqual(wizard.contract_id, contract)
        with self.assertRaisesMessage(UserError, stranger.display_name):
            wizard.action_apply()
        self.assertFalse((mine | stranger).support_contract_id)
        wizard = self.apply_wizard(
            active_model="helpdesk.ticket", active_ids=selected.ids
        ).create({})
        self.assertEqual(wizard.ticket_count, 2)
        wizard.action_apply()
        self.assertEqual(selected.support_contract_id, contract)
        self.assertFalse(mine[2].support_contract_id)
        self.assertFalse(stranger.support_contract_id)
        # applied twice: refused, nothing counted twice
        wizard = self.apply_wizard(
            active_model="helpdesk.ticket", active_ids=selected.ids
        ).create({})
        with self.assertRaisesMessage(UserError, "without a contract"):
            wizard.action_apply()
        self.assertEqual(len(self.response_timer(selected[0])), 1)

    def test_unregistered_contact_is_not_taken(self):
        """R-31; MQ 1.1: «Обрабатываются обращения от пользователей,
        зарегистрированных на портале поддержки». A contact of the customer
        who is not among the contract's registered contacts keeps the
        company's default treatment: the wizard does not take that ticket,
        refuses it when selected, and an activation does not move it."""
        unregistered = self.env["res.partner"].create(
            {"name": "Not registered", "parent_id": self.customer_co.id}
        )
        mine = self.old_tickets(self.contact, 1)
        theirs = self.old_tickets(unregistered, 1)
        contract = self.basic_contract()
        contract.action_activate()
        wizard = self.apply_wizard(default_contract_id=contract.id).create({})
        self.assertEqual(wizard.ticket_ids, mine)
        wizard = self.apply_wizard(
            active_model="helpdesk.ticket", active_ids=(mine | theirs).ids
        ).create({})
        with self.assertRaisesMessage(UserError, "registered contacts"):
            wizard.action_apply()
        self.assertFalse((mine | theirs).support_contract_id)
        # a ticket the unregistered contact opens now gets no contract either,
        # and a change of the contract's tier leaves it where it is
        later = self.make_ticket(unregistered)
        self.assertFalse(later.support_contract_id)
        contract.tier_id = self.tier("mq_premium")
        self.assertFalse(later.support_contract_id)
        self.assertFalse(self.messages(later, "SLA re-applied"))

    def test_support_user_cannot_apply(self):
        """R-12, R-20: Applying a contract is a manager's act, like activating it."""
        tickets = self.old_tickets(self.contact, 1)
        contract = self.basic_contract()
        contract.action_activate()
        with self.assertRaises(AccessError):
            self.apply_wizard(
                user=self.support_user, default_contract_id=contract.id
            ).create({})
        with self.assertRaises(AccessError):
            contract.with_user(self.support_user).action_support_apply_to_open_tickets()
        self.assertFalse(tickets.support_contract_id)

    def test_tier_change_recomputes_open_timers_only(self):
        """MQ appendix 1: Basic «1 рабочий день» → Premium «2 часа»; MQ 1.2:
        «Работа с обращениями осуществляется согласно указанному в сервисном
        договоре уровню технической поддержки». The open timer is
        recomputed from the ticket's start; the met one is history."""
        contract = self.basic_contract()
        contract.action_activate()
        with freeze_time("2026-06-01 07:00:00"):  # Mon 10:00 Moscow
            answered, waiting = (
                self.make_ticket(self.contact),
                self.make_ticket(self.contact),
            )
        self.staff_reply(answered, "2026-06-01 08:00:00", answer=True)
        met = self.response_timer(answered)
        self.assertEqual(met.state, "met")
        self.assertEqual(met.deadline, naive("2026-06-02 07:00:00"))
        open_timer = self.response_timer(waiting)
        self.assertEqual(open_timer.deadline, naive("2026-06-02 07:00:00"))
        with freeze_time("2026-06-01 08:30:00"):
            contract.with_user(self.support_manager).write(
                {"tier_id": self.tier("mq_premium").id}
            )
            # the save re-applies nothing; the action it triggers does
            self.assertEqual(self.response_timer(waiting).target_unit, "days")
            self.assertTrue(waiting.support_sla_recompute_pending)
            self.follow()
            self.assertFalse(waiting.support_sla_recompute_pending)
        # 24x7, 2 hours from 07:00 UTC
        self.assertEqual(open_timer.start_date, naive("2026-06-01 07:00:00"))
        self.assertEqual(open_timer.target_value, 2)
        self.assertEqual(open_timer.deadline, naive("2026-06-01 09:00:00"))
        self.assertEqual(open_timer.tier_id, self.tier("mq_premium"))
        self.assertEqual(met.state, "met")
        self.assertEqual(met.deadline, naive("2026-06-02 07:00:00"))
        self.assertEqual(met.tier_id, self.tier("mq_basic"))
        note = self.messages(waiting, "SLA re-applied")
        self.assertEqual(len(note), 1)
        self.assertIn("Basic → Premium", note.body)
        self.assertIn("1 working day", note.body)
        self.assertFalse(self.messages(answered, "SLA re-applied"))

    def test_sender_category_change_reselects_level(self):
        """DS 1.1: «… согласно категории отправителя и установленным уровням
        обслуживания»; DS 3.2 partners standard «5 рабочих часов», DS 3.4
        licensees standard «6 рабочих часов»."""
        contract = self.make_contract(
            "ds_commercial",
            partner_id=self.customer_co.id,
            sender_category_id=self.sender("licensee").id,
            contact_ids=[Command.set(self.contact.ids)],
        )
        contract.action_activate()
        ticket = self.make_ticket(self.contact)
        self.assertEqual(
            ticket.support_sla_level_id, self.level("ds_licensee_standard")
        )
        contract.write({"sender_category_id": self.sender("partner").id})
        self.follow()
        self.assertEqual(ticket.support_sla_level_id, self.level("ds_partner_standard"))
        self.assertEqual(self.response_timer(ticket).target_value, 5)
        note = self.messages(ticket, "SLA re-applied")
        self.assertIn("sender category", note.body)

    def test_expiry_hands_tickets_to_the_default(self):
        """MQ 1.1: «Запросы … от пользователей без активного сервисного
        договора (бесплатная поддержка) …»; MQ 1.5: «Доступ к услугам
        технической поддержки может быть ограничен в случае окончания
        сервисного договора». After the end the open tickets are served as
        tickets without a contract: the company's default level (DS's
        non-commercial support, 24 working hours)."""
        contract = self.basic_contract(date_end="2026-06-30")
        contract.action_activate()
        ticket = self.make_ticket(self.contact)
        breached = self.make_ticket(self.contact)
        with freeze_time("2026-06-10 07:00:00"):
            self.Timer._cron_update_states()
        old_timer = self.response_timer(breached)
        self.assertEqual(old_timer.state, "breached")
        self.staff_reply(breached, "2026-06-10 08:00:00")
        with freeze_time("2026-07-01 07:00:00"):
            self.env["helpdesk.support.contract"]._cron_expire_contracts()
        self.assertEqual(contract.state, "expired")
        default = self.company.support_default_sla_level_id
        self.assertTrue(default)
        self.assertFalse(ticket.support_contract_id)
        self.assertEqual(ticket.support_sla_level_id, default)
        note = self.messages(ticket, "SLA re-applied")
        self.assertIn("expired", note.body)
        # the breached timer is history
        self.assertEqual(old_timer.state, "breached")
        self.assertEqual(old_timer.contract_id, contract)
        self.assertEqual(old_timer.tier_id, self.tier("mq_basic"))

    def test_renewal_takes_the_open_tickets(self):
        """MQ 1.2: «Работа с обращениями осуществляется согласно указанному
        в сервисном договоре уровню технической поддержки»: a new contract
        (Basic → Premium) takes the open tickets at its activation."""
        basic = self.basic_contract()
        basic.action_activate()
        ticket = self.make_ticket(self.contact)
        premium = self.make_contract(
            "mq_premium",
            partner_id=self.customer_co.id,
            date_start="2026-06-01",
            date_end="2027-05-31",
            contact_ids=[Command.set(self.contact.ids)],
        )
        premium.action_activate()
        self.assertEqual(ticket.support_contract_id, premium)
        self.assertEqual(self.response_timer(ticket).target_value, 2)
        self.assertIn("activated", self.messages(ticket, "SLA re-applied").body)
        basic.action_expire()
        self.assertEqual(ticket.support_contract_id, premium)

    def test_larger_tier_releases_the_queue(self):
        """MQ appendix 1: «Количество одновременно открытых обращений: 5 /
        10 / Без ограничений»: a larger tier releases queued tickets, which
        start with the new tier's SLA."""
        contract = self.basic_contract()
        contract.action_activate()
        tickets = self.Ticket.create(
            [
                {
                    "name": f"T{index}",
                    "description": "<p>Broken</p>",
                    "partner_id": self.contact.id,
                    "team_id": self.team.id,
                }
                for index in range(6)
            ]
        )
        queued = tickets.filtered("support_queued")
        self.assertEqual(len(queued), 1)
        contract.write({"tier_id": self.tier("mq_premium").id})
        self.follow()
        self.assertFalse(queued.support_queued)
        self.assertEqual(self.response_timer(queued).target_value, 2)

    def test_apply_is_batched(self):
        """R-12, R-03: Applying to 20 tickets costs the queries of applying to one, but
        for the rows written: one engine pass per schedule, one query a step."""

        def apply(count, clock):
            contact = self.make_customer(name=f"Batch {count} {clock}")
            customer = contact.parent_id
            tickets = self.old_tickets(contact, count)
            contract = self.make_contract(
                "mq_basic",
                partner_id=customer.id,
                contact_ids=[Command.link(contact.id)],
            )
            contract.action_activate()
            return self.count_queries(
                lambda: tickets._support_apply_contract(contract, clock=clock)
            )

        apply(2, "applied")  # warm the caches
        for clock in ("applied", "created"):
            one = apply(1, clock)
            twenty = apply(20, clock)
            self.assertLessEqual(twenty, one + 10, (clock, one, twenty))


@tagged("post_install", "-at_install")
class TestContractApplyRpc(SupportHttpCase):
    """Applying through the web client's entry point, JSON-RPC ``call_kw``."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.support_user = cls.make_user("adopt_rpc_user", SUPPORT_USER)
        cls.support_manager = cls.make_user("adopt_rpc_manager", SUPPORT_MANAGER)
        cls.customer = cls.env["res.partner"].create(
            {"name": "Adopt RPC JSC", "is_company": True}
        )
        cls.contact = cls.env["res.partner"].create(
            {"name": "Adopt RPC contact", "parent_id": cls.customer.id}
        )
        cls.stranger = cls.env["res.partner"].create(
            {"name": "Adopt RPC stranger", "is_company": True}
        )
        team = cls.env["helpdesk.ticket.team"].create(
            {"name": "Adopt RPC", "company_id": cls.company.id}
        )
        # tickets as helpdesk_mgmt created them before the addon was installed
        cls.ticket, cls.other_ticket = bare_create(
            cls.env["helpdesk.ticket"],
            [
                {
                    "name": name,
                    "description": "<p>Before the addon</p>",
                    "partner_id": partner.id,
                    "team_id": team.id,
                }
                for name, partner in (("Old", cls.contact), ("Other", cls.stranger))
            ],
        )
        tier = cls.env["helpdesk.support.tier"].search(
            [("code", "=", "mq_basic"), ("company_id", "=", cls.company.id)]
        )
        set_create_date(cls.ticket | cls.other_ticket, "2026-06-01 07:00:00")
        cls.contract = cls.env["helpdesk.support.contract"].create(
            {
                "partner_id": cls.customer.id,
                "tier_id": tier.id,
                "date_start": "2020-01-01",
                "date_end": "2099-12-31",
                # R-31, MQ 1.1: the contract serves its registered contacts
                "contact_ids": [Command.link(cls.contact.id)],
            }
        )
        cls.contract.action_activate()

    def test_support_user_is_refused(self):
        """R-12, R-20: A support user without manager rights cannot apply a contract,
        neither through the wizard nor through the ticket's method."""
        self.authenticate("adopt_rpc_user", "adopt_rpc_user")
        model = "helpdesk.support.contract.apply.wizard"
        response = call_kw(
            self,
            model,
            "create",
            {"contract_id": self.contract.id, "ticket_ids": [[6, 0, [self.ticket.id]]]},
        )
        self.assertIn("error", response)
        response = call_kw(
            self,
            "helpdesk.support.contract",
            "action_support_apply_to_open_tickets",
            self.contract.ids,
        )
        self.assertIn("error", response)
        response = call_kw(
            self,
            "helpdesk.ticket",
            "_support_apply_contract",
            self.ticket.ids,
            self.contract.id,
        )
        self.assertIn("error", response)
        response = call_kw(
            self,
            "helpdesk.ticket",
            "write",
            self.ticket.ids,
            {"support_sla_clock": "applied", "support_contract_id": self.contract.id},
        )
        self.assertIn("error", response)
        self.ticket.invalidate_recordset()
        self.assertFalse(self.ticket.support_contract_id)
        self.assertFalse(self.ticket.support_sla_timer_ids)

    def test_manager_applies_and_hostile_selection_is_refused(self):
        """R-12, R-32: The manager applies through the wizard; a ticket of another
        customer slipped into the selection is refused by name."""
        self.authenticate("adopt_rpc_manager", "adopt_rpc_manager")
        model = "helpdesk.support.contract.apply.wizard"
        hostile = call_kw(
            self,
            model,
            "create",
            {
                "contract_id": self.contract.id,
                "ticket_ids": [[6, 0, [self.ticket.id, self.other_ticket.id]]],
                "clock": "created",
            },
        )
        wizard_id = hostile["result"]
        response = call_kw(self, model, "action_apply", [wizard_id])
        self.assertIn(
            self.other_ticket.display_name, response["error"]["data"]["message"]
        )
        self.other_ticket.invalidate_recordset()
        self.assertFalse(self.other_ticket.support_contract_id)
        response = call_kw(
            self,
            model,
            "create",
            {"clock": "applied"},
            context={"default_contract_id": self.contract.id},
        )
        response = call_kw(self, model, "action_apply", [response["result"]])
        self.assertNotIn("error", response)
        self.ticket.invalidate_recordset()
        self.assertEqual(self.ticket.support_contract_id, self.contract)
        self.assertEqual(self.ticket.support_sla_clock, "applied")
        self.assertTrue(self.ticket.support_sla_timer_ids)

# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The one writer of the SLA state, attacked from outside.

The timers, the slot of the limit and the auto-close countdown move only
inside an event of the lifecycle; a user's path that writes none of them,
or writes them through an event, must end in a normal result or a clean
access error, never in the lifecycle's programming error (a server error).
Each role acts through its entry point: the list and the form of the
backend, ``load`` (import), ``copy``, the configuration a manager edits,
the mail gateway, the scheduled actions as the cron runner runs them.
Both presets (DS and MQ) are loaded in one company, the clock frozen at
the fixtures' instant (Mon 1 Jun 2026 10:00 Moscow).

MQ 1.2: «Основным показателем SLA является гарантированное время ответа»;
MQ Appendix 1 (R-30): a limit of tickets in work; MQ 1.2 «при отсутствии
реакции Пользователя … в течение 3 (трех) рабочих дней» (R-60).
"""

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.modules.migration import load_script
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from ..tools.lifecycle_scope import LifecycleViolation
from .common import SupportHttpCase, SupportTicketCase, call_kw_result

XMLID = "helpdesk_mgmt_support_contract.waiting_reason_%s"


@tagged("post_install", "-at_install")
class TestLifecycleWriterFromOutside(SupportTicketCase):
    """Users' paths around the SLA state: none of them a server error."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = new_test_user(
            cls.env,
            login="lifecycle_admin",
            groups="base.group_system,helpdesk_mgmt_support_contract."
            "group_support_manager,base.group_partner_manager",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.contact = cls.make_customer("mq_basic", name="Writer LLC")
        cls.contract = cls.env["helpdesk.support.contract"].search(
            [("partner_id", "=", cls.contact.parent_id.id)]
        )
        cls.information = cls.env.ref(XMLID % "information")

    def no_violation(self, action, *allowed):
        """Run ``action``: a clean ``allowed`` error or a result, never the
        lifecycle's programming error."""
        try:
            with mute_logger("odoo.sql_db"), self.env.cr.savepoint():
                result = action()
                self.env.flush_all()
                return result
        except LifecycleViolation as error:
            self.fail(f"a user's path ended in a server error: {error}")
        except allowed:
            return None

    def test_list_mass_edit_and_archive_as_support_user(self):
        """MQ Appendix 1 (R-30), MQ 1.2 «гарантированное время ответа»: a
        mass edit of the stage, the category or the partner from the list,
        and archiving, are a support user's normal work."""
        tickets = self.make_ticket(self.contact) | self.make_ticket(self.contact)
        as_user = tickets.with_user(self.support_user)
        self.no_violation(
            lambda: as_user.write({"support_waiting_reason_id": self.information.id})
        )
        self.no_violation(lambda: as_user.write({"stage_id": self.stage_done.id}))
        self.no_violation(lambda: as_user.write({"stage_id": self.stage_new.id}))
        self.no_violation(lambda: as_user.write({"active": False}))
        self.no_violation(lambda: as_user.write({"active": True}))
        other = self.make_customer("ds_vip", "ds_licensee", name="Other LLC")
        self.no_violation(
            lambda: as_user.write({"partner_id": other.id}), UserError, AccessError
        )
        category = self.env["helpdesk.ticket.category"].search(
            [("company_id", "=", self.company.id)], limit=1
        )
        self.no_violation(
            lambda: as_user.write({"category_id": category.id}), UserError
        )

    def test_copy_and_import_as_support_user(self):
        """MQ 1.2 «гарантированное время ответа»: a copied or imported
        ticket starts its own clock through the created event."""
        ticket = self.make_ticket(self.contact)
        self.no_violation(lambda: ticket.with_user(self.support_user).copy())
        result = self.no_violation(
            lambda: self.Ticket.with_user(self.support_user).load(
                [
                    "name",
                    "description",
                    "partner_id/.id",
                    "team_id/.id",
                    "stage_id/.id",
                ],
                [
                    [
                        "Imported",
                        "<p>x</p>",
                        str(self.contact.id),
                        str(self.team.id),
                        str(self.stage_done.id),
                    ]
                ],
            )
        )
        self.assertFalse(result and result["messages"], result)

    def test_configuration_archived_or_deleted_as_manager(self):
        """MQ 1.1, 1.5, Appendix 1; DS 2.1 «только рабочее время»: a
        contract, a tier, a regulation or a schedule archived, a contract's
        tier changed, a holiday added: the tickets' SLA follows through the
        lifecycle's events, the manager sees no server error."""
        self.make_ticket(self.contact)
        manager = self.support_manager
        contract = self.contract.with_user(manager)
        self.no_violation(
            lambda: contract.write({"tier_id": self.tier("mq_basic_plus").id}),
            UserError,
            AccessError,
        )
        self.no_violation(contract.action_expire, UserError)
        tier = self.tier("mq_basic").with_user(manager)
        self.no_violation(lambda: tier.write({"open_ticket_limit": 1}), UserError)
        self.no_violation(lambda: tier.write({"active": False}), UserError)
        regulation = self.tier("mq_basic").regulation_id.with_user(manager)
        self.no_violation(lambda: regulation.write({"active": False}), UserError)
        calendar = self.tier("mq_basic").resource_calendar_id.with_user(self.admin)
        if calendar:
            self.no_violation(
                lambda: self.env["resource.calendar.leaves"]
                .with_user(self.admin)
                .create(
                    {
                        "name": "Holiday",
                        "calendar_id": calendar.id,
                        "date_from": "2026-06-02 00:00:00",
                        "date_to": "2026-06-02 23:00:00",
                    }
                ),
                UserError,
            )
            self.no_violation(
                lambda: calendar.attendance_ids[:1].write({"hour_to": 17.0}),
                UserError,
            )
            self.no_violation(lambda: calendar.write({"active": False}), UserError)
        self.no_violation(
            lambda: self.contract.with_user(self.admin).unlink(), UserError
        )

    def test_partner_merged_and_deleted_as_admin(self):
        """MQ 1.1: the customer's contacts; merging two contacts or deleting
        one moves no clock outside an event."""
        ticket = self.make_ticket(self.contact)
        twin = self.env["res.partner"].create(
            {"name": "Twin", "parent_id": self.contact.parent_id.id, "email": "t@x.t"}
        )
        self.make_ticket(twin)
        wizard = (
            self.env["base.partner.merge.automatic.wizard"]
            .with_user(self.admin)
            .create({})
        )
        self.no_violation(
            lambda: wizard._merge((self.contact | twin).ids, self.contact),
            UserError,
        )
        self.no_violation(
            lambda: ticket.partner_id.with_user(self.admin).unlink(), UserError
        )

    def test_mail_on_closed_ticket_and_crons(self):
        """MQ 1.2 «При поступлении от Пользователя информации по закрытому
        обращению, такое обращение снова открывается»; R-60: the auto-close
        as the cron runner runs it (no context)."""
        ticket = self.make_ticket(self.contact)
        ticket.with_user(self.support_user).support_waiting_reason_id = self.information
        ticket.with_user(self.support_user).stage_id = self.stage_done
        raw = (
            f"From: {self.contact.email}\r\nTo: support@example.com\r\n"
            f"Subject: Re: {ticket.name}\r\nMessage-Id: <x1@customer.test>\r\n"
            "Content-Type: text/plain\r\n\r\nStill broken\r\n"
        )
        self.no_violation(
            lambda: self.env["mail.thread"].message_process(
                "helpdesk.ticket", raw, thread_id=ticket.id
            )
        )
        with freeze_time("2026-06-20 10:00:00"):
            for xmlid in (
                "ir_cron_support_autoclose",
                "ir_cron_support_sla_timers",
                "ir_cron_support_sla_recompute",
                "ir_cron_expire_support_contracts",
            ):
                cron = self.env.ref(f"helpdesk_mgmt_support_contract.{xmlid}")
                self.no_violation(
                    # as the cron runner runs it: its user, no context
                    lambda cron=cron: cron.with_env(
                        self.env(user=cron.user_id.id, context={})
                    ).ir_actions_server_id.run()
                )


@tagged("post_install", "-at_install")
class TestTimerRpcEmpty(SupportHttpCase):
    """The timers are the system's (no role may write them): an empty
    write or create over JSON-RPC is a normal, empty result."""

    def test_empty_timer_write_and_create_over_rpc(self):
        """MQ 1.2 «Основным показателем SLA является гарантированное время
        ответа» (R-21): a timer is the system's; a client's empty ``write``
        or ``create`` of timers changes nothing and is no server error."""
        new_test_user(
            self.env,
            login="timer_user",
            groups="helpdesk_mgmt_support_contract.group_support_user",
        )
        self.authenticate("timer_user", "timer_user")
        for method, args in (("write", [[], {}]), ("create", [[]])):
            result, error = call_kw_result(
                self, "helpdesk.support.sla.timer", method, *args
            )
            self.assertFalse(
                error and "LifecycleViolation" in error["name"], (method, error)
            )


@tagged("post_install", "-at_install")
class TestArchivedTicketFreesItsSlot(SupportTicketCase):
    """An MQ Basic customer (a limit of five tickets in work) with a sixth
    ticket queued; a support user archives one of those in work."""

    def test_archiving_a_ticket_in_work_releases_the_queue(self):
        """MQ 1.2 «Одновременно в работе … может находиться ограниченное
        количество обращений»; MQ Appendix 1 (R-30): an archived ticket no
        longer counts in work, so the oldest queued ticket enters work at
        once (the released event), not at the next close."""
        contact = self.make_customer("mq_basic", name="Archive LLC")
        tickets = self.Ticket.browse()
        for _index in range(6):
            tickets |= self.make_ticket(contact)
        queued = tickets.filtered("support_queued")
        self.assertEqual(len(queued), 1)
        tickets[0].with_user(self.support_user).write({"active": False})
        self.assertFalse(queued.support_queued)
        self.assertTrue(
            queued.support_sla_timer_ids.filtered(
                lambda t: t.kind == "response" and t.state == "running"
            )
        )

    def test_restoring_an_archived_ticket_respects_the_limit(self):
        """MQ 1.2 «Одновременно в работе … может находиться ограниченное
        количество обращений»; MQ Appendix 1 (R-30): an archived ticket
        restored re-enters work like a new one, queued when its customer's
        five slots are taken meanwhile, its reaction clock stopped until it
        enters work; never a sixth ticket in work."""
        contact = self.make_customer("mq_basic", name="Restore LLC")
        tickets = self.Ticket.browse()
        for _index in range(5):
            tickets |= self.make_ticket(contact)
        archived = tickets[0].with_user(self.support_user)
        archived.write({"active": False})
        sixth = self.make_ticket(contact)
        self.assertFalse(sixth.support_queued)
        archived.write({"active": True})
        contract = sixth.support_contract_id
        self.assertEqual(contract._support_in_work_counts()[contract.id], 5)
        self.assertTrue(archived.support_queued)
        self.assertFalse(
            archived.support_sla_timer_ids.filtered(
                lambda t: t.kind in ("response", "reply")
                and t.state in ("running", "at_risk", "paused")
            )
        )
        tickets[1].with_user(self.support_user).stage_id = self.stage_done
        self.assertFalse(archived.support_queued)
        self.assertTrue(
            archived.support_sla_timer_ids.filtered(
                lambda t: t.kind == "response" and t.state == "running"
            )
        )

    def test_category_counted_or_exempt_moves_the_slots(self):
        """MQ 1.2 «Одновременно в работе … может находиться ограниченное
        количество обращений»; MQ Appendix 1 (R-30): a support manager who
        makes a category not counted frees its tickets' slots — the queued
        ticket enters work at once; made counted again, the customer's
        tickets beyond the limit wait in the queue again."""
        contact = self.make_customer("mq_basic", name="Category LLC")
        category = self.env["helpdesk.ticket.category"].create(
            {"name": "Counted", "company_id": self.company.id}
        )
        tickets = self.Ticket.browse()
        for _index in range(6):
            tickets |= self.make_ticket(contact, category_id=category.id)
        queued = tickets.filtered("support_queued")
        self.assertEqual(len(queued), 1)
        form_user = category.with_user(self.support_manager)
        form_user.write({"support_limit_exempt": True})
        self.assertFalse(queued.support_queued)
        self.assertTrue(
            queued.support_sla_timer_ids.filtered(
                lambda t: t.kind == "response" and t.state == "running"
            )
        )
        form_user.write({"support_limit_exempt": False})
        contract = tickets.support_contract_id
        self.assertEqual(contract._support_in_work_counts()[contract.id], 5)
        self.assertEqual(tickets.filtered("support_queued"), tickets[-1])

    def test_stage_holding_tickets_keeps_its_closed_flag(self):
        """DS 6; MQ 1.2; MQ Appendix 1 (R-30): closing is an event of each
        ticket (timers met, slot freed, the queue released). A stage that
        holds open tickets turned into a closing one would close them all
        with their clocks running: refused with a clear error, the timers
        untouched."""
        contact = self.make_customer("mq_basic", name="Stage LLC")
        stage = self.env["helpdesk.ticket.stage"].create(
            {"name": "Work", "company_id": self.company.id}
        )
        ticket = self.make_ticket(contact, stage_id=stage.id)
        with self.assertRaisesMessage(UserError, "holds tickets"):
            stage.with_user(self.support_manager).write({"closed": True})
        self.assertFalse(ticket.stage_id.closed)
        ticket.with_user(self.support_user).stage_id = self.stage_new
        stage.with_user(self.support_manager).write({"closed": True})
        self.assertTrue(stage.closed)


@tagged("post_install", "-at_install")
class TestContractAndCategoryChangesAreEvents(SupportTicketCase):
    """What a manager edits around a ticket's SLA — its contract on the
    form, a category's *No SLA* — moves the clock through the lifecycle's
    ``contract`` event, never leaving a timer of the old terms running."""

    def test_contract_chosen_on_the_form_reapplies_the_sla(self):
        """MQ 1.2 «согласно указанному в сервисном договоре уровню
        технической поддержки»; MQ Appendix 1 «Количество одновременно
        открытых обращений» (R-30, R-34): a manager who chooses the
        customer's contract for a ticket (a write of the field, which managers
        may make) puts it under that contract's tier — its response timer
        follows the tier; the ticket in work stays in work, as when a
        contract is applied to open tickets, and the limit queues the
        customer's next ticket."""
        contact = self.make_customer(name="Chosen LLC")
        ticket = self.make_ticket(contact)
        self.assertFalse(ticket.support_contract_id)
        before = ticket.support_sla_timer_ids
        contract = self.make_contract(
            "mq_basic",
            partner_id=contact.parent_id.id,
            date_start="2025-01-01",
            date_end="2027-12-31",
            contact_ids=[Command.set(contact.ids)],
        )
        contract.action_activate()
        busy = self.Ticket.browse()
        for _index in range(4):
            busy |= self.make_ticket(contact)
        self.assertEqual(busy.support_contract_id, contract)
        # the form shows the contract read-only: a manager's client writes it
        manager_ticket = ticket.with_user(self.support_manager)
        manager_ticket.write({"support_contract_id": contract.id})
        self.assertEqual(ticket.support_contract_id, contract)
        self.assertFalse(ticket.support_queued)
        running = ticket.support_sla_timer_ids.filtered(
            lambda t: t.kind == "response" and t.state in ("running", "at_risk")
        )
        self.assertEqual(running.tier_id, contract.tier_id)
        self.assertEqual(
            (running.target_value, running.target_unit),
            (contract.tier_id.response_time, contract.tier_id.response_time_unit),
        )
        self.assertFalse(
            before.filtered(lambda t: t.state in ("running", "at_risk")) - running,
            "no clock of the former terms still runs",
        )
        self.assertTrue(self.make_ticket(contact).support_queued)

    def test_contract_choice_refuses_hostile_ids(self):
        """R-34: a manager's client naming a contract that does not exist
        (-1, a huge id) gets a clear refusal; the ticket keeps its contract
        and its clock (MQ 1.2 «согласно указанному в сервисном договоре
        уровню технической поддержки»)."""
        contact = self.make_customer("mq_basic", name="Hostile id LLC")
        ticket = self.make_ticket(contact)
        contract = ticket.support_contract_id
        timers = ticket.support_sla_timer_ids
        for value in (-1, 2**31 - 1):
            with self.subTest(value), self.assertRaises(ValidationError):
                ticket.with_user(self.support_manager).write(
                    {"support_contract_id": value}
                )
        self.assertEqual(ticket.support_contract_id, contract)
        self.assertEqual(ticket.support_sla_timer_ids, timers)
        self.assertEqual(timers.state, "running")

    def test_contract_is_chosen_by_managers_only(self):
        """R-34: the contract a ticket is served under is the managers'
        choice; a support user's write is refused before anything moves."""
        contact = self.make_customer("mq_basic", name="Chooser LLC")
        ticket = self.make_ticket(contact)
        with self.assertRaises(AccessError):
            ticket.with_user(self.support_user).write({"support_contract_id": False})
        self.assertTrue(ticket.support_contract_id)

    def test_category_leaving_every_sla_cancels_its_clock(self):
        """MQ 1.4, of licensing and billing: «На обращения данной категории не
        распространяется установленный пакетом поддержки SLA» (R-39, R-23): a manager
        who marks a category *No SLA* ends the obligation of its open tickets — their
        running response timer is cancelled, kept as history, never breached
        later; unmarked, the obligation begins again: a running response
        timer of the tier, counted from then."""
        contact = self.make_customer("mq_basic", name="No SLA LLC")
        category = self.category("improvement")
        ticket = self.make_ticket(contact, category_id=category.id)
        response = ticket.support_sla_timer_ids.filtered(lambda t: t.kind == "response")
        self.assertEqual(response.state, "running")
        category.with_user(self.support_manager).write({"support_no_sla": True})
        self.assertEqual(response.state, "cancelled")
        self.assertFalse(
            ticket.support_sla_timer_ids.filtered(
                lambda t: t.state in ("running", "at_risk", "paused")
            )
        )
        category.with_user(self.support_manager).write({"support_no_sla": False})
        self.assertTrue(
            ticket.support_sla_timer_ids.filtered(
                lambda t: t.kind == "response" and t.state == "running"
            )
        )


@tagged("post_install", "-at_install")
class TestComplianceDateMigration(SupportTicketCase):
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

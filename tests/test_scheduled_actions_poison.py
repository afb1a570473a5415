# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Scheduled actions that no record can stop.

Each scheduled action of the addon is run as the cron runner runs it (its
own user, no language, no context but the runner's: ``method_direct_trigger``)
with one of its records poisoned: processing that record raises. The other
records are processed, the poisoned one is logged with its id, rolled back,
listed for the support managers and tried again on the next run; once it
can be processed it is, and it leaves the list.

The poison is a test-only override of the step the action takes on its
batch, raising for the one record: the action's own code, batching and
savepoints run unchanged.
"""

import base64
from contextlib import contextmanager
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import SupportHttpCase, call_kw, naive
from .test_professional_services import ProfessionalServicesCase, msk

FAILURE_LOGGER = (
    "odoo.addons.helpdesk_mgmt_support_contract.models.helpdesk_support_job_failure"
)


class PoisonCase(ProfessionalServicesCase):
    """Customers, tickets and bookings of both presets; helpers to poison
    one record and to run a scheduled action as the cron runner does."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Failure = cls.env["helpdesk.support.job.failure"]
        cls.employee.support_ps_specialist = True
        cls.Booking = cls.env["helpdesk.support.booking"]

    @contextmanager
    def poisoned(self, model, method, record):
        """``method`` of ``model`` raises when called on a recordset holding
        ``record``; untouched for every other record."""
        cls = type(self.env[model])
        original = getattr(cls, method)
        poison_id = record.id

        def poisoned(records, *args, **kwargs):
            if poison_id in records.ids:
                raise ValueError(f"Poisoned record {records._name}({poison_id})")
            return original(records, *args, **kwargs)

        with patch.object(cls, method, poisoned):
            yield

    def ending_contract(self, name, email="k@e.test", **kcp_vals):
        """A draft contract of the customer ``name`` ending on 30 April 2026
        whose one registered contact is its key contact person (R-34,
        MQ 1.5: the contacts to warn when it ends)."""
        customer = self.env["res.partner"].create({"name": name, "is_company": True})
        kcp = self.env["res.partner"].create(
            {
                "name": f"{name} kcp",
                "parent_id": customer.id,
                "email": email,
                **kcp_vals,
            }
        )
        return self.make_contract(
            partner_id=customer.id,
            date_start="2026-01-01",
            date_end="2026-04-30",
            contact_ids=[Command.set(kcp.ids)],
            key_contact_id=kcp.id,
        )

    def run_cron(self, xmlid, when):
        """The scheduled action ``xmlid`` at ``when``, as the cron runner
        runs it: its user, no language, a context of ``lastcall`` only."""
        cron = self.env.ref(f"helpdesk_mgmt_support_contract.{xmlid}")
        with freeze_time(when):
            cron.method_direct_trigger()
        self.env.invalidate_all()
        return self.env["ir.cron.progress"].search(
            [("cron_id", "=", cron.id)], order="id desc", limit=1
        )

    def run_poisoned(self, xmlid, when, model, method, record):
        """One run with ``record`` poisoned: the failure is logged with the
        record's id."""
        with (
            self.poisoned(model, method, record),
            self.assertLogs(FAILURE_LOGGER, "WARNING") as logs,
        ):
            progress = self.run_cron(xmlid, when)
        self.assertIn(f"{record._name}({record.id})", "\n".join(logs.output))
        return progress

    def assertFailureShown(self, xmlid, record, attempts=1):
        """The failure is listed for the support managers (their menu's
        action reads it), not for support users."""
        cron = self.env.ref(f"helpdesk_mgmt_support_contract.{xmlid}")
        domain = [("res_model", "=", record._name), ("res_id", "=", record.id)]
        failure = self.Failure.with_user(self.support_manager).search(domain)
        self.assertEqual(len(failure), 1)
        self.assertEqual(failure.cron_id, cron)
        self.assertEqual(failure.cron_name, cron.name)
        self.assertEqual(failure.attempts, attempts)
        self.assertIn("Poisoned record", failure.error)
        self.assertTrue(failure.record_name)
        with self.assertRaises(AccessError):
            self.Failure.with_user(self.support_user).search(domain)
        action = self.env.ref(
            "helpdesk_mgmt_support_contract.helpdesk_support_job_failure_action"
        )
        self.assertEqual(action.res_model, self.Failure._name)

    def assertFailureCleared(self, record):
        self.assertFalse(
            self.Failure.search(
                [("res_model", "=", record._name), ("res_id", "=", record.id)]
            )
        )


@tagged("post_install", "-at_install")
class TestScheduledActionsPoison(PoisonCase):
    """One test per scheduled action of the addon (``data/ir_cron_data.xml``)."""

    def test_every_scheduled_action_is_covered(self):
        """R-60, R-62, R-63: Every scheduled action the addon ships has its
        poisoned-record test here: a new one fails this test until it gets its own."""
        crons = self.env["ir.model.data"].search(
            [
                ("module", "=", "helpdesk_mgmt_support_contract"),
                ("model", "=", "ir.cron"),
            ]
        )
        tested = {
            name.removeprefix("test_poisoned_")
            for name in dir(self)
            if name.startswith("test_poisoned_")
        }
        self.assertEqual(set(crons.mapped("name")), tested)

    def test_poisoned_ir_cron_expire_support_contracts(self):
        """R-12, R-34, MQ 1.5 («в случае окончания сервисного договора»): the ended
        contracts of every customer expire though one of them fails."""
        first, poison, last = (
            self.make_contract(
                partner_id=self.env["res.partner"]
                .create({"name": f"Ended {i}", "is_company": True})
                .id,
                date_start="2025-01-01",
                date_end="2025-12-31",
            )
            for i in range(3)
        )
        (first | poison | last).write({"state": "active"})
        xmlid = "ir_cron_expire_support_contracts"
        model = "helpdesk.support.contract"
        self.run_poisoned(xmlid, "2026-06-15", model, "action_expire", poison)
        self.assertEqual((first | last).mapped("state"), ["expired"] * 2)
        self.assertEqual(poison.state, "active")
        self.assertFailureShown(xmlid, poison)
        # retried on the next run, still failing: counted
        self.run_poisoned(xmlid, "2026-06-16", model, "action_expire", poison)
        self.assertFailureShown(xmlid, poison, attempts=2)
        self.run_cron(xmlid, "2026-06-17")
        self.assertEqual(poison.state, "expired")
        self.assertFailureCleared(poison)

    def test_poisoned_ir_cron_support_booking_charge(self):
        """MQ 2.4: «В случае неиспользования клиентом забронированного
        времени, забронированные часы подлежат полной оплате (списания с
        сертификата)» (R-73): one booking that cannot be settled leaves the
        other customers' months settled; its own claim is rolled back."""
        other_customer = self.make_customer("mq_basic", name="PS Customer 2")
        other = self.env["helpdesk.support.certificate"].create(
            {
                "partner_id": other_customer.parent_id.id,
                "company_id": self.company.id,
                "date_start": "2024-01-01",
                "date_end": "2027-03-31",
                "hours_prepaid": 40,
            }
        )
        with freeze_time("2026-11-10"):
            booking = self.Booking._support_book(self.certificate, "2026-12-01", 10)
            poison = self.Booking._support_book(other, "2026-12-01", 8)
        xmlid = "ir_cron_support_booking_charge"
        model = "helpdesk.support.booking"
        progress = self.run_poisoned(
            xmlid, "2027-01-01 06:00", model, "_support_settle", poison
        )
        self.assertEqual(booking.state, "settled")
        self.assertAlmostEqual(booking.hours_charged, 10)
        self.assertEqual(poison.state, "confirmed", "its claim is rolled back")
        self.assertFalse(poison.hours_charged)
        self.assertEqual((progress.done, progress.remaining), (1, 1))
        self.assertFailureShown(xmlid, poison)
        self.run_cron(xmlid, "2027-01-01 07:00")
        self.assertEqual(poison.state, "settled")
        self.assertAlmostEqual(poison.hours_charged, 8)
        self.assertFailureCleared(poison)

    def test_poisoned_ir_cron_generate_production_calendar(self):
        """R-01: next year's production calendar is generated for every
        company though one calendar fails."""
        Calendar = self.env["resource.production.calendar"]
        companies = self.env["res.company"].create(
            [{"name": "Calendar Co A"}, {"name": "Calendar Co B"}]
        )
        first, poison = Calendar.create(
            [
                {
                    "name": f"Calendar of {company.name}",
                    "country_code": "RU",
                    "company_id": company.id,
                }
                for company in companies
            ]
        )
        xmlid = "ir_cron_generate_production_calendar"
        self.run_poisoned(
            xmlid,
            "2026-11-23",
            "resource.production.calendar",
            "action_generate_year",
            poison,
        )
        self.assertEqual(set(first.day_ids.mapped("year")), {2027})
        self.assertFalse(poison.day_ids)
        # a failure is its company's: the managers of others do not see it
        self.assertFalse(
            self.Failure.with_user(self.support_manager).search(
                [("res_id", "=", poison.id), ("res_model", "=", poison._name)]
            )
        )
        self.support_manager.company_ids |= companies
        self.assertFailureShown(xmlid, poison)
        self.run_cron(xmlid, "2026-11-30")
        self.assertEqual(set(poison.day_ids.mapped("year")), {2027})
        self.assertFailureCleared(poison)

    def tickets_of(self, count):
        contact = self.make_customer("mq_basic", name=f"SLA Customer {count}")
        return [self.make_ticket(contact, name=f"Ticket {i}") for i in range(count)]

    def test_poisoned_ir_cron_support_sla_timers(self):
        """MQ Приложение 1 («Гарантированное время ответа»), R-62: breaches
        are escalated for every ticket though one escalation fails."""
        tickets = self.tickets_of(3)
        timers = [self.response_timer(ticket) for ticket in tickets]
        poison = timers[1]
        xmlid = "ir_cron_support_sla_timers"
        model = "helpdesk.support.sla.timer"
        self.run_poisoned(xmlid, "2026-06-10", model, "_on_breach", poison)
        self.assertEqual([t.state for t in timers], ["breached", "running", "breached"])
        self.assertFailureShown(xmlid, poison)
        self.run_cron(xmlid, "2026-06-10 01:00")
        self.assertEqual(poison.state, "breached")
        self.assertFailureCleared(poison)

    def test_poisoned_ir_cron_support_sla_recompute(self):
        """R-03, R-21, DS 2.1 («Время реакции … включает в себя только
        рабочее время»): after a change of working time every open deadline
        moves though one timer fails; the failing one stays pending."""
        tickets = self.tickets_of(3)
        timers = self.Timer.union(*(self.response_timer(t) for t in tickets))
        poison = timers[1]
        self.Timer._mark_recompute_for_calendars(timers.resource_calendar_id)
        self.assertTrue(all(timers.mapped("recompute_pending")))
        xmlid = "ir_cron_support_sla_recompute"
        self.run_poisoned(
            xmlid, "2026-06-01 08:00", "helpdesk.support.sla.timer", "_schedule", poison
        )
        self.assertFalse(any((timers - poison).mapped("recompute_pending")))
        self.assertTrue(poison.recompute_pending)
        self.assertFailureShown(xmlid, poison)
        self.run_cron(xmlid, "2026-06-01 09:00")
        self.assertFalse(poison.recompute_pending)
        self.assertFailureCleared(poison)

    def test_poisoned_ir_cron_support_portal_access(self):
        """R-34, MQ 1.5: the key contacts of every ended contract are warned
        though one warning fails; the failing one is warned on the next run."""
        contracts = self.env["helpdesk.support.contract"]
        for name in ("End A", "End B", "End C"):
            contracts |= self.ending_contract(name)
        with freeze_time("2026-03-01"):
            contracts.action_activate()
        poison = contracts[1]
        xmlid = "ir_cron_support_portal_access"
        self.run_poisoned(
            xmlid,
            "2026-05-04 09:00",
            "helpdesk.support.contract",
            "_support_warn_portal_block",
            poison,
        )
        self.assertEqual(contracts.mapped("portal_block_warned"), [True, False, True])
        self.assertFalse(self.messages(poison, "portal access of your contacts"))
        self.assertFailureShown(xmlid, poison)
        self.run_cron(xmlid, "2026-05-04 10:00")
        self.assertTrue(poison.portal_block_warned)
        self.assertEqual(len(self.messages(poison, "portal access of your")), 1)
        self.assertFailureCleared(poison)

    def waiting_tickets(self):
        # an MQ customer: MQ 1.2 states the auto-close, DS does not
        contact = self.make_customer("mq_basic", name="Waiting LLC")
        with freeze_time("2026-06-01 07:00:00"):
            tickets = [self.make_ticket(contact, name=f"Wait {i}") for i in range(3)]
        reason = self.env.ref(
            "helpdesk_mgmt_support_contract.waiting_reason_information"
        )
        with freeze_time("2026-06-01 08:00:00"):
            for ticket in tickets:
                ticket.support_waiting_reason_id = reason
        return tickets

    def test_poisoned_ir_cron_support_autoclose(self):
        """MQ 1.2: «При отсутствии реакции Пользователя … в течение 3 (трех)
        рабочих дней … обращение считается … закрытым» (R-60): every ticket
        due is closed though one fails; the failing one on the next run."""
        tickets = self.waiting_tickets()
        poison = tickets[1]
        # the end of Thursday's working time: Tue, Wed, Thu after Monday's
        # start (ГК РФ ст. 191, 194)
        self.assertEqual(poison.support_autoclose_date, naive("2026-06-04 15:00:00"))
        xmlid = "ir_cron_support_autoclose"
        self.run_poisoned(
            xmlid,
            "2026-06-04 15:30",
            "helpdesk.ticket",
            "_support_lifecycle_auto_close",
            poison,
        )
        self.assertEqual([t.stage_id.closed for t in tickets], [True, False, True])
        self.assertTrue(poison.support_autoclose_date, "still due")
        self.assertFailureShown(xmlid, poison)
        self.run_cron(xmlid, "2026-06-04 16:00")
        self.assertTrue(poison.stage_id.closed)
        self.assertTrue(self.messages(poison, "we received no reply"))
        self.assertFailureCleared(poison)

    def test_poisoned_ir_cron_support_purge_confidential(self):
        """DS 5.3, R-63: confidential data are purged after 30 days on every
        ticket though one fails; the failing one keeps them until the next
        run purges it."""
        contact = self.make_customer("ds_commercial", "licensee", name="Secret JSC")
        with freeze_time("2026-06-01 08:00:00"):
            tickets = [self.make_ticket(contact, name=f"Secret {i}") for i in range(3)]
            for ticket in tickets:
                ticket.support_credentials = "admin / s3cret"
                self.env["ir.attachment"].create(
                    {
                        "name": "vpn.conf",
                        "datas": base64.b64encode(b"secret"),
                        "res_model": "helpdesk.ticket",
                        "res_id": ticket.id,
                        "support_confidential": True,
                    }
                )
        poison = tickets[1]
        xmlid = "ir_cron_support_purge_confidential"
        self.run_poisoned(
            xmlid,
            "2026-07-02 09:00",
            "helpdesk.ticket",
            "_support_purge_confidential",
            poison,
        )
        self.assertEqual(
            [bool(t.support_credentials) for t in tickets], [False, True, False]
        )
        self.assertFailureShown(xmlid, poison)
        self.run_cron(xmlid, "2026-07-02 10:00")
        self.assertFalse(poison.support_credentials)
        self.assertTrue(self.messages(poison, "Confidential data purged"))
        self.assertFailureCleared(poison)

    def test_poisoned_ir_cron_support_acknowledge(self):
        """DS 5.4: the sender of every new ticket gets its number and level
        (R-50) though one acknowledgement fails; its claim is rolled back
        and the next run sends it."""
        contact = self.make_customer("mq_basic", name="Ack JSC")
        tickets = self.Ticket.union(
            *(self.make_ticket(contact, name=f"Ack {i}") for i in range(3))
        )
        tickets.flush_recordset()
        # new tickets received by mail await their acknowledgement
        self.env.cr.execute(
            "UPDATE helpdesk_ticket SET support_ack_pending = true WHERE id = ANY(%s)",
            [tickets.ids],
        )
        tickets.invalidate_recordset(["support_ack_pending"])
        poison = tickets[1]
        xmlid = "ir_cron_support_acknowledge"
        self.run_poisoned(
            xmlid,
            "2026-06-01 07:05",
            "helpdesk.ticket",
            "_support_send_template",
            poison,
        )
        self.assertEqual(tickets.mapped("support_ack_pending"), [False, True, False])
        self.assertFailureShown(xmlid, poison)
        self.run_cron(xmlid, "2026-06-01 07:10")
        self.assertFalse(poison.support_ack_pending)
        self.assertFailureCleared(poison)

    def test_poisoned_ir_cron_support_defect_notices(self):
        """MQ 1.4 «Решением ошибки может быть: … Уведомление о выходе версии
        с исправлением»: every linked ticket is told of the release though
        one fails; the defect is released once the failing one is told on
        the next run."""
        contact = self.make_customer("mq_basic", name="Release LLC")
        product = self.env["helpdesk.support.product"].create(
            {"name": "Poison product", "company_id": self.company.id}
        )
        version = self.env["helpdesk.support.product.version"].create(
            {"name": "2.0", "product_id": product.id}
        )
        defect = self.env["helpdesk.support.defect"].create(
            {
                "name": "Poison defect",
                "public_title": "Poison defect",
                "product_id": product.id,
                "target_version_id": version.id,
                # a release tells the defects fixed in it (MQ 1.4)
                "status": "fixed",
                "company_id": self.company.id,
            }
        )
        tickets = self.Ticket.union(
            *(
                self.make_ticket(
                    contact, name=f"Release {i}", support_defect_id=defect.id
                )
                for i in range(3)
            )
        )
        version.action_support_publish_release()
        poison = tickets[1]
        xmlid = "ir_cron_support_defect_notices"
        self.run_poisoned(
            xmlid,
            "2026-06-01 08:00",
            "helpdesk.ticket",
            "_support_defect_notify",
            poison,
        )
        self.assertEqual(
            [bool(t.support_defect_notice_date) for t in tickets], [True, False, True]
        )
        self.assertEqual(defect.status, "fixed", "one ticket is still to tell")
        self.assertFailureShown(xmlid, poison)
        self.run_cron(xmlid, "2026-06-01 09:00")
        self.assertTrue(poison.support_defect_notice_date)
        self.assertEqual(defect.status, "released")
        self.assertFailureCleared(poison)


@tagged("post_install", "-at_install")
class TestTimesheetHoursOneRule(PoisonCase):
    """MQ 2.1 («рассчитывающиеся по затраченному рабочему времени») and
    MQ 2.4 (booked hours not used are charged in full), R-71, R-73: the
    charge of a line and the month-end settlement count the same hours."""

    def test_negative_line_cannot_stop_the_month_end(self):
        """R-71, R-73 (MQ 2.1, 2.4): A −20 h line on an order in a booked month (written
        before the rule, by SQL) no longer makes the settlement write negative hours:
        it counts as no work, for the charge as for the settlement."""
        ticket = self.make_order()
        self.send_estimate(ticket)._support_decide(self.kcp, accept=True)
        with freeze_time("2026-11-10"):
            booking = self.Booking._support_book(self.certificate, "2026-12-01", 10)
        worked = self.log(ticket, msk(2026, 12, 2, 10), 3)
        hostile = self.log(ticket, msk(2026, 12, 3, 10), 1)
        hostile.flush_recordset()
        self.env.cr.execute(
            "UPDATE account_analytic_line SET unit_amount = -20 WHERE id = %s",
            [hostile.id],
        )
        hostile.invalidate_recordset()
        hostile._compute_support_charge()
        self.assertFalse(hostile.support_charged_hours)
        self.assertAlmostEqual(worked.support_charged_hours, 3)
        self.run_cron("ir_cron_support_booking_charge", "2027-01-01 06:00")
        self.assertEqual(booking.state, "settled")
        self.assertAlmostEqual(booking.hours_used, 3)
        self.assertAlmostEqual(booking.hours_charged, 7)

    def test_form_refuses_hostile_hours(self):
        """R-71: a specialist typing negative or absurd hours on an order is
        told so; nothing is logged."""
        ticket = self.make_order()
        for hours in (-20, -1, 25, 1e308, float("nan"), float("inf")):
            with self.subTest(hours=hours), self.assertRaises(UserError):
                self.log(ticket, msk(2026, 3, 10, 10), hours)
        line = self.log(ticket, msk(2026, 3, 10, 10), 2)
        with self.assertRaises(UserError):
            line.unit_amount = -20
        self.assertEqual(ticket.timesheet_ids, line)


@tagged("post_install", "-at_install")
class TestTimesheetHoursAttack(SupportHttpCase):
    """MQ 2.1 («рассчитывающиеся по затраченному рабочему времени»), R-71,
    R-73: a support user logging hostile hours on a professional-service
    order over JSON-RPC ``call_kw`` is refused, so no job can read them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.staff = cls.make_user(
            "poison_staff",
            "helpdesk_mgmt_support_contract.group_support_user,"
            "hr_timesheet.group_hr_timesheet_user",
        )
        cls.employee = cls.env["hr.employee"].create(
            {"name": "Poison specialist", "user_id": cls.staff.id}
        )
        contact = cls.make_portal_customer("Poison", "kcp", "mq_basic")
        project = cls.env["project.project"].create(
            {"name": "Poison PS", "allow_timesheets": True}
        )
        cls.order = cls.env["helpdesk.ticket"].create(
            {
                "name": "Poison order",
                "description": "x",
                "partner_id": contact.id,
                "project_id": project.id,
                "category_id": cls.by_code(
                    "helpdesk.ticket.category", "professional_service"
                ).id,
                "user_id": cls.staff.id,
            }
        )
        cls.line = cls.env["account.analytic.line"].create(
            {
                "name": "Poison work",
                "ticket_id": cls.order.id,
                "project_id": project.id,
                "employee_id": cls.employee.id,
                "unit_amount": 2.0,
            }
        )
        cls.project = project

    def setUp(self):
        super().setUp()
        self.authenticate("poison_staff", "poison_staff")

    def test_hostile_hours_refused_on_create_and_write(self):
        """R-71, R-73 (MQ 2.1): hostile hours (nan, infinite, negative, huge) on a
        professional-service order are refused on create and write."""
        lines = self.env["account.analytic.line"].search_count([])
        for value in ("nan", "inf", -1, 1e308, -20, "-20", "1e308"):
            with self.subTest(value=value):
                response = call_kw(
                    self,
                    "account.analytic.line",
                    "create",
                    {
                        "name": "Poison",
                        "ticket_id": self.order.id,
                        "project_id": self.project.id,
                        "employee_id": self.employee.id,
                        "unit_amount": value,
                    },
                )
                self.assertIn("error", response)
                self.assertEqual(
                    response["error"]["data"]["name"],
                    "odoo.exceptions.ValidationError",
                )
                response = call_kw(
                    self,
                    "account.analytic.line",
                    "write",
                    [self.line.id],
                    {"unit_amount": value},
                )
                self.assertIn("error", response)
                self.assertEqual(
                    response["error"]["data"]["name"],
                    "odoo.exceptions.ValidationError",
                )
        self.env.invalidate_all()
        self.assertEqual(self.env["account.analytic.line"].search_count([]), lines)
        self.assertEqual(self.line.unit_amount, 2.0)
        # the specialist still logs real work
        response = call_kw(
            self, "account.analytic.line", "write", [self.line.id], {"unit_amount": 3}
        )
        self.assertNotIn("error", response)

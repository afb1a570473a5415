# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Attacks on the SLA lifecycle, the regulation's new fields and the
scheduled action failures, each through its real entry point: JSON-RPC
``call_kw`` as the user, the backend form, the configuration a manager
edits. Both presets (DS and MQ) are loaded in one company; the clock is
frozen at the fixtures' instant (Mon 1 Jun 2026 10:00 Moscow).

DS 2.3: «на время решения проблемы могут влиять различные факторы,
например, своевременность ответа Пользователя»; DS 5.10: «Решение вопросов
обращения может быть отложено … Отправитель не может предоставить достаточно
информации для решения проблемы» (R-22: only a wait for the customer pauses
the clocks; MQ 1.2
«Основным показателем SLA является гарантированное время ответа»).
"""

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged

from .common import SupportHttpCase, SupportTicketCase, call_kw_result

XMLID = "helpdesk_mgmt_support_contract.waiting_reason_%s"


@tagged("post_install", "-at_install")
class TestWaitingSideFlipped(SupportTicketCase):
    """A DS VIP licensee's ticket waits in a reason whose side the support
    manager then changes on the reason's form."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.information = cls.env.ref(XMLID % "information")
        cls.development = cls.env.ref(XMLID % "development")
        cls.contact = cls.make_customer("ds_vip", "ds_licensee", name="Flip LLC")

    def open_timers(self, ticket, state):
        return ticket.support_sla_timer_ids.filtered(
            lambda t: t.kind in ("response", "reply") and t.state == state
        )

    def set_reason(self, ticket, reason, when):
        with freeze_time(when):
            with Form(ticket.with_user(self.support_user)) as form:
                form.support_waiting_reason_id = reason

    def flip(self, reason, waits_for_customer, when):
        with freeze_time(when):
            with Form(reason.with_user(self.support_manager)) as form:
                form.waits_for_customer = waits_for_customer

    def test_customer_side_reason_turned_vendor_side_resumes_the_clock(self):
        """R-22, DS 2.3 «на время решения проблемы могут влиять различные факторы,
        например, своевременность ответа Пользователя»; MQ 1.2 «Основным показателем
        SLA является гарантированное время ответа»: only a wait for the customer
        pauses the clock. A reason moved to the vendor's side while a ticket waits in
        it leaves the ticket waiting for the vendor: its clock runs again (and runs
        on when the reason is cleared), never paused for good."""
        with freeze_time("2026-06-01 07:00:00"):
            ticket = self.make_ticket(self.contact)
        self.set_reason(ticket, self.information, "2026-06-01 07:10:00")
        self.assertTrue(self.open_timers(ticket, "paused"))
        self.flip(self.information, False, "2026-06-01 07:20:00")
        self.assertFalse(ticket.support_sla_paused)
        self.assertFalse(self.open_timers(ticket, "paused"))
        self.assertTrue(self.open_timers(ticket, "running"))
        with freeze_time("2026-06-01 07:30:00"):
            ticket.with_user(self.support_user).support_waiting_reason_id = False
        self.assertFalse(self.open_timers(ticket, "paused"))

    def test_vendor_side_reason_turned_customer_side_pauses_the_clock(self):
        """R-22, DS 2.3 «на время решения проблемы могут влиять различные факторы,
        например, своевременность ответа Пользователя»: a reason moved to the
        customer's side pauses the clocks of the tickets waiting in it, as setting it
        would; the ticket never reads paused while its clock runs."""
        with freeze_time("2026-06-01 07:00:00"):
            ticket = self.make_ticket(self.contact)
        self.set_reason(ticket, self.development, "2026-06-01 07:10:00")
        self.assertTrue(self.open_timers(ticket, "running"))
        self.flip(self.development, True, "2026-06-01 07:20:00")
        self.assertTrue(ticket.support_sla_paused)
        self.assertFalse(self.open_timers(ticket, "running"))
        self.assertTrue(self.open_timers(ticket, "paused"))

    def test_stage_that_stops_pausing_resumes_the_clock(self):
        """R-22, DS 2.3 «на время решения проблемы могут влиять различные факторы,
        например, своевременность ответа Пользователя»: a stage that no longer waits
        on the customer resumes the clocks of the tickets standing in it without a
        reason; none stays paused for good."""
        stage = self.stage_awaiting
        with Form(stage.with_user(self.support_manager)) as form:
            form.support_pause_sla = True
        with freeze_time("2026-06-01 07:00:00"):
            ticket = self.make_ticket(self.contact)
            ticket.with_user(self.support_user).stage_id = stage
        self.assertTrue(self.open_timers(ticket, "paused"))
        with freeze_time("2026-06-01 07:20:00"):
            with Form(stage.with_user(self.support_manager)) as form:
                form.support_pause_sla = False
        self.assertFalse(ticket.support_sla_paused)
        self.assertFalse(self.open_timers(ticket, "paused"))
        self.assertTrue(self.open_timers(ticket, "running"))

    def test_support_user_cannot_flip_a_reason_side(self):
        """R-20, R-22: the side of a waiting reason is configuration, the support
        managers' (DS 2.3 «своевременность ответа Пользователя»: only a wait for the
        customer pauses the clocks): a support user over the ORM is refused."""
        with self.assertRaises(AccessError):
            self.information.with_user(self.support_user).write(
                {"waits_for_customer": False}
            )


@tagged("post_install", "-at_install")
class TestLifecycleRpcAttacks(SupportHttpCase):
    """JSON-RPC as each role against the lifecycle's surface, the
    regulation's new flags and the scheduled action failures. The contracts
    run 2020-2099 (``WIDE``): nothing depends on today's date."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.company
        cls.portal = cls.make_portal_customer("LcA", "ada", "mq_basic")
        cls.stranger = cls.make_portal_customer("LcB", "eve", "mq_basic")
        cls.ticket = cls.env["helpdesk.ticket"].create(
            {"name": "Lc ticket", "description": "x", "partner_id": cls.portal.id}
        )
        cls.ticket.stage_id = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        users = {"company_id": company.id, "company_ids": [Command.set(company.ids)]}
        cls.internal = new_test_user(
            cls.env, login="lc_internal", groups="base.group_user", **users
        )
        cls.support = new_test_user(
            cls.env,
            login="lc_support",
            groups="helpdesk_mgmt_support_contract.group_support_user",
            **users,
        )
        cls.manager = new_test_user(
            cls.env,
            login="lc_manager",
            groups="helpdesk_mgmt_support_contract.group_support_manager",
            **users,
        )
        other = cls.env["res.company"].create({"name": "Lc Other Co"})
        cls.other_manager = new_test_user(
            cls.env,
            login="lc_other_manager",
            groups="helpdesk_mgmt_support_contract.group_support_manager",
            company_id=other.id,
            company_ids=[Command.set(other.ids)],
        )
        cls.failure = (
            cls.env["helpdesk.support.job.failure"]
            .sudo()
            .create(
                {
                    "res_model": "helpdesk.ticket",
                    "res_id": cls.ticket.id,
                    "record_name": cls.ticket.display_name,
                    "company_id": company.id,
                    "error": "ValueError: secret of Lc customer",
                }
            )
        )
        cls.regulation = cls.by_code("helpdesk.support.regulation", "mq")

    def test_private_lifecycle_methods_refused_over_rpc(self):
        """MQ 1.2 «…такое обращение снова открывается» only «При поступлении
        от Пользователя информации» (R-61): no role reopens, closes or
        moves a ticket through the lifecycle's private entry over JSON-RPC;
        Odoo refuses every ``_`` method, and the ticket stays closed."""
        calls = [
            (
                "helpdesk.ticket",
                "_support_lifecycle_event",
                [[self.ticket.id], "reopened"],
            ),
            ("helpdesk.ticket", "_support_lifecycle_reopened", [[self.ticket.id]]),
            ("helpdesk.ticket", "_support_reopen_or_follow_up", [[self.ticket.id], 1]),
            ("helpdesk.ticket", "_support_update_waiting", [[self.ticket.id], False]),
            ("helpdesk.ticket", "_cron_support_autoclose", [[]]),
            ("helpdesk.support.job.failure", "_support_run_isolated", [[], "x", [], 1]),
            (
                "helpdesk.support.job.failure",
                "_support_record_failures",
                [[], "x", [], {}],
            ),
        ]
        for login in ("lca_ada", "lc_internal", "lc_support", "lc_manager"):
            self.authenticate(login, login)
            for model, method, args in calls:
                with self.subTest(login=login, method=method):
                    result, error = call_kw_result(self, model, method, *args)
                    self.assertIsNone(result)
                    self.assertTrue(error)
        self.ticket.invalidate_recordset()
        self.assertTrue(self.ticket.stage_id.closed)

    def test_job_failures_are_the_managers_of_the_company(self):
        """MQ 2.4, R-73; R-60: a record a scheduled action skipped is listed
        for the support managers of its company, read only; the portal, an
        internal user, a support user and a manager of another company read
        none of it (its error text may quote the customer's data), and no
        one writes, creates or deletes a failure over JSON-RPC."""
        model = "helpdesk.support.job.failure"
        domain = [("id", "=", self.failure.id)]
        for login in ("lca_ada", "lc_internal", "lc_support", "lc_other_manager"):
            self.authenticate(login, login)
            with self.subTest(login=login):
                result, _error = call_kw_result(
                    self, model, "search_read", domain, ["error", "record_name"]
                )
                self.assertFalse(result)
        self.authenticate("lc_manager", "lc_manager")
        result, error = call_kw_result(self, model, "search_read", domain, ["error"])
        self.assertEqual(len(result or []), 1, error)
        for method, args in (
            ("write", [[self.failure.id], {"error": "hidden"}]),
            ("unlink", [[self.failure.id]]),
            ("create", [{"res_model": "res.partner", "res_id": 1}]),
        ):
            with self.subTest(method=method):
                result, error = call_kw_result(self, model, method, *args)
                self.assertTrue(error)
        self.assertTrue(self.failure.exists())
        self.assertEqual(self.failure.error, "ValueError: secret of Lc customer")

    def test_regulation_flags_are_the_managers(self):
        """MQ 1.2 «в течение 3 (трех) рабочих дней» (R-60) and MQ 1.6
        «доступны только для них самих и пользователей, состоящих с ними в
        одной команде» (R-32): whether a regulation auto-closes and whether
        its key contact person sees all tickets is the support managers'
        configuration; the portal, an internal user and a support user
        cannot flip either; a manager's hostile period is refused."""
        for login in ("lca_ada", "lc_internal", "lc_support"):
            self.authenticate(login, login)
            for vals in (
                {"autoclose": False},
                {"kcp_sees_all_tickets": True},
                {"autoclose_days": 0},
            ):
                with self.subTest(login=login, vals=vals):
                    _result, error = call_kw_result(
                        self,
                        "helpdesk.support.regulation",
                        "write",
                        [self.regulation.id],
                        vals,
                    )
                    self.assertTrue(error)
        self.authenticate("lc_manager", "lc_manager")
        for days in (-1, 10**12, "nan", "", "<b>3</b>"):
            with self.subTest(days=days):
                _result, error = call_kw_result(
                    self,
                    "helpdesk.support.regulation",
                    "write",
                    [self.regulation.id],
                    {"autoclose_days": days},
                )
                self.assertTrue(error)
        self.regulation.invalidate_recordset()
        self.assertTrue(self.regulation.autoclose)
        self.assertFalse(self.regulation.kcp_sees_all_tickets)
        self.assertEqual(self.regulation.autoclose_days, 3)

    def test_portal_sets_no_waiting_reason(self):
        """R-22, DS 5.10: the waiting reason — which pauses the clock and
        starts the auto-close (MQ 1.2) — is set by support only; a portal
        user, even on its own ticket, and another customer's are refused,
        by value and by ``default_`` context keys."""
        reason = self.env.ref(XMLID % "information")
        ticket = self.env["helpdesk.ticket"].create(
            {"name": "Lc open", "description": "x", "partner_id": self.portal.id}
        )
        for login in ("lca_ada", "lcb_eve", "lc_internal"):
            self.authenticate(login, login)
            with self.subTest(login=login):
                _result, error = call_kw_result(
                    self,
                    "helpdesk.ticket",
                    "write",
                    [ticket.id],
                    {"support_waiting_reason_id": reason.id},
                )
                self.assertTrue(error)
                _result, error = call_kw_result(
                    self,
                    "helpdesk.ticket",
                    "create",
                    {"name": "x", "description": "x"},
                    context={"default_support_waiting_reason_id": reason.id},
                )
                self.assertTrue(error)
        ticket.invalidate_recordset()
        self.assertFalse(ticket.support_waiting_reason_id)
        self.assertFalse(ticket.support_sla_paused)

# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the support system maintains stays the system's (R-21, R-24, R-60,
R-63, R-71, R-72; DS 5.8): the public methods of the ticket, the
contract and the timesheets attacked over JSON-RPC ``call_kw``, the entry
point of the web client (and of any script holding a session).

Odoo 18 lets a client call any public method, and ``write`` any field, of a
record it may write: ``readonly`` in a view or on a field does not stop it.
Each test is one attack of (d) a plain *Support User* (or (a) a logged-out
visitor, (b)/(c) a portal user) and asserts the refusal and that nothing
changed. Records are dated 2020-2099: the tests do not depend on today.
"""

import json
from datetime import timedelta

from freezegun import freeze_time
from lxml import etree

from odoo import Command
from odoo.tests import tagged

from .common import WIDE, SecurityHttpCase, call_kw, call_kw_result

SUPPORT_USER = "helpdesk_mgmt_support_contract.group_support_user"


@tagged("post_install", "-at_install")
class TestSystemFieldsOverRpc(SecurityHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.support_user = cls.make_user(
            "atk_rpc_user",
            groups=f"{SUPPORT_USER},hr_timesheet.group_hr_timesheet_user",
        )
        cls.support_manager = cls.make_user(
            "atk_rpc_manager",
            groups="helpdesk_mgmt_support_contract.group_support_manager",
        )
        cls.employee = cls.env["hr.employee"].create(
            {
                "name": "Atk specialist",
                "user_id": cls.support_user.id,
                "company_id": cls.company.id,
            }
        )
        tiers = cls.env["helpdesk.support.tier"].search(
            [("company_id", "=", cls.company.id)]
        )
        customer = cls.env["res.partner"].create(
            {"name": "Atk RPC Customer", "is_company": True}
        )
        cls.kcp = cls.env["res.partner"].create(
            {"name": "atk_rpc_kcp", "parent_id": customer.id, "email": "k@rpc.test"}
        )
        cls.contract = cls.env["helpdesk.support.contract"].create(
            {
                "partner_id": customer.id,
                "tier_id": tiers.filtered(lambda t: t.code == "mq_basic").id,
                "contact_ids": [Command.set(cls.kcp.ids)],
                "key_contact_id": cls.kcp.id,
                **WIDE,
            }
        )
        cls.contract.action_activate()
        cls.portal_kcp = cls.make_portal_user(cls.kcp, "atk_rpc_kcp")
        cls.certificate = cls.env["helpdesk.support.certificate"].create(
            {
                "partner_id": customer.id,
                "company_id": cls.company.id,
                "hours_prepaid": 40,
                **WIDE,
            }
        )
        project = cls.env["project.project"].create(
            {
                "name": "Atk PS",
                "company_id": cls.company.id,
                "allow_timesheets": True,
            }
        )
        cls.ticket = cls.env["helpdesk.ticket"].create(
            {
                "name": "Atk RPC ticket",
                "description": "x",
                "partner_id": cls.kcp.id,
                "project_id": project.id,
                "user_id": cls.support_user.id,
            }
        )
        cls.ticket.support_certificate_id = cls.certificate
        cls.line = cls.env["account.analytic.line"].create(
            {
                "name": "Atk work",
                "ticket_id": cls.ticket.id,
                "project_id": project.id,
                "employee_id": cls.employee.id,
                "date_time": "2030-03-05 07:00:00",
                "unit_amount": 2.0,
            }
        )
        cls.project = project

    def setUp(self):
        super().setUp()
        self.authenticate("atk_rpc_user", "atk_rpc_user")

    def assertRefused(self, response, error="odoo.exceptions.AccessError"):
        self.assertIn("error", response, "the call must be refused")
        self.assertEqual(response["error"]["data"]["name"], error)
        self.env.invalidate_all()

    def ticket_state(self, *fields):
        self.env.invalidate_all()
        return self.ticket.read(list(fields))[0]

    def assertWriteRefused(self, values, record=None):
        """A support user's ``write`` of ``values`` is refused, nothing changed."""
        record = record or self.ticket
        names = list(values)
        self.env.invalidate_all()
        before = record.read(names)
        response = call_kw(self, record._name, "write", record.ids, values)
        self.assertRefused(response)
        self.assertEqual(record.read(names), before, "nothing changed")

    # ------------------------------------------------------------------
    # Ticket: the fields the support system maintains
    # ------------------------------------------------------------------

    def test_user_cannot_hide_a_breach(self):
        """(d) R-21 "breach recorded and reportable"; writing the ticket's SLA
        summary over RPC showed a breached ticket as met in the lists, the
        reports' filters and the customer's overdue count (R-35)."""
        timer = self.ticket.support_sla_timer_ids
        # the working time of the target passes: the clock's own
        # scheduled action records the breach
        with freeze_time(timer.deadline + timedelta(minutes=1)):
            self.env["helpdesk.support.sla.timer"]._cron_update_states()
        self.assertEqual(self.ticket.support_sla_state, "breached")
        self.assertWriteRefused(
            {
                "support_sla_state": "met",
                "support_sla_deadline": False,
                "support_sla_paused": True,
            }
        )
        self.assertEqual(self.ticket.support_sla_state, "breached")

    def test_user_cannot_confirm_critical_defect_without_its_deadline(self):
        """(d) R-24 "Critical defects: fix deadline 10 working
        days from confirmation (MQ 1.2, 1.4)"; writing the confirmation date
        over RPC skipped the fix timer, and the button then refused to start
        it ("already confirmed")."""
        self.assertWriteRefused({"support_critical_defect_date": "2020-01-01 00:00:00"})
        self.assertFalse(self.ticket.support_critical_defect_date)
        self.assertFalse(
            self.ticket.support_sla_timer_ids.filtered(
                lambda t: t.kind == "critical_fix"
            )
        )

    def test_user_cannot_backdate_a_defect_confirmation(self):
        """(d) the defect confirmation date (it frees a slot of
        the open-ticket limit, MQ 1.4) is set by the button, at the time of
        the confirmation, not written with any date."""
        self.assertWriteRefused(
            {"support_defect_confirmed_date": "2020-01-01 00:00:00"}
        )
        self.assertFalse(self.ticket.support_defect_confirmed_date)

    def test_user_still_confirms_with_the_buttons(self):
        """R-24 (MQ 1.4, the defect confirmed by its button): (d) the buttons
        remain the support user's way, over the same RPC (the refusals above
        are not a loss of function)."""
        response = call_kw(
            self,
            "helpdesk.ticket",
            "action_support_confirm_critical_defect",
            self.ticket.ids,
        )
        self.assertNotIn("error", response, response.get("error"))
        self.env.invalidate_all()
        self.assertTrue(self.ticket.support_critical_defect_date)
        self.assertTrue(self.ticket.support_defect_confirmed_date)
        self.assertTrue(
            self.ticket.support_sla_timer_ids.filtered(
                lambda t: t.kind == "critical_fix"
            )
        )

    def test_user_cannot_postpone_the_purge_of_credentials(self):
        """(d) R-63 "Confidential data (credentials given for temporary admin
        access, DS 5.3 ...) is purged 30 days after receipt"; moving the
        receipt date or the purge date over RPC kept the credentials for
        ever."""
        self.ticket.support_credentials = "root / secret"
        self.assertTrue(self.ticket.support_confidential_since)
        self.assertWriteRefused({"support_confidential_since": "2099-01-01 00:00:00"})
        self.assertWriteRefused({"support_purge_date": "2099-01-01 00:00:00"})

    def test_user_cannot_rewrite_the_charge_of_an_order(self):
        """(d) R-72 "logged and charged hours are deducted; the balance is
        visible to the customer"; the order's charged hours (timesheets with
        the overtime coefficient, at least one hour an accepted order, MQ 2.1)
        written over RPC changed the certificate's balance."""
        balance = self.certificate.hours_balance
        for values in (
            {"support_ps_charged_hours": 500.0},
            {"support_ps_charged_hours": 0.0},
            {"support_ps_ordered": True},
            {"support_estimate_state": "accepted"},
        ):
            with self.subTest(values=values):
                self.assertWriteRefused(values)
        self.assertEqual(self.certificate.hours_balance, balance)

    def test_user_cannot_rewrite_the_charge_of_a_timesheet(self):
        """(d) R-71 "outside those hours an overtime coefficient
        x2 applies"; a timesheet line's regular, overtime and charged hours
        are computed from its time, written over RPC they changed what the
        certificate is charged."""
        balance = self.certificate.hours_balance
        for values in (
            {"support_charged_hours": 0.0},
            {"support_charged_hours": 300.0},
            {"support_regular_hours": 0.0, "support_overtime_hours": 50.0},
        ):
            with self.subTest(values=values):
                self.assertWriteRefused(values, record=self.line)
        self.assertEqual(self.certificate.hours_balance, balance)

    def test_user_cannot_create_a_timesheet_with_its_charge(self):
        """R-71 (the minimum order and the overtime coefficient of logged
        time): (d) the same through ``create``: a 10-hour line created with 0
        charged hours."""
        balance = self.certificate.hours_balance
        lines = self.env["account.analytic.line"].search_count([])
        response = call_kw(
            self,
            "account.analytic.line",
            "create",
            {
                "name": "Atk free work",
                "ticket_id": self.ticket.id,
                "project_id": self.project.id,
                "employee_id": self.employee.id,
                "date_time": "2030-03-06 07:00:00",
                "unit_amount": 10.0,
                "support_charged_hours": 0.0,
            },
        )
        self.assertRefused(response)
        self.assertEqual(self.env["account.analytic.line"].search_count([]), lines)
        self.assertEqual(self.certificate.hours_balance, balance)

    def test_user_still_logs_time(self):
        """(d) logging time stays the specialist's right; the charge is
        computed (R-71)."""
        response = call_kw(
            self,
            "account.analytic.line",
            "create",
            {
                "name": "Atk real work",
                "ticket_id": self.ticket.id,
                "project_id": self.project.id,
                "employee_id": self.employee.id,
                "date_time": "2030-03-06 07:00:00",
                "unit_amount": 1.0,
            },
        )
        self.assertNotIn("error", response, response.get("error"))
        line = self.env["account.analytic.line"].browse(response["result"])
        self.assertEqual(line.support_charged_hours, 1.0)

    def test_user_cannot_postpone_the_auto_close(self):
        """(d) R-60 "no customer reaction within 3 working days
        after a solution ... → ticket closed"; the dates are the system's."""
        for values in (
            {"support_autoclose_date": "2099-01-01 00:00:00"},
            {"support_autoclose_reminder_date": "2099-01-01 00:00:00"},
            {"support_waiting_since": "2099-01-01 00:00:00"},
        ):
            with self.subTest(values=values):
                self.assertWriteRefused(values)

    def test_user_cannot_forge_the_mail_identification(self):
        """(d) DS 5.8, the organisation the first mail names is
        what the gateway found; the parent of a follow-up is what the
        customer's reply continued (R-61)."""
        other = self.env["helpdesk.ticket"].create(
            {"name": "Atk other", "description": "x", "partner_id": self.kcp.id}
        )
        for values in (
            {"support_identified_partner_id": self.contract.partner_id.id},
            {"support_parent_ticket_id": other.id},
            {"support_version_unsupported": True},
        ):
            with self.subTest(values=values):
                self.assertWriteRefused(values)

    def test_user_cannot_create_a_ticket_with_system_fields(self):
        """R-21 (the fields the support system maintains): (d) the same fields
        through ``create`` (and its ``default_`` context keys)."""
        tickets = self.env["helpdesk.ticket"].search_count([])
        for vals, context in (
            ({"support_critical_defect_date": "2020-01-01 00:00:00"}, {}),
            ({"support_sla_state": "met"}, {}),
            ({}, {"default_support_ps_charged_hours": 99.0}),
        ):
            with self.subTest(vals=vals, context=context):
                response = call_kw(
                    self,
                    "helpdesk.ticket",
                    "create",
                    {
                        "name": "Atk created",
                        "description": "x",
                        "partner_id": self.kcp.id,
                        **vals,
                    },
                    context=context,
                )
                self.assertRefused(response)
        self.assertEqual(self.env["helpdesk.ticket"].search_count([]), tickets)

    # ------------------------------------------------------------------
    # Portal users and visitors: no write on tickets at all
    # ------------------------------------------------------------------

    def test_portal_customer_cannot_call_the_staff_buttons(self):
        """(b)/(c) the customer's own ticket, whose buttons free a
        slot of the open-ticket limit (MQ 1.4), over RPC."""
        self.authenticate("atk_rpc_kcp", "atk_rpc_kcp")
        for method in (
            "action_support_confirm_defect",
            "action_support_confirm_critical_defect",
        ):
            with self.subTest(method=method):
                response = call_kw(self, "helpdesk.ticket", method, self.ticket.ids)
                self.assertRefused(response)
        self.assertFalse(self.ticket.support_defect_confirmed_date)
        self.assertFalse(self.ticket.support_critical_defect_date)

    def test_portal_customer_cannot_read_the_identified_organisation(self):
        """(b)/(c) the organisation the mail gateway found in the first mail
        (DS 5.8) is staff information; when it is not the sender's, only an
        internal note names it. Read over RPC on the customer's own ticket, it
        named the other organisation."""
        rival = self.env["res.partner"].create(
            {"name": "Atk Rival Corp", "is_company": True}
        )
        self.ticket.sudo().support_identified_partner_id = rival
        self.authenticate("atk_rpc_kcp", "atk_rpc_kcp")
        response = call_kw(
            self,
            "helpdesk.ticket",
            "read",
            self.ticket.ids,
            ["support_identified_partner_id"],
        )
        self.assertRefused(response)
        self.assertNotIn("Atk Rival Corp", json.dumps(response))
        response = call_kw(
            self, "helpdesk.ticket", "web_read", self.ticket.ids, specification={}
        )
        self.assertNotIn("Atk Rival Corp", json.dumps(response))

    def test_logged_out_visitor_calls_nothing(self):
        """R-32 (MQ 1.6: nothing of a ticket is served to a visitor): (a)
        call_kw without a session."""
        self.authenticate(None, None)
        response = call_kw(
            self,
            "helpdesk.ticket",
            "action_support_confirm_defect",
            self.ticket.ids,
        )
        self.assertIn("error", response)
        self.assertEqual(
            response["error"]["data"]["name"], "odoo.http.SessionExpiredException"
        )
        self.env.invalidate_all()
        self.assertFalse(self.ticket.support_defect_confirmed_date)

    # ------------------------------------------------------------------
    # Contract: the commercial terms are the managers'
    # ------------------------------------------------------------------

    def test_user_cannot_change_the_sender_category(self):
        """(d) R-20 "a ticket gets its SLA level from the sender's contract +
        ticket category"; the sender category (partner, licensee, user: DS
        3.1-3.5) is a commercial term of the contract, a support user changed
        the customer's SLA."""
        category = self.env["helpdesk.support.sender.category"].create(
            {
                "name": "Atk partner",
                "code": "atk_partner",
                "company_id": self.company.id,
            }
        )
        self.assertWriteRefused(
            {"sender_category_id": category.id}, record=self.contract
        )
        self.assertFalse(self.contract.sender_category_id)

    def test_contract_form_shows_commercial_terms_readonly_to_users(self):
        """R-12 (the contract's commercial terms are a manager's): (d) the
        contract form offered tier and dates for editing to a plain support
        user, whose save the server then refused; they are read-only to them,
        editable to managers."""
        terms = ("partner_id", "company_id", "tier_id", "date_start", "date_end")
        response = call_kw(
            self,
            "helpdesk.support.contract",
            "get_views",
            views=[[False, "form"]],
        )
        arch = etree.fromstring(response["result"]["views"]["form"]["arch"].encode())
        for name in (*terms, "sender_category_id"):
            with self.subTest(field=name):
                node = arch.xpath(f"//sheet//field[@name='{name}']")
                if name == "company_id" and not node:
                    continue  # shown to multi-company users only
                self.assertTrue(node, name)
                self.assertEqual(
                    node[0].get("readonly"), "not support_is_manager", name
                )
        for login, expected in (
            ("atk_rpc_user", False),
            ("atk_rpc_manager", True),
        ):
            with self.subTest(login=login):
                self.authenticate(login, login)
                response = call_kw(
                    self,
                    "helpdesk.support.contract",
                    "read",
                    self.contract.ids,
                    ["support_is_manager"],
                )
                self.assertEqual(response["result"][0]["support_is_manager"], expected)

    # ------------------------------------------------------------------
    # Production calendar: the public method behind the wizard
    # ------------------------------------------------------------------

    def test_manager_generates_no_hostile_year(self):
        """R-01 (the production calendar of any year): the wizard checks its
        year, the public method it calls did not: over RPC a year of ``nan``,
        ``1e308``, ``"abc"`` or -1 was a server error, and a year far outside
        what the ``holidays`` package knows deleted and regenerated nothing
        useful."""
        self.authenticate("atk_rpc_manager", "atk_rpc_manager")
        calendar = self.company.support_ps_calendar_id.production_calendar_id
        Day = self.env["resource.production.calendar.day"]
        before = Day.search_count([("production_calendar_id", "=", calendar.id)])
        for year in (float("nan"), float("inf"), -1, 1e308, "", "abc", 1, 99999):
            with self.subTest(year=year):
                response = call_kw(
                    self,
                    "resource.production.calendar",
                    "action_generate_year",
                    calendar.ids,
                    year,
                )
                self.assertRefused(response, "odoo.exceptions.ValidationError")
                self.assertIn("Year", response["error"]["data"]["message"])
        self.assertEqual(
            Day.search_count([("production_calendar_id", "=", calendar.id)]), before
        )


@tagged("post_install", "-at_install")
class TestTicketSystemFields(SecurityHttpCase):
    """A plain support user, member of the ticket's team, over JSON-RPC."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.staff = cls.make_user("system_fields_staff")
        team = cls.env["helpdesk.ticket.team"].create(
            {"name": "Fields team", "user_ids": [Command.set(cls.staff.ids)]}
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Fields LLC", "is_company": True}
        )
        cls.contact = cls.env["res.partner"].create(
            {
                "name": "fields_contact",
                "parent_id": cls.customer.id,
                "email": "f@r.test",
            }
        )
        cls.parent_ticket, cls.ticket = cls.env["helpdesk.ticket"].create(
            [
                {
                    "name": name,
                    "description": "x",
                    "partner_id": cls.contact.id,
                    "team_id": team.id,
                    "user_id": cls.staff.id,
                }
                for name in ("Older ticket", "Admin password inside")
            ]
        )
        # the customer gave access data: purged 30 days after receipt
        cls.ticket.write({"support_credentials": "root / secret"})
        cls.ticket.flush_recordset()

    def setUp(self):
        super().setUp()
        self.authenticate("system_fields_staff", "system_fields_staff")

    def snapshot(self, names):
        self.ticket.invalidate_recordset()
        return {name: self.ticket[name] for name in names}

    def assertWriteRefused(self, vals):
        before = self.snapshot(vals)
        result, error = call_kw_result(
            self, "helpdesk.ticket", "write", self.ticket.ids, vals
        )
        self.assertIsNone(result)
        self.assertEqual(error["name"], "odoo.exceptions.AccessError")
        self.assertIn("support system maintains", error["message"])
        self.assertEqual(self.snapshot(vals), before)

    def test_support_user_cannot_stop_the_confidential_purge(self):
        """R-63; DS 5.3: "Сразу после закрытия проблемы вы должны
        изменить данные аутентификации": a support user clears the date the
        access data were received, which the purge of confidential data
        reads, over JSON-RPC ``write``."""
        self.assertTrue(self.ticket.support_confidential_since)
        self.assertWriteRefused({"support_confidential_since": False})

    def test_support_user_cannot_write_the_defect_confirmation_date(self):
        """MQ 1.4: "В ограничениях одновременно открытых обращений не
        учитываются подтвержденные СТП ошибки/сбои": a support user backdates
        the defect confirmation by a direct ``write`` instead of the button."""
        self.assertWriteRefused(
            {"support_defect_confirmed_date": "2021-01-01 00:00:00"}
        )

    def test_support_user_cannot_write_the_autoclose_schedule(self):
        """R-60: a support user moves the automatic closing and its
        reminder, and the start of the wait for the customer."""
        self.assertWriteRefused(
            {
                "support_waiting_since": "2021-01-01 00:00:00",
                "support_autoclose_date": "2021-01-02 00:00:00",
                "support_autoclose_reminder_date": "2021-01-01 12:00:00",
            }
        )

    def test_support_user_cannot_queue_an_acknowledgement(self):
        """R-50: a support user marks the ticket for the automatic
        acknowledgement, which the support address then mails."""
        self.assertWriteRefused({"support_ack_pending": True})

    def test_support_user_cannot_write_the_identified_organisation(self):
        """DS 5.8: a support user sets the organisation the mail
        gateway identified from the mail."""
        self.assertWriteRefused({"support_identified_partner_id": self.customer.id})

    def test_support_user_cannot_link_a_parent_ticket(self):
        """R-61: a support user links the ticket as a follow-up of
        another, which only the reopening rule does."""
        self.assertWriteRefused({"support_parent_ticket_id": self.parent_ticket.id})

    def test_support_user_cannot_create_with_system_fields(self):
        """R-21 (the fields the support system maintains): the same fields in a
        JSON-RPC ``create`` are refused and create no ticket."""
        count = self.env["helpdesk.ticket"].search_count([])
        result, error = call_kw_result(
            self,
            "helpdesk.ticket",
            "create",
            {
                "name": "Forged follow-up",
                "description": "x",
                "partner_id": self.contact.id,
                "support_parent_ticket_id": self.parent_ticket.id,
                "support_ack_pending": True,
            },
        )
        self.assertIsNone(result)
        self.assertEqual(error["name"], "odoo.exceptions.AccessError")
        self.assertEqual(self.env["helpdesk.ticket"].search_count([]), count)

    def test_confirm_defect_button_still_works(self):
        """R-24 (MQ 1.4, the defect confirmed by its button): the button staff
        use still confirms the defect (it writes the system-maintained date
        after its own checks)."""
        self.assertFalse(self.ticket.support_defect_confirmed_date)
        _result, error = call_kw_result(
            self, "helpdesk.ticket", "action_support_confirm_defect", self.ticket.ids
        )
        self.assertIsNone(error, error)
        self.ticket.invalidate_recordset()
        self.assertTrue(self.ticket.support_defect_confirmed_date)

# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import datetime
import json
from contextlib import contextmanager

from freezegun import freeze_time
from freezegun.api import FakeDatetime

from odoo import Command, fields, http
from odoo.tests import HttpCase, TransactionCase, new_test_user
from odoo.tools import mute_logger

from .baseline import bare_create

# The fixtures' clock: contracts of ``make_contract`` run through 2026 and the
# presets generate the production years around "today", so every class built
# on these fixtures runs at this instant unless a test freezes another one.
# Nothing depends on the real date (the suite passes with the clock moved).
FIXTURE_NOW = "2026-06-01 07:00:00"

# Validity of the contracts of HTTP tests, wide enough for any clock.
WIDE = {"date_start": "2020-01-01", "date_end": "2099-12-31"}

# MQ 1.4 «Категории обращений»: consultations, bugs, improvements, account
# management, licensing and billing, professional services.
MQ_CATEGORY_CODES = (
    "consultation",
    "bug",
    "improvement",
    "account_management",
    "licensing_billing",
    "professional_service",
)
# DS 4 «Круг решаемых задач» (4.1 installation ... 4.6 theory) and DS 3.8
# general consultation: the DS preset's categories.
DS_CATEGORY_CODES = (
    "installation",
    "performance",
    "updates",
    "errors",
    "development",
    "consultation",
)


def naive(text):
    """A naive UTC datetime, as stored by Odoo."""
    return fields.Datetime.to_datetime(text)


def set_create_date(tickets, when):
    """Odoo dates a creation by the database's clock, which freezegun does
    not move: the tickets' creation instant, set as it happened."""
    tickets.flush_recordset()
    tickets.env.cr.execute(
        "UPDATE helpdesk_ticket SET create_date = %s WHERE id = ANY(%s)",
        [when, tickets.ids],
    )
    tickets.invalidate_recordset(["create_date"])
    return tickets


def old_tickets(
    Ticket,
    contact,
    team,
    count=1,
    when="2026-05-20 07:00:00",
    name="Old ticket {index}",
    **vals,
):
    """Tickets as helpdesk_mgmt created them before the addon was installed:
    no contract, no level, no timer; ``name`` is formatted with ``index``
    and ``contact``. Created by helpdesk_mgmt's own ``create`` (the
    implementation below the addon's, tests/baseline.py): the addon's
    creation logic would give them a contract, a level and timers."""
    with freeze_time(when):
        tickets = bare_create(
            Ticket,
            [
                {
                    "name": name.format(index=index, contact=contact),
                    "description": "<p>Opened before the addon</p>",
                    "partner_id": contact.id,
                    "team_id": team.id,
                    **vals,
                }
                for index in range(count)
            ],
        )
    return set_create_date(tickets, when)


def json_rpc(case, route, params):
    """A JSON-RPC ``call`` of ``route`` in the session of ``case`` (an
    ``HttpCase``), the server's ``odoo.http`` log muted; the decoded
    response (``result`` or ``error``)."""
    payload = {"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}
    with mute_logger("odoo.http"):
        response = case.url_open(
            route,
            data=json.dumps(payload),
            headers={"Content-Type": "application/json"},
        )
    response.raise_for_status()
    return response.json()


def call_kw(case, model, method, *args, **kwargs):
    """``call_kw`` over JSON-RPC in the session of ``case``, as the web
    client calls it; the decoded response (``result`` or ``error``)."""
    return json_rpc(
        case,
        f"/web/dataset/call_kw/{model}/{method}",
        {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
    )


def call_kw_result(case, model, method, *args, **kwargs):
    """``call_kw`` over JSON-RPC as the logged-in user.

    :return: (result, None) or (None, error data with ``name`` and ``message``)
    """
    body = call_kw(case, model, method, *args, **kwargs)
    if "error" in body:
        return None, body["error"]["data"]
    return body["result"], None


class RpcError(Exception):
    """An error answer of JSON-RPC, with the server's message."""


def call_kw_or_raise(case, model, method, args, kwargs=None):
    """``call_kw`` over JSON-RPC as the logged-in user; its result, or
    ``RpcError`` with the server's error name and message."""
    body = call_kw(case, model, method, *args, **(kwargs or {}))
    if "error" in body:
        data = body["error"]["data"]
        raise RpcError(f"{data['name']}: {data['message']}")
    return body["result"]


def load_presets(env, company):
    """Both regulation presets (DS and MQ) in ``company``, as the demo
    ships."""
    wizard = env["helpdesk.support.preset.wizard"]
    wizard._load_preset("ds", company.id)
    wizard._load_preset("mq", company.id)


SUPPORT_USER = "helpdesk_mgmt_support_contract.group_support_user"
SUPPORT_MANAGER = "helpdesk_mgmt_support_contract.group_support_manager"


class CompanyFixtures:
    """The people of ``cls.company`` every base builds its fixtures with:
    staff users of that company only, and registered contacts of customers
    on a contract (R-12, R-31: MQ 1.1 serves «пользователей,
    зарегистрированных на портале поддержки»)."""

    @classmethod
    def by_code(cls, model, code):
        return cls.env[model].search(
            [("code", "=", code), ("company_id", "=", cls.company.id)]
        )

    @classmethod
    def make_user(cls, login, groups, **vals):
        """A user of ``cls.company`` alone (its current and only allowed
        company); the password is the login."""
        vals.setdefault("company_id", cls.company.id)
        vals.setdefault("company_ids", [Command.set(cls.company.ids)])
        return new_test_user(cls.env, login=login, groups=groups, **vals)

    @classmethod
    def contract_of(cls, contact):
        """The contracts of the customer ``contact`` belongs to (R-12)."""
        return cls.env["helpdesk.support.contract"].search(
            [("partner_id", "=", contact.commercial_partner_id.id)]
        )

    @classmethod
    def current_certificate(cls, customer, hours):
        """A professional-services certificate of ``customer`` with
        ``hours`` prepaid, valid from 30 days ago for 400 days, whatever
        today is (R-72: the HTTP server runs on the real clock)."""
        today = fields.Date.today()
        return cls.env["helpdesk.support.certificate"].create(
            {
                "partner_id": customer.id,
                "date_start": today - datetime.timedelta(days=30),
                "date_end": today + datetime.timedelta(days=400),
                "hours_prepaid": hours,
            }
        )

    @classmethod
    def ps_specialist(cls, name, **vals):
        """An employee on the professional-services hours, counted in the
        month's booking capacity (R-73)."""
        return cls.env["hr.employee"].create(
            {
                "name": name,
                "company_id": cls.company.id,
                "resource_calendar_id": cls.company.support_ps_calendar_id.id,
                "support_ps_specialist": True,
                **vals,
            }
        )

    @classmethod
    def support_alias(cls, domain_name, team, alias="support"):
        """The support address ``alias@domain_name`` of ``team``: mail to it
        creates tickets (R-50, DS 5.1)."""
        domain = cls.env["mail.alias.domain"].create({"name": domain_name})
        cls.company.alias_domain_id = domain
        team.write({"alias_name": alias, "alias_domain_id": domain.id})
        return domain

    def process(self, raw, when=None):
        """``raw`` mail through the gateway as the mail fetcher passes it
        (R-50), at ``when`` when given; the thread's id."""
        Thread = self.env["mail.thread"].with_company(self.company)
        if when is None:
            return Thread.message_process(False, raw)
        with freeze_time(when):
            return Thread.message_process(False, raw)

    @classmethod
    def registered_contact(
        cls,
        company_name,
        contact_name,
        email,
        tier_code,
        sender_code=None,
        login=None,
        keep_email=False,
        **contract_vals,
    ):
        """The customer ``company_name`` with an active contract of
        ``tier_code`` (and ``sender_code``), valid 2020-2099 (``WIDE``)
        unless told, whose one registered contact ``contact_name`` is its
        key contact person; with ``login``, that contact is a portal user
        (password the login) whose address is Odoo's test address unless
        ``keep_email``. The contact."""
        customer = cls.env["res.partner"].create(
            {"name": company_name, "is_company": True}
        )
        contact = cls.env["res.partner"].create(
            {"name": contact_name, "parent_id": customer.id, "email": email}
        )
        sender = sender_code and cls.by_code(
            "helpdesk.support.sender.category", sender_code
        )
        contract = cls.env["helpdesk.support.contract"].create(
            {
                "partner_id": customer.id,
                "company_id": cls.company.id,
                "tier_id": cls.by_code("helpdesk.support.tier", tier_code).id,
                "sender_category_id": sender and sender.id,
                "contact_ids": [Command.set(contact.ids)],
                "key_contact_id": contact.id,
                **WIDE,
                **contract_vals,
            }
        )
        contract.action_activate()
        if login:
            user_vals = {"email": email} if keep_email else {}
            cls.make_user(
                login, "base.group_portal", partner_id=contact.id, **user_vals
            )
        return contact

    @classmethod
    def portal_contact(cls, name, tier_code, login, sender_code=None):
        """The customer ``name`` on ``tier_code`` whose registered contact
        "<name> contact" is the portal user ``login``."""
        return cls.registered_contact(
            name, f"{name} contact", f"{login}@t", tier_code, sender_code, login
        )


class AdoptionFixtures:
    """The addon adopted in a live helpdesk (R-12, R-20): a customer
    helpdesk_mgmt knew before the addon, ``cls.customer_co``, and its contact
    ``cls.contact``; mixed into a ``SupportTicketCase``."""

    @classmethod
    def make_adopter(cls, name, contact_name, email):
        cls.customer_co = cls.env["res.partner"].create(
            {"name": name, "is_company": True}
        )
        cls.contact = cls.env["res.partner"].create(
            {"name": contact_name, "parent_id": cls.customer_co.id, "email": email}
        )

    @classmethod
    def make_contract(cls, tier_code="mq_basic", **vals):
        # R-31, MQ 1.1: the contract serves its registered contacts (the
        # fixture predates the rule and left the contact unregistered)
        if vals.get("partner_id") == cls.customer_co.id:
            vals.setdefault("contact_ids", [Command.set(cls.contact.ids)])
        return super().make_contract(tier_code, **vals)

    def follow(self):
        """Run the background action a contract's new tier or sender
        category triggers (the save itself re-applies nothing: a long
        recompute never runs inside the user's request)."""
        self.Timer._cron_recompute_deadlines()
        self.env.invalidate_all()


class SupportHttpCase(CompanyFixtures, HttpCase):
    """Both regulation presets loaded in the company the HTTP requests run
    in (``env.company``), as the demo ships; portal customers of a
    regulation with contracts from 2020 to 2099 (``WIDE``), so nothing
    depends on today's date."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        load_presets(cls.env, cls.company)

    def submit_ticket(self, allow_redirects=True, **data):
        """The portal's new-ticket form posted in the session (R-20, DS 5.1:
        a request from the customer's own account), the form's CSRF token
        added; the response."""
        data.setdefault("csrf_token", http.Request.csrf_token(self))
        return self.url_open(
            "/submitted/ticket", data=data, allow_redirects=allow_redirects
        )

    @classmethod
    def make_portal_customer(cls, prefix, code, tier_code, sender_code=None):
        """The customer "<prefix> <code> LLC" with an active contract of
        ``tier_code`` (and ``sender_code``) whose one registered contact,
        "<prefix> <code> contact", is its key contact person and the portal
        user ``<prefix>_<code>`` (password the login); the contact."""
        key = prefix.lower()
        return cls.registered_contact(
            f"{prefix} {code} LLC",
            f"{prefix} {code} contact",
            f"{code}@{key}.test",
            tier_code,
            sender_code,
            login=f"{key}_{code}",
        )


class SupportContractCase(CompanyFixtures, TransactionCase):
    """A company of its own with both regulation presets loaded.

    Tests never rely on demo data: everything they use is created here.
    The whole class runs with the clock at ``FIXTURE_NOW``.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if datetime.datetime is not FakeDatetime:
            # classes decorated with @freeze_time are frozen already (and
            # freezegun's class decorator cannot nest a class-long patcher)
            cls.startClassPatcher(freeze_time(FIXTURE_NOW))
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env["res.company"].create({"name": "Support Test Company"})
        cls.wizard = cls.env["helpdesk.support.preset.wizard"]
        load_presets(cls.env, cls.company)
        cls.support_user = cls.make_user("support_user", SUPPORT_USER)
        cls.support_manager = cls.make_user("support_manager", SUPPORT_MANAGER)
        cls.customer = cls.env["res.partner"].create(
            {"name": "Customer LLC", "is_company": True}
        )
        cls.alice, cls.bob, cls.carol, cls.dave = cls.env["res.partner"].create(
            [
                {"name": name, "parent_id": cls.customer.id, "email": f"{name}@c.test"}
                for name in ("alice", "bob", "carol", "dave")
            ]
        )

    @classmethod
    def tier(cls, code):
        return cls.by_code("helpdesk.support.tier", code)

    @classmethod
    def level(cls, code):
        return cls.by_code("helpdesk.support.sla.level", code)

    @classmethod
    def sender(cls, code):
        return cls.by_code("helpdesk.support.sender.category", code)

    @classmethod
    def category(cls, code):
        return cls.by_code("helpdesk.ticket.category", code)

    @classmethod
    def make_contract(cls, tier_code="mq_basic", **vals):
        values = {
            "partner_id": cls.customer.id,
            "company_id": cls.company.id,
            "tier_id": cls.tier(tier_code).id,
            "date_start": "2026-01-01",
            "date_end": "2026-12-31",
        }
        values.update(vals)
        return cls.env["helpdesk.support.contract"].create(values)

    @contextmanager
    def assertRaisesMessage(self, exception, regex):
        """``assertRaisesRegex`` with Odoo's savepoint and cache reset.

        Odoo's TransactionCase only wraps ``assertRaises`` in a savepoint; the
        stock ``assertRaisesRegex`` would leave the failed write in the cache.
        """
        with self.assertRaises(exception) as catcher:
            yield catcher
        self.assertRegex(str(catcher.exception), regex)


class SupportTicketCase(SupportContractCase):
    """Tickets of customers on each tier, in a team of the test company."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "Support",
                "company_id": cls.company.id,
                "user_ids": [Command.set(cls.support_user.ids)],
            }
        )
        cls.Ticket = cls.env["helpdesk.ticket"].with_company(cls.company)
        cls.Timer = cls.env["helpdesk.support.sla.timer"]
        cls.stage_new = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new")
        cls.stage_done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        cls.stage_awaiting = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_awaiting")

    @classmethod
    def make_customer(cls, tier_code=None, sender_code=None, name=None):
        """A customer company with one contact and, when asked, a contract
        on which that contact is registered."""
        name = name or f"{tier_code or 'no contract'} {sender_code or ''}".strip()
        company = cls.env["res.partner"].create({"name": name, "is_company": True})
        contact = cls.env["res.partner"].create(
            {
                "name": f"Contact of {name}",
                "parent_id": company.id,
                "email": f"{name.replace(' ', '.')}@customer.test",
            }
        )
        if tier_code:
            contract = cls.make_contract(
                tier_code,
                partner_id=company.id,
                sender_category_id=sender_code and cls.sender(sender_code).id,
                date_start="2025-01-01",
                date_end="2027-12-31",
                # R-31, MQ 1.1: the contract serves its registered contacts
                contact_ids=[Command.set(contact.ids)],
            )
            contract.action_activate()
        return contact

    def make_ticket(self, contact, user=None, **vals):
        """A ticket of ``contact`` in the class's team, created by ``user``
        (the superuser by default)."""
        values = {
            "name": "Something is broken",
            "description": "<p>Steps to reproduce</p>",
            "partner_id": contact.id,
            "team_id": self.team.id,
        }
        values.update(vals)
        Ticket = self.Ticket.with_user(user) if user else self.Ticket
        return Ticket.create(values)

    def sla_report(self, contract, date_from="2026-06-01", date_to="2026-06-30"):
        """The SLA report of ``contract`` over a period (R-29), asked for by
        a support user."""
        Wizard = self.env["helpdesk.support.sla.report.wizard"]
        return Wizard.with_user(self.support_user).create(
            {"contract_id": contract.id, "date_from": date_from, "date_to": date_to}
        )

    def sla_report_html(self, wizard):
        """The SLA report of ``wizard`` as a support user reads it (R-29)."""
        html, _type = (
            self.env["ir.actions.report"]
            .with_user(self.support_user)
            ._render_qweb_html(
                "helpdesk_mgmt_support_contract.report_support_sla", wizard.ids
            )
        )
        return html.decode()

    def response_timer(self, ticket):
        return ticket.support_sla_timer_ids.filtered(lambda t: t.kind == "response")

    def staff_reply(
        self, ticket, when, subtype="mail.mt_comment", user=None, answer=False
    ):
        """A message of a support user on the ticket at ``when``; with
        ``answer``, posted as the answer on the substance (*Post the answer*,
        what meets the response on MQ tiers)."""
        with freeze_time(when):
            ticket = ticket.with_user(user or self.support_user)
            if answer:
                ticket._support_post_answer("Answer")
                return
            ticket.message_post(
                body="Answer", message_type="comment", subtype_xmlid=subtype
            )

    def messages(self, record, text):
        """Messages of ``record`` whose body contains ``text``."""
        return self.env["mail.message"].search(
            [
                ("model", "=", record._name),
                ("res_id", "=", record.id),
                ("body", "ilike", text),
            ]
        )


# security tests' shared fixtures

SUPPORT_USER_GROUPS = "helpdesk_mgmt_support_contract.group_support_user"
SUPPORT_MANAGER_GROUPS = "helpdesk_mgmt_support_contract.group_support_manager"


class SecurityHttpCase(SupportHttpCase):
    """The base of the attacks over HTTP and JSON-RPC: both presets in the
    company the requests run in (``SupportHttpCase``), and customer
    organisations as the regulations describe them — registered contacts,
    the key contact person (MQ glossary «Ключевое контактное лицо»), teams
    of contacts (MQ glossary «Команда», R-32) and their portal users, on
    contracts from 2020 to 2099 (``WIDE``) so nothing depends on today."""

    @classmethod
    def make_organisation(
        cls,
        name,
        contact_names,
        *,
        tier_code="mq_basic",
        key_contact=None,
        teams=(),
        portal=(),
        email_domain="customer.test",
        **contract_vals,
    ):
        """The organisation ``name`` whose contacts ``contact_names`` (each
        a name, e-mail ``<name>@<email_domain>``, or a pair (name, e-mail))
        are all registered on an active
        contract of ``tier_code``; ``key_contact`` names its key contact
        person, ``teams`` is ``[(team name, [contact names])]`` and the
        contacts named in ``portal`` get a portal user whose login and
        password are their name. Returns (organisation, contacts in the
        order of ``contact_names``, contract)."""
        Partner = cls.env["res.partner"]
        organisation = Partner.create({"name": name, "is_company": True})
        emails = [
            contact if isinstance(contact, tuple) else (contact, None)
            for contact in contact_names
        ]
        contact_names = [contact for contact, _email in emails]
        contacts = Partner.create(
            [
                {
                    "name": contact,
                    "parent_id": organisation.id,
                    "email": email or f"{contact}@{email_domain}",
                }
                for contact, email in emails
            ]
        )
        by_name = dict(zip(contact_names, contacts, strict=True))
        contract = cls.env["helpdesk.support.contract"].create(
            {
                "partner_id": organisation.id,
                "tier_id": cls.by_code("helpdesk.support.tier", tier_code).id,
                "contact_ids": [Command.set(contacts.ids)],
                "key_contact_id": key_contact and by_name[key_contact].id,
                **WIDE,
                **contract_vals,
            }
        )
        if teams:
            cls.env["helpdesk.support.contact.team"].create(
                [
                    {
                        "name": team,
                        "contract_id": contract.id,
                        "member_ids": [
                            Command.set([by_name[member].id for member in members])
                        ],
                    }
                    for team, members in teams
                ]
            )
        contract.action_activate()
        for contact in portal:
            cls.make_portal_user(by_name[contact])
        return organisation, contacts, contract

    @classmethod
    def make_portal_user(cls, partner, login=None):
        """A portal user of ``partner`` in the test company; login and
        password ``login`` (the partner's name by default)."""
        return new_test_user(
            cls.env,
            login=login or partner.name,
            groups="base.group_portal",
            partner_id=partner.id,
            company_ids=[Command.set(cls.company.ids)],
        )

    @classmethod
    def make_user(cls, login, groups=SUPPORT_USER_GROUPS, **vals):
        """A user of the test company only, a support user unless
        ``groups`` says otherwise; password the login."""
        return new_test_user(
            cls.env,
            login=login,
            groups=groups,
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
            **vals,
        )

    @classmethod
    def make_kcp_team_organisation(cls, name, prefix, tier_code="mq_premium", **kw):
        """The organisation of the portal attacks (R-32, MQ 1.6): ``kcp``
        the key contact person outside every team, ``owner`` (who files the
        tickets) and ``mate`` in team Ops, ``outsider`` alone in team Dev;
        contacts are named ``<prefix>_kcp`` … and each has a portal user.
        Sets ``cls.kcp``, ``cls.owner``, ``cls.mate``, ``cls.outsider``;
        returns the contract."""
        names = [f"{prefix}_{role}" for role in ("kcp", "owner", "mate", "outsider")]
        _organisation, contacts, contract = cls.make_organisation(
            name,
            names,
            tier_code=tier_code,
            key_contact=names[0],
            teams=[("Ops", names[1:3]), ("Dev", names[3:])],
            portal=names,
            **kw,
        )
        cls.kcp, cls.owner, cls.mate, cls.outsider = contacts
        return contract


class GatewayTicketCase(SupportTicketCase):
    """Tickets by mail (R-50, DS 5.1: «Обращение может быть создано любым
    из перечисленных способов: … путем отправления письма на адрес
    электронной почты»): the support team's alias ``support@company.test`` receives raw
    RFC 822 text through ``message_process``, as the mail server hands it
    to Odoo."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        domain = cls.env["mail.alias.domain"].create({"name": "company.test"})
        cls.company.alias_domain_id = domain
        cls.team.write({"alias_name": "support", "alias_domain_id": domain.id})

    @classmethod
    def make_team_contract(cls, contacts, team_members, **vals):
        """An active MQ Premium contract from 2020 to 2099 registering
        ``contacts``, with ``team_members`` as the team of contacts
        "Accounting" (MQ glossary «Команда», R-32)."""
        contract = cls.make_contract(
            "mq_premium",
            date_start="2020-01-01",
            date_end="2099-12-31",
            contact_ids=[Command.set(contacts.ids)],
            **vals,
        )
        contract.action_activate()
        cls.env["helpdesk.support.contact.team"].create(
            {
                "name": "Accounting",
                "contract_id": contract.id,
                "member_ids": [Command.set(team_members.ids)],
            }
        )
        return contract

    def process(self, raw):
        return (
            self.env["mail.thread"]
            .with_company(self.company)
            .message_process(False, raw)
        )

    def tickets(self, subject):
        return self.env["helpdesk.ticket"].search([("name", "=", subject)])


def make_specialists(env, company, *names):
    """Professional-services specialists of ``company`` on its
    professional-services schedule (MQ 2.4: the month's capacity is the
    specialists' working hours, R-73)."""
    return env["hr.employee"].create(
        [
            {
                "name": name,
                "company_id": company.id,
                "resource_calendar_id": company.support_ps_calendar_id.id,
                "support_ps_specialist": True,
            }
            for name in names
        ]
    )

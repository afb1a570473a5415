# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What each role may write and call, checked from the registry.

The fields and public methods are read from the registry at run time: every
field the addon adds to every model, every stored computed or related field
it re-declares, every public method it introduces (buttons, wizard actions).
Each is tried by every role — a visitor (public), a portal contact of
another customer, a registered contact, the key contact person, a plain
internal user, a support user, a support manager — through ``call_kw``, the
entry point of ``/web/dataset/call_kw``: in-process for the bulk (the same
dispatch, without the HTTP round trip), and a sample through real JSON-RPC.
Whatever is not declared for a role is refused. A field or a method added
tomorrow is covered without anyone writing a test; the test fails when it
checked fewer fields than the registry holds.

MQ 1.5: «СТП регистрирует пользователей на портале поддержки», MQ 1.4:
«Запросы принимаются только от пользователя, отмеченного при регистрации,
как ККЛ» and MQ 1.3: «Telegram-чаты создаются и администрируются СТП Monq» —
what the customer and the staff may change is what the regulation gives
them, nothing the system keeps (R-12, R-32, R-34, R-54).
"""

import inspect
import logging

from odoo import Command, api
from odoo.exceptions import AccessError
from odoo.service.model import get_public_method
from odoo.tests import tagged
from odoo.tools import mute_logger

from ..models.helpdesk_support_system_fields_mixin import (
    ADDON,
    support_allowed_fields,
    support_guarded_fields,
)
from .common import SupportHttpCase, call_kw

_logger = logging.getLogger(__name__)
PACKAGE = f"odoo.addons.{ADDON}"
ROLES = (
    "public",
    "other_customer",
    "registered",
    "kcp",
    "internal",
    "support_user",
    "support_manager",
)


def addon_models(env):
    """The concrete models with a field or a method of the addon."""
    for name in sorted(env.registry):
        model = env[name]
        if model._abstract:
            continue
        if any(ADDON in (f._modules or ()) for f in model._fields.values()) or any(
            cls.__module__.startswith(PACKAGE) for cls in type(model).__mro__
        ):
            yield model


def addon_fields(model):
    """The fields of ``model`` the addon adds or re-declares (not those
    inherited through ``_inherits``: their own model guards them)."""
    return sorted(
        name
        for name, field in model._fields.items()
        if ADDON in (field._modules or ()) and not field.inherited
    )


def addon_methods(model):
    """Public methods the addon introduces on ``model``: name -> the groups
    declared with ``support_callable`` (None when undeclared)."""
    mro = type(model).__mro__
    methods = {}
    for cls in mro:
        if not cls.__module__.startswith(PACKAGE):
            continue
        for name, value in cls.__dict__.items():
            if name.startswith("_") or not inspect.isfunction(value):
                continue
            if getattr(value, "_api_private", False):
                continue
            if any(
                name in other.__dict__
                for other in mro
                if not other.__module__.startswith(PACKAGE)
                and other.__module__ != "odoo.api"
            ):
                # an override of Odoo's or OCA's method: their rules apply
                continue
            groups = getattr(value, "_support_groups", None)
            if methods.get(name) is None:
                methods[name] = groups
    return methods


@tagged("post_install", "-at_install")
class TestWriteRightsRegistry(SupportHttpCase):
    """Every field and public method of the addon × every role."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        kcp = cls.make_portal_customer("Reg", "kcp", "mq_premium")
        other = cls.make_portal_customer("Reg", "other", "mq_basic")
        contract = cls.env["helpdesk.support.contract"].search(
            [("key_contact_id", "=", kcp.id)]
        )
        registered = cls.env["res.partner"].create(
            {"name": "Reg registered", "parent_id": kcp.parent_id.id}
        )
        contract.contact_ids = [Command.link(registered.id)]
        cls.users = {
            "public": cls.env.ref("base.public_user"),
            "other_customer": other.user_ids[:1],
            "registered": cls.make_user(
                "reg_registered", "base.group_portal", partner_id=registered.id
            ),
            "kcp": kcp.user_ids[:1],
            "internal": cls.make_user("reg_internal", "base.group_user"),
            "support_user": cls.make_user("reg_support", f"{ADDON}.group_support_user"),
            "support_manager": cls.make_user(
                "reg_manager", f"{ADDON}.group_support_manager"
            ),
        }
        cls.contract = contract

    def _rpc(self, user, model, method, args, kwargs=None):
        """``call_kw`` in-process as ``user``, as ``/web/dataset/call_kw``
        dispatches it (public methods only), in a savepoint; the exception
        raised, or None."""
        env = api.Environment(self.env.cr, user.id, {"lang": "en_US"})
        records = env[model].with_company(self.company)
        try:
            with self.env.cr.savepoint(), mute_logger("odoo.models"):
                get_public_method(records, method)
                api.call_kw(records, method, args, kwargs or {})
        except Exception as error:  # noqa: BLE001 - the test classifies it
            return error
        finally:
            env.invalidate_all()
        return None

    def _sample_id(self, model):
        return model.sudo().with_context(active_test=False).search([], limit=1).id or 1

    def test_fields_refused_unless_declared(self):
        """Every field of the addon, every role, create, create through a
        ``default_`` key and write: refused unless declared (R-12, R-32,
        R-34, R-54; MQ 1.3 «Telegram-чаты создаются и администрируются СТП
        Monq»)."""
        failures = []
        checked = set()
        calls = 0
        for model in addon_models(self.env):
            names = addon_fields(model)
            if not names:
                continue
            guarded = support_guarded_fields(model)
            rights = getattr(model, "_support_write_rights", None) or {}
            for declared in rights.values():
                for key in ("create", "write"):
                    for name in declared[key]:
                        field = model._fields.get(name)
                        if field is None or name not in guarded:
                            failures.append(f"{model._name}.{name}: declared, unknown")
                        elif (
                            not model._transient
                            and field.store
                            and (field.related or (field.compute and field.readonly))
                        ):
                            # stored derived values: never a client's (a
                            # computed default the user may edit, readonly=False,
                            # is an input)
                            failures.append(
                                f"{model._name}.{name}: declared, but computed"
                            )
            record_id = self._sample_id(model)
            for name in names:
                checked.add((model._name, name))
                if name not in guarded:
                    # a field of Odoo or OCA the addon re-declares (an index,
                    # a group): their own access rules apply
                    continue
                for role in ROLES:
                    user = self.users[role]
                    as_user = model.with_user(user)
                    for op in ("create", "default", "write"):
                        allowed = support_allowed_fields(as_user, create=op != "write")
                        if name in allowed:
                            continue
                        calls += 1
                        if op == "create":
                            error = self._rpc(
                                user, model._name, "create", [[{name: False}]]
                            )
                        elif op == "default":
                            error = self._rpc(
                                user,
                                model._name,
                                "create",
                                [[{}]],
                                {"context": {f"default_{name}": False}},
                            )
                        else:
                            error = self._rpc(
                                user, model._name, "write", [[record_id], {name: False}]
                            )
                        if not isinstance(error, AccessError):
                            failures.append(
                                f"{model._name}.{name} {op} by {role}: {error!r}"
                            )
        expected = self._registry_fields()
        missing = expected - checked
        _logger.info(
            "write rights: %s fields of %s models checked (%s in the registry), "
            "%s roles, %s refused calls",
            len(checked),
            len({m for m, __ in checked}),
            len(expected),
            len(ROLES),
            calls,
        )
        self.assertFalse(missing, f"fields the test did not reach: {sorted(missing)}")
        self.assertGreaterEqual(len(checked), len(expected))
        self.assertFalse(failures, "\n".join(failures[:60]))

    def _registry_fields(self):
        """(model, field) of every field the database records as the
        addon's (``ir.model.data`` of ``ir.model.fields``), on concrete
        models, not inherited through ``_inherits``."""
        data = (
            self.env["ir.model.data"]
            .sudo()
            .search([("module", "=", ADDON), ("model", "=", "ir.model.fields")])
        )
        fields = (
            self.env["ir.model.fields"].sudo().browse(data.mapped("res_id")).exists()
        )
        expected = set()
        for field in fields:
            model = self.env.get(field.model)
            if model is None or model._abstract:
                continue
            definition = model._fields.get(field.name)
            if (
                definition is None
                or definition.inherited
                or ADDON not in (definition._modules or ())
            ):
                # a field of mail.thread & co. on the addon's models: mail's
                continue
            expected.add((field.model, field.name))
        return expected

    def test_methods_refused_unless_declared(self):
        """Every public method the addon introduces (buttons, wizard
        actions) is declared with the groups that may call it, and refused
        to every other role (R-12, R-70; MQ 2.3 «После подтверждения ККЛ,
        указанной в ответе на заявку информации (сроки, часы, дополнительные
        условия), заявка передается на исполнение»: no other customer, no
        other employee)."""
        failures = []
        checked = 0
        calls = 0
        for model in addon_models(self.env):
            record_id = self._sample_id(model)
            for name, groups in sorted(addon_methods(model).items()):
                checked += 1
                if groups is None:
                    failures.append(f"{model._name}.{name}: no declared groups")
                    continue
                for role in ROLES:
                    user = self.users[role]
                    if any(user.has_group(group) for group in groups):
                        continue
                    calls += 1
                    error = self._rpc(user, model._name, name, [[record_id]])
                    if not isinstance(error, AccessError):
                        failures.append(f"{model._name}.{name} by {role}: {error!r}")
        expected = sum(len(addon_methods(model)) for model in addon_models(self.env))
        # the count the test shows: what it checked against the registry
        _logger.info(
            "public methods: %s checked, %s in the registry, %s roles, "
            "%s refused calls",
            checked,
            expected,
            len(ROLES),
            calls,
        )
        self.assertGreaterEqual(checked, expected)
        self.assertGreater(checked, 20)
        self.assertFalse(failures, "\n".join(failures))

    def test_sample_through_json_rpc(self):
        """The same refusals through real JSON-RPC ``/web/dataset/call_kw``
        for each logged-in role: a field the system keeps on a contract,
        a ticket and a chat message, and a manager's button (R-12, R-34;
        MQ 1.5 «СТП регистрирует пользователей на портале поддержки»)."""
        samples = [
            (
                "helpdesk.support.contract",
                "write",
                [[self.contract.id], {"portal_block_date": "2000-01-01"}],
            ),
            (
                "helpdesk.support.contract",
                "write",
                [[self.contract.id], {"name": "HACK"}],
            ),
            (
                "helpdesk.support.contract",
                "create",
                [[{"portal_blocked_user_ids": []}]],
            ),
            (
                "mail.message",
                "write",
                [
                    [self._sample_id(self.env["mail.message"])],
                    {"support_telegram_author": "x"},
                ],
            ),
            ("helpdesk.support.contract", "action_activate", [[self.contract.id]]),
        ]
        block_date = self.contract.portal_block_date
        for role in ROLES:
            if role == "public":
                continue
            user = self.users[role]
            self.authenticate(user.login, user.login)
            for model, method, args in samples:
                if method == "action_activate" and role == "support_manager":
                    continue
                with self.subTest(role=role, model=model, method=method):
                    body = call_kw(self, model, method, *args)
                    self.assertIn("error", body)
                    self.assertEqual(
                        body["error"]["data"]["name"], "odoo.exceptions.AccessError"
                    )
        self.contract.invalidate_recordset()
        self.assertNotEqual(self.contract.name, "HACK")
        self.assertEqual(self.contract.portal_block_date, block_date)


@tagged("post_install", "-at_install")
class TestDeclaredRightsAttacks(SupportHttpCase):
    """The holes of the denylist, each tried through JSON-RPC as the real
    user: Alpha and Beta are customers (MQ Premium) with their key contact
    persons; Sam a support user, Ivan a plain employee."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alpha_kcp = cls.make_portal_customer("Atk", "alpha", "mq_premium")
        cls.beta_kcp = cls.make_portal_customer("Atk", "beta", "mq_premium")
        Contract = cls.env["helpdesk.support.contract"]
        cls.alpha = Contract.search([("key_contact_id", "=", cls.alpha_kcp.id)])
        cls.beta = Contract.search([("key_contact_id", "=", cls.beta_kcp.id)])
        cls.sam = cls.make_user("atk_sam", f"{ADDON}.group_support_user")
        cls.ivan = cls.make_user("atk_ivan", "base.group_user")
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "Attack team",
                "company_id": cls.company.id,
                "user_ids": [Command.set(cls.sam.ids)],
            }
        )
        cls.beta_ticket = cls.env["helpdesk.ticket"].create(
            {
                "name": "Beta's secret problem",
                "description": "<p>Beta's confidential description</p>",
                "partner_id": cls.beta_kcp.id,
                "team_id": cls.team.id,
            }
        )
        cls.gateway = cls.env["mail.gateway"].create(
            {
                "name": "Attack bot",
                "gateway_type": "telegram",
                "token": "atk-token",
                "company_id": cls.company.id,
            }
        )

    def _refused(self, login, model, method, *args, **kwargs):
        self.authenticate(login, login)
        body = call_kw(self, model, method, *args, **kwargs)
        self.assertIn("error", body, f"{model}.{method} accepted for {login}")
        self.assertEqual(body["error"]["data"]["name"], "odoo.exceptions.AccessError")
        return body["error"]["data"]["message"]

    def test_support_user_cannot_block_the_portal(self):
        """R-34: the portal is blocked by the system when the contract ends
        (MQ 1.5: «Доступ к услугам технической поддержки может быть
        ограничен в случае окончания сервисного договора. В таком случае
        сотрудникам клиента в течение десяти рабочих дней блокируется доступ
        к порталу поддержки»); a support user's ``portal_block_date`` on an
        active contract is refused, far past or far future."""
        before = self.alpha.portal_block_date
        for value in ("2000-01-01", "2999-12-31"):
            self._refused(
                "atk_sam",
                "helpdesk.support.contract",
                "write",
                [self.alpha.id],
                {"portal_block_date": value},
            )
        self.alpha.invalidate_recordset()
        self.assertEqual(self.alpha.portal_block_date, before)

    def test_support_user_cannot_rewrite_the_tier_of_a_ticket(self):
        """R-20: the tier of a ticket is its contract's (MQ 1.2: «Работа с
        обращениями осуществляется согласно указанному в сервисном договоре
        уровню технической поддержки»); a support user's
        ``support_tier_id`` is refused."""
        basic = self.by_code("helpdesk.support.tier", "mq_basic")
        tier = self.beta_ticket.support_tier_id
        self._refused(
            "atk_sam",
            "helpdesk.ticket",
            "write",
            [self.beta_ticket.id],
            {"support_tier_id": basic.id},
        )
        self.beta_ticket.invalidate_recordset()
        self.assertEqual(self.beta_ticket.support_tier_id, tier)

    def test_plain_employee_cannot_link_a_chat_on_create(self):
        """R-54, MQ 1.3: «Telegram-чаты создаются и администрируются СТП
        Monq»: an employee without the support group
        creating a Telegram chat already linked to a customer's contract is
        refused, as a write of the link is; through ``default_`` too."""
        vals = {
            "name": "Hijacked chat",
            "channel_type": "gateway",
            "gateway_id": self.gateway.id,
            "support_contract_id": self.alpha.id,
        }
        self._refused("atk_ivan", "discuss.channel", "create", [vals])
        self._refused(
            "atk_ivan",
            "discuss.channel",
            "create",
            [dict(vals, support_contract_id=False)],
            context={"default_support_contract_id": self.alpha.id},
        )
        self.assertFalse(
            self.env["discuss.channel"].search(
                [("support_contract_id", "=", self.alpha.id)]
            )
        )

    def test_support_user_cannot_move_a_ticket_to_another_customer(self):
        """R-32 (MQ glossary: «Ключевое контактное лицо, далее ККЛ —
        представитель Заказчика, указанный в договоре на оказание услуг
        технической поддержки»): a ticket's organisation follows
        its contact; a support user's ``commercial_partner_id`` moving
        Beta's ticket to Alpha is refused and Alpha's key contact still
        cannot read it (R-70: Beta's key contact keeps the estimate)."""
        self._refused(
            "atk_sam",
            "helpdesk.ticket",
            "write",
            [self.beta_ticket.id],
            {"commercial_partner_id": self.alpha.partner_id.id},
        )
        self.beta_ticket.invalidate_recordset()
        self.assertEqual(self.beta_ticket.commercial_partner_id, self.beta.partner_id)
        self.authenticate("atk_alpha", "atk_alpha")
        body = call_kw(
            self,
            "helpdesk.ticket",
            "search_read",
            [[("id", "=", self.beta_ticket.id)]],
            fields=["name", "description"],
        )
        self.assertFalse(body.get("result"))

    def test_support_user_cannot_rewrite_system_fields_elsewhere(self):
        """The same kind of field on other models (R-12, R-32, MQ 1.2, MQ
        1.5 «Имя пользователей в мессенджере Telegram (в случае, когда уровнем
        поддержки предусмотрен прием обращений с помощью данного канала)»): a
        contact team's company, the Telegram author of a chat message, a
        contract's reference are the system's."""
        team = self.env["helpdesk.support.contact.team"].create(
            {"name": "Alpha ops", "contract_id": self.alpha.id}
        )
        other_company = self.env["res.company"].create({"name": "Atk Other Co"})
        self._refused(
            "atk_sam",
            "helpdesk.support.contact.team",
            "write",
            [team.id],
            {"company_id": other_company.id},
        )
        message = self.beta_ticket.message_post(
            body="From the chat", message_type="comment"
        )
        message.sudo().write(
            {"support_telegram_author": "Beta KCP", "support_telegram_username": "beta"}
        )
        self._refused(
            "atk_sam",
            "mail.message",
            "write",
            [message.id],
            {
                "support_telegram_author": "Alpha KCP",
                "support_telegram_username": "alpha",
            },
        )
        self._refused(
            "atk_sam",
            "mail.message",
            "create",
            [
                {
                    "model": "helpdesk.ticket",
                    "res_id": self.beta_ticket.id,
                    "body": "forged",
                    "support_telegram_username": "alpha",
                }
            ],
        )
        name = self.alpha.name
        self._refused(
            "atk_sam",
            "helpdesk.support.contract",
            "write",
            [self.alpha.id],
            {"name": "FAKE-0001"},
        )
        for record in (team, message, self.alpha):
            record.invalidate_recordset()
        self.assertEqual(team.company_id, self.company)
        self.assertEqual(message.support_telegram_author, "Beta KCP")
        self.assertEqual(self.alpha.name, name)

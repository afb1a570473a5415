# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What each role may write, declared; everything else the addon adds refused.

Every model the addon defines or extends declares, per group, the fields of
the addon a member of that group may set on ``create`` and on ``write``
(``_support_write_rights``). Every other field the addon adds to the model,
and every stored computed or related field it re-declares, is written by the
addon's own code only (``sudo()``/superuser): ``readonly`` on a field only
concerns the views, a JSON-RPC ``create``/``write`` ignores it. Fields of Odoo
and of the OCA addons keep their own access rules.

Public methods of the addon's models (buttons, wizard actions) are declared
the same way: :func:`support_callable` names the groups that may call one
over RPC or from a view; a member of no such group is refused.

The generated test ``tests/test_write_rights_registry.py`` reads the
registry: a field or a method added tomorrow is covered by it at once.
"""

import functools
import weakref

from odoo import api, models
from odoo.exceptions import AccessError

from ..tools.context_switch import ServerSwitch, server_switch

ADDON = "helpdesk_mgmt_support_contract"
PORTAL = "base.group_portal"
INTERNAL = "base.group_user"
SUPPORT_USER = f"{ADDON}.group_support_user"
SUPPORT_MANAGER = f"{ADDON}.group_support_manager"
ADMIN = "base.group_system"

# values already checked on their way in are not checked again further down
# the same call: a copy's values are the record's own (copied by the server,
# the client's ``default`` checked as a create's), a model's own ``create``
# fills the fields the system maintains once the client's values are checked
CHECKED_SWITCH = "support_values_checked"

_GUARDED = weakref.WeakKeyDictionary()


def writable(*names, create_only=()):
    """A role's declaration: ``names`` on create and on write, ``create_only``
    on create only (a wizard's record, an inverse of a one2many)."""
    return {
        "create": frozenset(names) | frozenset(create_only),
        "write": frozenset(names),
    }


def support_guarded_fields(model):
    """The fields of ``model`` clients write only where declared.

    Every field the addon adds (defined by no other module), and every stored
    computed or related field it re-declares (an index added to a field of
    helpdesk_mgmt makes it no less the system's). A field inherited through
    ``_inherits`` is guarded on its own model.
    """
    cls = type(model)
    guarded = _GUARDED.get(cls)
    if guarded is None:
        guarded = frozenset(
            name
            for name, field in model._fields.items()
            if not field.inherited
            and ADDON in (field._modules or ())
            and (
                set(field._modules) == {ADDON}
                or (field.store and (field.compute or field.related))
            )
        )
        _GUARDED[cls] = guarded
    return guarded


def support_allowed_fields(model, create=False):
    """The guarded fields of ``model`` its user may set (create or write)."""
    env = model.env
    key = "create" if create else "write"
    allowed = set()
    for group, rights in (getattr(model, "_support_write_rights", None) or {}).items():
        if env.user.has_group(group):
            allowed |= rights[key]
    return allowed


def _manager_rights(model, create):
    key = "create" if create else "write"
    rights = getattr(model, "_support_write_rights", None) or {}
    return rights.get(SUPPORT_MANAGER, {}).get(key, ())


def check_system_fields(records, vals_list, create=False):
    """Refuse a user's value for a guarded field not declared for the user.

    On ``create`` the ``default_<field>`` keys of the context count as values
    too (a JSON-RPC client sets the context). The addon's own code writes the
    system's fields with ``sudo()``.

    :raise AccessError: when the user may not set one of the fields
    """
    env = records.env
    if env.su or server_switch(env, CHECKED_SWITCH):
        return
    guarded = support_guarded_fields(records)
    names = set().union(*vals_list) & guarded
    if create:
        names.update(name for name in guarded if f"default_{name}" in env.context)
    if not names:
        return
    denied = sorted(names - support_allowed_fields(records, create=create))
    if not denied:
        return
    labels = ", ".join(
        records._fields[name]._description_string(env) for name in denied
    )
    if set(denied) <= set(_manager_rights(records, create)):
        raise AccessError(
            env._("Only a support manager may change: %(fields)s.", fields=labels)
        )
    raise AccessError(
        env._(
            "The support system maintains these fields; they cannot be changed "
            "by hand: %(fields)s.",
            fields=labels,
        )
    )


def checked_values(records):
    """``records`` under which the values a model's own ``create`` has
    already checked are not checked again: it may then fill the fields the
    system maintains (a reference from its sequence) before ``super()``."""
    return records.with_context(**{CHECKED_SWITCH: ServerSwitch()})


def unchecked(records):
    """``records`` returned to the caller, whose later writes are checked."""
    return records.with_context(**{CHECKED_SWITCH: False})


def check_copy_default(records, default):
    """The values a client passes to ``copy()``, checked as a create's; the
    context under which the copy's own values are not checked again."""
    check_system_fields(records, [default or {}], create=True)
    return checked_values(records)


def support_callable(*groups):
    """Declare the groups whose members may call a public method of the
    addon (a button, a wizard's action); anyone else is refused.

    The addon's own code calls it as superuser or as a member of a group.
    """

    def decorate(method):
        @functools.wraps(method)
        def guarded(self, *args, **kwargs):
            env = self.env
            if not env.su and not any(env.user.has_group(g) for g in groups):
                # named outside the call: the term extractor evaluates the
                # call's arguments and cannot read an f-string of ``self``
                action = f"{self._name}.{method.__name__}"
                raise AccessError(
                    env._(
                        "You are not allowed to run this action: %(action)s.",
                        action=action,
                    )
                )
            return method(self, *args, **kwargs)

        guarded._support_groups = tuple(groups)
        return guarded

    return decorate


class HelpdeskSupportSystemFieldsMixin(models.AbstractModel):
    """Fields of the addon guarded on create, write and copy.

    A model lists, per group, the fields its members may set in
    ``_support_write_rights`` (see :func:`writable`); every other field the
    addon adds is the system's (see :func:`check_system_fields`). Models
    that extend another list this mixin first in ``_inherit`` so that the
    check runs before the other overrides.
    """

    _name = "helpdesk.support.system.fields.mixin"
    _description = "Support: fields maintained by the system"

    #: group XML id -> {"create": names, "write": names}
    _support_write_rights = {}

    @api.model_create_multi
    def create(self, vals_list):
        check_system_fields(self, vals_list, create=True)
        return super().create(vals_list)

    def write(self, vals):
        check_system_fields(self, [vals])
        return super().write(vals)

    def copy(self, default=None):
        copies = super(
            HelpdeskSupportSystemFieldsMixin, check_copy_default(self, default)
        ).copy(default=default)
        # the caller's later writes are checked again
        return unchecked(copies)

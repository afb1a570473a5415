# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.exceptions import AccessError

SUPPORT_MANAGER = "helpdesk_mgmt_support_contract.group_support_manager"


def check_system_fields(records, vals_list, system_fields, create=False):
    """Refuse a user's change of fields the support system maintains (#12.6).

    ``system_fields`` maps a field name to the group (XML id) that may change
    it besides the addon's own code, or to ``None`` when only the addon's own
    code may. That code writes them with ``sudo()``: ``readonly`` on a field
    only concerns the views, a JSON-RPC ``write`` ignores it.

    On ``create`` the ``default_<field>`` keys of the context count as
    values too (a JSON-RPC client sets the context).

    :raise AccessError: when the user may not change one of the fields
    """
    env = records.env
    if env.su:
        return
    names = set().union(*vals_list) & system_fields.keys()
    if create:
        names.update(name for name in system_fields if f"default_{name}" in env.context)
    denied = sorted(
        name
        for name in names
        if not system_fields[name] or not env.user.has_group(system_fields[name])
    )
    if not denied:
        return
    labels = ", ".join(
        records._fields[name]._description_string(env) for name in denied
    )
    if all(system_fields[name] for name in denied):
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


class HelpdeskSupportSystemFieldsMixin(models.AbstractModel):
    """Fields the support system maintains, guarded on create and write.

    A model lists them in ``_support_system_fields`` (see
    :func:`check_system_fields`).
    """

    _name = "helpdesk.support.system.fields.mixin"
    _description = "Support: fields maintained by the system"

    _support_system_fields = {}

    @api.model_create_multi
    def create(self, vals_list):
        check_system_fields(self, vals_list, self._support_system_fields, create=True)
        return super().create(vals_list)

    def write(self, vals):
        check_system_fields(self, [vals], self._support_system_fields)
        return super().write(vals)

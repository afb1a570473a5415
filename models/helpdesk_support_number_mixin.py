# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models

from ..tools.numbers import check_field


class HelpdeskSupportNumberMixin(models.AbstractModel):
    """Numeric fields checked on every create and write: a NaN, an infinity
    or a negative amount never reaches an hour, a limit or a balance.

    A model lists its fields and their :class:`~..tools.numbers.NumberRule` in
    ``_support_number_rules``. Values are checked *before* Odoo converts them
    (``float_round`` and ``int`` fail on NaN and infinity with a technical
    error), so forms and RPC calls get a clear message; the constraint checks
    the stored fields once more, whoever wrote them.
    """

    _name = "helpdesk.support.number.mixin"
    _description = "Numeric fields checked on every write"

    #: field name -> NumberRule
    _support_number_rules = {}

    def _support_check_number_vals(self, vals):
        """``vals`` with its numbers checked and converted (``"7,5"`` is 7.5).

        :raise ValidationError: a value its field's rule refuses
        """
        checked = {}
        for name, rule in self._support_number_rules.items():
            if name in vals:
                value = vals[name]
                # Odoo stores an empty numeric field as 0
                checked[name] = check_field(
                    self, name, 0 if value is None or value is False else value, rule
                )
        return dict(vals, **checked) if checked else vals

    @api.constrains(
        lambda self: [
            name for name in self._support_number_rules if self._fields[name].store
        ]
    )
    def _check_support_numbers(self):
        for record in self:
            for name, rule in record._support_number_rules.items():
                if record._fields[name].store:
                    check_field(record, name, record[name], rule)

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [self._support_check_number_vals(vals) for vals in vals_list]
        return super().create(vals_list)

    def write(self, vals):
        return super().write(self._support_check_number_vals(vals))

# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.numbers import RESPONSE_TIME
from ..tools.server_language import number_text

RESPONSE_UNITS = [("hours", "Working hours"), ("days", "Working days")]

#: what a support manager sets on every response target, a tier as a level
#: (R-20): its name and place in its regulation, and the time it guarantees
#: in its schedule; each model declares its own fields beside these
RESPONSE_TARGET_SETTINGS = (
    "name",
    "code",
    "sequence",
    "active",
    "regulation_id",
    "company_id",
    "description",
    "resource_calendar_id",
    "response_time",
    "response_time_unit",
)


def response_target_text(env, value, unit, round_the_clock=False):
    """``value`` working hours or days in the user's language: "2 working
    hours", in Russian "2 раб. ч" (an abbreviation agrees with any number).
    In a ``round_the_clock`` schedule (24x7) every hour counts: "1 hour
    (24/7)", in Russian "1 час (круглосуточно)" (MQ Appendix 1: Premium+
    «1 час», 24x7)."""
    # the language's decimal separator: «6,5 раб. ч», not «6.5»
    shown = number_text(env, value) if value else "0"
    if round_the_clock:
        if unit == "days":
            if value == 1:
                return env._("%(value)s day (24/7)", value=shown)
            return env._("%(value)s days (24/7)", value=shown)
        if value == 1:
            return env._("%(value)s hour (24/7)", value=shown)
        return env._("%(value)s hours (24/7)", value=shown)
    if unit == "days":
        if value == 1:
            return env._("%(value)s working day", value=shown)
        return env._("%(value)s working days", value=shown)
    if value == 1:
        return env._("%(value)s working hour", value=shown)
    return env._("%(value)s working hours", value=shown)


def _target_depends(model):
    """The target's fields, and its schedule's when the model has one."""
    depends = ["response_time", "response_time_unit"]
    if "resource_calendar_id" in model._fields:
        depends += [
            "resource_calendar_id.attendance_ids",
            "resource_calendar_id.production_calendar_id",
        ]
    return depends


class HelpdeskSupportResponseTargetMixin(models.AbstractModel):
    """A guaranteed response time: a value and a unit of working time."""

    _name = "helpdesk.support.response.target.mixin"
    _inherit = ["helpdesk.support.number.mixin"]
    _description = "Support Response Target"

    response_time = fields.Float(
        string="Response time",
        tracking=True,
        help="Guaranteed response time, counted in working time of the schedule.",
    )
    response_time_unit = fields.Selection(
        RESPONSE_UNITS,
        string="Unit",
        required=True,
        default="hours",
        tracking=True,
    )
    response_target_display = fields.Char(
        string="Response target", compute="_compute_response_target_display"
    )

    # NaN passes ">= 0" in PostgreSQL: it is named explicitly
    _sql_constraints = [
        (
            "response_time_valid",
            "CHECK(response_time >= 0 AND response_time < 'Infinity' "
            "AND response_time <> 'NaN')",
            "The response time is a finite number, not negative.",
        )
    ]
    _support_number_rules = {"response_time": RESPONSE_TIME}

    @api.depends(_target_depends)
    @api.depends_context("lang")
    def _compute_response_target_display(self):
        round_the_clock = set()
        if "resource_calendar_id" in self._fields:
            round_the_clock = self.resource_calendar_id._support_round_the_clock_ids()
        for record in self:
            calendar = record["resource_calendar_id"] if round_the_clock else None
            record.response_target_display = response_target_text(
                self.env,
                record.response_time,
                record.response_time_unit,
                bool(calendar) and calendar.id in round_the_clock,
            )

    @api.constrains("response_time", "response_time_unit")
    def _check_response_time(self):
        for record in self:
            if (
                record.response_time_unit == "days"
                and not float(record.response_time).is_integer()
            ):
                raise ValidationError(
                    self.env._(
                        "The response time of %(name)s is counted in whole "
                        "working days.",
                        name=record.display_name,
                    )
                )
            if record.response_time < 0:
                raise ValidationError(
                    self.env._(
                        "The response time of %(name)s cannot be negative.",
                        name=record.display_name,
                    )
                )

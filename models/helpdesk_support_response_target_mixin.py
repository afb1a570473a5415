# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.numbers import RESPONSE_TIME

RESPONSE_UNITS = [("hours", "Working hours"), ("days", "Working days")]


def response_target_text(env, value, unit, round_the_clock=False):
    """``value`` working hours or days in the user's language: "2 working
    hours", in Russian "2 раб. ч" (an abbreviation agrees with any number).

    Hours of a round-the-clock schedule are not working hours: MQ Appendix 1
    gives Premium «2 часа» on «24x7 – круглосуточная поддержка, в том числе в
    праздничные и выходные дни», DS 3.6 a special request «1 час» outside
    DS 2.1's working time; they read "2 hours round the clock"."""
    shown = f"{value:g}" if value else "0"
    if unit != "days" and round_the_clock:
        if value == 1:
            return env._("%(value)s hour round the clock", value=shown)
        return env._("%(value)s hours round the clock", value=shown)
    if unit == "days":
        if value == 1:
            return env._("%(value)s working day", value=shown)
        return env._("%(value)s working days", value=shown)
    if value == 1:
        return env._("%(value)s working hour", value=shown)
    return env._("%(value)s working hours", value=shown)


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

    @api.depends(
        "response_time",
        "response_time_unit",
        "resource_calendar_id.attendance_ids",
        "resource_calendar_id.production_calendar_id",
    )
    @api.depends_context("lang")
    def _compute_response_target_display(self):
        for record in self:
            record.response_target_display = response_target_text(
                self.env,
                record.response_time,
                record.response_time_unit,
                record.resource_calendar_id._support_round_the_clock(),
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

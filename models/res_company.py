# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.base.models.res_partner import _tz_get

from ..tools.numbers import DAYS, PERCENT
from .helpdesk_support_system_fields_mixin import ADMIN, SUPPORT_MANAGER, writable

#: company settings that are numbers (checked here and in the settings form)
SUPPORT_NUMBER_RULES = {
    "support_at_risk_percent": PERCENT,
    "support_critical_fix_days": DAYS,
    "support_reopen_days": DAYS,
    "support_confidential_days": DAYS,
}


#: the company's support settings (the settings page shows them all)
SUPPORT_SETTINGS_FIELDS = (
    "support_default_sla_level_id",
    "support_at_risk_percent",
    "support_critical_fix_days",
    "support_fix_calendar_id",
    "support_ps_calendar_id",
    "support_ack_portal",
    "support_ack_staff",
    "support_ack_email",
    "support_rejected_stage_id",
    "support_head_user_id",
    "support_coupon_sla_level_id",
    "support_coupon_user_id",
    "support_processing_stage_id",
    "support_autoclose_stage_id",
    "support_reopen_days",
    "support_confidential_days",
    "support_tz",
)


class ResCompany(models.Model):
    _name = "res.company"
    _inherit = [
        "helpdesk.support.system.fields.mixin",
        "res.company",
        "helpdesk.support.number.mixin",
    ]
    # the company's support settings are the administrators' (the settings
    # page) and the support managers' (the regulation presets, R-20)
    _support_write_rights = dict.fromkeys(
        (ADMIN, SUPPORT_MANAGER),
        writable(*SUPPORT_SETTINGS_FIELDS),
    )

    support_default_sla_level_id = fields.Many2one(
        "helpdesk.support.sla.level",
        string="Default SLA level",
        help="Level of tickets from senders without an active support contract "
        "when no other level matches (e.g. DS non-commercial support).",
    )
    support_at_risk_percent = fields.Float(
        string="SLA at risk from (%)",
        default=80.0,
        help="An SLA timer is at risk once this share of its target is used.",
    )
    support_critical_fix_days = fields.Integer(
        string="Critical defect fix (working days)",
        default=10,
        help="Deadline of a confirmed critical defect, in working days from "
        "its confirmation (MQ 1.2, 1.4).",
    )
    support_fix_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Development schedule",
        help="Working time in which critical-defect fixes and development are "
        "counted. Empty: the company's working time.",
    )
    support_ps_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Professional services hours",
        help="Working time of professional services (MQ 2.1: 09:00-18:00 Moscow "
        "time on working days of the production calendar). Time logged "
        "outside it is overtime, charged x2. Empty: no overtime.",
    )

    # DS 5.4 / 5.5: every request gets the registration notice (TID, level,
    # deadline), one template; a setting per channel
    support_ack_portal = fields.Boolean(
        string="Acknowledge portal tickets",
        default=True,
        help="Send the registration notice (ticket number, SLA level and "
        "deadline) for tickets created on the portal (DS 5.4, 5.5).",
    )
    support_ack_staff = fields.Boolean(
        string="Acknowledge tickets created by staff",
        default=True,
        help="Send the registration notice to the customer of a ticket that "
        "staff create on their behalf (DS 5.4, 5.5).",
    )
    support_ack_email = fields.Boolean(
        string="Acknowledge mail tickets",
        default=True,
        help="Answer the sender of a mail that creates a ticket with the "
        "registration notice (DS 5.4, 5.5); automatic mail is never answered.",
    )

    support_rejected_stage_id = fields.Many2one(
        "helpdesk.ticket.stage",
        string="Stage of rejected requests",
        help="Closed stage for requests accepted only from the key contact "
        "person and sent by someone else. Empty: Rejected.",
    )
    support_head_user_id = fields.Many2one(
        "res.users",
        string="Head of support",
        domain="[('share', '=', False)]",
        help="Receives the escalations of key contact persons (R-35).",
    )

    support_coupon_sla_level_id = fields.Many2one(
        "helpdesk.support.sla.level",
        string="Special request level",
        help="SLA level of tickets paid with a coupon (DS 3.6: 1 hour). Empty: "
        "coupons are not used.",
    )
    support_coupon_user_id = fields.Many2one(
        "res.users",
        string="Special requests handled by",
        domain="[('share', '=', False)]",
        help="Employee responsible for special requests; the customer receives "
        "this person's phone number.",
    )
    support_processing_stage_id = fields.Many2one(
        "helpdesk.ticket.stage",
        string="Processing stage",
        help="Stage in which special requests start. Empty: In Progress.",
    )

    # whether and when a ticket waiting for the customer is closed is
    # a clause of the regulation (helpdesk.support.regulation.autoclose), not
    # of the company; only the stage it lands in is the company's
    support_autoclose_stage_id = fields.Many2one(
        "helpdesk.ticket.stage",
        string="Stage of auto-closed tickets",
        domain="[('closed', '=', True)]",
        help="Closed stage of tickets closed for want of the customer's reply "
        "(R-60); no rating is requested there. Empty: Closed: no reply.",
    )
    support_reopen_days = fields.Integer(
        string="Reopen within (days)",
        default=30,
        help="A customer reply to a ticket closed less than this many days ago "
        "reopens it; a later one opens a new ticket linked to it (R-61).",
    )
    support_confidential_days = fields.Integer(
        string="Purge confidential data after (days)",
        default=30,
        help="Access data and confidential attachments are deleted this many "
        "days after receipt (R-63).",
    )
    support_tz = fields.Selection(
        _tz_get,
        string="Support time zone",
        default="Europe/Moscow",
        help="Deadlines and dates are shown to a customer contact in its own "
        "time zone, or in this one when the contact has none (portal, "
        "acknowledgements, SLA report).",
    )

    # NaN passes "> 0" in PostgreSQL: it is named explicitly
    _sql_constraints = [
        (
            "support_at_risk_percent_valid",
            "CHECK(support_at_risk_percent > 0 AND support_at_risk_percent <= 100 "
            "AND support_at_risk_percent <> 'NaN')",
            "The SLA at-risk share must be between 1 and 100 %.",
        )
    ]
    _support_number_rules = SUPPORT_NUMBER_RULES

    @api.constrains("support_at_risk_percent", "support_critical_fix_days")
    def _check_support_sla_settings(self):
        for company in self:
            if not 0 < company.support_at_risk_percent <= 100:
                raise ValidationError(
                    self.env._("The SLA at-risk share must be between 1 and 100 %.")
                )
            if company.support_critical_fix_days < 0:
                raise ValidationError(
                    self.env._("The critical defect fix time cannot be negative.")
                )

    def _get_support_fix_calendar(self):
        self.ensure_one()
        return self.support_fix_calendar_id or self.resource_calendar_id

    def _get_support_rejected_stage(self, team=None):
        """Closed stage for tickets closed without action."""
        self.ensure_one()
        stage = self.support_rejected_stage_id or self.env.ref(
            "helpdesk_mgmt.helpdesk_ticket_stage_rejected", raise_if_not_found=False
        )
        if stage and stage.closed:
            return stage
        if team:
            return team._get_applicable_stages().filtered("closed")[:1]
        return self.env["helpdesk.ticket.stage"].search(
            [("closed", "=", True)], limit=1
        )

    def _get_support_processing_stage(self):
        self.ensure_one()
        return self.support_processing_stage_id or self.env.ref(
            "helpdesk_mgmt.helpdesk_ticket_stage_in_progress", raise_if_not_found=False
        )

    def _get_support_autoclose_stage(self, team=None):
        """Closed stage of tickets closed for want of a reply."""
        self.ensure_one()
        for stage in (
            self.support_autoclose_stage_id,
            self.env.ref(
                "helpdesk_mgmt_support_contract.helpdesk_ticket_stage_autoclosed",
                raise_if_not_found=False,
            ),
            self.env.ref(
                "helpdesk_mgmt.helpdesk_ticket_stage_done", raise_if_not_found=False
            ),
        ):
            if stage and stage.active and stage.closed:
                return stage
        return self._get_support_rejected_stage(team)

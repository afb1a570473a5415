# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.numbers import LIMIT, RESPONSE_TIME
from .helpdesk_support_response_target_mixin import RESPONSE_TARGET_SETTINGS
from .helpdesk_support_system_fields_mixin import (
    SUPPORT_MANAGER,
    SUPPORT_USER,
    support_callable,
    writable,
)


class HelpdeskSupportTier(models.Model):
    """A support plan sold to customers (R-10, MQ Appendix 1).

    The tier carries the guaranteed response time that applies to a ticket of
    a contract on this tier when no more specific SLA level matches it.
    """

    _name = "helpdesk.support.tier"
    _description = "Support Tier"
    _inherit = [
        "helpdesk.support.system.fields.mixin",
        "mail.thread",
        "helpdesk.support.response.target.mixin",
    ]
    _order = "sequence, id"
    # configuration: the support managers' (R-20); the rest is the system's
    _support_write_rights = {
        SUPPORT_MANAGER: writable(
            *RESPONSE_TARGET_SETTINGS,
            "response_met_by",
            "open_ticket_limit",
            "contact_limit",
            "multi_team_allowed",
            "channel_ids",
            "dedicated_account_manager",
            "monthly_meetings",
            "sla_level_ids",
        ),
    }
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, tracking=True)
    code = fields.Char(
        string="Technical code",
        required=True,
        help="Stable technical code used by presets and integrations.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    regulation_id = fields.Many2one(
        "helpdesk.support.regulation",
        index=True,
        ondelete="restrict",
        check_company=True,
        tracking=True,
        help="The regulation this plan belongs to: its tickets only get the SLA "
        "levels of that regulation.",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        index=True,
    )
    resource_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Schedule",
        required=True,
        check_company=True,
        tracking=True,
        default=lambda self: self.env.company.resource_calendar_id,
        help="Working time in which response times are counted (8x5, 24x7...).",
    )
    response_met_by = fields.Selection(
        [
            ("first_reply", "First public reply"),
            ("answer", "Reply marked as the answer"),
        ],
        string="Response met by",
        required=True,
        default="first_reply",
        tracking=True,
        help="What meets the response timer of the tier's tickets: any first "
        "public reply of staff (DS: reaction time), or only a public reply "
        "staff post as the answer (MQ glossary: the guaranteed response is "
        "an exhaustive answer on the substance; a holding reply does not "
        "stop the clock).",
    )
    open_ticket_limit = fields.Integer(
        string="Open tickets limit",
        tracking=True,
        help="Maximum number of tickets of one customer in work at the same "
        "time. 0 means unlimited.",
    )
    contact_limit = fields.Integer(
        string="Contacts limit",
        tracking=True,
        help="Maximum number of registered contacts of a contract. 0 means unlimited.",
    )
    multi_team_allowed = fields.Boolean(
        string="Several teams allowed",
        tracking=True,
        help="The customer may split its contacts into several teams.",
    )
    channel_ids = fields.Many2many(
        "helpdesk.ticket.channel",
        string="Channels",
        help="Channels through which customers of this tier may open tickets.",
    )
    dedicated_account_manager = fields.Boolean(tracking=True)
    monthly_meetings = fields.Boolean(
        string="Monthly meetings",
        tracking=True,
        help="Monthly video meetings with the development team.",
    )
    sla_level_ids = fields.Many2many(
        "helpdesk.support.sla.level",
        "helpdesk_support_sla_level_tier_rel",
        "tier_id",
        "level_id",
        string="SLA levels",
        help="Levels that refine the response time for some tickets.",
    )
    contract_ids = fields.One2many("helpdesk.support.contract", "tier_id")
    contract_count = fields.Integer(compute="_compute_contract_count")
    description = fields.Html()

    _sql_constraints = [
        (
            "code_company_uniq",
            "unique(code, company_id)",
            "The code of a support tier must be unique per company.",
        )
    ]
    _support_number_rules = {
        "response_time": RESPONSE_TIME,
        "open_ticket_limit": LIMIT,
        "contact_limit": LIMIT,
    }

    def _compute_contract_count(self):
        groups = self.env["helpdesk.support.contract"]._read_group(
            [("tier_id", "in", self.ids)], ["tier_id"], ["__count"]
        )
        counts = {tier.id: count for tier, count in groups}
        for tier in self:
            tier.contract_count = counts.get(tier.id, 0)

    def write(self, vals):
        result = super().write(vals)
        if "open_ticket_limit" in vals:
            # a larger limit lets queued tickets in
            self.env["helpdesk.ticket"]._support_lifecycle_event(
                "released",
                contracts=self.sudo().contract_ids.filtered(
                    lambda c: c.state == "active"
                ),
            )
        if "contact_limit" in vals:
            self.contract_ids._check_contact_limit()
        return result

    @api.constrains("open_ticket_limit", "contact_limit")
    def _check_limits(self):
        for tier in self:
            if tier.open_ticket_limit < 0 or tier.contact_limit < 0:
                raise ValidationError(
                    self.env._(
                        "The limits of the support tier %(tier)s cannot be "
                        "negative (use 0 for unlimited).",
                        tier=tier.display_name,
                    )
                )

    @support_callable(SUPPORT_USER)
    def action_view_contracts(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "helpdesk_mgmt_support_contract.helpdesk_support_contract_action"
        )
        action["domain"] = [("tier_id", "=", self.id)]
        action["context"] = {"default_tier_id": self.id}
        return action

# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from .helpdesk_support_system_fields_mixin import ADMIN, writable
from .res_company import SUPPORT_NUMBER_RULES, SUPPORT_SETTINGS_FIELDS


class ResConfigSettings(models.TransientModel):
    _name = "res.config.settings"
    _inherit = [
        "helpdesk.support.system.fields.mixin",
        "res.config.settings",
        "helpdesk.support.number.mixin",
    ]
    # the settings page is the administrators' (the company's fields behind)
    _support_write_rights = {ADMIN: writable(*SUPPORT_SETTINGS_FIELDS)}
    _support_number_rules = SUPPORT_NUMBER_RULES

    support_default_sla_level_id = fields.Many2one(
        related="company_id.support_default_sla_level_id",
        readonly=False,
        domain="[('company_id', '=', company_id)]",
    )
    support_at_risk_percent = fields.Float(
        related="company_id.support_at_risk_percent", readonly=False
    )
    support_critical_fix_days = fields.Integer(
        related="company_id.support_critical_fix_days", readonly=False
    )
    support_fix_calendar_id = fields.Many2one(
        related="company_id.support_fix_calendar_id",
        readonly=False,
        domain="[('company_id', 'in', (company_id, False))]",
    )
    support_ps_calendar_id = fields.Many2one(
        related="company_id.support_ps_calendar_id",
        readonly=False,
        domain="[('company_id', 'in', (company_id, False))]",
    )
    support_rejected_stage_id = fields.Many2one(
        related="company_id.support_rejected_stage_id",
        readonly=False,
        domain="[('closed', '=', True)]",
    )
    support_head_user_id = fields.Many2one(
        related="company_id.support_head_user_id", readonly=False
    )
    support_coupon_sla_level_id = fields.Many2one(
        related="company_id.support_coupon_sla_level_id",
        readonly=False,
        domain="[('company_id', '=', company_id)]",
    )
    support_coupon_user_id = fields.Many2one(
        related="company_id.support_coupon_user_id", readonly=False
    )
    support_processing_stage_id = fields.Many2one(
        related="company_id.support_processing_stage_id", readonly=False
    )
    support_autoclose_stage_id = fields.Many2one(
        related="company_id.support_autoclose_stage_id", readonly=False
    )
    support_reopen_days = fields.Integer(
        related="company_id.support_reopen_days", readonly=False
    )
    support_confidential_days = fields.Integer(
        related="company_id.support_confidential_days", readonly=False
    )
    support_tz = fields.Selection(related="company_id.support_tz", readonly=False)
    support_ack_portal = fields.Boolean(
        related="company_id.support_ack_portal", readonly=False
    )
    support_ack_staff = fields.Boolean(
        related="company_id.support_ack_staff", readonly=False
    )
    support_ack_email = fields.Boolean(
        related="company_id.support_ack_email", readonly=False
    )

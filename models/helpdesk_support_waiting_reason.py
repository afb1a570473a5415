# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class HelpdeskSupportWaitingReason(models.Model):
    """Why a ticket waits (DS 5.10); while set, SLA timers are paused (R-22)."""

    _name = "helpdesk.support.waiting.reason"
    _description = "Support Waiting Reason"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", index=True, help="Empty: available in every company."
    )
    description = fields.Text(translate=True)

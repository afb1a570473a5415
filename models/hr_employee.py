# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    support_ps_specialist = fields.Boolean(
        string="Professional services specialist",
        groups="hr.group_hr_user,helpdesk_mgmt_support_contract.group_support_manager",
        help="The working time of this employee in a month makes up the "
        "capacity customers can book for that month (MQ 2.4).",
    )

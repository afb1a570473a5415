# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from .helpdesk_support_system_fields_mixin import SUPPORT_MANAGER, writable


class HrEmployee(models.Model):
    _name = "hr.employee"
    _inherit = ["helpdesk.support.system.fields.mixin", "hr.employee"]
    # the specialists whose time is booked (MQ 2.4)
    _support_write_rights = {
        SUPPORT_MANAGER: writable("support_ps_specialist"),
        "hr.group_hr_user": writable("support_ps_specialist"),
    }

    support_ps_specialist = fields.Boolean(
        string="Professional services specialist",
        groups="hr.group_hr_user,helpdesk_mgmt_support_contract.group_support_manager",
        help="The working time of this employee in a month makes up the "
        "capacity customers can book for that month (MQ 2.4).",
    )

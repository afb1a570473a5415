# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from .helpdesk_support_system_fields_mixin import SUPPORT_USER, writable


class IrAttachment(models.Model):
    _name = "ir.attachment"
    _inherit = ["helpdesk.support.system.fields.mixin", "ir.attachment"]
    # support staff mark credentials confidential (R-63, DS 5.3)
    _support_write_rights = {
        SUPPORT_USER: writable("support_confidential"),
    }

    support_confidential = fields.Boolean(
        string="Confidential",
        help="Purged from its ticket some days after receipt (R-63).",
    )

    @api.model_create_multi
    def create(self, vals_list):
        attachments = super().create(vals_list)
        attachments.filtered("support_confidential")._support_mark_tickets()
        return attachments

    def write(self, vals):
        result = super().write(vals)
        if vals.get("support_confidential"):
            self._support_mark_tickets()
        return result

    def _support_mark_tickets(self):
        ids = {a.res_id for a in self if a.res_model == "helpdesk.ticket" and a.res_id}
        tickets = self.env["helpdesk.ticket"].sudo().browse(ids).exists()
        tickets.filtered(lambda t: not t.support_confidential_since).write(
            {"support_confidential_since": fields.Datetime.now()}
        )

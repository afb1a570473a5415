# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from .helpdesk_support_defect import OPEN_STATUSES
from .helpdesk_support_system_fields_mixin import (
    SUPPORT_MANAGER,
    support_callable,
    writable,
)

DEFECT_NOTICE_CRON = "helpdesk_mgmt_support_contract.ir_cron_support_defect_notices"


class HelpdeskSupportProductVersion(models.Model):
    """A version of a supported product.

    MQ 1.1: support is given only for current versions; staff mark older
    versions as not supported and tickets naming them are flagged.
    """

    _name = "helpdesk.support.product.version"
    _description = "Supported Product Version"
    _order = "product_id, sequence, id"
    _inherit = ["helpdesk.support.system.fields.mixin"]
    # configuration: the support managers' (R-20); the rest is the system's
    _support_write_rights = {
        SUPPORT_MANAGER: writable(
            "name", "product_id", "sequence", "is_supported", "release_date"
        ),
    }

    name = fields.Char(required=True)
    product_id = fields.Many2one(
        "helpdesk.support.product", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="product_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    is_supported = fields.Boolean(
        string="Supported",
        default=True,
        help="Only current versions are supported (MQ 1.1). Tickets naming an "
        "unsupported version are flagged to staff.",
    )
    release_date = fields.Date()
    fixed_defect_ids = fields.One2many(
        "helpdesk.support.defect",
        "target_version_id",
        string="Fixed defects",
        readonly=True,
        help="The known defects this version fixes (MQ 1.4).",
    )

    _sql_constraints = [
        (
            "name_product_uniq",
            "unique(name, product_id)",
            "A product cannot have the same version twice.",
        )
    ]

    # ------------------------------------------------------------------
    # Releases (MQ 1.4 «Уведомление о выходе версии с исправлением …;
    # Прекращение поддержки версий ПО с указанным в ошибке функционалом»)
    # ------------------------------------------------------------------

    @support_callable(SUPPORT_MANAGER)
    def action_support_publish_release(self):
        """The version is out: every open ticket of the defects it fixes is
        told once, in its customer's language, by the batched job (MQ 1.4
        «Уведомление о выходе версии с исправлением»; DS 2.2 «с последующим
        выпуском обновления»). A second publish sends nothing again."""
        self.check_access("write")
        today = fields.Date.context_today(self)
        self.filtered(lambda v: not v.release_date).sudo().write(
            {"release_date": today}
        )
        for version in self:
            # only the defects fixed in this version: MQ 1.4 tells the
            # customer of «выходе версии с исправлением», the release of a
            # version WITH the fix. A defect that targets the version but is
            # still confirmed or in development did not make it into the
            # build: telling its customers it is fixed would be false, so it
            # keeps waiting (its target moves to a later version). A released
            # defect again: the tickets linked to it after the release are
            # told when it is published again, the others were told already
            # (the job skips them). Read as the publisher: a version shared
            # by every company (a product of no company) marks only the
            # defects of the companies the publisher works for.
            defects = version.fixed_defect_ids.filtered(
                lambda d: d.status in ("fixed", "released")
            )
            defects.sudo().write({"notice": "release", "notice_version_id": version.id})
            # the fix term ends with the published release (MQ 1.4)
            defects._support_mark_solved()
        return self._support_defect_notices_queued()

    @support_callable(SUPPORT_MANAGER)
    def action_support_withdraw_support(self):
        """Support for the version ends (MQ 1.1, MQ 1.4 «Прекращение
        поддержки версий ПО с указанным в ошибке функционалом»): the open
        tickets of the defects affecting it are told once, by the same
        batched job, with their own message — but only of the defects no
        supported version is affected by any more: while one still is, the
        end of this version's support solves nothing for its customers."""
        self.check_access("write")
        self.sudo().write({"is_supported": False})
        # searched as the manager (the companies they work for only, as for
        # a release): the notices are then the system's to write
        Defect = self.env["helpdesk.support.defect"]
        for version in self:
            defects = Defect.search(
                [
                    ("affected_version_ids", "in", version.ids),
                    ("status", "in", OPEN_STATUSES),
                    ("notice", "=", False),
                ]
            )
            defects = defects.filtered(
                lambda d: not any(d.affected_version_ids.mapped("is_supported"))
            )
            defects.sudo().write(
                {"notice": "withdrawal", "notice_version_id": version.id}
            )
            # MQ 1.4 «Прекращение поддержки версий ПО с указанным в ошибке
            # функционалом» is a solution of the error: the fix term ends
            defects._support_mark_solved()
        return self._support_defect_notices_queued()

    def _support_defect_notices_queued(self):
        """The notices go out in the background, batch after batch."""
        self.env.ref(DEFECT_NOTICE_CRON).sudo()._trigger()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info",
                "message": self.env._(
                    "The customers of the linked tickets are being notified "
                    "in the background."
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

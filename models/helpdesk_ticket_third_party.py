# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Closing a ticket as a third-party product problem (R-27, MQ 1.2, DS 1.3).

"If the Contractor finds that the problem lies in a third-party product
[...], the User may be advised to contact that vendor's technical support
and the request may be closed" (MQ 1.2). Staff close it with the wizard
*Close as third-party*: a recommendation to the customer (template, in the
customer's language), the closing reason, a closed stage of the team; the
open SLA timers leave the compliance statistics, like paused time.
"""

from odoo import fields, models
from odoo.exceptions import AccessError, UserError

from .helpdesk_support_system_fields_mixin import SUPPORT_USER, support_callable

VENDOR_MAX_LENGTH = 128
TEMPLATE = "helpdesk_mgmt_support_contract.mail_template_third_party"


class HelpdeskTicketThirdParty(models.Model):
    _inherit = "helpdesk.ticket"

    support_close_reason = fields.Selection(
        [("third_party", "Third-party product")],
        string="Closing reason",
        readonly=True,
        copy=False,
        tracking=True,
        index="btree_not_null",
        help="Why the ticket was closed, when the support system knows it. "
        "Third-party product: the problem lies in another vendor's product; "
        "the customer was advised to contact that vendor (MQ 1.2) and the "
        "SLA timers still open were not counted.",
    )
    support_third_party_vendor = fields.Char(
        string="Third-party vendor", readonly=True, copy=False, tracking=True
    )

    def _support_check_third_party_access(self):
        """Who may close as third-party: support staff who may write the
        tickets (the closing reason is maintained by the system, R-27).

        :raise AccessError: otherwise
        """
        if not self.env.su and not self.env.user.has_group(
            "helpdesk_mgmt_support_contract.group_support_user"
        ):
            raise AccessError(
                self.env._("Only support staff can close a ticket as third-party.")
            )
        self.check_access("write")

    @support_callable(SUPPORT_USER)
    def action_support_close_third_party(self):
        """Open the wizard *Close as third-party*."""
        self.ensure_one()
        self._support_check_third_party_access()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "helpdesk_mgmt_support_contract.helpdesk_support_third_party_wizard_action"
        )
        action["context"] = {"default_ticket_id": self.id}
        return action

    def _support_third_party_stage(self):
        """The closed stage proposed for the ticket: the first closed stage
        of its team that asks no rating (nothing was solved by us)."""
        self.ensure_one()
        stages = self.team_id._get_applicable_stages().filtered("closed")
        return (stages.filtered(lambda s: not s.rating_mail_template_id) or stages)[:1]

    def _support_third_party_vendor_name(self, vendor):
        """The vendor's name as one line of text, or a :class:`UserError`."""
        vendor = " ".join((vendor or "").split())
        if not vendor:
            raise UserError(self.env._("Name the third-party vendor."))
        if len(vendor) > VENDOR_MAX_LENGTH:
            raise UserError(
                self.env._(
                    "The vendor's name is limited to %(count)s characters.",
                    count=VENDOR_MAX_LENGTH,
                )
            )
        return vendor

    def _support_third_party_render(self, field, vendor):
        """{ticket id: ``field`` of the recommendation template}, rendered
        in each customer's language; the vendor's name is text (escaped)."""
        self.check_access("read")
        template = self.env.ref(TEMPLATE).sudo()
        return template._render_field(
            field,
            self.ids,
            compute_lang=True,
            add_context={"vendor": vendor or ""},
        )

    def _support_close_third_party(self, vendor, body, stage=None):
        """Close the ticket as a third-party product problem (R-27).

        Open timers are excluded from the statistics first (a deadline
        already passed stays a breach), then the ticket gets its closing
        reason and the closed stage, and the recommendation ``body`` is
        posted by the user as a public reply, mailed to the customer.
        """
        self.ensure_one()
        self._support_check_third_party_access()
        vendor = self._support_third_party_vendor_name(vendor)
        if self.stage_id.closed:
            raise UserError(
                self.env._("%(ticket)s is already closed.", ticket=self.display_name)
            )
        stage = stage or self._support_third_party_stage()
        applicable = self.team_id._get_applicable_stages()
        if not stage or not stage.closed or stage not in applicable:
            raise UserError(self.env._("Choose a closed stage of the ticket's team."))
        if not body:
            raise UserError(self.env._("Write the recommendation to the customer."))
        now = fields.Datetime.now()
        ticket = self.sudo()
        ticket._support_lifecycle_event("closed_third_party", now=now)
        # the closing reason is maintained by the system: written
        # here, after the access check, for whoever may write the ticket
        ticket.write(
            {
                "stage_id": stage.id,
                "support_close_reason": "third_party",
                "support_third_party_vendor": vendor,
            }
        )
        subject = self._support_third_party_render("subject", vendor)[self.id]
        self.message_post(
            body=body,
            subject=" ".join(subject.split()),
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=self.partner_id.ids,
        )
        return True

    def _support_third_party_after_stage_write(self):
        """A ticket reopened is no longer closed as third-party."""
        reopened = self.filtered(
            lambda t: t.support_close_reason and not t.stage_id.closed
        )
        if reopened:
            reopened.sudo().write(
                {"support_close_reason": False, "support_third_party_vendor": False}
            )

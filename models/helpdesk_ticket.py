# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The ticket's own fields (its customer's contract, tier and coupon, all the
customer's: R-12, R-32, R-42) and the one place Odoo's and helpdesk_mgmt's
methods are overridden (``create``, ``write``, ``copy``, ``unlink``,
``message_new``, ``message_update``, ``_message_post_after_hook``): each
dispatches to the concerns, one file a concern (``helpdesk_ticket_<concern>.py``),
and raises the lifecycle's events (``helpdesk_ticket_lifecycle.py``).
"""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.context_switch import server_switch
from .helpdesk_support_system_fields_mixin import (
    SUPPORT_MANAGER,
    SUPPORT_USER,
    check_copy_default,
    check_system_fields,
    unchecked,
    writable,
)
from .helpdesk_ticket_mail_gateway import EMAIL_CHANNEL, NAME_FIELD_ONLY


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"
    # critical tickets first, then first come, first served
    _order = "priority desc, sequence, id"
    # What staff write on a ticket: its waiting reason, the product and
    # version, the access details and the steps (R-23, R-63, DS 5.3);
    # managers correct contract and certificate within the ticket's customer
    # . Every other field of the addon is the system's (SLA,
    # queue, coupon, estimate acceptance, reclassification wizard, mail
    # gateway): a client's write would hide a breach, skip the fix
    # deadline, keep credentials, change what a certificate is
    # charged, show another tier or move the ticket to another
    # customer; the stored related tier and customer organisation
    # follow the contract and the contact. One dict for every concern: the
    # check reads the assembled model's attribute, which a second declaration
    # in another concern's class would replace, not extend
    _support_write_rights = {
        SUPPORT_USER: writable(
            "support_waiting_reason_id",
            "support_product_id",
            "support_product_version_id",
            "support_credentials",
            "support_system_address",
            "support_steps_to_reproduce",
            # MQ 1.4: linking a ticket to a known defect confirms its bug
            "support_defect_id",
        ),
        SUPPORT_MANAGER: writable("support_contract_id", "support_certificate_id"),
    }

    support_contract_id = fields.Many2one(
        "helpdesk.support.contract",
        string="Support contract",
        readonly=True,
        index="btree_not_null",
        tracking=True,
        copy=False,
    )
    support_tier_id = fields.Many2one(
        related="support_contract_id.tier_id", string="Support tier", store=True
    )
    support_coupon_id = fields.Many2one(
        "helpdesk.support.coupon",
        string="Coupon",
        readonly=True,
        copy=False,
        help="The special request was paid with a use of this coupon (R-42).",
    )

    @api.constrains(
        "partner_id",
        "support_contract_id",
        "support_certificate_id",
        "support_coupon_id",
    )
    def _check_support_customer(self):
        """Contract, certificate and coupon are the ticket's customer's: a
        ticket never draws on another organisation's contract (R-12, R-32),
        certificate (R-72) or coupon (R-42)."""
        for ticket in self.sudo():
            customer = ticket.partner_id.commercial_partner_id
            for record in (
                ticket.support_contract_id,
                ticket.support_certificate_id,
                ticket.support_coupon_id,
            ):
                if record and record.partner_id.commercial_partner_id != customer:
                    raise ValidationError(
                        self.env._(
                            "%(record)s does not belong to %(customer)s, the "
                            "customer of the ticket %(ticket)s.",
                            record=record.display_name,
                            customer=customer.display_name or "—",
                            ticket=ticket.display_name,
                        )
                    )

    # ------------------------------------------------------------------
    # Overrides of Odoo and helpdesk_mgmt: they dispatch to the concerns
    # (helpdesk_ticket_sla, _customer_rules, _waiting, _mail_gateway, ...)
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        check_system_fields(self, vals_list, create=True)
        if not self.env.su:
            # staff (or a portal user's RPC); the portal form checks its own
            # values, the mail gateway its alias (MQ 1.1, 1.3)
            self._support_check_registered(vals_list)
        code = server_switch(self.env, "support_coupon_code")
        if code and len(vals_list) == 1:
            # a special request from the portal form, paid with a coupon use
            return (
                self.env["helpdesk.support.coupon"]
                .with_context(support_coupon_code=False)
                ._support_redeem(code, vals_list[0], self.env.user)
            )
        self._support_prepare_sla_vals(vals_list)
        self._support_prepare_ack_vals(vals_list)
        self._support_prepare_team_vals(vals_list)
        model = self
        if server_switch(self.env, "support_name_field_only"):
            # the gateway's switch of fields_get ends with message_new's call
            model = self.with_context(support_name_field_only=None)
        tickets = super(HelpdeskTicket, model).create(vals_list)
        off_channel = tickets._support_reject_off_channel()
        (tickets - off_channel)._support_reject_not_from_kcp()
        # a request registered from a chat message counts from the message
        # (MQ 1.3); a server switch, never a client's context
        tickets._support_lifecycle_event(
            "created", start=server_switch(self.env, "support_sla_start")
        )
        if server_switch(self.env, "support_critical_undeclared"):
            # the portal's criticality box of a non-customer
            tickets._support_note_undeclared_critical()
        return tickets

    def write(self, vals):
        check_system_fields(self, [vals])
        if "category_id" in vals and not self.env.su:
            # a category change under SLA is a reclassification
            self._support_check_category_change(vals["category_id"])
        priorities = self._support_priority_before(vals)
        watched = {"stage_id", "support_waiting_reason_id"} & set(vals)
        before = {}
        if watched:
            # the SLA lifecycle: which event this write is (closed, reopened,
            # a wait set or cleared) and what it moves
            vals = self._support_lifecycle_prepare_write(vals)
            before = self._support_lifecycle_before()
        if vals.get("support_credentials"):
            vals = dict(vals, support_confidential_since=fields.Datetime.now())
        # an archived ticket no longer counts in work (R-30, MQ Appendix 1):
        # archiving frees its slot like a close
        slot_fields = {
            "active",
            "stage_id",
            "category_id",
            "support_defect_confirmed_date",
            "support_contract_id",
        }
        contracts = self.sudo().support_contract_id if slot_fields & set(vals) else None
        # an archived ticket restored re-enters work like a new one: within
        # the customer's limit, queued beyond it (R-30, MQ Appendix 1)
        restored = (
            self.filtered(lambda t: not t.active and not t.support_queued)
            if vals.get("active")
            else None
        )
        result = super().write(vals)
        if restored:
            restored._support_lifecycle_event("queued", now=fields.Datetime.now())
        if watched:
            self._support_lifecycle_after_write(before)
        if "stage_id" in vals:
            self._support_third_party_after_stage_write()
        if contracts is not None:
            self._support_lifecycle_event(
                "released", contracts=contracts | self.sudo().support_contract_id
            )
        # criticality (priority) re-selects the SLA level
        self._support_after_priority_change(priorities)
        return result

    def copy(self, default=None):
        # the copied values are the ticket's own; a client's default is checked
        copies = super(HelpdeskTicket, check_copy_default(self, default)).copy(
            default=default
        )
        return unchecked(copies)

    def unlink(self):
        contracts = self.sudo().support_contract_id
        result = super().unlink()
        self.browse()._support_lifecycle_event("released", contracts=contracts)
        return result

    def _message_post_after_hook(self, message, msg_vals):
        result = super()._message_post_after_hook(message, msg_vals)
        if self._support_is_customer_message(message):
            self._support_lifecycle_event("customer_message", message=message)
        if self._support_is_public_staff_reply(message):
            self._support_lifecycle_event("staff_reply", message=message)
        return result

    def _send_ticket_rating_mail(self, force_send=False):
        # helpdesk_mgmt_rating asks on the stage's template: never for tickets
        # closed for want of the customer's reply, only for solved ones
        if server_switch(self.env, "support_autoclosing"):
            return None
        return super()._send_ticket_rating_mail(force_send=force_send)

    # ------------------------------------------------------------------
    # Mail gateway (R-50 … R-52)
    # ------------------------------------------------------------------

    # message_new and message_update are the mail server's: over RPC they
    # would let a client write as any sender, with the gateway's rights
    @api.private
    @api.model
    def message_new(self, msg_dict, custom_values=None):
        refused = self._support_filter_attachments(msg_dict)
        existing = self._support_thread_from_subject(msg_dict)
        if existing:
            # a reply naming its TID in the subject, without mail headers
            existing._support_after_incoming(msg_dict, refused)
            return existing
        custom_values = dict(custom_values or {})
        # the customer (a registered contact) declares the error
        # critical in the request
        critical = self._support_mail_declares_critical(msg_dict)
        if critical:
            custom_values["priority"] = "3"
        # the switch of fields_get, for mail.thread's message_new alone
        context = {"support_name_field_only": NAME_FIELD_ONLY}
        if not server_switch(self.env, "support_auto_submitted"):
            # answered by the acknowledgement action, in batches, right after
            # (create marks it): the sender's address is the ticket's
            # partner_email (mail.thread)
            context["support_ack_channel"] = EMAIL_CHANNEL
        gateway = self.with_context(**context)
        ticket = (
            super(HelpdeskTicket, gateway)
            .message_new(msg_dict, custom_values=custom_values)
            .with_env(self.env)
        )
        ticket._support_unsubscribe_strangers(msg_dict, self.env["res.partner"])
        ticket._support_identify_sender(msg_dict)
        if critical is False:
            ticket._support_note_undeclared_critical()
        ticket._support_after_incoming(msg_dict, refused)
        return ticket

    @api.private
    def message_update(self, msg_dict, update_vals=None):
        refused = self._support_filter_attachments(msg_dict)
        followers = self.sudo().message_partner_ids
        result = super().message_update(msg_dict, update_vals=update_vals)
        for ticket in self:
            ticket._support_unsubscribe_strangers(msg_dict, followers)
        self._support_after_incoming(msg_dict, refused)
        return result

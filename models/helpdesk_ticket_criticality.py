# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Criticality of a ticket (R-38, MQ 1.4; DS 3.1, 3.3).

The customer may declare an error critical in the request — the portal
form's *Critical error* box, or an e-mail whose subject starts with
``[CRITICAL]`` / ``[КРИТИЧНО]`` (MQ 1.4: "клиент может самостоятельно
обоснованно определить ошибку как критическую, указав это в запросе");
support staff confirm or revoke it ("Сотрудник поддержки вправе отменить
установленную клиентом критичность"). Criticality is the ticket's priority
*Very High*: the operational levels of DS 3.1 / 3.3 require it. Any change of
priority re-selects the SLA level and recomputes the open response timer from
the ticket's start, through the reclassification (R-23), so the chatter shows
who, when, old → new and why.
"""

import re

from odoo import api, models
from odoo.exceptions import AccessError

from ..tools.context_switch import ON, ServerSwitch, server_switch
from ..tools.server_language import staff_env
from .helpdesk_support_system_fields_mixin import SUPPORT_USER, support_callable

CRITICAL = "3"
NOT_CRITICAL = "1"
# a new mail declares criticality with a marker at the start of its subject
# (bounded text, linear pattern)
CRITICAL_SUBJECT = re.compile(r"\s*\[\s*(?:critical|критично)\s*\]", re.IGNORECASE)
SUBJECT_SCAN = 200


class HelpdeskTicketCriticality(models.Model):
    _inherit = "helpdesk.ticket"

    @api.model
    def _support_subject_declares_critical(self, subject):
        """Whether a mail subject starts with the criticality marker."""
        if not isinstance(subject, str):
            return False
        return bool(CRITICAL_SUBJECT.match(subject[:SUBJECT_SCAN]))

    @api.model
    def _support_mail_declares_critical(self, msg_dict):
        """Whether a new mail declares its error critical: None without the
        marker; True when the sender is a registered contact of an active
        contract (the customer, MQ 1.1 / DS 5.8); False for anyone else, whose
        marker does not put the ticket ahead in the queue (R-25)."""
        if not self._support_subject_declares_critical(msg_dict.get("subject")):
            return None
        author = self.env["res.partner"].browse(msg_dict.get("author_id") or [])
        return bool(
            author.exists()
            and self.env["helpdesk.support.contract"]
            .sudo()
            ._support_registered_contacts(author)
        )

    def _support_note_undeclared_critical(self):
        """Tell staff a sender who is not a registered contact marked the
        request critical: staff may confirm it (R-38)."""
        for ticket in self.sudo():
            # written by the mail gateway: the staff's language
            env = staff_env(ticket.env, ticket.company_id)
            ticket.with_env(env).message_post(
                body=env._(
                    "The sender marked this request critical but is not a "
                    "registered contact of a support contract: the criticality "
                    "was not applied. Confirm it if it is justified."
                ),
                message_type="comment",
                subtype_xmlid="mail.mt_note",
                author_id=self.env.ref("base.partner_root").id,
            )

    def _support_priority_before(self, vals):
        """{ticket id: priority} before a write that changes the priority."""
        if "priority" not in vals:
            return None
        return {ticket.id: ticket.priority for ticket in self}

    def _support_after_priority_change(self, before):
        """Re-select the level of the tickets whose priority changed (R-38).

        ``before`` is :meth:`_support_priority_before`. Tickets under an SLA
        (a contract or a level) that are still open are reclassified in their
        own category: the level is matched again with the new priority (a
        level set by hand or by a coupon is kept), the open response timer is
        recomputed from the ticket's start, and a note records old → new.
        """
        if not before:
            return
        reason = server_switch(self.env, "support_priority_reason")
        labels = dict(self._fields["priority"]._description_selection(self.env))
        for ticket in self:
            old = before.get(ticket.id)
            sudo_ticket = ticket.sudo()
            if (
                old == ticket.priority
                or ticket.stage_id.closed
                or not (sudo_ticket.support_contract_id or ticket.support_sla_level_id)
            ):
                continue
            level = sudo_ticket.support_sla_level_id
            if not level or level.auto_assign:
                level = ticket._support_match_level(ticket.category_id, ticket.priority)
            # a click on the priority stars that keeps category and level
            # posts no note (R-23 lists changes); a staff decision does
            noted = (
                ticket if reason else ticket.with_context(support_reclassify_quiet=ON)
            )
            noted._support_reclassify(
                ticket.category_id,
                level,
                self.env._(
                    "%(reason)s (priority: %(old)s → %(new)s)",
                    reason=reason or self.env._("Priority changed"),
                    old=labels.get(old, old or "—"),
                    new=labels.get(ticket.priority, ticket.priority or "—"),
                ),
            )

    def _support_check_criticality_staff(self):
        """Support staff who may write the tickets decide on criticality."""
        if not self.env.su and not self.env.user.has_group(
            "helpdesk_mgmt_support_contract.group_support_user"
        ):
            raise AccessError(
                self.env._("Only support staff can confirm or revoke criticality.")
            )
        self.check_access("write")

    @support_callable(SUPPORT_USER)
    def action_support_confirm_criticality(self):
        """Staff confirm the error is critical (DS 3.1 / 3.3: "подтверждена
        сотрудниками техподдержки"): priority Very High, level re-selected."""
        self._support_check_criticality_staff()
        reason = self.env._("Criticality confirmed by support")
        raised = self.filtered(lambda t: t.priority != CRITICAL)
        raised.with_context(support_priority_reason=ServerSwitch(reason)).write(
            {"priority": CRITICAL}
        )
        for ticket in self - raised:
            # declared by the customer: the level stays, the decision is noted
            ticket._support_reclassify(
                ticket.category_id, ticket.sudo().support_sla_level_id, reason
            )
        return True

    @support_callable(SUPPORT_USER)
    def action_support_revoke_criticality(self):
        """Staff revoke the criticality the customer declared (MQ 1.4): the
        priority goes back to Medium and the level is re-selected."""
        self._support_check_criticality_staff()
        reason = self.env._("Criticality revoked by support")
        self.filtered(lambda t: t.priority == CRITICAL).with_context(
            support_priority_reason=ServerSwitch(reason)
        ).write({"priority": NOT_CRITICAL})
        return True

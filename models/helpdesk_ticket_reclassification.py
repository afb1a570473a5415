# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Reclassification of a ticket (MQ 1.2 «СТП вправе переклассифицировать
обращение», MQ 1.4, DS 3.8, R-23): the category decides the SLA level, so
a category change under SLA goes through *Reclassify* with its reason; the
open timers follow the new target, the note records who, when, old → new
and why, and the ticket enters or leaves the open-ticket limit (R-30).
"""

from markupsafe import Markup

from odoo import fields, models
from odoo.exceptions import UserError

from ..tools.context_switch import server_switch
from .helpdesk_support_sla_timer import OPEN_STATES
from .helpdesk_support_system_fields_mixin import SUPPORT_USER, support_callable


class HelpdeskTicketReclassification(models.Model):
    _inherit = "helpdesk.ticket"

    @support_callable(SUPPORT_USER)
    def action_support_reclassify(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "helpdesk_mgmt_support_contract.helpdesk_support_reclassify_wizard_action"
        )
        action["context"] = {"default_ticket_id": self.id}
        return action

    def _support_check_category_change(self, category_id):
        """Refuse a category change by hand on a ticket under SLA (R-23).

        The category selects the SLA level: changing it is a
        reclassification, with its reason, through *Reclassify*
        (:meth:`_support_reclassify`, which writes as the system).

        :raise UserError: when one of the tickets is under SLA
        """
        under_sla = self.sudo().filtered(
            lambda t: t.category_id.id != (category_id or False)
            and (
                t.support_contract_id
                or t.support_sla_level_id
                or t.support_sla_timer_ids
            )
        )
        if under_sla:
            raise UserError(
                self.env._(
                    "The category of %(tickets)s decides its SLA: change it with "
                    "Reclassify, which re-selects the SLA level and records your "
                    "reason.",
                    tickets=", ".join(under_sla.mapped("display_name")),
                )
            )

    def _support_reclassify(self, category, level, reason):
        """Change category and SLA level with a reason (R-23): the
        ``reclassified`` event of the lifecycle."""
        return self._support_lifecycle_event(
            "reclassified", category=category, level=level, reason=reason
        )

    def _support_apply_reclassification(self, category, level, reason):
        """Change category and SLA level with a reason (R-23).

        Met and breached timers are history and stay as they are; the open
        response timer is recomputed from the ticket's start under the new
        target; moving to a development level starts a development timer.
        """
        if not reason or not reason.strip():
            raise UserError(self.env._("Give the reason of the reclassification."))
        now = fields.Datetime.now()
        timers_model = self.env["helpdesk.support.sla.timer"].sudo()
        self.check_access("write")
        level.check_access("read")
        # who held a slot of the customer's limit before (MQ Appendix 1, R-30)
        took_slot = {
            t.id: t._support_takes_slot() and not t.support_queued for t in self
        }
        for ticket in self:
            old_category, old_level = ticket.category_id, ticket.support_sla_level_id
            # the SLA level is maintained by the system: changed
            # here, with the reason, by whoever may write the ticket
            ticket.sudo().write(
                {
                    "category_id": category.id,
                    "support_sla_level_id": level.id,
                    # staff's choice: kept when the contract changes
                    "support_sla_level_manual": True,
                }
            )
            ticket._support_retarget_timers(now)
            open_response = ticket.sudo().support_sla_timer_ids.filtered(
                lambda t: t.kind == "response" and t.state in OPEN_STATES
            )
            target = ticket._support_sla_target()
            if not target and open_response:
                # moved to a category without SLA (MQ 1.4): no response
                # obligation; met and breached timers stay as history
                open_response.unlink()
            elif (
                target
                and target.kind != "development"
                and not ticket.sudo().support_sla_timer_ids.filtered(
                    lambda t: t.kind == "response"
                )
                and ticket._support_timer_allowed()
            ):
                # out of a category without SLA: the response timer counts
                # from the ticket's start, as it would have from creation
                timer = timers_model.create(
                    ticket._support_timer_vals_for(target, ticket.create_date)
                )
                if ticket.support_sla_paused:
                    timer.write({"state": "paused", "pause_start": now})
                else:
                    timer._schedule(now)
            ticket._support_post_reclassified_note(
                old_category, category, old_level, level, reason
            )
        self._support_reclassified_slots(took_slot, now)
        return True

    def _support_post_reclassified_note(
        self, old_category, category, old_level, level, reason
    ):
        """The note of a reclassification (R-23: who, when, old → new, why):
        only what changed is listed — never «Производительность →
        Производительность». Nothing of the SLA changed (a click on the
        priority stars that keeps category and level): no note at all under
        the priority switch ``support_reclassify_quiet``; a decision staff
        state (criticality confirmed by support, MQ 1.4; the wizard with its
        reason) is still recorded, as a note saying the classification
        stays."""
        self.ensure_one()
        lines = []
        if old_category != category:
            lines.append(
                self.env._(
                    "Category: %(old)s → %(new)s",
                    old=old_category.display_name or "—",
                    new=category.display_name or "—",
                )
            )
        if old_level != level:
            lines.append(
                self.env._(
                    "SLA level: %(old)s → %(new)s",
                    old=old_level.display_name or "—",
                    new=level.display_name or "—",
                )
            )
        why = self.env._("Reason: %(reason)s", reason=reason.strip())
        if lines:
            body = (
                Markup("<p>%s</p><ul>") % self.env._("Ticket reclassified.")
                + Markup("").join(Markup("<li>%s</li>") % line for line in lines)
                + Markup("</ul><p>%s</p>") % why
            )
        elif server_switch(self.env, "support_reclassify_quiet"):
            return
        else:
            body = Markup("<p>%s</p><p>%s</p>") % (
                self.env._("Classification kept: category and SLA level unchanged."),
                why,
            )
        self.message_post(body=body, subtype_xmlid="mail.mt_note")

    def _support_reclassified_slots(self, took_slot, now):
        """The limit of tickets in work after a reclassification (MQ
        Appendix 1 «Количество одновременно открытых обращений», MQ 1.4:
        licensing and billing requests and confirmed errors are not counted,
        R-30). A ticket moved from a category that is not counted into one
        that is enters the limit like a new ticket: queued beyond it, its
        reaction clock stopped until it enters work (the queue's notice
        says so); a ticket moved out of the count frees its slot."""
        entering = self.filtered(
            lambda t: not took_slot[t.id]
            and not t.support_queued
            and t._support_takes_slot()
        )
        queued = entering._support_queue_over_limit()
        queued.sudo().support_sla_timer_ids.filtered(
            lambda t: t.kind in ("response", "reply") and t.state in OPEN_STATES
        )._cancel(now)
        leaving = self.filtered(
            lambda t: took_slot[t.id] and not t._support_takes_slot()
        )
        if leaving:
            leaving._support_release_slots()

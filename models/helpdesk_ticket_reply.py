# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What meets a timer (R-21, R-36, R-37): the reaction owed to every
customer follow-up (DS 2.3, the *reply* timer) and the answer on the
substance that meets the response timer of tiers that require one (MQ
glossary), posted by staff with *Post the answer*; which messages are
public replies of staff and what they meet (R-21, R-36), and when staff
first replied on tickets a contract is brought onto (R-34).
"""

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from .helpdesk_support_sla_timer import OPEN_STATES
from .helpdesk_support_system_fields_mixin import SUPPORT_USER, support_callable


class HelpdeskTicketReply(models.Model):
    _inherit = "helpdesk.ticket"

    support_reply_deadline = fields.Datetime(
        string="Reply due",
        compute="_compute_support_reply_deadline",
        help="Deadline of the reaction to the customer's latest messages "
        "(DS 2.3): the next public reply of staff meets it.",
    )

    @api.depends("support_sla_timer_ids.state", "support_sla_timer_ids.deadline")
    def _compute_support_reply_deadline(self):
        """Deadline of the open reply timer, in one query for the batch."""
        groups = (
            self.env["helpdesk.support.sla.timer"]
            .sudo()
            ._read_group(
                [
                    ("ticket_id", "in", self.ids),
                    ("kind", "=", "reply"),
                    ("state", "in", ("running", "at_risk")),
                ],
                ["ticket_id"],
                ["deadline:min"],
            )
        )
        deadlines = {ticket.id: deadline for ticket, deadline in groups}
        for ticket in self:
            ticket.support_reply_deadline = deadlines.get(ticket.id, False)

    def _support_open_deadline(self, *kinds):
        """The earliest deadline of the ticket's running timers of ``kinds``
        (False when none runs): the portal says «Срок ответа» only while
        the response is due (R-21, R-37), then names the next obligation."""
        self.ensure_one()
        timers = self.sudo().support_sla_timer_ids.filtered(
            lambda t: t.kind in kinds and t.state in ("running", "at_risk")
        )
        return min(timers.mapped("deadline"), default=False)

    @staticmethod
    def _support_unanswered(timer):
        """An obligation a reply can still meet: open, or breached and not
        met yet (a late reply records its date, the breach stays)."""
        return timer.state in OPEN_STATES or (
            timer.state == "breached" and not timer.met_date
        )

    def _support_start_reply_timer(self, message):
        """A customer follow-up starts a *reply* timer (DS 2.3, R-36).

        "Реакция сотрудников службы технической поддержки на поступление
        дополнительной информации может быть дольше, но не больше
        максимального времени реакции определенного для данного уровня":
        the level's (or tier's) target, counted from the receipt (never from
        the date a mail claims), met by the next public reply of staff.

        One reaction at a time: while a response or reply timer is open, a
        further message adds to what staff must react to but starts no new
        clock — the reaction is owed from the first unanswered message, and
        the open timer's deadline is the earlier one. Nothing starts on a
        closed, queued or paused ticket (the customer's reply that ends a
        wait resumes the ticket first, so it does start one).
        """
        self.ensure_one()
        ticket = self.sudo()
        timers = self.env["helpdesk.support.sla.timer"].sudo()
        if not ticket._support_timer_allowed() or ticket.support_sla_paused:
            return timers
        if ticket.support_sla_timer_ids.filtered(
            lambda t: t.kind in ("response", "reply") and t.state in OPEN_STATES
        ):
            return timers
        target = ticket._support_sla_target()
        if not target:
            return timers
        now = fields.Datetime.now()
        timer = timers.create(
            ticket._support_timer_vals(
                "reply", target.calendar, target.value, target.unit, now
            )
        )
        timer._schedule(now)
        return timer

    def _support_check_answer_rights(self):
        """Who may post the answer: support staff who may write the tickets.

        :raise AccessError: otherwise
        """
        if not self.env.su and not self.env.user.has_group(
            "helpdesk_mgmt_support_contract.group_support_user"
        ):
            raise AccessError(
                self.env._("Only support staff can post the answer to a ticket.")
            )
        self.check_access("write")

    def _support_post_answer(self, body, attachment_ids=None):
        """Post the answer on the substance (MQ glossary, R-37): a public
        reply that meets the response timer whatever the tier's setting,
        and every open reply timer as any public reply does."""
        self.ensure_one()
        self._support_check_answer_rights()
        if self.stage_id.closed:
            raise UserError(self.env._("The ticket is closed."))
        # the customer receives the answer, follower or not
        message = self.message_post(
            body=body,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=self.partner_id.ids,
            attachment_ids=attachment_ids or [],
        )
        self._support_lifecycle_event("answer", message=message)
        return message

    @support_callable(SUPPORT_USER)
    def action_support_post_answer(self):
        self.ensure_one()
        self._support_check_answer_rights()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "helpdesk_mgmt_support_contract.helpdesk_support_answer_wizard_action"
        )
        action["context"] = {"default_ticket_id": self.id}
        return action

    # ------------------------------------------------------------------
    # Public replies of staff: what they meet
    # ------------------------------------------------------------------

    def _support_on_public_staff_reply(self, message):
        """A public reply of staff meets the reply timers of the customer's
        follow-ups (R-36) and the response timer (the first one; a late one
        records its date, the breach stays) — unless the tier's response is
        met only by the answer on the substance (R-37, MQ glossary)."""
        met = self.sudo().support_sla_timer_ids.filtered(
            lambda t: self._support_unanswered(t)
            and (
                t.kind == "reply"
                or (t.kind == "response" and t.tier_id.response_met_by != "answer")
            )
        )
        met._mark_met(message.date or fields.Datetime.now(), message)

    @api.model
    def _support_is_public_staff_reply(self, message):
        """A reply the customer receives, written by an internal user."""
        if message.message_type not in ("comment", "email"):
            return False
        if not message.subtype_id or message.subtype_id.internal:
            return False
        authors = message.author_id.sudo().user_ids
        return any(not user.share and not user._is_superuser() for user in authors)

    def _support_first_staff_replies(self):
        """{ticket id: date of the first public reply of staff} (as
        :meth:`_support_is_public_staff_reply` tells it), in one query."""
        if not self:
            return {}
        self.env["mail.message"].flush_model(
            ["model", "res_id", "message_type", "subtype_id", "author_id", "date"]
        )
        self.env["mail.message.subtype"].flush_model(["internal"])
        self.env["res.users"].flush_model(["partner_id", "share"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT message.res_id, MIN(message.date)
                  FROM mail_message message
                  JOIN mail_message_subtype subtype
                    ON subtype.id = message.subtype_id
                   AND subtype.internal IS NOT TRUE
                 WHERE message.model = %s
                   AND message.res_id = ANY(%s)
                   AND message.message_type IN ('comment', 'email')
                   AND EXISTS (
                        SELECT 1 FROM res_users staff
                         WHERE staff.partner_id = message.author_id
                           AND staff.share IS NOT TRUE
                           AND staff.id != %s)
                 GROUP BY message.res_id
                """,
                self._name,
                self.ids,
                SUPERUSER_ID,
            )
        )
        return dict(rows)

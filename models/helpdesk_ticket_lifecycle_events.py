# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The handlers of the ticket's SLA lifecycle: one method
``_support_lifecycle_<event>`` a row of the table in
``helpdesk_ticket_lifecycle.py``, run by ``_support_lifecycle_event``
inside the lifecycle's scope. A handler moves the SLA state itself or
with the concern code the row's last column names.
"""

from collections import defaultdict

from odoo import api, fields, models
from odoo.osv import expression

from ..tools.context_switch import ON
from .helpdesk_support_sla_timer import OPEN_STATES
from .helpdesk_ticket_lifecycle import PAUSED_BY_SIDE


class HelpdeskTicketLifecycleEvents(models.Model):
    _inherit = "helpdesk.ticket"

    # ------------------------------------------------------------------
    # Handlers, one an event of the table
    # ------------------------------------------------------------------

    def _support_lifecycle_open_timers(self, kinds=None):
        timers = self.sudo().support_sla_timer_ids.filtered(
            lambda t: t.state in OPEN_STATES
        )
        if kinds is not None:
            timers = timers.filtered(lambda t: t.kind in kinds)
        return timers

    def _support_lifecycle_waiting_set_customer(self, now=None):
        """A reason that waits for the customer (or a stage that does): the
        clocks stop (R-22, DS 5.10), the auto-close countdown starts where
        the regulation has one (R-60)."""
        now = now or fields.Datetime.now()
        self._support_lifecycle_open_timers(PAUSED_BY_SIDE["customer"])._pause(now)
        self._support_update_waiting(now)

    def _support_lifecycle_waiting_set_vendor(self, now=None):
        """A reason on the vendor's side (diagnostics, development, an
        update): no guaranteed reaction is suspended (R-22, MQ 1.2, DS 2.3);
        a wait for the customer it replaces ends."""
        now = now or fields.Datetime.now()
        self._support_lifecycle_open_timers(PAUSED_BY_SIDE["vendor"])._pause(now)
        self._support_lifecycle_open_timers()._resume(now)
        self._support_update_waiting(now)

    def _support_lifecycle_waiting_cleared(self, now=None):
        now = now or fields.Datetime.now()
        self._support_lifecycle_open_timers()._resume(now)
        self._support_update_waiting(now)

    @api.model
    def _support_lifecycle_waiting_side_changed(self, domain, write, now=None):
        """A waiting reason moved to the other side, or a stage that starts
        or stops pausing (R-22, DS 5.10): the open tickets waiting in it
        (``domain``) move their clocks as setting it would — never a ticket
        that reads one side while its timers follow the other, a clock
        paused for good. ``write`` is the configuration's own write; its
        result is returned."""
        tickets = self.sudo().search(
            expression.AND([domain, [("stage_id.closed", "=", False)]])
        )
        before = tickets._support_lifecycle_before()
        result = write()
        tickets._support_lifecycle_after_write(before)
        return result

    def _support_lifecycle_closed(self, now=None):
        """Closed by staff, by the customer, by the auto-close or as a
        third-party problem (its timers excluded before): open timers met,
        the countdown stopped, the credentials reminder sent (R-63); the
        slot is freed by ``write`` (``_support_release_slots``)."""
        now = now or fields.Datetime.now()
        self._support_lifecycle_open_timers()._mark_met(now)
        self._support_update_waiting(now)
        self._support_on_close()

    def _support_lifecycle_reopened(self, message=None, stage=None, now=None):
        """Back in work (MQ 1.2, R-61): by the customer's ``message`` (the
        lifecycle writes the ``stage`` then) or by staff moving the stage.

        The wait the ticket was closed in is over — the customer has
        spoken — and the ticket re-enters work like a new one: within the
        customer's limit of tickets in work, queued beyond it (R-30), with a
        running response timer, none while queued. Reopened by staff too: a
        ticket back «в работе Службы технической поддержки» (MQ 1.2) is under
        its guaranteed response time again (MQ 1.2 «Основным показателем SLA
        является гарантированное время ответа», DS 2.1 «Максимальный срок
        реакции на обращение определяется установленным уровнем поддержки»),
        as the closing that met its former timer turned out not to end it;
        without one, an open ticket in work would run no clock at all.
        """
        now = now or fields.Datetime.now()
        tickets = self.sudo()
        if stage is not None:
            tickets.with_context(support_lifecycle_reopening=ON).write(
                {
                    "stage_id": stage.id,
                    "support_waiting_reason_id": False,
                    "support_queued": False,
                }
            )
        else:
            tickets.filtered("support_queued").write({"support_queued": False})
        if message:
            for ticket in tickets:
                ticket.message_post(
                    body=self.env._("Reopened by the customer's reply."),
                    subtype_xmlid="mail.mt_note",
                )
        queued = tickets._support_queue_over_limit()
        (tickets - queued)._support_start_timers(now)
        tickets._support_update_waiting(now)
        return tickets

    def _support_lifecycle_customer_message(self, message, now=None):
        """A message of the customer (portal, mail, chat): a closed ticket
        reopens (or a follow-up opens); on an open one, a wait for the
        customer ends and the reaction is owed (DS 2.3, R-36)."""
        self.ensure_one()
        if self.stage_id.closed:
            return self._support_reopen_or_follow_up(message)
        ticket = self.sudo()
        reason = ticket.support_waiting_reason_id
        vals = {}
        if reason and reason.waits_for_customer:
            vals["support_waiting_reason_id"] = False
        if ticket.stage_id.support_pause_sla:
            stage = ticket.company_id._get_support_processing_stage()
            if stage and not stage.support_pause_sla and not stage.closed:
                vals["stage_id"] = stage.id
        if vals:
            ticket.write(vals)
        self._support_start_reply_timer(message)
        return self

    def _support_lifecycle_staff_reply(self, message, now=None):
        """A public reply of staff: the reply timers (and, unless the tier
        wants the answer on the substance, the response) are met (R-21,
        R-36). A solution or a request the customer receives while the
        ticket waits for them starts the auto-close count again: MQ 1.2
        counts the 3 working days «с даты получения Пользователем
        соответствующего решения или запроса» (R-60), not from the moment
        the waiting reason was set."""
        self._support_on_public_staff_reply(message)
        waiting = self.filtered(
            lambda t: t.support_waiting_since
            and t._support_awaits_customer()
            and t._support_autoclose_days()
        )
        if waiting:
            waiting._support_start_waiting(message.date or now or fields.Datetime.now())

    def _support_lifecycle_solution_notice(self, now=None):
        """The system told the customer of a solution of their error — the
        release of a version with the fix or the end of support of the
        version (MQ 1.4 «Решением ошибки может быть: … Уведомление о выходе
        версии с исправлением …»): a ticket that already waits for the
        customer counts its 3 working days again from this notice, as MQ 1.2
        counts them «с даты получения Пользователем соответствующего
        решения» (R-60). A ticket not yet waiting starts its count when the
        notice's waiting reason is set."""
        now = now or fields.Datetime.now()
        waiting = self.filtered(
            lambda t: t.support_waiting_since
            and t._support_awaits_customer()
            and t._support_autoclose_days()
        )
        if waiting:
            waiting._support_start_waiting(now)

    def _support_lifecycle_answer(self, message, now=None):
        """The answer on the substance meets the response (MQ glossary)."""
        response = self.sudo().support_sla_timer_ids.filtered(
            lambda t: t.kind == "response" and self._support_unanswered(t)
        )
        response._mark_met(message.date or now or fields.Datetime.now(), message)

    def _support_lifecycle_auto_close(self, now=None):
        """Close the due tickets for want of the customer's reply (R-60),
        only those still waiting for the customer under a regulation that
        auto-closes; a date left over on any other is cleared instead."""
        now = now or fields.Datetime.now()
        tickets = self.sudo()
        due = tickets.filtered(
            lambda t: t._support_awaits_customer() and t._support_autoclose_days()
        )
        (tickets - due).write(
            {
                "support_waiting_since": False,
                "support_autoclose_date": False,
                "support_autoclose_reminder_date": False,
            }
        )
        due._support_send_template(
            "helpdesk_mgmt_support_contract.mail_template_autoclose"
        )
        by_stage = defaultdict(lambda: tickets.browse())
        stages = {}
        for ticket in due:
            key = (ticket.company_id, ticket.team_id)
            if key not in stages:
                stages[key] = ticket.company_id._get_support_autoclose_stage(
                    ticket.team_id
                )
            by_stage[stages[key]] |= ticket
        for stage, group in by_stage.items():
            # closed for want of a reply, not solved: no rating request
            group.with_context(support_autoclosing=ON).write(
                {
                    "stage_id": stage.id,
                    "support_waiting_reason_id": False,
                    "support_waiting_since": False,
                    "support_autoclose_date": False,
                    "support_autoclose_reminder_date": False,
                }
            )
        return due

    # ------------------------------------------------------------------
    # Handlers of the events applied with the concerns' code
    # ------------------------------------------------------------------

    def _support_lifecycle_created(self, start=None):
        """New tickets (DS 2.1, MQ 1.2): within the customer's limit of
        tickets in work or queued beyond it (MQ Appendix 1, R-30), then the
        reaction clock of those in work; ``start`` is the instant they count
        from (a chat message's, MQ 1.3)."""
        self._support_lifecycle_queued()
        self._support_start_timers(start)
        return self

    def _support_lifecycle_queued(self, now=None):
        """Tickets entering work beyond the customer's limit wait in its
        queue (MQ Appendix 1, R-30); returns those queued. A ticket that
        already ran a reaction clock (an archived one restored) stops it
        until it enters work, as a reclassified one does: no clock runs
        while queued."""
        queued = self._support_queue_over_limit()
        queued.sudo().support_sla_timer_ids.filtered(
            lambda t: t.kind in ("response", "reply") and t.state in OPEN_STATES
        )._cancel(now or fields.Datetime.now())
        return queued

    @api.model
    def _support_lifecycle_released(self, contracts=None):
        """Slots of ``contracts`` (the tickets' own by default) are free:
        their oldest queued tickets enter work (R-30)."""
        return self._support_release_slots(contracts)

    def _support_lifecycle_closed_third_party(self, now=None):
        """Closed as a third-party product problem (MQ 1.2, R-27): the open
        timers leave the statistics before the closing row runs."""
        now = now or fields.Datetime.now()
        self.sudo().support_sla_timer_ids._exclude(now)

    def _support_lifecycle_reclassified(self, category, level, reason):
        """Category and level changed with a reason (MQ 1.2, 1.4, R-23),
        by staff, by a priority change or by the demo."""
        return self._support_apply_reclassification(category, level, reason)

    def _support_lifecycle_criticality(self, confirmed_fix=False, now=None):
        """A critical defect confirmed: its fix term starts (MQ 1.2 «в
        течение 10 рабочих дней с момента подтверждения», R-24). Declared
        and revoked criticality re-select the level through the
        ``reclassified`` row."""
        if confirmed_fix:
            now = now or fields.Datetime.now()
            timers = self._support_start_critical_fix(now)
            # a ticket already linked to a known defect: the defect holds
            # the one fix term (MQ 1.4, R-24)
            self._support_hand_fix_to_defect(now)
            return timers
        return self.env["helpdesk.support.sla.timer"]

    def _support_lifecycle_defect_linked(self, now=None):
        """Tickets linked to a known defect (MQ 1.4 «Срок исправления
        критических ошибок составляет не более 10 рабочих дней с момента
        подтверждения», R-24): a running critical-fix term is handed to the
        defect, counted once there; the link's confirmation of the bug frees
        the slot (``support_defect_confirmed_date``, MQ 1.4, R-30)."""
        return self._support_hand_fix_to_defect(now or fields.Datetime.now())

    def _support_lifecycle_contract(self, reason, contracts=None, clock=None, now=None):
        """A contract applied, changed or ended (MQ 1.1, 1.5, Appendix 1;
        DS 3, R-30, R-34): the tickets' SLA re-applied under it (``reason``
        and ``contracts`` as :meth:`_support_reapply_sla` takes them). Open
        tickets take no slot away: they are in work, the new limit queues
        the customer's next tickets."""
        return self._support_reapply_sla(reason, contracts, clock=clock, now=now)

    @api.model
    def _support_lifecycle_schedule_changed(self, timers):
        """The working time of the timers' schedules changed (DS 2.1
        «только рабочее время»): their open deadlines move."""
        return timers._support_recompute()

    @api.model
    def _support_lifecycle_deadline_passed(self, timers, breach=False, now=None):
        """Working time passed (R-21, R-62): ``timers`` turn breached
        (``breach``) or at risk, each once, with its to-do or note."""
        now = now or fields.Datetime.now()
        if breach:
            return timers._support_turn_breached(now)
        return timers._support_turn_at_risk()

    def _support_lifecycle_autoclose_reminded(self):
        """One working day before the auto-close (R-60, MQ 1.2): tickets
        still waiting for the customer under a regulation that auto-closes
        are reminded once; a date left on any other is cleared."""
        tickets = self.sudo()
        remindable = tickets.filtered(
            lambda t: t._support_awaits_customer() and t._support_autoclose_days()
        )
        remindable._support_send_template(
            "helpdesk_mgmt_support_contract.mail_template_autoclose_reminder"
        )
        tickets.write({"support_autoclose_reminder_date": False})
        (tickets - remindable).write(
            {"support_waiting_since": False, "support_autoclose_date": False}
        )
        return remindable

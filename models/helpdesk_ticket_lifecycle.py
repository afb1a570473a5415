# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The ticket's SLA lifecycle: what each event of a ticket's life does to
its SLA state, in one table (``LIFECYCLE``) and one entry
(``_support_lifecycle_event``).

The SLA state is: the response and reply timers (the guaranteed reaction,
MQ 1.2 «Основным показателем SLA является гарантированное время ответа»,
DS 2.1, 2.3), the development and critical-fix timers, the waiting reason
and its side (DS 5.10, R-22), the slot of the open-ticket limit (MQ
Appendix 1, R-30), the auto-close date (MQ 1.2, R-60) and the stage.

Every entry point — the portal, the mail gateway, a chat, the backend form,
a wizard, the scheduled actions — raises an event; its handler below
(``_support_lifecycle_<event>``) moves the state, with the concern code the
row's last column names. Nothing else writes it: the event opens the
lifecycle's scope (``tools/lifecycle_scope.py``), and the timers and the
ticket's slot and auto-close fields refuse a write outside one
(:data:`SLA_STATE_FIELDS`). The README's section "The SLA, as the
regulations word it" is this table.
"""

from collections import defaultdict
from typing import NamedTuple

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.context_switch import server_switch
from ..tools.lifecycle_scope import check_lifecycle, in_lifecycle, lifecycle_scope
from .helpdesk_support_system_fields_mixin import check_system_fields


class LifecycleRow(NamedTuple):
    """One event of a ticket's life and the SLA state it moves."""

    event: str
    clause: str
    response_reply: str
    solution: str
    waiting: str
    slot: str
    autoclose: str
    stage: str
    # the code the handler applies the transitions with: "lifecycle" when
    # the handler holds them itself
    applied_by: str


#: the state columns of the table, in the README's order
STATE_COLUMNS = (
    ("response_reply", "Response and reply timers"),
    ("solution", "Development and critical-fix timers"),
    ("waiting", "Waiting reason"),
    ("slot", "Slot of the limit"),
    ("autoclose", "Auto-close date"),
    ("stage", "Stage"),
)

#: the ticket's fields of the SLA state (the timers are all state): only a
#: handler of the table writes them
SLA_STATE_FIELDS = frozenset(
    {
        "support_queued",
        "support_waiting_since",
        "support_autoclose_date",
        "support_autoclose_reminder_date",
    }
)

#: which timers a wait pauses, by the side the ball is on (R-22): a wait
#: for the customer pauses every clock; the vendor's own work (diagnostics,
#: development, an update) suspends no guaranteed reaction (MQ 1.2, DS 2.1,
#: 2.3) and no committed fix term (MQ 1.2: critical defects within 10
#: working days): it only postpones the solution, which neither regulation
#: guarantees (DS 2.3 «не может гарантировать время решения проблемы»).
PAUSED_BY_SIDE = {
    "customer": ("response", "reply", "development", "critical_fix"),
    "vendor": (),
}

LIFECYCLE = (
    LifecycleRow(
        "created",
        "DS 2.1, MQ 1.2, MQ Appendix 1",
        "response (or development) timer starts; paused when created in a "
        "stage waiting for the customer",
        "—",
        "—",
        "takes a slot, or queued beyond the limit",
        "—",
        "—",
        "_support_queue_over_limit, _support_start_timers",
    ),
    LifecycleRow(
        "queued",
        "MQ 1.2 «Одновременно в работе … может находиться ограниченное количество "
        "обращений»; MQ Appendix 1 (R-30)",
        "none starts until released",
        "—",
        "—",
        "queued, the customer told which tickets hold the slots",
        "—",
        "—",
        "_support_queue_over_limit (helpdesk.support.contract._support_queue_tickets)",
    ),
    LifecycleRow(
        "released",
        "MQ 1.2 «Одновременно в работе … может находиться ограниченное количество "
        "обращений»; MQ Appendix 1 (R-30)",
        "response timer starts",
        "—",
        "—",
        "takes the freed slot, oldest first",
        "—",
        "—",
        "_support_release_slots (after a close, a category or contract "
        "change, a higher limit)",
    ),
    LifecycleRow(
        "customer_message",
        "DS 2.3; MQ 1.2 «При отсутствии реакции Пользователя»",
        "a wait for the customer ends: paused timers resume; a reply timer "
        "starts when no response or reply is owed (DS 2.3)",
        "resume with the customer's wait",
        "a customer-side reason cleared; a vendor-side one stays",
        "—",
        "cleared",
        "a stage waiting for the customer → processing stage",
        "lifecycle",
    ),
    LifecycleRow(
        "staff_reply",
        "DS 2.1, 2.3 (R-21, R-36); MQ 1.2 «с даты получения Пользователем "
        "соответствующего решения или запроса» (R-60)",
        "reply timers met; the response timer met unless the tier requires "
        "the answer on the substance",
        "—",
        "—",
        "—",
        "counted again from the reply while the ticket waits for the customer",
        "—",
        "lifecycle",
    ),
    LifecycleRow(
        "solution_notice",
        "MQ 1.2 «с даты получения Пользователем соответствующего решения»; "
        "MQ 1.4 «Уведомление о выходе версии с исправлением» (R-60)",
        "—",
        "—",
        "—",
        "—",
        "counted again from the notice of the release (or of the end of "
        "support of the version) while the ticket waits for the customer",
        "—",
        "lifecycle",
    ),
    LifecycleRow(
        "answer",
        "MQ glossary «исчерпывающий ответ … по существу задаваемого вопроса» (R-37)",
        "response timer met",
        "—",
        "—",
        "—",
        "—",
        "—",
        "lifecycle",
    ),
    LifecycleRow(
        "waiting_set_customer",
        "DS 5.10; MQ 1.2 (R-22, R-60)",
        "paused",
        "paused",
        "set (waits for the customer)",
        "kept",
        "set when the ticket's regulation auto-closes (MQ: 3 working days)",
        "—",
        "lifecycle",
    ),
    LifecycleRow(
        "waiting_set_vendor",
        "DS 2.3, 5.10; MQ 1.2 «гарантированное время ответа» (R-22)",
        "keep running (a customer's wait it replaces ends: resumed)",
        "keep running",
        "set (the vendor's side)",
        "kept",
        "cleared",
        "—",
        "lifecycle",
    ),
    LifecycleRow(
        "waiting_cleared",
        "DS 5.10 (R-22)",
        "resume, the paused working time added",
        "resume",
        "cleared",
        "kept",
        "cleared",
        "—",
        "lifecycle",
    ),
    LifecycleRow(
        "closed",
        "DS 6; MQ 1.2 (by staff, by the customer on the portal)",
        "open timers met (late ones breached)",
        "open timers met",
        "cleared: a closed ticket waits for no one",
        "freed: the oldest queued ticket enters work",
        "cleared",
        "closed stage",
        "lifecycle",
    ),
    LifecycleRow(
        "auto_close",
        "MQ 1.2 «При отсутствии реакции Пользователя … в течение 3 (трех) "
        "рабочих дней» (R-60)",
        "open timers met",
        "open timers met",
        "cleared",
        "freed",
        "cleared",
        "Closed: no reply (no rating request, R-64); only while the ticket "
        "still waits for the customer under a regulation with auto-close",
        "lifecycle",
    ),
    LifecycleRow(
        "closed_third_party",
        "MQ 1.2 (R-27)",
        "open timers excluded from the statistics (late ones breached)",
        "excluded",
        "cleared",
        "freed",
        "cleared",
        "closed stage, closing reason third party",
        "_support_exclude_timers, then the closed row",
    ),
    LifecycleRow(
        "reopened",
        "MQ 1.2 «…такое обращение снова открывается»; DS 6 (R-61, R-30)",
        "a new response timer, running (none while queued), whether the "
        "customer's message or staff reopened it",
        "—",
        "cleared: the customer has spoken",
        "takes a slot within the limit, queued beyond it (R-30)",
        "cleared",
        "processing stage",
        "lifecycle",
    ),
    LifecycleRow(
        "reclassified",
        "MQ 1.2 «СТП вправе переклассифицировать обращение», 1.4; DS 3.8 (R-23)",
        "open timers retargeted; a response timer from the start when the "
        "category gains an SLA",
        "development timer starts on a development level",
        "—",
        "into a counted category: queued beyond the limit, its reaction "
        "timer cancelled until it enters work; out of it: frees its slot",
        "—",
        "—",
        "_support_apply_reclassification, _support_retarget_timers, "
        "_support_reclassified_slots",
    ),
    LifecycleRow(
        "criticality",
        "MQ 1.2, 1.4; DS 2.1, 3.1, 3.3 (R-24, R-38): declared, confirmed, revoked",
        "level re-selected, open timers retargeted",
        "critical fix timer starts on confirmation",
        "—",
        "a confirmed defect frees its slot",
        "—",
        "—",
        "_support_reclassified by priority, _support_start_critical_fix",
    ),
    LifecycleRow(
        "defect_linked",
        "MQ 1.4 «Срок исправления критических ошибок составляет не более 10 "
        "рабочих дней с момента подтверждения» (R-24, R-30)",
        "—",
        "a running critical-fix timer handed to the known defect: not counted "
        "on the ticket, its deadline binds the defect's",
        "—",
        "a confirmed defect frees its slot",
        "—",
        "—",
        "_support_hand_fix_to_defect (the confirmation: action_support_confirm_defect)",
    ),
    LifecycleRow(
        "contract",
        "MQ 1.1, 1.5, Appendix 1; DS 3 (R-30, R-34): applied, changed, ended",
        "timers restarted or retargeted under the new tier",
        "—",
        "—",
        "queue re-counted under the new limit",
        "—",
        "—",
        "_support_reapply_sla (helpdesk_ticket_sla_reapply)",
    ),
    LifecycleRow(
        "waiting_side_changed",
        "DS 5.10; MQ 1.2 «гарантированное время ответа» (R-22)",
        "the tickets waiting in it paused or resumed as setting it would",
        "paused or resumed with them",
        "kept (its side changed)",
        "kept",
        "started or cleared with the side",
        "—",
        "lifecycle",
    ),
    LifecycleRow(
        "schedule_changed",
        "DS 2.1 «только рабочее время»; MQ Appendix 1",
        "open deadlines recomputed in the background",
        "recomputed",
        "—",
        "—",
        "—",
        "—",
        "helpdesk.support.sla.timer._support_recompute",
    ),
    LifecycleRow(
        "deadline_passed",
        "DS 2.1; MQ 1.2 «гарантированное время ответа» (R-21, R-62)",
        "at risk when the share of the target is used (a to-do for the "
        "assignee), breached at the deadline (a note, the team leader told)",
        "the same",
        "—",
        "—",
        "—",
        "—",
        "helpdesk.support.sla.timer._support_turn_breached, _support_turn_at_risk",
    ),
    LifecycleRow(
        "autoclose_reminded",
        "MQ 1.2 «в течение 3 (трех) рабочих дней» (R-60: a reminder before)",
        "—",
        "—",
        "—",
        "—",
        "reminded once, one working day before; a date left on a ticket no "
        "longer waiting for the customer is cleared",
        "—",
        "lifecycle",
    ),
)

#: event name -> row
LIFECYCLE_EVENTS = {row.event: row for row in LIFECYCLE}
#: the events ``_support_lifecycle_event`` applies: every row of the table
ROUTED_EVENTS = frozenset(LIFECYCLE_EVENTS)


class SlaStateBefore(NamedTuple):
    """What ``write`` remembers of a ticket to see which event it was."""

    paused: bool
    closed: bool
    reason_id: int


class HelpdeskTicketLifecycle(models.Model):
    _inherit = "helpdesk.ticket"

    # ------------------------------------------------------------------
    # The entry
    # ------------------------------------------------------------------

    def _support_lifecycle_event(self, event, **payload):
        """Apply ``event`` (a key of ``LIFECYCLE_EVENTS``) to the tickets of
        ``self`` (or, for the events of timers and contracts, to the records
        of ``payload``); ``payload`` is the event's (``message``, ``now``,
        ``contracts``, ``timers`` …). The SLA state may be written while it
        runs, and only then (``tools/lifecycle_scope.py``)."""
        if event not in ROUTED_EVENTS:
            raise ValueError(f"Not a lifecycle event: {event}")
        handler = getattr(self, f"_support_lifecycle_{event}")
        with lifecycle_scope(self.env):
            return handler(**payload)

    # ------------------------------------------------------------------
    # Nothing else writes the state
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        tickets = super().create(vals_list)
        if any(SLA_STATE_FIELDS.intersection(vals) for vals in vals_list):
            # after the rights: a user's forbidden value is an access error
            check_lifecycle(self.env, "helpdesk.ticket")
        return tickets

    def write(self, vals):
        if "support_contract_id" in vals and not in_lifecycle(self.env):
            return self._support_write_contract(vals)
        result = super().write(vals)
        if SLA_STATE_FIELDS.intersection(vals):
            check_lifecycle(self.env, "helpdesk.ticket")
        return result

    def _support_write_contract(self, vals):
        """A manager chooses the ticket's contract on its form: the
        ``contract`` event, as applying a contract is (MQ 1.2 «согласно
        указанному в сервисном договоре уровню технической поддержки», MQ
        Appendix 1, R-30, R-34) — the level and the timers follow the new
        tier; like a contract applied to open tickets, the ticket in work
        stays in work and the limit queues the customer's next tickets. A
        closed ticket only records the contract."""
        check_system_fields(self, [vals])
        self.check_access("write")
        vals = dict(vals)
        contract_id = vals.pop("support_contract_id") or False
        contract = self.env["helpdesk.support.contract"].browse(contract_id).exists()
        if contract_id and not contract:
            # a client's value (-1, a deleted contract): refused before
            # anything moves, not a database error half-way
            raise ValidationError(self.env._("This support contract does not exist."))
        contract.check_access("read")
        result = self.write(vals) if vals else True
        moving = self.filtered(lambda t: t.sudo().support_contract_id != contract)
        closed = moving.filtered(lambda t: t.stage_id.closed)
        if closed:
            super(HelpdeskTicketLifecycle, closed).write(
                {"support_contract_id": contract.id}
            )
        if moving - closed:
            (moving - closed)._support_lifecycle_event(
                "contract",
                reason=self.env._(
                    "contract chosen on the ticket: %(contract)s",
                    contract=contract.display_name or "—",
                ),
                contracts=dict.fromkeys((moving - closed).ids, contract),
            )
        return result

    # ------------------------------------------------------------------
    # Writes of the stage and the waiting reason: which event they are
    # ------------------------------------------------------------------

    def _support_lifecycle_prepare_write(self, vals):
        """``vals`` of a write, completed by the lifecycle: closing clears
        the waiting reason (a closed ticket waits for no one, so a reply
        that reopens it does not find the old wait)."""
        if "stage_id" not in vals or "support_waiting_reason_id" in vals:
            return vals
        stage = self.env["helpdesk.ticket.stage"].browse(vals["stage_id"])
        if stage.closed and self.filtered("support_waiting_reason_id"):
            return dict(vals, support_waiting_reason_id=False)
        return vals

    def _support_lifecycle_before(self):
        """{ticket id: :class:`SlaStateBefore`}, taken before a write."""
        return {
            ticket.id: SlaStateBefore(
                paused=ticket.support_sla_paused,
                closed=ticket.stage_id.closed,
                reason_id=ticket.support_waiting_reason_id.id,
            )
            for ticket in self
        }

    def _support_lifecycle_after_write(self, before):
        """Raise the events a write of the stage or of the waiting reason
        was; ``before`` is :meth:`_support_lifecycle_before`."""
        now = fields.Datetime.now()
        reopening = server_switch(self.env, "support_lifecycle_reopening")
        events = defaultdict(lambda: self.browse())
        for ticket in self:
            was = before[ticket.id]
            closed = ticket.stage_id.closed
            reason = ticket.support_waiting_reason_id
            if closed and not was.closed:
                events["closed"] |= ticket
            elif was.closed and not closed:
                if not reopening:
                    events["reopened"] |= ticket
            elif closed:
                continue
            elif ticket.support_sla_paused and not was.paused:
                events["waiting_set_customer"] |= ticket
            elif (
                reason
                and not ticket.support_sla_paused
                and (reason.id != was.reason_id)
            ):
                events["waiting_set_vendor"] |= ticket
            elif was.paused and not ticket.support_sla_paused:
                events["waiting_cleared"] |= ticket
        for event, tickets in events.items():
            tickets._support_lifecycle_event(event, now=now)
        # a change within one side (one customer-side reason for another)
        # keeps the countdown; the others' countdown follows their state
        with lifecycle_scope(self.env):
            self._support_update_waiting(now)

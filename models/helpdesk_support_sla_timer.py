# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from typing import NamedTuple

from odoo import api, fields, models

from ..tools.lifecycle_scope import check_lifecycle
from .helpdesk_support_response_target_mixin import RESPONSE_UNITS, response_target_text

TIMER_KINDS = [
    ("response", "Response"),
    ("critical_fix", "Critical defect fix"),
    ("development", "Development"),
    # DS 2.3: the reaction to additional information from the customer
    ("reply", "Reply to the customer"),
]
OPEN_STATES = ("running", "paused", "at_risk")
SLA_TIMERS_CRON = "helpdesk_mgmt_support_contract.ir_cron_support_sla_timers"
# open deadlines moved after a change of working time, and open tickets
# following their contract's new tier (helpdesk_support_contract_follow.py)
RECOMPUTE_CRON = "helpdesk_mgmt_support_contract.ir_cron_support_sla_recompute"
CLOSED_STATES = ("met", "breached")
# how a timer counts: from the ticket's creation, or from the moment a
# contract was applied to a ticket already open
SLA_CLOCKS = [
    ("created", "From the ticket's creation"),
    ("applied", "From the contract's application"),
]

# the columns scheduling reads, in the order of ScheduleRow (after the id)
SCHEDULE_COLUMNS = [
    "start_date",
    "target_value",
    "target_unit",
    "paused_seconds",
    "pause_start",
    "state",
    "company_id",
    "kind",
]
# Timers whose target in working days is a period from a date, counted as
# the Civil Code counts one (ГК РФ ст. 191, 193, 194: from the day after the
# date to the end of the N-th working day): «Критичные дефекты исправляются
# Производителем в течение 10 рабочих дней с момента подтверждения наличия
# дефекта СТП» (MQ 1.2, 1.4). The SLA's response and reaction times in
# working days (MQ Appendix 1 «Гарантированное время ответа» of Basic: «1
# рабочий день»; DS 3.9 «Максимальное время реакции на обращение – 24
# рабочих дня»)
# are a time measured from the instant of the request: the same
# working offset into the N-th next working day.
CIVIL_PERIOD_KINDS = ("critical_fix",)


class ScheduleRow(NamedTuple):
    """One timer as scheduling reads it (:meth:`_schedule_rows`)."""

    id: int
    start_date: object  # naive UTC datetime
    target_value: float
    target_unit: str
    paused_seconds: float
    pause_start: object  # naive UTC datetime or None
    state: str
    company_id: int
    kind: str = "response"


class HelpdeskSupportSlaTimer(models.Model):
    """One obligation of the support regulation on one ticket (R-21, R-24).

    A timer counts a target in working time of a schedule from ``start_date``.
    Working time spent while the ticket waits on the customer is added to
    ``paused_seconds`` and pushes the deadline; ``at_risk_date`` is the instant
    a configurable share of the target is used. Once met or breached a timer
    is history: nothing recomputes it again.

    One file per concern, each a plain extension owning its fields:
    ``helpdesk_support_sla_timer_schedule.py`` (deadlines counted in working
    time, pauses; R-03, R-22), ``…_state.py`` (met, breached, cancelled,
    excluded; reminders and escalation, R-21, R-62), ``…_recompute.py``
    (open deadlines moved in the background after a change of working time).
    """

    _name = "helpdesk.support.sla.timer"
    # the SLA's clock, kept by the system only; open deadlines moved
    # in the background after a change of working time
    _inherit = ["helpdesk.support.system.fields.mixin"]
    _support_write_rights = {}
    _description = "Support SLA Timer"
    _order = "deadline, id"
    _check_company_auto = True

    ticket_id = fields.Many2one(
        "helpdesk.ticket", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(
        related="ticket_id.company_id", store=True, index=True, string="Company"
    )
    team_id = fields.Many2one(related="ticket_id.team_id", store=True, string="Team")
    user_id = fields.Many2one(
        related="ticket_id.user_id", store=True, string="Assigned user"
    )
    partner_id = fields.Many2one(
        related="ticket_id.commercial_partner_id", store=True, string="Customer"
    )
    contract_id = fields.Many2one(
        "helpdesk.support.contract", readonly=True, index=True
    )
    tier_id = fields.Many2one("helpdesk.support.tier", readonly=True)
    support_sla_level_id = fields.Many2one(
        "helpdesk.support.sla.level", string="SLA level", readonly=True
    )
    # the timer's own: a met or breached timer keeps how it was counted
    sla_clock = fields.Selection(
        SLA_CLOCKS,
        string="SLA counted",
        default="created",
        readonly=True,
        index=True,
    )
    kind = fields.Selection(TIMER_KINDS, required=True, default="response", index=True)
    resource_calendar_id = fields.Many2one(
        "resource.calendar", string="Schedule", required=True, readonly=True
    )
    target_value = fields.Float(string="Target value", readonly=True)
    target_unit = fields.Selection(
        RESPONSE_UNITS,
        string="Target unit",
        required=True,
        default="hours",
        readonly=True,
    )
    target_display = fields.Char(string="Target", compute="_compute_target_display")
    start_date = fields.Datetime(string="Start", required=True, readonly=True)
    deadline = fields.Datetime(readonly=True, index=True)
    at_risk_date = fields.Datetime(
        string="At risk from",
        readonly=True,
        index=True,
        help="Instant at which the share of the target set in the settings is used.",
    )
    state = fields.Selection(
        [
            ("running", "Running"),
            ("paused", "Paused"),
            ("at_risk", "At risk"),
            ("met", "Met"),
            ("breached", "Breached"),
            # the ticket was closed as a third-party product problem
            ("excluded", "Not counted"),
            ("cancelled", "Cancelled"),
        ],
        required=True,
        default="running",
        readonly=True,
        index=True,
    )
    compliance = fields.Float(
        string="Compliance (%)",
        aggregator="avg",
        compute="_compute_compliance",
        store=True,
        # what the compute gives a new (running) timer: recomputed equal at
        # the flush, no UPDATE after the INSERT
        default=0.0,
        help="100 for a met timer, 0 otherwise: its average over met and "
        "breached timers is the compliance rate.",
    )
    # MQ 1.4 «Срок исправления критических ошибок составляет не более 10
    # рабочих дней с момента подтверждения»: one fix obligation per
    # known defect. A ticket confirmed critical before it was linked hands
    # its running fix term to the defect: the timer is not counted on the
    # ticket, and its deadline, the date the customer was promised, binds
    # the defect.
    handed_defect_id = fields.Many2one(
        "helpdesk.support.defect",
        string="Handed to the known defect",
        readonly=True,
        index="btree_not_null",
        groups="helpdesk_mgmt_support_contract.group_support_user",
        help="The critical-fix term is counted once, on this known defect "
        "(MQ 1.4): this timer is not counted.",
    )
    # the compliance pivot's period (this year by default): empty for the
    # timers that do not count, so that PostgreSQL reads, and expects to
    # read, only the counted timers of the period through this index, not
    # the open timers started in it nor the years of history (R-29,
    # bench/bench_scale.py)
    compliance_date = fields.Datetime(
        string="Counted from",
        compute="_compute_compliance_date",
        store=True,
        default=False,
        index="btree_not_null",
        help="The start of a met or breached timer, the instant by which it "
        "counts for compliance; empty while it runs.",
    )

    # ------------------------------------------------------------------
    # A timer is SLA state: written by the lifecycle's events only
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        timers = super().create(vals_list)
        # after the rights: a user's forbidden write is an access error; an
        # empty create (a client's ``create([])``) creates no state
        if timers:
            check_lifecycle(self.env, self._name)
        return timers

    def write(self, vals):
        result = super().write(vals)
        # an empty recordset (a client's ``write([], …)``) moves no clock
        # a normal result, not the lifecycle's programming error
        if self:
            check_lifecycle(self.env, self._name)
        return result

    def unlink(self):
        self.check_access("unlink")
        check_lifecycle(self.env, self._name)
        return super().unlink()

    @api.depends("ticket_id.number", "kind")
    def _compute_display_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for timer in self:
            timer.display_name = f"{timer.ticket_id.number} – {kinds[timer.kind]}"

    @api.depends(
        "target_value",
        "target_unit",
        "resource_calendar_id.attendance_ids",
        "resource_calendar_id.production_calendar_id",
    )
    @api.depends_context("lang")
    def _compute_target_display(self):
        round_the_clock = self.resource_calendar_id._support_round_the_clock_ids()
        for timer in self:
            timer.target_display = response_target_text(
                self.env,
                timer.target_value,
                timer.target_unit,
                timer.resource_calendar_id.id in round_the_clock,
            )

    @api.depends("state")
    def _compute_compliance(self):
        for timer in self:
            timer.compliance = 100.0 if timer.state == "met" else 0.0

    @api.depends("state", "start_date")
    def _compute_compliance_date(self):
        for timer in self:
            counted = timer.state in ("met", "breached")
            timer.compliance_date = timer.start_date if counted else False

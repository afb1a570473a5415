# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A known defect of a product: one defect, the tickets of every customer
who reported it, the version that fixes it.

MQ 1.4: «Решением ошибки может быть: … Уведомление о выходе версии с
исправлением или аналогичным функционалом; Прекращение поддержки версий ПО
с указанным в ошибке функционалом. Срок исправления критических ошибок
составляет не более 10 рабочих дней с момента подтверждения. Исправление
прочих ошибок определяется релизной политикой Производителя». DS 2.2 sends
what the product cannot solve to development «с последующим выпуском
обновления»; DS 4.4: a found error «устраняется в процессе диагностики или в
последующих обновлениях».

The defect holds the fix deadline once, whatever the number of tickets
linked to it; a ticket linked to it is a confirmed bug and leaves the
open-ticket limit (MQ 1.4 «Подтвержденные ошибки не учитываются для
ограничения одновременно открытых обращений»).
"""

from datetime import timedelta

from odoo import api, fields, models

from .helpdesk_support_system_fields_mixin import (
    SUPPORT_MANAGER,
    SUPPORT_USER,
    writable,
)

DEFECT_STATUSES = [
    ("confirmed", "Confirmed"),
    ("in_development", "In development"),
    ("fixed", "Fixed in a version"),
    ("released", "Released"),
    ("withdrawn", "Support withdrawn"),
]
# the statuses a defect still waits for its fix in
OPEN_STATUSES = ("confirmed", "in_development", "fixed")


class HelpdeskSupportDefect(models.Model):
    _name = "helpdesk.support.defect"
    _description = "Known Defect"
    _inherit = ["helpdesk.support.system.fields.mixin", "mail.thread"]
    _order = "fix_deadline, id desc"
    # support users link tickets (the link confirms their bug, MQ 1.4); the
    # defect itself, its status and its versions are the managers' (R-24)
    _support_write_rights = {
        SUPPORT_USER: writable("ticket_ids"),
        SUPPORT_MANAGER: writable(
            "name",
            "public_title",
            "description",
            "product_id",
            "affected_version_ids",
            "critical",
            "status",
            "target_version_id",
            "company_id",
            "ticket_ids",
        ),
    }

    name = fields.Char(string="Title", required=True, tracking=True)
    public_title = fields.Char(
        required=True,
        translate=True,
        help="What the customer reads on the portal: no internal details.",
    )
    description = fields.Html(
        string="Internal notes", help="For the staff only; never on the portal."
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    product_id = fields.Many2one(
        "helpdesk.support.product",
        required=True,
        domain="[('company_id', 'in', (company_id, False))]",
        tracking=True,
    )
    affected_version_ids = fields.Many2many(
        "helpdesk.support.product.version",
        "helpdesk_support_defect_affected_version_rel",
        "defect_id",
        "version_id",
        string="Affected versions",
        domain="[('product_id', '=', product_id)]",
    )
    critical = fields.Boolean(
        tracking=True,
        help="A critical defect is fixed within 10 working days of its "
        "confirmation (MQ 1.4); the others by the vendor's release policy.",
    )
    confirmed_date = fields.Datetime(
        string="Confirmed on",
        readonly=True,
        copy=False,
        default=fields.Datetime.now,
        help="The fix term of a critical defect counts from here (MQ 1.2 «с "
        "момента подтверждения наличия дефекта СТП»).",
    )
    critical_date = fields.Datetime(
        string="Criticality confirmed on", readonly=True, copy=False, tracking=True
    )
    status = fields.Selection(
        DEFECT_STATUSES,
        required=True,
        default="confirmed",
        tracking=True,
        group_expand="_group_expand_status",
    )
    target_version_id = fields.Many2one(
        "helpdesk.support.product.version",
        string="Fixed in version",
        domain="[('product_id', '=', product_id)]",
        tracking=True,
        index="btree_not_null",
    )
    ticket_ids = fields.One2many(
        "helpdesk.ticket", "support_defect_id", string="Tickets"
    )
    ticket_count = fields.Integer(string="Linked tickets", compute="_compute_counts")
    customer_count = fields.Integer(string="Customers", compute="_compute_counts")
    fix_deadline = fields.Datetime(
        compute="_compute_fix_deadline",
        store=True,
        help="A critical defect: 10 working days from its confirmation, in the "
        "vendor's development schedule (MQ 1.2, 1.4), or the earlier fix "
        "deadline a linked ticket was already promised. Empty for the others: "
        "the release policy decides.",
    )
    # the fix terms of tickets confirmed critical before they were linked:
    # handed to the defect, counted once here (MQ 1.4, R-24)
    handed_timer_ids = fields.One2many(
        "helpdesk.support.sla.timer",
        "handed_defect_id",
        string="Fix terms handed by tickets",
        readonly=True,
    )
    # MQ 1.4 «Решением ошибки может быть: … Уведомление о выходе версии с
    # исправлением …; Прекращение поддержки версий ПО»: the fix obligation
    # ends when the release with the fix is published, or the support of
    # the version withdrawn
    solved_date = fields.Datetime(
        string="Solution published on",
        readonly=True,
        copy=False,
        help="When the release with the fix was published, or the support for "
        "the version withdrawn (MQ 1.4): the end of the fix term.",
    )
    # set by the SLA timers' scheduled action when the fix deadline passed
    # before any solution was published
    fix_overdue = fields.Boolean(
        string="Fix deadline passed", readonly=True, copy=False
    )
    fix_state = fields.Selection(
        [("running", "Running"), ("met", "Met"), ("breached", "Breached")],
        string="Fix deadline",
        compute="_compute_fix_state",
        store=True,
        index="btree_not_null",
        help="The fix deadline counted once per defect, never per linked "
        "ticket (MQ 1.4): met when the solution was published by the deadline, "
        "breached when it was published late or the deadline passed.",
    )
    fix_compliance = fields.Float(
        string="Fix compliance (%)",
        aggregator="avg",
        compute="_compute_fix_state",
        store=True,
        help="100 for a fix deadline met, 0 otherwise: its average over the "
        "defects met or breached is the fix compliance rate.",
    )
    # the notice the release job is sending for this defect (MQ 1.4: the
    # release of the fix, or the end of support of the version)
    notice = fields.Selection(
        [("release", "Release"), ("withdrawal", "Withdrawal")],
        readonly=True,
        copy=False,
    )
    notice_version_id = fields.Many2one(
        "helpdesk.support.product.version", readonly=True, copy=False
    )

    @api.model
    def _group_expand_status(self, statuses, domain):
        return [key for key, _label in DEFECT_STATUSES]

    # ------------------------------------------------------------------
    # Counts and the fix deadline
    # ------------------------------------------------------------------

    def _compute_counts(self):
        groups = self.env["helpdesk.ticket"]._read_group(
            [("support_defect_id", "in", self.ids)],
            ["support_defect_id"],
            ["__count", "commercial_partner_id:count_distinct"],
        )
        counts = {defect.id: (count, customers) for defect, count, customers in groups}
        for defect in self:
            defect.ticket_count, defect.customer_count = counts.get(defect.id, (0, 0))

    @api.depends(
        "critical",
        "confirmed_date",
        "company_id.support_fix_calendar_id",
        "company_id.resource_calendar_id",
        "company_id.support_critical_fix_days",
        "handed_timer_ids.deadline",
    )
    def _compute_fix_deadline(self):
        """Once per defect (not per ticket): 10 working days from the
        confirmation of the defect (MQ 1.2 «Критичные дефекты исправляются
        Производителем в течение 10 рабочих дней с момента подтверждения
        наличия дефекта СТП», MQ 1.4 «не более 10 рабочих дней с момента
        подтверждения», R-24), counted as the ticket's own fix term is, as a
        civil period (the days after the date).

        The term runs from the confirmation of the defect's existence, also
        when its criticality is recognised later: MQ 1.2 names that moment.
        The working days are the vendor's, who fixes the defect («исправляются
        Производителем»): the company's development schedule on the
        production calendar, never a linked customer's 24x7 support schedule,
        so linking a ticket never moves the deadline. None for other
        defects: their fix is the release policy's (MQ 1.4).

        A ticket confirmed critical before it was linked was promised its
        own fix date: its term, handed to the defect, binds it too, so the
        earliest of the two is the defect's deadline — one obligation, kept
        for every customer.
        """
        for defect in self:
            deadlines = [
                timer.deadline
                for timer in defect.sudo().handed_timer_ids
                if timer.deadline
            ]
            start = defect.critical and defect.confirmed_date
            calendar = start and defect.company_id._get_support_fix_calendar()
            if calendar:
                days = defect.company_id.support_critical_fix_days or 10
                own = defect._fix_deadline_in(calendar, start, days)
                if own:
                    deadlines.append(own)
            defect.fix_deadline = min(deadlines) if deadlines else False

    @api.depends("fix_deadline", "solved_date", "fix_overdue")
    def _compute_fix_state(self):
        """Met or breached once per defect (MQ 1.4 «Срок исправления
        критических ошибок составляет не более 10 рабочих дней с момента
        подтверждения», R-24, R-29): the monthly report and the compliance
        pivot count the defect, not each ticket that reported it."""
        for defect in self:
            deadline = defect.fix_deadline
            if not deadline:
                state = False
            elif defect.solved_date:
                state = "met" if defect.solved_date <= deadline else "breached"
            else:
                state = "breached" if defect.fix_overdue else "running"
            defect.fix_state = state
            defect.fix_compliance = 100.0 if state == "met" else 0.0

    @api.model
    def _support_mark_fix_overdue(self, now=None):
        """The critical defects whose fix deadline passed with no solution
        published are breached (MQ 1.4): one statement, run with the SLA
        timers' scheduled action."""
        now = now or fields.Datetime.now()
        overdue = self.sudo().search(
            [
                ("fix_state", "=", "running"),
                ("fix_deadline", "<=", now),
            ]
        )
        overdue.write({"fix_overdue": True})
        return overdue

    def _support_mark_solved(self):
        """The release with the fix is published, or the support of the
        version withdrawn (MQ 1.4): the fix term ends now, once."""
        self.sudo().filtered(lambda d: not d.solved_date).write(
            {"solved_date": fields.Datetime.now()}
        )

    @api.model
    def _fix_deadline_in(self, calendar, start, days):
        """The end of the working time of the ``days``-th working day after
        ``start``'s date in ``calendar`` (None beyond a long holiday)."""
        span = days * 7 // 5 + 30
        for _attempt in range(4):
            engine = calendar._get_working_time_engine(
                start - timedelta(days=1), start + timedelta(days=span)
            )
            result = engine.working_days_from_date_span(engine.local_date(start), days)
            if result is not None:
                return engine.instant(result[1])
            span *= 2
        return None

    # ------------------------------------------------------------------
    # Criticality
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        defects = super().create(vals_list)
        defects._stamp_critical()
        return defects

    def write(self, vals):
        result = super().write(vals)
        if vals.get("critical"):
            self._stamp_critical()
        return result

    def _stamp_critical(self):
        """The criticality's confirmation date is the system's: set once,
        when the defect becomes critical, never by hand. It records when
        support recognised the criticality (MQ 1.4 «Сотрудник поддержки
        вправе отменить установленную клиентом критичность»); the fix term
        still counts from the defect's confirmation (MQ 1.2)."""
        stamp = self.filtered(lambda d: d.critical and not d.critical_date)
        if stamp:
            stamp.sudo().write({"critical_date": fields.Datetime.now()})

# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Defects confirmed by support: a confirmed defect leaves the open-ticket
limit (MQ 1.4), a confirmed critical defect starts its fix term (MQ 1.2
«в течение 10 рабочих дней с момента подтверждения наличия дефекта СТП»,
R-24). The confirmation dates are the system's: the buttons write them
with ``sudo()`` after checking who confirms.
"""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .helpdesk_support_system_fields_mixin import SUPPORT_USER, support_callable


class HelpdeskTicketDefect(models.Model):
    _inherit = "helpdesk.ticket"

    support_critical_defect_date = fields.Datetime(
        string="Critical defect confirmed on", readonly=True, tracking=True, copy=False
    )
    support_defect_confirmed_date = fields.Datetime(
        string="Defect confirmed on",
        readonly=True,
        tracking=True,
        copy=False,
        help="Confirmed defects do not take a slot of the open-ticket limit (MQ 1.4).",
    )
    support_defect_id = fields.Many2one(
        "helpdesk.support.defect",
        string="Known defect",
        index="btree_not_null",
        tracking=True,
        copy=False,
        groups="helpdesk_mgmt_support_contract.group_support_user",
        help="The defect this ticket reported; linking confirms the bug (MQ 1.4).",
    )
    # when the customer was told of the defect's release or of the end of
    # support of the version (MQ 1.4): once per ticket and defect
    support_defect_notice_date = fields.Datetime(
        string="Solution notice sent on",
        readonly=True,
        copy=False,
        groups="helpdesk_mgmt_support_contract.group_support_user",
    )

    @api.constrains("support_defect_id", "company_id")
    def _check_support_defect_company(self):
        """A defect gathers the tickets of its own company only: another
        company's ticket is never linked (nor seen) through it."""
        for ticket in self.sudo():
            defect = ticket.support_defect_id
            if defect and defect.company_id != ticket.company_id:
                raise ValidationError(
                    self.env._(
                        "Ticket %(ticket)s belongs to another company than the "
                        "defect %(defect)s.",
                        ticket=ticket.display_name,
                        defect=defect.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        tickets = super().create(vals_list)
        if any(vals.get("support_defect_id") for vals in vals_list):
            tickets.filtered(
                lambda t: t.sudo().support_defect_id
            )._support_defect_linked()
        return tickets

    def write(self, vals):
        # only a new link is a link: the same defect written again (a list
        # or a form saved whole) keeps the ticket told of its release once
        # (MQ 1.4)
        linked = None
        if vals.get("support_defect_id"):
            linked = self.filtered(
                lambda t: t.sudo().support_defect_id.id != vals["support_defect_id"]
            )
        result = super().write(vals)
        if linked:
            linked._support_defect_linked()
        return result

    def _support_defect_linked(self):
        """A ticket linked to a known defect is a confirmed bug: confirmed
        as the button confirms it, so it leaves the open-ticket limit (MQ 1.4
        «Подтвержденные ошибки не учитываются для ограничения одновременно
        открытых обращений»); the defect's next notice is the ticket's
        again (a ticket moved to another defect hears of that one's fix)."""
        self.sudo().filtered("support_defect_notice_date").write(
            {"support_defect_notice_date": False}
        )
        self.filtered(
            lambda t: not t.support_defect_confirmed_date
        ).action_support_confirm_defect()
        # a critical-fix term the ticket already runs becomes the defect's
        self._support_lifecycle_event("defect_linked", now=fields.Datetime.now())

    def _support_check_defect_confirmation(self):
        """Who may confirm a defect: support staff who may write the tickets.

        The confirmation dates are maintained by the system, never written by
        a client (R-24, MQ 1.4): the buttons write them with ``sudo()`` after
        this check.

        :raise AccessError: otherwise
        """
        if not self.env.su and not self.env.user.has_group(
            "helpdesk_mgmt_support_contract.group_support_user"
        ):
            raise AccessError(self.env._("Only support staff can confirm a defect."))
        self.check_access("write")

    def _support_portal_defect(self):
        """The public face of the ticket's known defect for its portal page
        (MQ 1.4): its public title, status and target version, never its
        internal title or notes nor its other tickets. The defect is no
        portal model: read as superuser only after the viewer's read access
        to this ticket is checked."""
        self.ensure_one()
        self.check_access("read")
        defect = self.sudo().support_defect_id
        if not defect:
            return {}
        statuses = dict(defect._fields["status"]._description_selection(self.env))
        return {
            "title": defect.public_title,
            "status": statuses.get(defect.status, ""),
            "version": defect.target_version_id.name or "",
        }

    @support_callable(SUPPORT_USER)
    def action_support_confirm_defect(self):
        """A confirmed defect leaves the open-ticket limit (MQ 1.4)."""
        self._support_check_defect_confirmation()
        self.filtered(lambda t: not t.support_defect_confirmed_date).sudo().write(
            {"support_defect_confirmed_date": fields.Datetime.now()}
        )
        return True

    @support_callable(SUPPORT_USER)
    def action_support_confirm_critical_defect(self):
        """Staff confirm a critical defect: the fix deadline starts (R-24)."""
        self._support_check_defect_confirmation()
        now = fields.Datetime.now()
        confirmed = self.filtered("support_critical_defect_date")
        if confirmed:
            raise UserError(
                self.env._(
                    "A critical defect is already confirmed on %(tickets)s.",
                    tickets=", ".join(confirmed.mapped("display_name")),
                )
            )
        self.sudo().write(
            {
                "support_critical_defect_date": now,
                "support_defect_confirmed_date": now,
                "priority": "3",
            }
        )
        self._support_lifecycle_event("criticality", confirmed_fix=True, now=now)
        for ticket in self:
            ticket.message_post(
                body=self.env._(
                    "Critical defect confirmed: fix due within %(days)s working days.",
                    days=ticket.company_id.support_critical_fix_days,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def _support_start_critical_fix(self, now):
        """The fix term of a confirmed critical defect (MQ 1.2 «в течение 10
        рабочих дней с момента подтверждения наличия дефекта СТП», R-24)."""
        vals_list = []
        for ticket in self:
            company = ticket.company_id
            calendar = company._get_support_fix_calendar()
            if not calendar:
                raise UserError(
                    self.env._(
                        "Set a development schedule in the helpdesk settings of "
                        "%(company)s first.",
                        company=company.display_name,
                    )
                )
            vals_list.append(
                ticket._support_timer_vals(
                    "critical_fix",
                    calendar,
                    company.support_critical_fix_days,
                    "days",
                    now,
                )
            )
        timers = self.env["helpdesk.support.sla.timer"].sudo().create(vals_list)
        timers._schedule(now)
        return timers

    def _support_hand_fix_to_defect(self, now):
        """One fix obligation per known defect (MQ 1.4 «Срок исправления
        критических ошибок составляет не более 10 рабочих дней с момента
        подтверждения», R-24): the running critical-fix term of a ticket
        linked to a defect — confirmed critical before the link, or on a
        linked ticket — is handed to the defect. Its deadline, the date the
        customer was promised, binds the defect (the earliest of the
        defect's own and the handed ones); on the ticket the timer is not
        counted, as a third-party exclusion is not (MQ 1.2, R-27), the
        defect named as the reason. A term already late stays the ticket's
        breach: history is kept, and the defect does not count it again.
        Runs inside the lifecycle's events (``defect_linked``,
        ``criticality``)."""
        tickets = self.sudo().filtered("support_defect_id")
        timers = tickets._support_lifecycle_open_timers(("critical_fix",))
        if not timers:
            return timers
        on_time = timers.filtered(lambda t: not t.deadline or t.deadline > now)
        for defect, handed in on_time.grouped(
            lambda t: t.ticket_id.support_defect_id
        ).items():
            handed.write({"handed_defect_id": defect.id})
        timers._exclude(now)
        for timer in on_time:
            timer.ticket_id.message_post(
                body=self.env._(
                    "The critical defect's fix term is counted on the known "
                    "defect %(defect)s: not counted on this ticket.",
                    defect=timer.handed_defect_id.display_name,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return on_time

# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Defects confirmed by support: a confirmed defect leaves the open-ticket
limit (MQ 1.4), a confirmed critical defect starts its fix term (MQ 1.2
«в течение 10 рабочих дней с момента подтверждения наличия дефекта СТП»,
R-24). The confirmation dates are the system's: the buttons write them
with ``sudo()`` after checking who confirms.
"""

from odoo import fields, models
from odoo.exceptions import AccessError, UserError

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

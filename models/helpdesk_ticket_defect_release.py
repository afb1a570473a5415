# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The customers of a known defect told of its fix, in one batched job.

MQ 1.4: «Решением ошибки может быть: … Уведомление о выходе версии с
исправлением или аналогичным функционалом; Прекращение поддержки версий ПО
с указанным в ошибке функционалом». DS 2.2 «с последующим выпуском
обновления», DS 5.10 «доработки функционала и/или выпуска обновления».

Publishing a release (or withdrawing support for a version) only marks its
defects; the scheduled action *Known defects: notify the linked tickets*
then, batch after batch, tells each open linked ticket's customer once, in
their language, records it in the chatter and puts the ticket into waiting
for the customer's confirmation through the lifecycle (so the regulation's
auto-close applies, R-60). When a defect has no ticket left to tell, it is
released (or its support withdrawn).
"""

from odoo import api, fields, models
from odoo.osv import expression

DEFECT_NOTICE_CRON = "helpdesk_mgmt_support_contract.ir_cron_support_defect_notices"
NOTICE_TEMPLATES = {
    "release": "helpdesk_mgmt_support_contract.mail_template_defect_release",
    "withdrawal": "helpdesk_mgmt_support_contract.mail_template_defect_withdrawal",
}
NOTICE_STATUS = {"release": "released", "withdrawal": "withdrawn"}
# the wait for the customer's confirmation that the fix works: a reason on
# the customer's side, so the timers pause and the auto-close counts from
# the notice (MQ 1.2 «При отсутствии реакции Пользователя на предложенное
# Службой технической поддержки решения … в течение 3 (трех) рабочих дней с
# даты получения Пользователем соответствующего решения», R-60)
CONFIRMATION_REASON = "helpdesk_mgmt_support_contract.waiting_reason_confirmation"


class HelpdeskTicketDefectRelease(models.Model):
    _inherit = "helpdesk.ticket"

    @api.model
    def _get_defect_notice_domain(self):
        """Open tickets of a defect being announced, not yet told of it."""
        return [
            ("support_defect_id.notice", "!=", False),
            ("support_defect_notice_date", "=", False),
            ("stage_id.closed", "=", False),
        ]

    @api.model
    def _cron_support_defect_notices(self, batch_size=500):
        """One batch of the release (or withdrawal) notices (MQ 1.4): each
        ticket told once; the defects without a ticket left to tell
        released. Triggered again while tickets remain."""
        domain = self._get_defect_notice_domain()
        tickets = self.sudo().search(domain, limit=batch_size, order="id")
        isolated = self.env["helpdesk.support.job.failure"]._support_run_isolated
        processed = isolated(
            DEFECT_NOTICE_CRON, tickets, lambda batch: batch._support_defect_notify()
        )
        remaining = self.sudo().search_count(domain)
        self.env["ir.cron"]._notify_progress(done=len(processed), remaining=remaining)
        self._support_defect_notices_done()
        if remaining and processed:
            self.env.ref(DEFECT_NOTICE_CRON).sudo()._trigger()
        return processed

    def _support_defect_notify(self):
        """Tell the tickets of their defect's notice: the template of its
        kind in each customer's language, rendered once for the batch and
        posted in batch (``_support_send_template``); the ticket marked told
        and waiting for the customer's confirmation (the lifecycle's
        ``waiting_set_customer``, by the write of the reason)."""
        now = fields.Datetime.now()
        tickets = self.sudo()
        for kind, xmlid in NOTICE_TEMPLATES.items():
            batch = tickets.filtered(lambda t, k=kind: t.support_defect_id.notice == k)
            if batch:
                batch._support_send_template(xmlid)
        tickets.write({"support_defect_notice_date": now})
        # the notice is a solution the customer receives: a ticket already
        # waiting for them counts MQ 1.2's 3 working days again from it
        tickets._support_lifecycle_event("solution_notice", now=now)
        reason = self.env.ref(CONFIRMATION_REASON)
        tickets.filtered(lambda t: t.support_waiting_reason_id != reason).write(
            {"support_waiting_reason_id": reason.id}
        )

    @api.model
    def _support_defect_notices_done(self):
        """Defects being announced with no open ticket left to tell reach
        their status: released, or support withdrawn (MQ 1.4)."""
        Defect = self.env["helpdesk.support.defect"].sudo()
        defects = Defect.search([("notice", "!=", False)])
        if not defects:
            return defects
        pending = self.sudo()._read_group(
            expression.AND(
                [
                    self._get_defect_notice_domain(),
                    [("support_defect_id", "in", defects.ids)],
                ]
            ),
            ["support_defect_id"],
        )
        done = defects - Defect.union(*(defect for (defect,) in pending))
        for kind, status in NOTICE_STATUS.items():
            batch = done.filtered(lambda d, k=kind: d.notice == k)
            if batch:
                batch.write({"status": status, "notice": False})
        return done


class HelpdeskSupportSlaTimerDefect(models.Model):
    _inherit = "helpdesk.support.sla.timer"

    @api.model
    def _cron_update_states(self, *args, **kwargs):
        """The SLA timers' scheduled action also breaches the fix deadlines
        of the known defects that passed with no solution published (MQ 1.4
        «Срок исправления критических ошибок составляет не более 10 рабочих
        дней с момента подтверждения», R-24): the defect's one fix term
        turns breached as a ticket's timer does, at the same run."""
        result = super()._cron_update_states(*args, **kwargs)
        self.env["helpdesk.support.defect"]._support_mark_fix_overdue()
        return result

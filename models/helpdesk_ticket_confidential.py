# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Confidential data a customer gives on a ticket (R-63, DS 5.3): the
temporary access data, when they arrived, the reminder to change them once
the ticket closes, and their purge after the company's retention period
(30 days by default), with a trace for the staff.
"""

from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models

from ..tools.server_language import staff_env

PURGE_CRON = "helpdesk_mgmt_support_contract.ir_cron_support_purge_confidential"


class HelpdeskTicketConfidential(models.Model):
    _inherit = "helpdesk.ticket"

    support_credentials = fields.Text(
        string="Temporary access data",
        groups="helpdesk_mgmt.group_helpdesk_user_own",
        copy=False,
        help="Credentials the customer gave for temporary access (DS 5.3); "
        "purged automatically.",
    )
    support_confidential_since = fields.Datetime(
        string="Confidential data received on", readonly=True, copy=False
    )
    support_purge_date = fields.Datetime(
        string="Confidential data purged on",
        compute="_compute_support_purge_date",
        store=True,
        index="btree_not_null",
    )

    @api.depends("support_confidential_since", "company_id.support_confidential_days")
    def _compute_support_purge_date(self):
        for ticket in self:
            since = ticket.support_confidential_since
            days = ticket.company_id.support_confidential_days or 30
            ticket.support_purge_date = since and since + timedelta(days=days)

    def _support_on_close(self):
        """Remind the customer to change the credentials they gave (R-63),
        the template rendered once for the batch.

        The rating request (R-64) is OCA ``helpdesk_mgmt_rating``'s: the
        stage's *Rating Email Template* (the solved stage gets this addon's
        template on installation).
        """
        tickets = self.sudo().filtered("partner_id")
        tickets.filtered("support_confidential_since")._support_send_template(
            "helpdesk_mgmt_support_contract.mail_template_change_credentials"
        )

    @api.model
    def _get_purge_confidential_domain(self, now):
        """Tickets whose confidential data are due for purging (R-63)."""
        return [("support_purge_date", "<=", now)]

    @api.model
    def _cron_support_purge_confidential(self, batch_size=500):
        """Purge credentials and confidential attachments after 30 days,
        leaving a trace (R-63)."""
        now = fields.Datetime.now()
        domain = self._get_purge_confidential_domain(now)
        tickets = self.sudo().search(domain, limit=batch_size)
        # a ticket that fails keeps its data until the next run tries it
        # again; the others are purged on time
        purged = self.env["helpdesk.support.job.failure"]._support_run_isolated(
            PURGE_CRON, tickets, lambda batch: batch._support_purge_confidential()
        )
        self.env["ir.cron"]._notify_progress(
            done=len(purged), remaining=self.sudo().search_count(domain)
        )
        return purged

    def _support_purge_confidential(self):
        """Purge the credentials and confidential attachments of these
        tickets, leaving a trace (R-63); one search of the attachments."""
        tickets = self.sudo()
        attachments = (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "helpdesk.ticket"),
                    ("res_id", "in", tickets.ids),
                    ("support_confidential", "=", True),
                ]
            )
        )
        names = defaultdict(list)
        for attachment in attachments:
            names[attachment.res_id].append(attachment.name)
        attachments.unlink()
        # a trace for the staff, in the company's language, one note
        # a ticket, created for the batch at once
        bodies = {}
        for company, group in tickets.grouped("company_id").items():
            env = staff_env(tickets.env, company)
            for ticket in group:
                files = names[ticket.id]
                bodies[ticket.id] = env._(
                    "Confidential data purged: access data%(files)s.",
                    files=", " + ", ".join(files) if files else "",
                )
        tickets._support_log_notes(bodies)
        tickets.write(
            {"support_credentials": False, "support_confidential_since": False}
        )

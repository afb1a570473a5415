# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
# One concern of the model per file, as Odoo core splits a model inside one
# module (mrp/models/stock_orderpoint.py): each class owns its fields.
# pylint: disable=consider-merging-classes-inherited
"""The month-end settlement of bookings (MQ 2.4, R-73): booked hours not
used in the month are charged to the certificate in full, exactly once.
"""

from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import create_index

from ..tools.numbers import HOURS
from ..tools.server_language import month_text, number_text, staff_env
from .helpdesk_support_booking import HelpdeskSupportBooking as BookingBase


class HelpdeskSupportBooking(models.Model):
    _inherit = "helpdesk.support.booking"

    hours_used = fields.Float(
        string="Used hours",
        readonly=True,
        help="Hours logged on the certificate's orders in the month, at settlement.",
    )
    hours_charged = fields.Float(
        string="Charged for unused hours",
        readonly=True,
        help="Booked hours not used in the month, charged to the certificate "
        "at month end.",
    )

    _sql_constraints = [
        (
            "hours_used_valid",
            "CHECK(hours_used >= 0 AND hours_used < 'Infinity' "
            "AND hours_used <> 'NaN')",
            "Used hours are a finite number, not negative.",
        ),
        (
            "hours_charged_valid",
            "CHECK(hours_charged >= 0 AND hours_charged < 'Infinity' "
            "AND hours_charged <> 'NaN')",
            "Charged hours are a finite number, not negative.",
        ),
    ]
    _support_number_rules = {
        **BookingBase._support_number_rules,
        "hours_used": HOURS,
        "hours_charged": HOURS,
    }

    def init(self):
        result = super().init()
        # the confirmed bookings whose month has ended, read by the month-end
        # run (``_cron_charge_unused``)
        create_index(
            self.env.cr,
            "helpdesk_support_booking_due_index",
            self._table,
            ["month_end"],
            where="state = 'confirmed'",
        )
        return result

    @api.model
    def _get_charge_unused_domain(self, company, today):
        """Bookings of ``company`` whose month has ended by its ``today``."""
        return [
            ("company_id", "=", company.id),
            ("state", "=", "confirmed"),
            ("month_end", "<", today),
        ]

    @api.model
    def _cron_charge_unused(self, batch_size=500):
        """Charge the unused booked hours of finished months, exactly once.

        "Today" is each company's, in its support time zone. Due bookings are
        found through the partial index on ``month_end``; each is switched to
        *settled* by a conditional ``UPDATE`` that only one run can win, so a
        second or concurrent run charges nothing.
        """
        settled = self.browse()
        remaining = 0
        claimed = []

        def settle(batch):
            claimed.append(batch._support_claim()._support_settle())

        groups = self.sudo()._read_group([("state", "=", "confirmed")], ["company_id"])
        for (company,) in groups:
            booking = self.with_company(company)
            due = booking._get_charge_unused_domain(
                company, booking._support_today(company)
            )
            room = batch_size - len(settled)
            if room > 0:
                # a booking whose settlement fails keeps its claim rolled
                # back and stays due: the others of every customer are
                # settled, it is tried again on the next run (MQ 2.4, R-73)
                done = self.env["helpdesk.support.job.failure"]._support_run_isolated(
                    "helpdesk_mgmt_support_contract.ir_cron_support_booking_charge",
                    booking.sudo().search(due, limit=room, order="month_end, id"),
                    settle,
                )
                for batch in claimed:
                    settled |= batch & done
                claimed.clear()
            remaining += booking.sudo().search_count(due)
        self.env["ir.cron"]._notify_progress(done=len(settled), remaining=remaining)
        return settled

    def _support_claim(self):
        if not self:
            return self
        self.env.flush_all()
        self.env.cr.execute(
            """
            UPDATE helpdesk_support_booking
               SET state = 'settled'
             WHERE id IN %s AND state = 'confirmed'
            RETURNING id
            """,
            (tuple(self.ids),),
        )
        ids = [booking_id for (booking_id,) in self.env.cr.fetchall()]
        self.invalidate_recordset(["state"])
        return self.browse(ids)

    def _support_settle(self):
        """Write used and charged hours of claimed bookings (one query).

        The hours used are those of the lines the charge counts (one rule,
        ``account.analytic.line._support_counted_domain``): a correction
        line of negative hours is no work done in the month (MQ 2.1, 2.4).

        :return: the bookings settled (``self``)
        """
        if not self:
            return self
        certificates = self.certificate_id
        used = {}
        for ticket, month, hours in (
            self.env["account.analytic.line"]
            .sudo()
            ._read_group(
                [
                    *self.env["account.analytic.line"]._support_counted_domain(),
                    ("ticket_id.support_certificate_id", "in", certificates.ids),
                    ("date", ">=", min(self.mapped("month"))),
                    ("date", "<=", max(self.mapped("month_end"))),
                ],
                ["ticket_id", "date:month"],
                ["unit_amount:sum"],
            )
        ):
            key = (ticket.support_certificate_id.id, month.replace(day=1))
            used[key] = used.get(key, 0.0) + (hours or 0.0)
        notes = defaultdict(list)
        # a note the staff read after the month-end run: the company's
        # language, its decimal separator (MQ 2.4, R-73)
        staff = {company: staff_env(self.env, company) for company in self.company_id}
        for booking in self:
            env = staff[booking.company_id]
            hours_used = used.get((booking.certificate_id.id, booking.month), 0.0)
            booking.write(
                {
                    "hours_used": hours_used,
                    "hours_charged": max(booking.hours - hours_used, 0.0),
                }
            )
            if booking.hours_charged:
                notes[booking.certificate_id].append(
                    env._(
                        "%(hours)s unused booked hours of %(month)s charged.",
                        hours=number_text(env, booking.hours_charged),
                        month=month_text(env, booking.month),
                    )
                )
        # one note per certificate, however many of its months are settled
        for certificate, lines in notes.items():
            certificate.with_env(staff[certificate.company_id]).message_post(
                body=Markup("<br/>").join(lines), subtype_xmlid="mail.mt_note"
            )
        return self

# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL
from odoo.tools.sql import index_exists

from ..tools.numbers import POSITIVE_HOURS, check_field
from ..tools.server_language import month_text, number_text
from .helpdesk_support_system_fields_mixin import SUPPORT_USER, support_callable

BOOKING_NOTICE_DAYS = 5
#: kept by the booking rules alone (``_support_book``, ``action_support_change``,
#: ``action_support_cancel``, the month-end settlement), which write as
#: superuser after checking the window, the capacity and the balance
RULED_FIELDS = frozenset(
    {
        "certificate_id",
        "partner_id",
        "company_id",
        "month_id",
        "month",
        "month_end",
        "change_deadline",
        "hours",
        "state",
        "booked_by_id",
        "hours_used",
        "hours_charged",
    }
)


class HelpdeskSupportBooking(models.Model):
    """Specialist hours a customer books for a later month (MQ 2.4, R-73).

    Booking, changing and cancelling close at the end of the fifth calendar
    day before the month (Moscow time): for December, on 26 November. Booked
    hours not used in the month are charged to the certificate at month end.
    """

    _name = "helpdesk.support.booking"
    _description = "Professional services booking"
    _inherit = [
        "helpdesk.support.system.fields.mixin",
        "mail.thread",
        "helpdesk.support.number.mixin",
    ]
    _order = "month desc, id desc"
    _check_company_auto = True
    # booked, changed and cancelled through the wizard, the portal and the
    # buttons, which check the window and the balance (MQ 2.4); the month-end
    # settlement writes the hours used and charged
    _support_write_rights = {}

    certificate_id = fields.Many2one(
        "helpdesk.support.certificate",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    partner_id = fields.Many2one(
        related="certificate_id.partner_id", store=True, string="Customer"
    )
    company_id = fields.Many2one(related="certificate_id.company_id", store=True)
    month_id = fields.Many2one(
        "helpdesk.support.booking.month",
        string="Capacity month",
        required=True,
        readonly=True,
        index=True,
    )
    month = fields.Date(required=True, help="First day of the booked month.")
    month_end = fields.Date(compute="_compute_month_end", store=True)
    hours = fields.Float(string="Booked hours", required=True, tracking=True)
    state = fields.Selection(
        [
            ("confirmed", "Booked"),
            ("cancelled", "Cancelled"),
            ("settled", "Settled"),
        ],
        default="confirmed",
        required=True,
        tracking=True,
    )
    booked_by_id = fields.Many2one("res.partner", string="Booked by", readonly=True)
    change_deadline = fields.Date(
        string="Change until",
        compute="_compute_month_end",
        store=True,
        help="Last day on which the booking can be changed or cancelled.",
    )
    name = fields.Char(compute="_compute_name")

    _sql_constraints = [
        # NaN passes "hours > 0" in PostgreSQL: it is named explicitly
        (
            "hours_positive",
            "CHECK(hours > 0 AND hours < 'Infinity' AND hours <> 'NaN')",
            "Book a positive number of hours.",
        ),
    ]
    _support_number_rules = {"hours": POSITIVE_HOURS}

    def init(self):
        result = super().init()
        # one live booking per certificate and month (MQ 2.4): a partial
        # unique index, which tools.create_unique_index cannot express (it
        # takes no WHERE clause)
        if not index_exists(self.env.cr, "helpdesk_support_booking_one_per_month"):
            self.env.cr.execute(
                SQL(
                    """CREATE UNIQUE INDEX helpdesk_support_booking_one_per_month
                           ON helpdesk_support_booking (certificate_id, month)
                        WHERE state != 'cancelled'"""
                )
            )
        return result

    @api.depends("month")
    def _compute_month_end(self):
        for booking in self:
            if booking.month:
                booking.month_end = booking.month + relativedelta(months=1, days=-1)
                booking.change_deadline = booking.month - timedelta(
                    days=BOOKING_NOTICE_DAYS
                )
            else:
                booking.month_end = booking.change_deadline = False

    @api.depends("certificate_id", "month", "hours")
    @api.depends_context("lang")
    def _compute_name(self):
        # in the reader's language: «ООО Ромашка 12.2026: 4,5 ч»
        for booking in self:
            booking.name = self.env._(
                "%(partner)s %(month)s: %(hours)s h",
                partner=booking.partner_id.name or "",
                month=month_text(self.env, booking.month),
                hours=number_text(self.env, booking.hours),
            )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise AccessError(
                self.env._(
                    "Hours are booked with the booking wizard or on the portal, "
                    "which check the booking window, the month's capacity and "
                    "the certificate's balance."
                )
            )
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and RULED_FIELDS.intersection(vals):
            raise AccessError(
                self.env._(
                    "A booking is changed or cancelled with its buttons, which "
                    "check the booking window, the month's capacity and the "
                    "certificate's balance; its other values are kept by the "
                    "system."
                )
            )
        return super().write(vals)

    # ------------------------------------------------------------------
    # Rules
    # ------------------------------------------------------------------
    @api.model
    def _support_today(self, company):
        tz = self.env["helpdesk.support.booking.month"]._support_tz(company)
        return fields.Date.context_today(self.with_context(tz=tz.zone))

    @api.model
    def _support_bookable_months(self, certificate, today=None):
        """Months a customer may still book on ``certificate``."""
        return list(self._support_bookable_free_hours(certificate, today))

    @api.model
    def _support_bookable_free_hours(self, certificate, today=None):
        """Free specialist hours of each month still bookable on ``certificate``.

        Later months up to the certificate's end whose booking is still open
        (5 calendar days before they start) and whose capacity is not full.

        :return: dict month -> free hours, in month order
        """
        today = today or self._support_today(certificate.company_id)
        if not certificate._is_valid_on(today):
            return {}
        months = []
        month = today.replace(day=1) + relativedelta(months=1)
        while month <= certificate.date_end:
            if today <= month - timedelta(days=BOOKING_NOTICE_DAYS):
                months.append(month)
            month += relativedelta(months=1)
        if not months:
            return {}
        free = self.env["helpdesk.support.booking.month"]._support_free_hours(
            certificate.company_id, months
        )
        return {month: free[month] for month in months if free[month] > 0}

    def _support_check_window(self, month, today):
        if today > month - timedelta(days=BOOKING_NOTICE_DAYS):
            raise ValidationError(
                self.env._(
                    "Bookings for %(month)s closed on %(deadline)s: booking, "
                    "changes and cancellations are accepted until %(days)s "
                    "calendar days before the month starts.",
                    month=month.strftime("%m.%Y"),
                    deadline=month - timedelta(days=BOOKING_NOTICE_DAYS),
                    days=BOOKING_NOTICE_DAYS,
                )
            )

    @api.model
    def _support_book(self, certificate, month, hours, partner=None):
        """Book ``hours`` of ``month`` on ``certificate``.

        The month's capacity is reserved with a conditional ``UPDATE`` of its
        row, so concurrent bookings of the last hours cannot both succeed.
        """
        certificate = certificate.sudo()
        month = fields.Date.to_date(month).replace(day=1)
        today = self._support_today(certificate.company_id)
        hours = check_field(self, "hours", hours, POSITIVE_HOURS)
        if not certificate._is_valid_on(today):
            raise ValidationError(
                self.env._(
                    "Certificate %(certificate)s is not valid today: booking is "
                    "for customers with a valid certificate.",
                    certificate=certificate.name,
                )
            )
        if month <= today.replace(day=1):
            raise ValidationError(
                self.env._("Hours are booked for a later calendar month.")
            )
        if month > certificate.date_end:
            raise ValidationError(
                self.env._(
                    "Certificate %(certificate)s ends on %(date)s: months after "
                    "it cannot be booked.",
                    certificate=certificate.name,
                    date=certificate.date_end,
                )
            )
        self._support_check_window(month, today)
        existing = self.sudo().search(
            [
                ("certificate_id", "=", certificate.id),
                ("month", "=", month),
                ("state", "!=", "cancelled"),
            ],
            limit=1,
        )
        if existing:
            raise ValidationError(
                self.env._(
                    "%(month)s is already booked on this certificate: change "
                    "the existing booking instead.",
                    month=month.strftime("%m.%Y"),
                )
            )
        self._support_check_balance(certificate, hours)
        record = (
            self.env["helpdesk.support.booking.month"]
            .sudo()
            ._support_get(certificate.company_id, month)
        )
        if not record._support_reserve(hours):
            raise ValidationError(self._support_full_message(record, month))
        return self.sudo().create(
            {
                "certificate_id": certificate.id,
                "month_id": record.id,
                "month": month,
                "hours": hours,
                "booked_by_id": (partner or self.env.user.partner_id).id,
            }
        )

    @api.model
    def _support_check_balance(self, certificate, hours):
        """Refuse ``hours`` more than ``certificate`` can still book.

        Called before the month's capacity is reserved, under the lock of the
        certificate's row (see ``_support_lock_bookable_hours``).
        """
        bookable = certificate.sudo()._support_lock_bookable_hours()
        if hours > bookable + 0.0001:
            raise ValidationError(
                self.env._(
                    "Certificate %(certificate)s has %(bookable)s h of prepaid "
                    "hours not yet charged or booked: %(hours)s h cannot be "
                    "booked. Booked hours that are not used are charged to the "
                    "certificate in full (MQ 2.4).",
                    certificate=certificate.name,
                    bookable=round(max(bookable, 0.0), 2),
                    hours=round(hours, 2),
                )
            )

    def _support_full_message(self, record, month):
        return self.env._(
            "The specialists are fully booked for %(month)s: %(free)s h left.",
            month=month.strftime("%m.%Y"),
            free=round(max(record.capacity_hours - record.booked_hours, 0.0), 2),
        )

    def _support_check_changeable(self):
        today = self._support_today(self.company_id)
        if self.state != "confirmed":
            raise UserError(self.env._("Only an active booking can be changed."))
        self._support_check_window(self.month, today)

    @support_callable(SUPPORT_USER)
    def action_support_change(self, hours):
        """Change the booked hours, until 5 days before the month."""
        self.check_access("write")  # the portal calls it with sudo (MQ 2.4)
        self.ensure_one()
        booking = self.sudo()
        booking._support_check_changeable()
        hours = check_field(self, "hours", hours, POSITIVE_HOURS)
        delta = hours - booking.hours
        if delta > 0:
            self._support_check_balance(booking.certificate_id, delta)
        if delta > 0 and not booking.month_id._support_reserve(delta):
            raise ValidationError(
                self._support_full_message(booking.month_id, booking.month)
            )
        if delta < 0:
            booking.month_id._support_release(-delta)
        booking.hours = hours
        return True

    @support_callable(SUPPORT_USER)
    def action_support_cancel(self):
        """Cancel the booking, until 5 days before the month."""
        self.check_access("write")  # the portal calls it with sudo (MQ 2.4)
        for booking in self.sudo():
            booking._support_check_changeable()
            booking.month_id._support_release(booking.hours)
            booking.state = "cancelled"
        return True

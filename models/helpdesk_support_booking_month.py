# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, time

from dateutil.relativedelta import relativedelta
from pytz import timezone, utc

from odoo import api, fields, models
from odoo.exceptions import AccessError

from ..tools.numbers import HOURS, check_field
from .helpdesk_support_system_fields_mixin import (
    SUPPORT_MANAGER,
    support_callable,
    writable,
)


class HelpdeskSupportBookingMonth(models.Model):
    """Capacity of professional services in one calendar month (MQ 2.4).

    ``booked_hours`` is a counter kept by conditional ``UPDATE`` statements:
    two customers booking the last hours at once both update this row, so
    PostgreSQL serialises them and the second sees the first's booking.
    """

    _name = "helpdesk.support.booking.month"
    _inherit = ["helpdesk.support.system.fields.mixin", "helpdesk.support.number.mixin"]
    _description = "Professional services booking month"
    _order = "month desc"
    _rec_name = "month"
    # the month's capacity is the managers' (MQ 2.4); booked hours the system's
    _support_write_rights = {
        SUPPORT_MANAGER: writable("capacity_hours"),
    }

    company_id = fields.Many2one("res.company", required=True, readonly=True)
    month = fields.Date(required=True, readonly=True, help="First day of the month.")
    capacity_hours = fields.Float(
        string="Capacity (h)",
        digits=(16, 2),
        help="Working hours of the professional-services specialists in this "
        "month, leaves deducted. Computed when the month is first booked; "
        "managers may adjust it.",
    )
    booked_hours = fields.Float(
        string="Booked (h)", digits=(16, 2), readonly=True, default=0.0
    )
    free_hours = fields.Float(
        string="Free (h)", compute="_compute_free_hours", digits=(16, 2)
    )
    booking_ids = fields.One2many("helpdesk.support.booking", "month_id")

    _sql_constraints = [
        (
            "month_company_uniq",
            "unique(company_id, month)",
            "A month has one capacity record per company.",
        ),
        # NaN passes ">= 0" in PostgreSQL: it is named explicitly
        (
            "booked_within_capacity",
            "CHECK(booked_hours >= 0 AND booked_hours < 'Infinity' "
            "AND booked_hours <> 'NaN')",
            "Booked hours cannot be negative.",
        ),
        (
            "capacity_valid",
            "CHECK(capacity_hours >= 0 AND capacity_hours < 'Infinity' "
            "AND capacity_hours <> 'NaN')",
            "The capacity is a finite number of hours, not negative.",
        ),
    ]
    _support_number_rules = {"capacity_hours": HOURS, "booked_hours": HOURS}

    @api.depends("capacity_hours", "booked_hours")
    def _compute_free_hours(self):
        for record in self:
            record.free_hours = max(record.capacity_hours - record.booked_hours, 0.0)

    def write(self, vals):
        # the counter is kept by _support_reserve/_support_release (SQL) and
        # the month identifies the record: managers adjust the capacity only
        if not self.env.su and {"booked_hours", "month", "company_id"}.intersection(
            vals
        ):
            raise AccessError(
                self.env._(
                    "The booked hours of a month are counted by the bookings "
                    "themselves; only the capacity can be adjusted."
                )
            )
        return super().write(vals)

    @api.model
    def _support_tz(self, company):
        company = company.sudo()
        calendar = company.support_ps_calendar_id or company.resource_calendar_id
        return timezone(calendar.tz or "Europe/Moscow")

    @api.model
    def _support_compute_capacity(self, company, months):
        """Working hours of the company's specialists in each of ``months``.

        One call of Odoo's ``_get_work_days_data_batch`` per month, for all
        specialists at once (their own calendars, leaves included).
        """
        employees = (
            self.env["hr.employee"]
            .sudo()
            .search(
                [("company_id", "=", company.id), ("support_ps_specialist", "=", True)]
            )
        )
        tz = self._support_tz(company)
        result = {}
        for month in months:
            start = tz.localize(datetime.combine(month, time.min)).astimezone(utc)
            stop = tz.localize(
                datetime.combine(month + relativedelta(months=1), time.min)
            ).astimezone(utc)
            data = employees._get_work_days_data_batch(start, stop) if employees else {}
            result[month] = sum(values["hours"] for values in data.values())
        return result

    @api.model
    def _support_get(self, company, month):
        """The month record, created with its capacity when missing.

        ``INSERT ... ON CONFLICT DO NOTHING``: a concurrent creation ends in a
        serialization failure that Odoo retries, never in a duplicate.
        """
        record = self.search(
            [("company_id", "=", company.id), ("month", "=", month)], limit=1
        )
        if record:
            return record
        capacity = self._support_compute_capacity(company, [month])[month]
        self.env.cr.execute(
            """
            INSERT INTO helpdesk_support_booking_month
                (company_id, month, capacity_hours, booked_hours,
                 create_uid, write_uid, create_date, write_date)
            VALUES (%s, %s, %s, 0, %s, %s, now() at time zone 'UTC',
                    now() at time zone 'UTC')
            ON CONFLICT (company_id, month) DO NOTHING
            RETURNING id
            """,
            (company.id, month, capacity, self.env.uid, self.env.uid),
        )
        row = self.env.cr.fetchone()
        if row:
            (month_id,) = row
            return self.browse(month_id)
        return self.search(
            [("company_id", "=", company.id), ("month", "=", month)], limit=1
        )

    @api.model
    def _support_free_hours(self, company, months):
        """Free specialist hours of each of ``months`` (for the portal).

        Months already booked answer from their record; the others from the
        specialists' working time, as their record would be created.
        """
        records = self.sudo().search(
            [("company_id", "=", company.id), ("month", "in", list(months))]
        )
        free = {record.month: record.free_hours for record in records}
        missing = [month for month in months if month not in free]
        if missing:
            free.update(self._support_compute_capacity(company, missing))
        return free

    def _support_reserve(self, hours):
        """Add ``hours`` to the booked counter if capacity allows.

        :return: whether the hours were reserved
        """
        self.ensure_one()
        hours = check_field(self, "booked_hours", hours, HOURS)
        self.env.flush_all()
        self.env.cr.execute(
            """
            UPDATE helpdesk_support_booking_month
               SET booked_hours = COALESCE(booked_hours, 0) + %s
             WHERE id = %s
               AND COALESCE(booked_hours, 0) + %s
                   <= COALESCE(capacity_hours, 0) + 0.0001
            RETURNING id
            """,
            (hours, self.id, hours),
        )
        done = bool(self.env.cr.fetchone())
        self.invalidate_recordset(["booked_hours", "free_hours"])
        return done

    def _support_release(self, hours):
        self.ensure_one()
        hours = check_field(self, "booked_hours", hours, HOURS)
        self.env.flush_all()
        self.env.cr.execute(
            """
            UPDATE helpdesk_support_booking_month
               SET booked_hours = GREATEST(COALESCE(booked_hours, 0) - %s, 0)
             WHERE id = %s
            """,
            (hours, self.id),
        )
        self.invalidate_recordset(["booked_hours", "free_hours"])

    @support_callable(SUPPORT_MANAGER)
    def action_recompute_capacity(self):
        by_company = {}
        for record in self:
            by_company.setdefault(record.company_id, self.browse())
            by_company[record.company_id] |= record
        for company, records in by_company.items():
            capacity = self._support_compute_capacity(company, records.mapped("month"))
            for record in records:
                record.capacity_hours = capacity[record.month]
        return True

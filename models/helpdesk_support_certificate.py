# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.numbers import POSITIVE_HOURS
from .helpdesk_support_system_fields_mixin import SUPPORT_MANAGER, writable


class HelpdeskSupportCertificate(models.Model):
    """Prepaid hours of professional services (MQ 2, R-72).

    The balance is derived, never counted: prepaid hours minus what the
    certificate's professional-service tickets charged (timesheets with the
    overtime coefficient, at least one hour an accepted order) minus the unused
    booked hours charged at the end of each booked month.
    """

    _name = "helpdesk.support.certificate"
    _description = "Professional services certificate"
    _inherit = [
        "helpdesk.support.system.fields.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "helpdesk.support.number.mixin",
    ]
    _order = "date_end desc, id desc"
    # the prepaid hours are the managers' (MQ 2, R-72); the balance the system's
    _support_write_rights = {
        SUPPORT_MANAGER: writable(
            "name",
            "partner_id",
            "company_id",
            "date_start",
            "date_end",
            "hours_prepaid",
            "active",
            "note",
        ),
    }
    _check_company_auto = True

    name = fields.Char(
        string="Number", required=True, copy=False, readonly=True, default="/"
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        domain="[('is_company', '=', True)]",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    date_start = fields.Date(string="Valid from", required=True, tracking=True)
    date_end = fields.Date(string="Valid through", required=True, tracking=True)
    hours_prepaid = fields.Float(
        string="Prepaid hours", required=True, tracking=True, digits=(16, 2)
    )
    active = fields.Boolean(default=True)
    note = fields.Text()
    ticket_ids = fields.One2many(
        "helpdesk.ticket", "support_certificate_id", string="Orders"
    )
    booking_ids = fields.One2many(
        "helpdesk.support.booking", "certificate_id", string="Bookings"
    )
    hours_work_charged = fields.Float(
        string="Charged for work",
        compute="_compute_hours",
        store=True,
        digits=(16, 2),
        help="Hours charged by the orders of this certificate: timesheets with "
        "the overtime coefficient, at least one hour per accepted order.",
    )
    hours_booking_charged = fields.Float(
        string="Charged for unused bookings",
        compute="_compute_hours",
        store=True,
        digits=(16, 2),
    )
    hours_balance = fields.Float(
        string="Balance",
        compute="_compute_hours",
        store=True,
        digits=(16, 2),
    )
    hours_booked_open = fields.Float(
        string="Booked, not yet settled",
        compute="_compute_hours_booked_open",
        digits=(16, 2),
    )
    state = fields.Selection(
        [("future", "Not started"), ("valid", "Valid"), ("expired", "Expired")],
        compute="_compute_state",
        search="_search_state",
    )
    booking_version = fields.Integer(
        readonly=True,
        copy=False,
        help="Bumped under row lock by every booking that takes hours of the "
        "certificate, so that concurrent bookings serialize.",
    )

    _sql_constraints = [
        (
            "dates_check",
            "CHECK(date_end >= date_start)",
            "A certificate cannot end before it starts.",
        ),
        # NaN passes "> 0" in PostgreSQL: it is named explicitly
        (
            "hours_check",
            "CHECK(hours_prepaid > 0 AND hours_prepaid < 'Infinity' "
            "AND hours_prepaid <> 'NaN')",
            "A certificate holds a positive number of prepaid hours.",
        ),
    ]
    _support_number_rules = {"hours_prepaid": POSITIVE_HOURS}

    @api.depends(
        "hours_prepaid",
        "ticket_ids.support_ps_charged_hours",
        "booking_ids.hours_charged",
    )
    def _compute_hours(self):
        groups = {"helpdesk.ticket": {}, "helpdesk.support.booking": {}}
        ids = [cid for cid in self.ids if isinstance(cid, int)]
        if ids:
            for model, field, total in (
                (
                    "helpdesk.ticket",
                    "support_certificate_id",
                    "support_ps_charged_hours",
                ),
                ("helpdesk.support.booking", "certificate_id", "hours_charged"),
            ):
                for certificate, hours in (
                    self.env[model]
                    .sudo()
                    .with_context(active_test=False)
                    ._read_group([(field, "in", ids)], [field], [f"{total}:sum"])
                ):
                    groups[model][certificate.id] = hours or 0.0
        for certificate in self:
            key = certificate._origin.id
            certificate.hours_work_charged = groups["helpdesk.ticket"].get(key, 0.0)
            certificate.hours_booking_charged = groups["helpdesk.support.booking"].get(
                key, 0.0
            )
            certificate.hours_balance = (
                certificate.hours_prepaid
                - certificate.hours_work_charged
                - certificate.hours_booking_charged
            )

    @api.depends("booking_ids.state", "booking_ids.hours")
    def _compute_hours_booked_open(self):
        for certificate in self:
            certificate.hours_booked_open = sum(
                certificate.booking_ids.filtered(
                    lambda b: b.state == "confirmed"
                ).mapped("hours")
            )

    def _today(self):
        return fields.Date.context_today(self)

    @api.depends("date_start", "date_end")
    def _compute_state(self):
        today = self._today()
        for certificate in self:
            if certificate.date_start and certificate.date_start > today:
                certificate.state = "future"
            elif certificate.date_end and certificate.date_end < today:
                certificate.state = "expired"
            else:
                certificate.state = "valid"

    def _search_state(self, operator, value):
        if operator not in ("=", "!=", "in", "not in"):
            raise ValidationError(self.env._("Unsupported search on the state."))
        today = self._today()
        domains = {
            "future": [("date_start", ">", today)],
            "valid": [("date_start", "<=", today), ("date_end", ">=", today)],
            "expired": [("date_end", "<", today)],
        }
        values = [value] if isinstance(value, str) else list(value)
        domain = ["|"] * (len(values) - 1)
        for val in values:
            domain += domains[val]
        if operator in ("!=", "not in"):
            domain = ["!"] + domain
        return domain

    def _support_lock_bookable_hours(self):
        """Lock the certificate for a booking; the hours it can still book.

        Unused booked hours are charged to the certificate in full (MQ 2.4),
        so a booking may take what is neither charged nor booked yet:
        prepaid − charged (work and settled bookings) − booked and not yet
        settled. The certificate's row is updated (not only locked) before
        the bookings are summed: a concurrent booking of the same certificate,
        even of another month, then fails to serialize and is retried by
        Odoo, seeing this one.
        """
        self.ensure_one()
        self.env.flush_all()
        self.env.cr.execute(
            """
            UPDATE helpdesk_support_certificate
               SET booking_version = COALESCE(booking_version, 0) + 1
             WHERE id = %s
            RETURNING hours_balance
            """,
            (self.id,),
        )
        (balance,) = self.env.cr.fetchone()
        self.invalidate_recordset(["booking_version"])
        self.env.cr.execute(
            """
            SELECT COALESCE(SUM(hours), 0)
              FROM helpdesk_support_booking
             WHERE certificate_id = %s AND state = 'confirmed'
            """,
            (self.id,),
        )
        (booked,) = self.env.cr.fetchone()
        return float(balance or 0) - float(booked)

    def _is_valid_on(self, day):
        self.ensure_one()
        return self.active and self.date_start <= day <= self.date_end

    @api.model
    def _get_active_certificates(self, partners, date=None):
        """Certificate valid on ``date`` for each customer of ``partners``.

        :return: dict commercial partner id -> certificate (the one ending last)
        """
        date = date or self._today()
        commercial = partners.commercial_partner_id
        certificates = self.sudo().search(
            [
                ("partner_id", "in", commercial.ids),
                ("date_start", "<=", date),
                ("date_end", ">=", date),
            ],
            order="date_end desc, id desc",
        )
        result = {}
        for certificate in certificates:
            result.setdefault(certificate.partner_id.id, certificate)
        return result

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = (
                    self.env["ir.sequence"].next_by_code("helpdesk.support.certificate")
                    or "/"
                )
        return super().create(vals_list)

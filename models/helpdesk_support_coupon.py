# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re
import secrets

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from ..tools.civil_periods import years_after
from ..tools.numbers import LIMIT, USES
from .helpdesk_support_coupon_attempt import THROTTLE_MINUTES
from .helpdesk_support_system_fields_mixin import (
    SUPPORT_MANAGER,
    support_callable,
    writable,
)

# no 0/O, 1/I/L: a code read over the phone or from a print is not mistaken
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_GROUPS = 3
CODE_GROUP_LENGTH = 4


def normalize_code(code):
    """Upper case, without spaces and dashes: what a customer may type."""
    return re.sub(r"[\s\-]", "", code or "").upper()


class HelpdeskSupportCoupon(models.Model):
    """A coupon for special requests, issued with a licence's support
    certificate (R-40 … R-43, DS 3.6): a number of uses, valid one year from
    the licence purchase. Redeeming takes one use under a row lock."""

    _name = "helpdesk.support.coupon"
    _description = "Support Coupon"
    _inherit = [
        "helpdesk.support.system.fields.mixin",
        "mail.thread",
        "helpdesk.support.number.mixin",
    ]
    _order = "date_expiry desc, id desc"
    # issued and cancelled by the support managers (DS 3.6, R-40); the uses
    # are counted by the system
    _support_write_rights = {
        SUPPORT_MANAGER: writable(
            "name",
            "partner_id",
            "company_id",
            "licence_ref",
            "purchase_date",
            "uses_total",
            "state",
            "replaced_by_id",
        ),
    }
    _check_company_auto = True

    name = fields.Char(
        string="Code",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: self._generate_code(),
        tracking=True,
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
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    licence_ref = fields.Char(
        string="Licence / certificate",
        required=True,
        tracking=True,
        help="Number of the licence's support certificate the coupon came with.",
    )
    purchase_date = fields.Date(
        string="Licence purchased on", required=True, tracking=True
    )
    date_expiry = fields.Date(
        string="Valid through",
        compute="_compute_date_expiry",
        store=True,
        index=True,
        help="Last day of validity, included: one year from the licence "
        "purchase ends on the same date of the next year (DS 3.6).",
    )
    uses_total = fields.Integer(string="Uses", default=12, required=True, tracking=True)
    uses_count = fields.Integer(string="Used", readonly=True, copy=False, default=0)
    uses_left = fields.Integer(compute="_compute_uses_left")
    state = fields.Selection(
        [("active", "Active"), ("replaced", "Replaced"), ("cancelled", "Cancelled")],
        required=True,
        default="active",
        readonly=True,
        tracking=True,
        copy=False,
    )
    replaced_by_id = fields.Many2one(
        "helpdesk.support.coupon", readonly=True, copy=False, string="Replaced by"
    )
    redemption_ids = fields.One2many(
        "helpdesk.support.coupon.redemption", "coupon_id", string="Redemptions"
    )

    _sql_constraints = [
        ("name_uniq", "unique(name)", "A coupon code must be unique."),
        (
            "uses_check",
            "CHECK(uses_count >= 0 AND uses_count <= uses_total)",
            "A coupon cannot be used more times than it grants.",
        ),
    ]
    _support_number_rules = {"uses_total": USES, "uses_count": LIMIT}

    @api.model
    def _generate_code(self):
        """A random code from ``secrets``, unique among the coupons."""
        while True:
            groups = [
                "".join(
                    secrets.choice(CODE_ALPHABET) for _i in range(CODE_GROUP_LENGTH)
                )
                for _group in range(CODE_GROUPS)
            ]
            code = "-".join(groups)
            if (
                not self.sudo()
                .with_context(active_test=False)
                .search_count([("name", "=", code)], limit=1)
            ):
                return code

    @api.depends("purchase_date")
    def _compute_date_expiry(self):
        """«Срок действия купона - 1 год с момента покупки Лицензии» (DS 3.6,
        R-40): a period of a year ends on the same date of the next year (ГК
        РФ ст. 192) and at the end of that day (ст. 194), so the anniversary
        of the purchase is the last day of validity, included. A renewal's
        coupon counts its year from the renewal's purchase the same way."""
        for coupon in self:
            coupon.date_expiry = (
                years_after(coupon.purchase_date, 1) if coupon.purchase_date else False
            )

    @api.depends("uses_total", "uses_count")
    def _compute_uses_left(self):
        for coupon in self:
            coupon.uses_left = max(0, coupon.uses_total - coupon.uses_count)

    @api.constrains("uses_total")
    def _check_uses_total(self):
        for coupon in self:
            if coupon.uses_total <= 0:
                raise ValidationError(
                    self.env._("A coupon grants at least one special request.")
                )

    def _compute_display_name(self):
        for coupon in self:
            coupon.display_name = f"{coupon.name} ({coupon.partner_id.name or ''})"

    # ------------------------------------------------------------------
    # Redemption
    # ------------------------------------------------------------------

    @api.model
    def _support_check_throttle(self, user):
        if self.env["helpdesk.support.coupon.attempt"]._support_throttled(user.id):
            raise UserError(
                self.env._(
                    "Too many wrong coupon codes. Try again in %(minutes)s minutes, "
                    "or send the ticket without a code.",
                    minutes=THROTTLE_MINUTES,
                )
            )

    @api.model
    def _support_find(self, code, partner, user):
        """The valid coupon of ``partner`` with this code, or UserError.

        A wrong code is recorded for the throttle; the portal answers a wrong
        code with the form again, so the record is kept.
        """
        self._support_check_throttle(user)
        coupon = self.sudo().search([("name", "=", self._format_code(code))], limit=1)
        if not coupon or coupon.partner_id != partner.commercial_partner_id:
            self._support_record_failure(user)
            raise UserError(
                self.env._(
                    "The coupon code %(code)s is not valid. Check it, or remove it "
                    "to send a normal ticket.",
                    code=code,
                )
            )
        today = fields.Date.context_today(self)
        if coupon.state != "active":
            raise UserError(
                self.env._(
                    "The coupon %(code)s was replaced by a renewal and can no "
                    "longer be used.",
                    code=coupon.name,
                )
            )
        if coupon.date_expiry < today or coupon.purchase_date > today:
            raise UserError(
                self.env._(
                    "The coupon %(code)s is valid from %(start)s through %(end)s.",
                    code=coupon.name,
                    start=coupon.purchase_date,
                    end=coupon.date_expiry,
                )
            )
        if coupon.uses_count >= coupon.uses_total:
            raise UserError(
                self.env._(
                    "All %(total)s special requests of the coupon %(code)s are used.",
                    total=coupon.uses_total,
                    code=coupon.name,
                )
            )
        return coupon

    @api.model
    def _format_code(self, code):
        plain = normalize_code(code)
        size = CODE_GROUP_LENGTH
        return "-".join(plain[i : i + size] for i in range(0, len(plain), size))

    @api.model
    def _support_record_failure(self, user):
        self.env["helpdesk.support.coupon.attempt"]._support_count(user.id)

    def _support_take_use(self):
        """Take one use, atomically: exact when two requests race for the
        last one (the loser waits on the row, then fails to serialize and is
        retried, and then finds no use left)."""
        self.ensure_one()
        self.flush_recordset(["uses_count"])
        rows = self.env.execute_query(
            SQL(
                "UPDATE helpdesk_support_coupon "
                "SET uses_count = COALESCE(uses_count, 0) + 1 "
                "WHERE id = %s AND state = 'active' "
                "AND COALESCE(uses_count, 0) < uses_total "
                "RETURNING uses_count",
                self.id,
            )
        )
        self.invalidate_recordset(["uses_count"])
        if not rows:
            raise UserError(
                self.env._(
                    "All %(total)s special requests of the coupon %(code)s are used.",
                    total=self.uses_total,
                    code=self.name,
                )
            )
        ((uses_count,),) = rows
        return uses_count

    @api.model
    def _support_redeem(self, code, ticket_vals, user):
        """Create a special-request ticket paid with a coupon use.

        :return: the ticket
        :raise UserError: wrong, expired, replaced or used-up code (nothing
            is created then)
        """
        partner = user.partner_id
        coupon = self._support_find(code, partner, user)
        company = coupon.company_id
        level = company.support_coupon_sla_level_id
        if not level:
            raise UserError(
                self.env._("Special requests by coupon are not offered here.")
            )
        # all or nothing: the use, the ticket and the ledger line
        with self.env.cr.savepoint():
            coupon._support_take_use()
            vals = dict(
                ticket_vals, support_sla_level_id=level.id, support_coupon_id=coupon.id
            )
            stage = company._get_support_processing_stage()
            if stage:
                vals["stage_id"] = stage.id
            responsible = company.support_coupon_user_id
            if responsible:
                vals["user_id"] = responsible.id
            ticket = (
                self.env["helpdesk.ticket"]
                .sudo()
                .with_context(support_coupon_code=False)
                .create(vals)
            )
            self.env["helpdesk.support.coupon.redemption"].sudo().create(
                {"coupon_id": coupon.id, "ticket_id": ticket.id, "user_id": user.id}
            )
        ticket._support_notify_coupon_redeemed()
        return ticket

    # ------------------------------------------------------------------
    # Renewal
    # ------------------------------------------------------------------

    def _support_renew(self, purchase_date, licence_ref=None):
        """A new coupon for the renewed licence; the old one is replaced and
        its unused requests do not carry over."""
        self.ensure_one()
        if self.state != "active":
            raise UserError(
                self.env._("The coupon %(code)s is not active.", code=self.display_name)
            )
        new = self.create(
            {
                "partner_id": self.partner_id.id,
                "company_id": self.company_id.id,
                "licence_ref": licence_ref or self.licence_ref,
                "purchase_date": purchase_date,
                "uses_total": self.uses_total,
            }
        )
        self.write({"state": "replaced", "replaced_by_id": new.id})
        self.message_post(
            body=self.env._(
                "Replaced by %(code)s; %(left)s unused special requests lapse.",
                code=new.name,
                left=self.uses_left,
            ),
            subtype_xmlid="mail.mt_note",
        )
        return new

    @support_callable(SUPPORT_MANAGER)
    def action_renew(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "helpdesk_mgmt_support_contract.helpdesk_support_coupon_renew_wizard_action"
        )
        action["context"] = {"default_coupon_id": self.id}
        return action

    @support_callable(SUPPORT_MANAGER)
    def action_cancel(self):
        self.write({"state": "cancelled"})

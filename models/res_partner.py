# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, time, timedelta

import pytz

from odoo import fields, models
from odoo.tools.misc import babel_locale_parse, format_datetime, get_lang, posix_to_ldml

SUPPORT_DEFAULT_TZ = "Europe/Moscow"


class ResPartner(models.Model):
    _inherit = "res.partner"

    support_ticket_partner_ids = fields.Many2many(
        "res.partner",
        compute="_compute_support_visibility",
        string="Sees the tickets of",
        help="The contact and the members of its teams of contacts (R-32).",
    )
    support_kcp_customer_ids = fields.Many2many(
        "res.partner",
        compute="_compute_support_visibility",
        string="Key contact person of",
        help="Customers whose active contract names this contact as key contact "
        "person: it sees all their tickets.",
    )

    def _compute_support_visibility(self):
        """Used by the portal rule on tickets; read with the rights of the
        system, since portal users do not read contracts and teams."""
        teams = (
            self.env["helpdesk.support.contact.team"]
            .sudo()
            .search(
                [
                    ("member_ids", "in", self.ids),
                    ("contract_id.state", "=", "active"),
                ]
            )
        )
        contracts = (
            self.env["helpdesk.support.contract"]
            .sudo()
            .search([("key_contact_id", "in", self.ids), ("state", "=", "active")])
        )
        for partner in self:
            mates = teams.filtered(lambda t, p=partner: p in t.member_ids).member_ids
            partner.support_ticket_partner_ids = partner | mates
            partner.support_kcp_customer_ids = contracts.filtered(
                lambda c, p=partner: c.key_contact_id == p
            ).partner_id

    def _support_tz(self, company=None):
        """Time zone in which dates are shown to this contact (issue #17).

        The contact's own zone, else the support time zone of ``company`` (the
        company serving it: the ticket's, the contract's), else Moscow. Works
        on an empty recordset (a visitor without a contact).
        """
        tz = self[:1].tz
        if not tz:
            company = company or self.env.company
            tz = company.sudo().support_tz
        return tz if tz in pytz.all_timezones_set else SUPPORT_DEFAULT_TZ

    def _support_datetime_display(self, value, company=None, tz=None):
        """``value`` (naive UTC) as this contact reads it, zone named:
        ``30.11.2026 12:30 (Europe/Moscow)`` in the date format of the
        current language, without seconds."""
        if not value:
            return ""
        tz = tz or self._support_tz(company)
        lang = get_lang(self.env)
        pattern = f"{lang.date_format} {lang.time_format}"
        pattern = pattern.replace(":%S", "").replace(":%s", "")
        text = format_datetime(
            self.env,
            value,
            tz=tz,
            dt_format=posix_to_ldml(pattern, locale=babel_locale_parse(lang.code)),
        )
        return f"{text} ({tz})"

    def _support_day_end_display(self, day, day_tz, company=None):
        """The end of calendar day ``day`` in zone ``day_tz`` (a deadline the
        regulation states in Moscow time, e.g. booking changes, MQ 2.4) as this
        contact reads it, zone named."""
        if not day:
            return ""
        end = pytz.timezone(day_tz).localize(
            datetime.combine(day + timedelta(days=1), time.min)
        ) - timedelta(minutes=1)
        return self._support_datetime_display(
            end.astimezone(pytz.utc).replace(tzinfo=None), company
        )

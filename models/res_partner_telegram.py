# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A registered contact's Telegram username (MQ 1.5)."""

import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Telegram: 5 to 32 characters, letters, digits and underscores
TELEGRAM_USERNAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{4,31}")


def normalize_telegram_username(value):
    """``@Name`` / ``t.me/Name`` / ``Name`` → ``name`` (Telegram usernames
    are case-insensitive); '' for nothing."""
    value = (value or "").strip()
    for prefix in ("https://t.me/", "http://t.me/", "t.me/", "@"):
        if value.lower().startswith(prefix):
            value = value[len(prefix) :]
    return value.lower()


class ResPartner(models.Model):
    _inherit = "res.partner"

    support_telegram_username = fields.Char(
        string="Telegram username",
        index="btree_not_null",
        copy=False,
        help="Registration of a contact (MQ 1.5) when the tier takes requests "
        "through Telegram chats: the username, without @. Messages in the "
        "customer's chat are attributed to the registered contact by it.",
    )

    @api.model
    def _support_clean_telegram(self, vals):
        if vals.get("support_telegram_username"):
            vals["support_telegram_username"] = normalize_telegram_username(
                vals["support_telegram_username"]
            )
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._support_clean_telegram(vals)
        return super().create(vals_list)

    def write(self, vals):
        return super().write(self._support_clean_telegram(dict(vals)))

    @api.constrains("support_telegram_username")
    def _check_support_telegram_username(self):
        for partner in self.filtered("support_telegram_username"):
            if not TELEGRAM_USERNAME.fullmatch(partner.support_telegram_username):
                raise ValidationError(
                    self.env._(
                        "%(name)s is not a Telegram username: 5 to 32 letters, "
                        "digits or underscores, starting with a letter.",
                        name=partner.support_telegram_username,
                    )
                )

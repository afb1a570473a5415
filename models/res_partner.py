# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re
from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression

from ..tools.server_language import SUPPORT_DEFAULT_TZ, datetime_text
from .helpdesk_support_system_fields_mixin import SUPPORT_USER, writable

# stored relations of teams and key contact persons: searched by the
# contact's form and by tests; the portal rule on tickets reads the
# contracts themselves (``_support_portal_ticket_domain``)
SUPPORT_VISIBILITY_FIELDS = ["support_ticket_partner_ids", "support_key_contact_ids"]

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
    _name = "res.partner"
    _inherit = ["helpdesk.support.system.fields.mixin", "res.partner"]
    # support staff register a contact's Telegram username (MQ 1.5); what the
    # portal rule reads is changed through contracts and teams only (whose
    # checks then run), never on the contact
    _support_write_rights = {
        SUPPORT_USER: writable("support_telegram_username"),
    }

    support_telegram_username = fields.Char(
        string="Telegram username",
        index="btree_not_null",
        copy=False,
        help="Registration of a contact (MQ 1.5) when the tier takes requests "
        "through Telegram chats: the username, without @. Messages in the "
        "customer's chat are attributed to the registered contact by it.",
    )
    support_contract_ids = fields.One2many(
        "helpdesk.support.contract",
        "partner_id",
        string="Support contracts",
        groups="helpdesk_mgmt_support_contract.group_support_user",
    )
    support_contact_team_ids = fields.Many2many(
        "helpdesk.support.contact.team",
        "helpdesk_support_contact_team_member_rel",
        "partner_id",
        "team_id",
        string="Teams of contacts",
        copy=False,
        groups="helpdesk_mgmt_support_contract.group_support_user",
    )
    # The two stored relations below were what the portal rule on tickets
    # searched; the rule now reads the contracts of the contact's
    # organisation (``_support_portal_ticket_domain``), as the team split and
    # the key contact person's view depend on the contract and its
    # regulation. They stay what they say, maintained by the system only.
    support_ticket_partner_ids = fields.Many2many(
        "res.partner",
        "res_partner_support_ticket_partner_rel",
        "partner_id",
        "visible_partner_id",
        compute="_compute_support_ticket_partner_ids",
        store=True,
        string="Sees the tickets of",
        help="Members of the contact's teams of contacts under an active "
        "contract, the contact included (R-32, MQ 1.3).",
    )
    support_key_contact_ids = fields.Many2many(
        "res.partner",
        "res_partner_support_key_contact_rel",
        "customer_id",
        "key_contact_id",
        compute="_compute_support_key_contact_ids",
        store=True,
        string="Key contact persons",
        help="Key contact persons of the customer's active contracts (R-32: "
        "they see all the customer's tickets only where the contract's "
        "regulation says so).",
    )
    support_kcp_customer_ids = fields.Many2many(
        "res.partner",
        compute="_compute_support_kcp_customer_ids",
        string="Key contact person of",
        help="Customers whose active contract names this contact as key contact "
        "person.",
    )

    @api.depends(
        "support_contact_team_ids.member_ids",
        "support_contact_team_ids.contract_id.state",
    )
    def _compute_support_ticket_partner_ids(self):
        for partner in self:
            teams = partner.sudo().support_contact_team_ids.filtered(
                lambda t: t.contract_id.state == "active"
            )
            partner.support_ticket_partner_ids = teams.member_ids

    @api.depends("support_contract_ids.key_contact_id", "support_contract_ids.state")
    def _compute_support_key_contact_ids(self):
        for partner in self:
            contracts = partner.sudo().support_contract_ids.filtered(
                lambda c: c.state == "active"
            )
            partner.support_key_contact_ids = contracts.key_contact_id

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

    @api.model
    def _search(self, domain, *args, **kwargs):
        # Odoo 18 does not recompute a stored computed many2many before a
        # search on it (its SQL names the relation table only, nothing to
        # flush): a search would miss a change made earlier in the same
        # transaction
        if any(
            isinstance(leaf, list | tuple)
            and isinstance(leaf[0], str)
            and leaf[0].split(".")[0] in SUPPORT_VISIBILITY_FIELDS
            for leaf in domain
        ):
            self.flush_model(SUPPORT_VISIBILITY_FIELDS)
        return super()._search(domain, *args, **kwargs)

    def _support_portal_ticket_domain(self):
        """The tickets this contact sees on the portal (R-32), as a domain of
        ``helpdesk.ticket``: the one reading of the rule, used by the portal
        rule (``helpdesk.ticket.support_portal_visible``) and by the mail
        gateway (whose mail threads into a ticket, who may follow it).

        MQ 1.6 «Направленные через портал поддержки обращения пользователей
        доступны только для них самих и пользователей, состоящих с ними в
        одной команде»; MQ 1.3 «Обращения, зафиксированные на портале
        поддержки доступны создателю и членам его команды». Read as:

        - the creator sees their own tickets, with or without a contract;
        - a registered contact of an active contract sees the tickets of its
          team mates. MQ glossary «Команда — группа Клиентов Заказчика,
          которым доступны для просмотра обращения друг друга», and a
          customer declares teams only «если необходимо разграничить
          пользователей на несколько команд» (MQ 1.5): a contract without
          teams of contacts is one team of all its registered contacts. A
          contract with teams has just those: a contact the customer put in
          none of them sees its own tickets only (nobody was named to share
          them with);
        - the key contact person is, under MQ, a contact like the others:
          the regulation gives the KCP account changes (glossary, MQ 1.5)
          and escalation on the overdue count (MQ 1.3), not other teams'
          tickets, which MQ 1.6 keeps «только» within the team. DS has no
          teams and no key contact person; its requests are filed «в Личном
          кабинете Лицензиата» (DS 5.1), the licensee's own account, so the
          key contact person of a DS contract, who represents the licensee,
          sees all the tickets of the organisation. The regulation of the
          contract decides (``kcp_sees_all_tickets``); both presets run in
          one company, so a ticket under a contract of a regulation without
          that flag stays out of this view and follows its own regulation.

        Teams and key contact persons serve their own organisation only: a
        contact moved to another company is still listed on the former
        employer's contract until support edits it, and sees none of its
        tickets but its own meanwhile (nor do former mates see the moved
        one's). The domain is ids on indexed columns of tickets
        (``partner_id``, ``commercial_partner_id``, ``support_contract_id``),
        no subquery per branch (readme/BENCHMARKS.md, ``bench_scale.py``):
        the contracts of the contact's organisation are read here, as
        superuser (a record rule is evaluated as superuser; the contracts'
        own rules must not hide a team), fresh at each call, so a change of
        a contract or a team applies at once with no cache to clear.

        :rtype: list
        """
        self.ensure_one()
        partner = self.sudo().with_context(active_test=False)
        organisation = partner.commercial_partner_id
        contracts = (
            self.env["helpdesk.support.contract"]
            .sudo()
            .with_context(active_test=False)
            .search([("partner_id.commercial_partner_id", "=", organisation.id)])
        )
        active = contracts.filtered(lambda c: c.state == "active")
        mates = partner
        for contract in active.filtered(lambda c: partner in c.contact_ids):
            teams = contract.contact_team_ids
            if teams:
                mates |= teams.filtered(lambda t: partner in t.member_ids).member_ids
            else:
                mates |= contract.contact_ids
        mates = partner | mates.filtered(
            lambda m: m.commercial_partner_id == organisation
        )
        domain = [("partner_id", "in", mates.ids)]
        if not active.filtered(
            lambda c: c.key_contact_id == partner
            and c.tier_id.regulation_id.kcp_sees_all_tickets
        ):
            return domain
        whole = [("commercial_partner_id", "=", organisation.id)]
        confidential = contracts.filtered(
            lambda c: not c.tier_id.regulation_id.kcp_sees_all_tickets
        )
        if confidential:
            whole = expression.AND(
                [whole, [("support_contract_id", "not in", confidential.ids)]]
            )
        return expression.OR([domain, whole])

    def _compute_support_kcp_customer_ids(self):
        contracts = (
            self.env["helpdesk.support.contract"]
            .sudo()
            .search([("key_contact_id", "in", self.ids), ("state", "=", "active")])
        )
        for partner in self:
            partner.support_kcp_customer_ids = contracts.filtered(
                lambda c, p=partner: c.key_contact_id == p
            ).partner_id

    def _support_tz(self, company=None):
        """Time zone in which dates are shown to this contact (DS 2.1, MQ 1.2:
        deadlines are stated in Moscow time; R-02).

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
        return datetime_text(self.env, value, tz=tz, zone_named=True)

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

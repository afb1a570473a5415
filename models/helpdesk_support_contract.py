# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, time, timedelta

from pytz import utc

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL

from .helpdesk_support_system_fields_mixin import SUPPORT_MANAGER

# R-34, MQ 1.5: portal access ends ten working days after the contract
PORTAL_BLOCK_WORKING_DAYS = 10


class HelpdeskSupportContract(models.Model):
    """A customer's support contract (R-12).

    The customer organisation buys a tier for a period; it registers contacts,
    one of them the key contact person (KCP), optionally grouped into teams,
    and names the products it runs.
    """

    _name = "helpdesk.support.contract"
    _description = "Support Contract"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "helpdesk.support.system.fields.mixin",
    ]
    _order = "date_start desc, id desc"
    _check_company_auto = True
    # #12.6: the commercial terms are the managers' business; the portal
    # blocking is the system's
    _support_system_fields = {
        "partner_id": SUPPORT_MANAGER,
        "company_id": SUPPORT_MANAGER,
        "tier_id": SUPPORT_MANAGER,
        "date_start": SUPPORT_MANAGER,
        "date_end": SUPPORT_MANAGER,
        "state": SUPPORT_MANAGER,
        # #12, beyond the list: with the tier it selects the SLA
        "sender_category_id": SUPPORT_MANAGER,
        "portal_block_warned": None,
        "portal_blocked_user_ids": None,
        "support_slot_version": None,
    }

    name = fields.Char(
        string="Reference",
        required=True,
        copy=False,
        readonly=True,
        default="/",
        tracking=True,
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        domain="[('parent_id', '=', False)]",
        help="The customer organisation (or private person) that signed the contract.",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        index=True,
    )
    tier_id = fields.Many2one(
        "helpdesk.support.tier",
        string="Support tier",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
    )
    date_start = fields.Date(
        string="Start date",
        required=True,
        default=fields.Date.context_today,
        tracking=True,
    )
    date_end = fields.Date(string="End date", index=True, tracking=True)
    state = fields.Selection(
        [("draft", "Draft"), ("active", "Active"), ("expired", "Expired")],
        required=True,
        default="draft",
        index=True,
        tracking=True,
        copy=False,
    )
    sender_category_id = fields.Many2one(
        "helpdesk.support.sender.category",
        string="Sender category",
        tracking=True,
        check_company=True,
        help="How the regulation classifies this customer (partner, licensee, "
        "user...).",
    )
    key_contact_id = fields.Many2one(
        "res.partner",
        string="Key contact person",
        tracking=True,
        help="Takes the customer's decisions: accepts estimates, manages "
        "accounts, escalates. Must be a registered contact.",
    )
    contact_ids = fields.Many2many(
        "res.partner",
        "helpdesk_support_contract_contact_rel",
        "contract_id",
        "partner_id",
        string="Registered contacts",
    )
    contact_count = fields.Integer(compute="_compute_contact_count")
    contact_team_ids = fields.One2many(
        "helpdesk.support.contact.team", "contract_id", string="Teams"
    )
    product_ids = fields.Many2many(
        "helpdesk.support.product",
        string="Products",
        check_company=True,
    )
    account_manager_id = fields.Many2one(
        "res.users",
        string="Account manager",
        tracking=True,
        domain="[('share', '=', False)]",
    )
    resource_calendar_id = fields.Many2one(related="tier_id.resource_calendar_id")
    is_expiring = fields.Boolean(
        compute="_compute_is_expiring",
        search="_search_is_expiring",
        help="Active and ending within the next 30 days.",
    )
    note = fields.Html()
    support_slot_version = fields.Integer(
        readonly=True,
        copy=False,
        help="Bumped under row lock whenever tickets take or free slots of the "
        "open-ticket limit, so that concurrent transactions serialize.",
    )
    portal_block_date = fields.Datetime(
        string="Portal blocked from",
        compute="_compute_portal_block_date",
        store=True,
        index="btree_not_null",
        help="Ten working days after the end of the contract the portal access "
        "of the customer's contacts is removed, unless the customer has "
        "another active contract (R-34, MQ 1.5).",
    )
    portal_block_warned = fields.Boolean(readonly=True, copy=False)
    portal_blocked_user_ids = fields.Many2many(
        "res.users",
        "helpdesk_support_contract_blocked_user_rel",
        "contract_id",
        "user_id",
        string="Portal users blocked",
        readonly=True,
        copy=False,
        context={"active_test": False},
    )
    in_work_ticket_count = fields.Integer(
        string="Tickets in work", compute="_compute_ticket_counts"
    )
    support_is_manager = fields.Boolean(
        string="Support manager",
        compute="_compute_support_is_manager",
        help="Whether the current user may change the commercial terms "
        "(customer, tier, dates, sender category): the form shows them "
        "read-only to others.",
    )
    queued_ticket_count = fields.Integer(
        string="Tickets waiting for a slot", compute="_compute_ticket_counts"
    )

    @api.depends_context("uid")
    def _compute_support_is_manager(self):
        is_manager = self.env.user.has_group(SUPPORT_MANAGER)
        for contract in self:
            contract.support_is_manager = is_manager

    @api.depends("date_end", "company_id")
    def _compute_portal_block_date(self):
        for contract in self:
            calendar = contract.company_id._get_support_fix_calendar()
            if not contract.date_end or not calendar:
                contract.portal_block_date = False
                continue
            after_end = datetime.combine(
                contract.date_end + timedelta(days=1), time.min, tzinfo=utc
            )
            block = calendar.plan_days(PORTAL_BLOCK_WORKING_DAYS, after_end)
            contract.portal_block_date = (
                block.astimezone(utc).replace(tzinfo=None) if block else False
            )

    @api.model
    def _cron_portal_access(self):
        """Warn the KCP when a contract ended, block the portal access of its
        contacts ten working days later (R-34); each contract once."""
        now = fields.Datetime.now()
        today = fields.Date.context_today(self)
        to_warn = self.search(
            [
                ("date_end", "<", today),
                ("state", "!=", "draft"),
                ("portal_block_warned", "=", False),
                ("key_contact_id", "!=", False),
            ]
        )
        renewed = (
            to_warn | self.search(self._support_block_domain(now))
        )._support_renewed()
        for contract in to_warn:
            if contract in renewed:
                continue
            contract.message_post(
                body=self.env._(
                    "Your support contract ended on %(end)s. Unless it is renewed, "
                    "the portal access of your contacts is removed on %(block)s.",
                    end=contract.date_end,
                    block=fields.Datetime.context_timestamp(
                        contract, contract.portal_block_date
                    ).date()
                    if contract.portal_block_date
                    else "—",
                ),
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                partner_ids=contract.key_contact_id.ids,
            )
        to_warn.sudo().portal_block_warned = True
        to_block = self.search(self._support_block_domain(now))
        for contract in to_block - renewed:
            contract._support_block_portal_access()
        return to_block

    @api.model
    def _support_block_domain(self, now):
        return [
            ("portal_block_date", "<=", now),
            ("state", "!=", "draft"),
            ("portal_blocked_user_ids", "=", False),
        ]

    def _support_renewed(self):
        """Contracts of ``self`` whose customer has another active contract
        today (one search for all)."""
        active = self._get_active_contract(self.partner_id)
        return self.filtered(
            lambda c: active.get(c.partner_id.commercial_partner_id) not in (None, c)
        )

    def _support_block_portal_access(self):
        """Odoo's own revocation (portal wizard) for the contacts' portal users."""
        self.ensure_one()
        wizard = (
            self.env["portal.wizard"]
            .sudo()
            .create({"partner_ids": [Command.set(self.contact_ids.ids)]})
        )
        revoked = self.env["res.users"]
        for line in wizard.user_ids.filtered("is_portal"):
            revoked |= line.user_id
            line.action_revoke_access()
        self.sudo().portal_blocked_user_ids = revoked
        if revoked:
            self.message_post(
                body=self.env._(
                    "Portal access removed for %(names)s: the contract ended.",
                    names=", ".join(revoked.mapped("name")),
                ),
                subtype_xmlid="mail.mt_note",
            )
        return revoked

    def _support_restore_portal_access(self):
        """A renewal gives the blocked contacts their portal access back."""
        for contract in self:
            blocked = self.search(
                [
                    ("partner_id", "=", contract.partner_id.id),
                    ("portal_blocked_user_ids", "!=", False),
                ]
            )
            users = blocked.portal_blocked_user_ids
            if not users:
                continue
            wizard = (
                self.env["portal.wizard"]
                .sudo()
                .create({"partner_ids": [Command.set(users.partner_id.ids)]})
            )
            for line in wizard.user_ids.filtered(lambda u: not u.is_portal):
                line.action_grant_access()
            blocked.sudo().write({"portal_blocked_user_ids": [Command.clear()]})
            contract.message_post(
                body=self.env._(
                    "Portal access restored for %(names)s.",
                    names=", ".join(users.mapped("name")),
                ),
                subtype_xmlid="mail.mt_note",
            )

    def _compute_ticket_counts(self):
        in_work = self._support_in_work_counts()
        queued = dict(
            self.env["helpdesk.ticket"]
            .sudo()
            ._read_group(
                [
                    ("support_contract_id", "in", self.ids),
                    ("support_queued", "=", True),
                    ("stage_id.closed", "=", False),
                ],
                ["support_contract_id"],
                ["__count"],
            )
        )
        for contract in self:
            contract.in_work_ticket_count = in_work[contract.id]
            contract.queued_ticket_count = queued.get(contract, 0)

    def _support_in_work_domain(self):
        """Tickets taking a slot of the open-ticket limit (R-30, MQ 1.2)."""
        return [
            ("support_contract_id", "in", self.ids),
            ("support_queued", "=", False),
            ("stage_id.closed", "=", False),
            "|",
            ("category_id", "=", False),
            ("category_id.support_limit_exempt", "=", False),
            ("defect_confirmed_date", "=", False),
            ("support_coupon_id", "=", False),
        ]

    def _support_in_work_counts(self, exclude=None):
        """{contract id: tickets in work}, ``exclude`` (tickets) left out."""
        domain = self._support_in_work_domain()
        if exclude:
            domain.append(("id", "not in", exclude.ids))
        groups = (
            self.env["helpdesk.ticket"]
            .sudo()
            ._read_group(domain, ["support_contract_id"], ["__count"])
        )
        counts = dict.fromkeys(self.ids, 0)
        counts.update({contract.id: count for contract, count in groups})
        return counts

    def _support_lock_slots(self):
        """Take the row locks that serialize the open-ticket limit.

        An UPDATE, not only ``SELECT ... FOR UPDATE``: Odoo runs in repeatable
        read, so a transaction that took its snapshot before a concurrent one
        committed a ticket gets a serialization failure here and is retried
        (as every Odoo request is) with a snapshot that sees that ticket.
        """
        if not self:
            return
        self.env.execute_query(
            SQL(
                "UPDATE helpdesk_support_contract SET support_slot_version = "
                "COALESCE(support_slot_version, 0) + 1 WHERE id = ANY(%s)",
                sorted(self.ids),
            )
        )
        self.invalidate_recordset(["support_slot_version"])

    @api.depends("contact_ids")
    def _compute_contact_count(self):
        for contract in self:
            contract.contact_count = len(contract.contact_ids)

    def _expiring_domain(self):
        today = fields.Date.context_today(self)
        return [
            ("state", "=", "active"),
            ("date_end", "!=", False),
            ("date_end", ">=", today),
            ("date_end", "<=", today + timedelta(days=30)),
        ]

    @api.depends("state", "date_end")
    def _compute_is_expiring(self):
        expiring = self.filtered_domain(self._expiring_domain())
        for contract in self:
            contract.is_expiring = contract in expiring

    def _search_is_expiring(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on expiring contracts."))
        domain = self._expiring_domain()
        if (operator == "=") != value:
            return ["!", *expression.normalize_domain(domain)]
        return domain

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for contract in self:
            if contract.date_end and contract.date_end < contract.date_start:
                raise ValidationError(
                    self.env._(
                        "The contract %(contract)s ends (%(end)s) before it "
                        "starts (%(start)s).",
                        contract=contract.display_name,
                        end=contract.date_end,
                        start=contract.date_start,
                    )
                )

    @api.constrains("partner_id", "contact_ids", "key_contact_id")
    def _check_contacts(self):
        for contract in self:
            customer = contract.partner_id.commercial_partner_id
            strangers = contract.contact_ids.filtered(
                lambda p, customer=customer: p.commercial_partner_id != customer
            )
            if strangers:
                raise ValidationError(
                    self.env._(
                        "Only people of %(customer)s can be registered contacts "
                        "of the contract %(contract)s: %(names)s are not.",
                        customer=customer.display_name,
                        contract=contract.display_name,
                        names=", ".join(strangers.mapped("display_name")),
                    )
                )
            if (
                contract.key_contact_id
                and contract.key_contact_id not in contract.contact_ids
            ):
                raise ValidationError(
                    self.env._(
                        "The key contact person %(kcp)s must be one of the "
                        "registered contacts of the contract %(contract)s.",
                        kcp=contract.key_contact_id.display_name,
                        contract=contract.display_name,
                    )
                )
            contract.contact_team_ids._check_members()

    @api.constrains("tier_id", "contact_ids")
    def _check_contact_limit(self):
        for contract in self:
            limit = contract.tier_id.contact_limit
            if limit and len(contract.contact_ids) > limit:
                raise ValidationError(
                    self.env._(
                        "The tier %(tier)s allows %(limit)s registered contacts; "
                        "the contract %(contract)s has %(count)s. Remove contacts "
                        "or move the customer to a larger tier.",
                        tier=contract.tier_id.display_name,
                        limit=limit,
                        contract=contract.display_name,
                        count=len(contract.contact_ids),
                    )
                )

    def action_grant_portal_access(self):
        """Odoo's own portal wizard, for the registered contacts (R-31)."""
        self.ensure_one()
        if not self.contact_ids:
            raise UserError(
                self.env._(
                    "Register the contacts of %(contract)s first.",
                    contract=self.display_name,
                )
            )
        return (
            self.env["portal.wizard"]
            .with_context(active_model="res.partner", active_ids=self.contact_ids.ids)
            .action_open_wizard()
        )

    @api.constrains("tier_id", "contact_team_ids")
    def _check_contact_teams(self):
        for contract in self:
            if (
                len(contract.contact_team_ids) > 1
                and not contract.tier_id.multi_team_allowed
            ):
                raise ValidationError(
                    self.env._(
                        "The tier %(tier)s of the contract %(contract)s allows "
                        "only one team of contacts.",
                        tier=contract.tier_id.display_name,
                        contract=contract.display_name,
                    )
                )

    @api.constrains("state", "partner_id", "tier_id", "date_start", "date_end")
    def _check_overlap(self):
        active = self.filtered(lambda c: c.state == "active")
        if not active:
            return
        others = self.search(
            [
                ("state", "=", "active"),
                ("partner_id", "in", active.partner_id.ids),
                ("tier_id", "in", active.tier_id.ids),
            ]
        )
        for contract in active:
            for other in others:
                if (
                    other != contract
                    and other.partner_id == contract.partner_id
                    and other.tier_id == contract.tier_id
                    and contract._overlaps(other)
                ):
                    raise ValidationError(
                        self.env._(
                            "The customer %(customer)s already has the active "
                            "contract %(other)s on the tier %(tier)s for an "
                            "overlapping period.",
                            customer=contract.partner_id.display_name,
                            other=other.display_name,
                            tier=contract.tier_id.display_name,
                        )
                    )

    def _overlaps(self, other):
        """Whether the validity periods of two contracts intersect."""
        self.ensure_one()
        end = self.date_end or fields.Date.to_date("9999-12-31")
        other_end = other.date_end or fields.Date.to_date("9999-12-31")
        return self.date_start <= other_end and other.date_start <= end

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = (
                    self.env["ir.sequence"].next_by_code("helpdesk.support.contract")
                    or "/"
                )
        return super().create(vals_list)

    def write(self, vals):
        result = super().write(vals)
        if "tier_id" in vals:
            self.env["helpdesk.ticket"]._support_release_slots(self)
        return result

    def _support_check_manager(self):
        """Activating, expiring, resetting a contract is a manager's act."""
        if not self.env.su and not self.env.user.has_group(SUPPORT_MANAGER):
            raise AccessError(
                self.env._(
                    "Only a support manager may activate, expire or reset a "
                    "support contract."
                )
            )

    def action_activate(self):
        self._support_check_manager()
        for contract in self:
            if contract.date_end and contract.date_end < fields.Date.context_today(
                contract
            ):
                raise UserError(
                    self.env._(
                        "The contract %(contract)s has already ended; change its "
                        "end date before activating it.",
                        contract=contract.display_name,
                    )
                )
        self.write({"state": "active"})
        self._support_restore_portal_access()

    def action_expire(self):
        self._support_check_manager()
        self.write({"state": "expired"})

    def action_set_draft(self):
        self._support_check_manager()
        self.write({"state": "draft"})

    def _get_contracts_to_expire_domain(self):
        return [
            ("state", "=", "active"),
            ("date_end", "<", fields.Date.context_today(self)),
        ]

    @api.model
    def _cron_expire_contracts(self):
        """Expire active contracts whose end date has passed, in one write."""
        contracts = self.search(self._get_contracts_to_expire_domain())
        contracts.action_expire()
        return contracts

    @api.model
    def _get_active_contract(self, partners, date=None):
        """Map each commercial partner of ``partners`` to its active contract.

        One search for the whole recordset; when a customer has several active
        contracts on the date, the most recently started wins.
        """
        date = date or fields.Date.context_today(self)
        commercial = partners.commercial_partner_id
        contracts = self.search(
            [
                ("state", "=", "active"),
                ("partner_id", "in", commercial.ids),
                ("date_start", "<=", date),
                "|",
                ("date_end", "=", False),
                ("date_end", ">=", date),
            ],
            order="date_start desc, id desc",
        )
        result = {}
        for contract in contracts:
            result.setdefault(contract.partner_id, contract)
        return result

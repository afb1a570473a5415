# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression

from .helpdesk_support_system_fields_mixin import (
    SUPPORT_MANAGER,
    SUPPORT_USER,
    check_system_fields,
    checked_values,
    support_callable,
    unchecked,
    writable,
)


class HelpdeskSupportContract(models.Model):
    """A customer's support contract (R-12).

    The customer organisation buys a tier for a period; it registers contacts,
    one of them the key contact person (KCP), optionally grouped into teams,
    and names the products it runs.

    One file per concern, each a plain extension owning its fields:
    ``helpdesk_support_contract_contacts.py`` (registered contacts, MQ 1.1),
    ``…_limit.py`` (open-ticket limit and queue, R-30),
    ``…_portal.py`` (portal access after the end, R-34),
    ``…_follow.py`` (open tickets follow a new tier, R-20),
    ``…_telegram.py`` (support chats, R-54).
    """

    _name = "helpdesk.support.contract"
    _description = "Support Contract"
    _inherit = [
        "helpdesk.support.system.fields.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _order = "date_start desc, id desc"
    _check_company_auto = True
    # the commercial terms are the managers' (R-12); support staff keep the
    # customer's contacts, teams, products and chat members (MQ 1.2, 1.3,
    # 1.5); the reference, the portal blocking and the follow-up of the open
    # tickets are the system's
    _support_write_rights = {
        SUPPORT_USER: writable(
            "key_contact_id",
            "contact_ids",
            "contact_team_ids",
            "product_ids",
            "account_manager_id",
            "note",
            "support_chat_member_ids",
        ),
        SUPPORT_MANAGER: writable(
            "partner_id",
            "company_id",
            "tier_id",
            "date_start",
            "date_end",
            "state",
            # with the tier it selects the SLA
            "sender_category_id",
        ),
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
    unapplied_ticket_count = fields.Integer(
        string="Open tickets without contract",
        compute="_compute_unapplied_ticket_count",
        help="Open tickets of the customer that are under no contract (opened "
        "before the addon or the contract): apply the contract to them.",
    )
    support_is_manager = fields.Boolean(
        string="Support manager",
        compute="_compute_support_is_manager",
        help="Whether the current user may change the commercial terms "
        "(customer, tier, dates, sender category): the form shows them "
        "read-only to others.",
    )

    @api.depends_context("uid")
    def _compute_support_is_manager(self):
        is_manager = self.env.user.has_group(SUPPORT_MANAGER)
        for contract in self:
            contract.support_is_manager = is_manager

    def _compute_unapplied_ticket_count(self):
        """One grouped count for the whole recordset."""
        Ticket = self.env["helpdesk.ticket"]
        groups = Ticket._read_group(
            Ticket._support_unapplied_domain(self),
            ["company_id", "commercial_partner_id"],
            ["__count"],
        )
        counts = {(company, partner): count for company, partner, count in groups}
        for contract in self:
            key = (contract.company_id, contract.partner_id.commercial_partner_id)
            contract.unapplied_ticket_count = counts.get(key, 0)

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
        # the user's values are checked before the system fills its reference
        check_system_fields(self, vals_list, create=True)
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = (
                    self.env["ir.sequence"].next_by_code("helpdesk.support.contract")
                    or "/"
                )
        return unchecked(
            super(HelpdeskSupportContract, checked_values(self)).create(vals_list)
        )

    def write(self, vals):
        # the open tickets follow the contract's life: a ticket is served by
        # its customer's active contract
        followed = {"state", "tier_id", "sender_category_id"} & set(vals)
        before = {
            contract.id: (
                contract.state,
                contract.tier_id,
                contract.sender_category_id,
            )
            for contract in self
            if followed
        }
        result = super().write(vals)
        if followed:
            self.env["helpdesk.ticket"]._support_follow_contracts(self, before)
        if "tier_id" in vals:
            self.env["helpdesk.ticket"]._support_lifecycle_event(
                "released", contracts=self
            )
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

    @support_callable(SUPPORT_MANAGER)
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
        # open tickets opened before the contract: say so, offer to apply it
        if len(self) == 1 and self.unapplied_ticket_count:
            return self.action_support_apply_to_open_tickets()
        return True

    @support_callable(SUPPORT_MANAGER)
    def action_support_apply_to_open_tickets(self):
        """The wizard that applies the contract to its customer's open
        tickets without a contract (opened before it, R-12, R-20)."""
        self.ensure_one()
        self._support_check_manager()
        # a manager of another company: not this company's contract
        self.check_access("write")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "helpdesk_mgmt_support_contract.helpdesk_support_contract_apply_wizard_action"
        )
        action["context"] = {"default_contract_id": self.id}
        return action

    @support_callable(SUPPORT_MANAGER)
    def action_expire(self):
        self._support_check_manager()
        self.write({"state": "expired"})

    @support_callable(SUPPORT_MANAGER)
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
        """Expire active contracts whose end date has passed, in one write;
        a contract that cannot be expired is skipped and kept for the
        managers, the others are expired (R-34)."""
        contracts = self.search(self._get_contracts_to_expire_domain())
        return self.env["helpdesk.support.job.failure"]._support_run_isolated(
            "helpdesk_mgmt_support_contract.ir_cron_expire_support_contracts",
            contracts,
            lambda batch: batch.action_expire(),
        )

    @api.model
    def _get_active_contract(self, partners, date=None):
        """Map each commercial partner of ``partners`` to its active contract.

        One search for the whole recordset; when a customer has several active
        contracts on the date, the most recently started wins.
        """
        result = {}
        for contract in self._search_active_contracts(partners, date):
            result.setdefault(contract.partner_id, contract)
        return result

    @api.model
    def _get_partner_contract(self, partner):
        """The active contract of ``partner``'s organisation today, or an
        empty recordset."""
        return self._get_active_contract(partner).get(
            partner.commercial_partner_id, self.browse()
        )

    @api.model
    def _search_active_contracts(self, partners, date=None):
        """The contracts of the commercial partners of ``partners`` active on
        ``date`` (default today), most recently started first; one search."""
        date = date or fields.Date.context_today(self)
        return self.search(
            [
                ("state", "=", "active"),
                ("partner_id", "in", partners.commercial_partner_id.ids),
                ("date_start", "<=", date),
                "|",
                ("date_end", "=", False),
                ("date_end", ">=", date),
            ],
            order="date_start desc, id desc",
        )

    def _get_active_contract_by_company(self, partners, date=None):
        """{(company, commercial partner): active contract} of ``partners``.

        A customer may hold a contract with each company of a group: a
        ticket is served by the contract of its own company, never by a more
        recent one of another company. One search for the whole recordset;
        within a company the most recently started wins.
        """
        result = {}
        for contract in self._search_active_contracts(partners, date):
            result.setdefault((contract.company_id, contract.partner_id), contract)
        return result

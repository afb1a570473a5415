# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError

from .helpdesk_support_response_target_mixin import RESPONSE_TARGET_SETTINGS
from .helpdesk_support_system_fields_mixin import SUPPORT_MANAGER, writable

# what makes a level a candidate of automatic assignment, and its rank
CANDIDATE_FIELDS = {"company_id", "auto_assign", "active", "sequence"}

PRIORITY_SELECTION = [
    ("0", "Low"),
    ("1", "Medium"),
    ("2", "High"),
    ("3", "Very High"),
]


class HelpdeskSupportSlaLevel(models.Model):
    """A service level: a response target and the tickets it applies to.

    One model holds both regulations without special cases: a level matches a
    ticket when it belongs to the ticket's regulation (that of the contract's
    tier; without a contract, that of the company's default level) and each
    of its conditions is empty or satisfied — tiers of the customer's
    contract, sender category of the contract, ticket category and minimum
    criticality. Among matching levels the lowest sequence wins. Levels
    that are not assigned automatically (DS special request, development) are
    only set explicitly, by a coupon or by reclassification.
    """

    _name = "helpdesk.support.sla.level"
    _description = "Support SLA Level"
    _inherit = [
        "helpdesk.support.system.fields.mixin",
        "mail.thread",
        "helpdesk.support.response.target.mixin",
    ]
    _order = "sequence, id"
    # configuration: the support managers' (R-20); the rest is the system's
    _support_write_rights = {
        SUPPORT_MANAGER: writable(
            *RESPONSE_TARGET_SETTINGS,
            "timer_kind",
            "auto_assign",
            "tier_ids",
            "sender_category_ids",
            "category_ids",
            "min_priority",
        ),
    }
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, tracking=True)
    code = fields.Char(
        string="Technical code",
        required=True,
        help="Stable technical code used by presets and integrations.",
    )
    sequence = fields.Integer(
        default=10, help="Among levels matching a ticket, the lowest sequence wins."
    )
    active = fields.Boolean(default=True, tracking=True)
    regulation_id = fields.Many2one(
        "helpdesk.support.regulation",
        index=True,
        ondelete="restrict",
        check_company=True,
        tracking=True,
        help="The regulation this level belongs to: it only applies to tickets "
        "of contracts on a tier of this regulation (without a contract: when "
        "the company's default level belongs to it). Empty: tiers without a "
        "regulation.",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        index=True,
    )
    resource_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Schedule",
        check_company=True,
        tracking=True,
        help="Working time of this level. Empty: the schedule of the contract's "
        "tier, or of the company when there is no contract.",
    )
    timer_kind = fields.Selection(
        [("response", "Response"), ("development", "Development")],
        string="Timer",
        required=True,
        default="response",
        help="Response: the target is met by the first public reply and a "
        "reclassification recomputes it from the ticket's start. Development "
        "(DS 3.9): a new timer starts when a ticket is moved to this level and "
        "is met when the ticket is solved.",
    )
    auto_assign = fields.Boolean(
        string="Assigned automatically",
        default=True,
        help="Matched on ticket creation. Disable for levels that staff or a "
        "coupon set explicitly (special request, development).",
    )
    tier_ids = fields.Many2many(
        "helpdesk.support.tier",
        "helpdesk_support_sla_level_tier_rel",
        "level_id",
        "tier_id",
        string="Tiers",
        check_company=True,
        help="Applies to contracts on these tiers. Empty: any tier, and tickets "
        "without a contract.",
    )
    sender_category_ids = fields.Many2many(
        "helpdesk.support.sender.category",
        string="Sender categories",
        check_company=True,
        help="Applies to contracts of these sender categories. Empty: any.",
    )
    category_ids = fields.Many2many(
        "helpdesk.ticket.category",
        string="Ticket categories",
        check_company=True,
        help="Applies to tickets of these categories. Empty: any.",
    )
    min_priority = fields.Selection(
        PRIORITY_SELECTION,
        string="Minimum criticality",
        help="Applies to tickets of at least this priority. Empty: any.",
    )
    description = fields.Html()

    _sql_constraints = [
        (
            "code_company_uniq",
            "unique(code, company_id)",
            "The code of an SLA level must be unique per company.",
        )
    ]

    @api.constrains("regulation_id", "tier_ids", "sender_category_ids")
    def _check_regulation(self):
        """Conditions name tiers and sender categories of the level's own
        regulation (a level cannot reach into another regulation)."""
        for level in self:
            strangers = [
                record
                for record in (*level.tier_ids, *level.sender_category_ids)
                if record.regulation_id != level.regulation_id
            ]
            if strangers:
                raise ValidationError(
                    self.env._(
                        "The SLA level %(level)s belongs to the regulation "
                        "%(regulation)s; %(records)s do not.",
                        level=level.display_name,
                        regulation=level.regulation_id.display_name or "—",
                        records=", ".join(record.display_name for record in strangers),
                    )
                )

    def _ticket_regulation(self, tier):
        """The regulation of a ticket whose contract is on ``tier``: the
        tier's; without a tier (no contract), the regulation of the default
        level of this level's company."""
        self.ensure_one()
        if tier:
            return tier.regulation_id
        return self.company_id.sudo().support_default_sla_level_id.regulation_id

    def _matches(self, tier, sender_category, category, priority):
        """Whether this level applies to a ticket described by the arguments.

        :param tier: ``helpdesk.support.tier`` of the contract (may be empty)
        :param sender_category: ``helpdesk.support.sender.category`` (may be empty)
        :param category: ``helpdesk.ticket.category`` of the ticket (may be empty)
        :param priority: the ticket's priority as a selection key ("0".."3")
        """
        self.ensure_one()
        regulation = self._ticket_regulation(tier)
        if category._support_no_sla_for(regulation):
            return False  # MQ 1.4: the package SLA does not apply
        if self.regulation_id != regulation:
            return False
        if self.tier_ids and tier not in self.tier_ids:
            return False
        if self.sender_category_ids and sender_category not in self.sender_category_ids:
            return False
        if self.category_ids and category not in self.category_ids:
            return False
        if self.min_priority and (priority or "0") < self.min_priority:
            return False
        return True

    def _select_level(self, tier, sender_category, category, priority):
        """Return the first level of ``self`` (in sequence order) that matches.

        ``self`` is the candidate set, typically fetched once for a whole batch
        of tickets with :meth:`_get_candidates`. Only levels of the ticket's
        regulation can match (:meth:`_matches`), and none for a category
        without SLA.
        """
        for level in self.sorted(lambda lvl: (lvl.sequence, lvl.id)):
            if level._matches(tier, sender_category, category, priority):
                return level
        return self.browse()

    def _get_candidates(self, company):
        """Levels that may be assigned automatically in ``company``, in
        sequence order: searched once a process until a level is created,
        deleted or changed in what makes it a candidate (every incoming mail
        asks, R-50; Odoo's registry cache, cleared in every worker)."""
        return self.browse(self._candidate_ids(company.id))

    @api.model
    @tools.ormcache("company_id")
    def _candidate_ids(self, company_id):
        return tuple(
            self.sudo()
            .with_context(active_test=True)
            .search([("company_id", "=", company_id), ("auto_assign", "=", True)])
            .ids
        )

    @api.model_create_multi
    def create(self, vals_list):
        levels = super().create(vals_list)
        self.env.registry.clear_cache()
        return levels

    def write(self, vals):
        result = super().write(vals)
        if CANDIDATE_FIELDS.intersection(vals):
            self.env.registry.clear_cache()
        return result

    def unlink(self):
        result = super().unlink()
        self.env.registry.clear_cache()
        return result

# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from .helpdesk_support_system_fields_mixin import SUPPORT_MANAGER, writable


class HelpdeskTicketCategory(models.Model):
    _name = "helpdesk.ticket.category"
    _inherit = ["helpdesk.support.system.fields.mixin", "helpdesk.ticket.category"]
    # the scope of a category under each regulation is the support managers' (R-23)
    _support_write_rights = {
        SUPPORT_MANAGER: writable(
            "code",
            "support_scope_guidance",
            "support_scope_summary",
            "support_limit_exempt",
            "support_kcp_only",
            "support_no_sla",
            "support_regulation_ids",
            "support_scope_ids",
            "support_professional_service",
        ),
    }

    code = fields.Char(
        string="Technical code",
        help="Stable technical code used by presets and SLA rules.",
        index=True,
    )
    support_scope_guidance = fields.Html(
        string="Scope Guidance",
        translate=True,
        help="What support does and does not do for this kind of request "
        "(DS 4.x), shown to staff.",
    )
    support_scope_summary = fields.Text(
        string="Guidance for customers",
        translate=True,
        help="The scope of this kind of request in short (DS 4.x, MQ 1.4), "
        "shown to the customer on the portal form when they pick the category.",
    )

    support_limit_exempt = fields.Boolean(
        string="Not counted in the open-ticket limit",
        help="Tickets of this category do not take a slot of the customer's "
        "open-ticket limit (MQ 1.2: licensing and billing, improvements, "
        "account management).",
    )
    support_kcp_only = fields.Boolean(
        string="Key contact person only",
        help="Requests of this category are accepted only from the key contact "
        "person of the contract; from anyone else the ticket is closed without "
        "action, with a message saying why (MQ 1.4).",
    )

    support_no_sla = fields.Boolean(
        string="No SLA",
        help="The support package's SLA does not apply to requests of this "
        "category (MQ 1.4, licensing and billing): no SLA level, no response "
        'timer, shown as "No SLA" to staff and customers.',
    )

    support_regulation_ids = fields.Many2many(
        "helpdesk.support.regulation",
        string="Regulations",
        help="The regulations whose presets list this category. Its rules (No "
        "SLA, key contact person only) apply to tickets of these regulations "
        "only: with DS and MQ in one company, MQ's rules never reach DS "
        "tickets. Empty: every regulation.",
    )

    support_scope_ids = fields.One2many(
        "helpdesk.support.category.scope",
        "category_id",
        string="Scope per regulation",
        help="The scope as each regulation listing this category words it "
        "(DS 3.8 and MQ 1.4 both have a consultation); without a row for a "
        "ticket's regulation, the texts above apply.",
    )

    support_professional_service = fields.Boolean(
        string="Professional service",
        help="Requests of this category order professional services (MQ 2): "
        "staff answer with an estimate that only the key contact person can "
        "accept, and the time logged is charged to the customer's certificate.",
    )

    def _support_rules_apply(self, regulation):
        """Whether the rules of this category (No SLA, key contact person
        only) apply to a ticket of ``regulation`` (a record; empty when the
        ticket follows no regulation: then they apply)."""
        self.ensure_one()
        return not (regulation and self.support_regulation_ids) or regulation in (
            self.support_regulation_ids
        )

    def _support_scope_texts(self, regulation):
        """(guidance for staff, summary for customers) of this category (may
        be empty) under ``regulation``: the regulation's own scope row, else
        the category's texts."""
        if not self:
            return False, False
        self.ensure_one()
        scope = (
            regulation
            and self.support_scope_ids.filtered(
                lambda row: row.regulation_id == regulation
            )[:1]
        )
        if scope:
            return scope.support_scope_guidance, scope.support_scope_summary
        return self.support_scope_guidance, self.support_scope_summary

    def _support_no_sla_for(self, regulation):
        """MQ 1.4: whether the package SLA does not apply to a ticket of this
        category (may be empty) under ``regulation``."""
        return bool(
            self and self.support_no_sla and self._support_rules_apply(regulation)
        )

    def _support_kcp_only_for(self, regulation):
        """MQ 1.4: whether only the key contact person may send a request of
        this category (may be empty) under ``regulation``."""
        return bool(
            self and self.support_kcp_only and self._support_rules_apply(regulation)
        )

    _sql_constraints = [
        (
            "code_company_uniq",
            "unique(code, company_id)",
            "The code of a ticket category must be unique per company.",
        )
    ]

    def write(self, vals):
        """A category that stops or starts counting in the open-ticket limit
        moves the slots of the open tickets filed under it (MQ 1.2
        «Одновременно в работе … может находиться ограниченное количество
        обращений», MQ Appendix 1, R-30): those now counted enter the limit
        like new tickets, queued beyond it; freed slots go to the oldest
        queued tickets — through the lifecycle's events."""
        if "support_no_sla" in vals:
            return self._support_write_no_sla(vals)
        if "support_limit_exempt" not in vals:
            return super().write(vals)
        Ticket = self.env["helpdesk.ticket"]
        tickets = Ticket.sudo().search(
            [
                ("category_id", "in", self.ids),
                ("stage_id.closed", "=", False),
                ("support_contract_id", "!=", False),
            ],
            order="id",
        )
        result = super().write(vals)
        if not vals["support_limit_exempt"]:
            tickets.filtered(lambda t: not t.support_queued)._support_lifecycle_event(
                "queued"
            )
        Ticket._support_lifecycle_event(
            "released", contracts=tickets.support_contract_id
        )
        return result

    def _support_write_no_sla(self, vals):
        """A category that leaves or enters every SLA (MQ 1.4, of licensing and billing:
        «На обращения данной категории не распространяется установленный пакетом
        поддержки SLA») re-applies the SLA to the open tickets filed under it, through
        the lifecycle's ``contract`` event: their level is selected again, an obligation
        that no longer exists is cancelled, a
        new one starts (R-23)."""
        vals = dict(vals)
        no_sla = vals.pop("support_no_sla")
        result = self.write(vals) if vals else True
        changing = self.filtered(lambda c: c.support_no_sla != bool(no_sla))
        tickets = (
            self.env["helpdesk.ticket"]
            .sudo()
            .search(
                [
                    ("category_id", "in", changing.ids),
                    ("stage_id.closed", "=", False),
                ],
                order="id",
            )
        )
        super().write({"support_no_sla": no_sla})
        for category in changing:
            filed = tickets.filtered(lambda t, c=category: t.category_id == c)
            if filed:
                filed._support_lifecycle_event(
                    "contract",
                    reason=self.env._(
                        "category %(category)s changed its SLA",
                        category=category.display_name,
                    ),
                )
        return result

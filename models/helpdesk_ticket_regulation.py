# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The regulation a ticket is served under (issue #14 A.1, B.12): that of
its contract's tier, without a contract that of the company's default level.
It scopes the rules of the ticket's category (No SLA, key contact person
only) and the wording of the category's scope.

Mixed into ``helpdesk.ticket``.
"""

from odoo import api, models


class HelpdeskTicketSupportRegulationMixin(models.AbstractModel):
    _name = "helpdesk.ticket.support.regulation.mixin"
    _description = "Helpdesk ticket: regulation of the ticket"

    @api.depends(
        "category_id.support_scope_guidance",
        "category_id.support_scope_ids.support_scope_guidance",
        "support_contract_id.tier_id.regulation_id",
    )
    @api.depends_context("lang")
    def _compute_support_scope_guidance(self):
        """The scope of the category as the ticket's regulation words it
        (issue #14 B.12: DS 3.8 and MQ 1.4 both have a consultation)."""
        for ticket in self:
            category = ticket.sudo().category_id
            guidance, _summary = category._support_scope_texts(
                ticket._support_regulation()
            )
            ticket.support_scope_guidance = guidance

    def _support_regulation(self, contract=None):
        """The regulation the ticket is served under: that of its contract's
        tier (``contract`` stands for the ticket's own when given); without
        a contract, that of the company's default level (issue #14 A.1)."""
        self.ensure_one()
        contract = self.support_contract_id if contract is None else contract
        tier = contract.sudo().tier_id
        if tier:
            return tier.regulation_id
        return self.company_id.sudo().support_default_sla_level_id.regulation_id

    def _support_no_sla(self, contract=None):
        """MQ 1.4: whether the package SLA does not apply to the ticket — its
        category is flagged *No SLA* for the ticket's regulation."""
        self.ensure_one()
        return self.sudo().category_id._support_no_sla_for(
            self._support_regulation(contract)
        )

# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The regulation a ticket is served under (DS or MQ, R-20): that of
its contract's tier, without a contract that of the company's default level.
It scopes the rules of the ticket's category (No SLA, key contact person
only) and the wording of the category's scope: with DS and MQ in one
company, MQ's rules never reach DS tickets.
"""

from odoo import api, fields, models


class HelpdeskTicketRegulation(models.Model):
    _inherit = "helpdesk.ticket"

    support_scope_guidance = fields.Html(
        compute="_compute_support_scope_guidance",
        string="Scope of the category",
        help="What support does and does not do for requests of this category "
        "(DS 4.x, MQ 1.4).",
    )

    @api.depends(
        "category_id.support_scope_guidance",
        "category_id.support_scope_ids.support_scope_guidance",
        "support_contract_id.tier_id.regulation_id",
    )
    @api.depends_context("lang")
    def _compute_support_scope_guidance(self):
        """The scope of the category as the ticket's regulation words it
        (DS 3.8 and MQ 1.4 both have a consultation, each its own scope)."""
        for ticket in self:
            category = ticket.sudo().category_id
            guidance, _summary = category._support_scope_texts(
                ticket._support_regulation()
            )
            ticket.support_scope_guidance = guidance

    def _support_regulation(self, contract=None):
        """The regulation the ticket is served under: that of its contract's
        tier (``contract`` stands for the ticket's own when given); without
        a contract, that of the company's default level (R-20)."""
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

    @api.model
    def _support_prepare_team_vals(self, vals_list):
        """Give every new ticket a queue someone watches (R-20, R-25).

        A ticket that names neither team nor assignee (the portal form, mail
        to an address of no team, a chat message, a backend form left empty)
        gets the default team of its regulation: that of its contract's
        tier, else that of its SLA level, else that of the company's default
        level. Then a ticket with a team and no assignee follows the team's
        assignment rule. MQ 1.2 «Основным показателем SLA является
        гарантированное время ответа» and DS 5.1 «На каждую заявку
        назначается ответственный сотрудник»: a ticket in nobody's queue
        meets neither. A ticket given an assignee keeps it (and
        helpdesk_mgmt gives it the assignee's team).

        Runs after :meth:`_support_prepare_sla_vals` (contract and level are
        in the values); a fixed number of queries for the whole batch.
        """
        Contract = self.env["helpdesk.support.contract"].sudo()
        Level = self.env["helpdesk.support.sla.level"].sudo()
        Team = self.env["helpdesk.ticket.team"].sudo()
        contracts = Contract.browse(
            {v.get("support_contract_id") for v in vals_list} - {None, False}
        )
        levels = Level.browse(
            {v.get("support_sla_level_id") for v in vals_list} - {None, False}
        )
        companies = (
            self.env["res.company"]
            .sudo()
            .browse({v.get("company_id") or self.env.company.id for v in vals_list})
        )
        for vals in vals_list:
            if vals.get("team_id") or vals.get("user_id"):
                continue
            company = companies.browse(vals.get("company_id") or self.env.company.id)
            regulation = (
                contracts.browse(vals.get("support_contract_id")).tier_id.regulation_id
                or levels.browse(vals.get("support_sla_level_id")).regulation_id
                or company.support_default_sla_level_id.regulation_id
            )
            team = regulation.default_team_id
            if team.active and team.company_id in (company, Team.company_id):
                vals["team_id"] = team.id
        wanted = {}
        for vals in vals_list:
            if vals.get("team_id") and not vals.get("user_id"):
                wanted[vals["team_id"]] = wanted.get(vals["team_id"], 0) + 1
        if not wanted:
            return
        picked = Team.browse(list(wanted))._support_pick_assignees(wanted)
        for vals in vals_list:
            if vals.get("team_id") and not vals.get("user_id"):
                user = picked[vals["team_id"]].pop(0)
                if user:
                    vals["user_id"] = user.id

# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..models.helpdesk_support_system_fields_mixin import (
    SUPPORT_USER,
    support_callable,
    writable,
)


class HelpdeskSupportReclassifyWizard(models.TransientModel):
    """Change category and SLA level of a ticket, with a reason (R-23)."""

    _name = "helpdesk.support.reclassify.wizard"
    _description = "Reclassify Support Ticket"
    _inherit = ["helpdesk.support.system.fields.mixin"]
    # a wizard's own input (a wizard's computed defaults are its input)
    _support_write_rights = {
        SUPPORT_USER: writable(
            "ticket_id", "category_id", "support_sla_level_id", "reason"
        ),
    }

    ticket_id = fields.Many2one("helpdesk.ticket", required=True, ondelete="cascade")
    company_id = fields.Many2one(related="ticket_id.company_id")
    # DS 3.8 «может быть переведено на данный уровень технической поддержки
    # сотрудниками технической поддержки», MQ 1.2 «СТП вправе
    # переклассифицировать обращение после проверки», MQ 1.4: a ticket is
    # reclassified
    # within the categories of its own regulation; with DS and
    # MQ in one company the other regulation's categories are not offered
    support_regulation_id = fields.Many2one(
        "helpdesk.support.regulation",
        string="Regulation",
        compute="_compute_support_regulation_id",
    )
    support_category_ids = fields.Many2many(
        "helpdesk.ticket.category",
        string="Categories offered",
        compute="_compute_support_regulation_id",
    )
    category_id = fields.Many2one(
        "helpdesk.ticket.category",
        compute="_compute_category_id",
        store=True,
        readonly=False,
        domain="[('id', 'in', support_category_ids)]",
    )
    support_sla_level_id = fields.Many2one(
        "helpdesk.support.sla.level",
        string="SLA level",
        compute="_compute_sla_level_id",
        store=True,
        readonly=False,
        domain="[('company_id', '=', company_id)]",
        help="Proposed from the category; any level of the company may be chosen "
        "(e.g. consultation, development).",
    )
    reason = fields.Text(required=True)

    @api.depends("ticket_id")
    def _compute_support_regulation_id(self):
        """The ticket's regulation and the categories it lists (those of
        its company it lists, the current category kept); a ticket under
        no regulation is offered every category of its company."""
        Category = self.env["helpdesk.ticket.category"]
        for wizard in self:
            ticket = wizard.ticket_id
            regulation = (
                ticket._support_regulation()
                if ticket
                else self.env["helpdesk.support.regulation"]
            )
            wizard.support_regulation_id = regulation
            domain = [("company_id", "in", (ticket.company_id.id, False))]
            if regulation:
                domain.append(("support_regulation_ids", "in", regulation.ids))
            wizard.support_category_ids = Category.search(domain) | ticket.category_id

    @api.depends("ticket_id")
    def _compute_category_id(self):
        for wizard in self:
            wizard.category_id = wizard.ticket_id.category_id

    @api.depends("ticket_id", "category_id")
    def _compute_sla_level_id(self):
        for wizard in self:
            ticket = wizard.ticket_id
            if not ticket or wizard.category_id == ticket.category_id:
                wizard.support_sla_level_id = ticket.support_sla_level_id
                continue
            wizard.support_sla_level_id = ticket._support_match_level(
                wizard.category_id, ticket.priority
            )

    @support_callable(SUPPORT_USER)
    def action_confirm(self):
        self.ensure_one()
        # DS 3.8, MQ 1.4: the form's domain is the web client's
        # only; a wizard created over RPC is held to the same categories
        if self.category_id and self.category_id not in self.support_category_ids:
            raise ValidationError(
                self.env._(
                    "The category %(category)s is not one of the regulation "
                    "of this ticket.",
                    category=self.category_id.display_name,
                )
            )
        self.ticket_id._support_reclassify(
            self.category_id, self.support_sla_level_id, self.reason
        )
        return {"type": "ir.actions.act_window_close"}

# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..models.helpdesk_support_system_fields_mixin import (
    SUPPORT_MANAGER,
    support_callable,
    writable,
)


class HelpdeskSupportContractApplyWizard(models.TransientModel):
    """Apply a contract to open tickets of its customer that have none:
    adopting the addon in a helpdesk with tickets already open (only the
    contract's registered contacts' tickets, R-31)."""

    _name = "helpdesk.support.contract.apply.wizard"
    _description = "Apply Support Contract to Open Tickets"
    _inherit = ["helpdesk.support.system.fields.mixin"]
    # a wizard's own input
    _support_write_rights = {
        SUPPORT_MANAGER: writable("contract_id", "ticket_ids", "clock"),
    }

    contract_id = fields.Many2one(
        "helpdesk.support.contract",
        string="Support contract",
        required=True,
        ondelete="cascade",
        domain="[('state', '=', 'active')]",
    )
    ticket_ids = fields.Many2many(
        "helpdesk.ticket",
        string="Tickets",
        help="Open tickets of the contract's customer without a contract: all "
        "of them from the contract, the selection from the ticket list.",
    )
    clock = fields.Selection(
        [
            ("applied", "From now"),
            ("created", "From each ticket's creation"),
        ],
        string="Count the SLA",
        required=True,
        default="applied",
        help="From now: every ticket gets the full response time from now on. "
        "From each ticket's creation: the real deadlines; those already past "
        "are breached at once.",
    )
    ticket_count = fields.Integer(
        string="Tickets to bring under the contract", compute="_compute_preview"
    )
    breach_count = fields.Integer(
        string="Breached at once if counted from creation",
        compute="_compute_preview",
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        context = self.env.context
        Ticket = self.env["helpdesk.ticket"]
        Contract = self.env["helpdesk.support.contract"]
        if context.get("active_model") == "helpdesk.ticket" and context.get(
            "active_ids"
        ):
            # the selection of the ticket list, under its customer's contract
            tickets = Ticket.browse(context["active_ids"]).exists()
            tickets.check_access("read")
            values["ticket_ids"] = [Command.set(tickets.ids)]
            if not values.get("contract_id") and tickets:
                first = tickets[0]
                active = Contract.sudo()._get_active_contract_by_company(
                    first.partner_id
                )
                found = active.get((first.company_id, first.commercial_partner_id))
                contract = Contract.browse(found.ids if found else ())
                if contract and contract.has_access("read"):
                    values["contract_id"] = contract.id
        elif values.get("contract_id"):
            contract = Contract.browse(values["contract_id"])
            contract.check_access("read")
            tickets = Ticket.search(Ticket._support_unapplied_domain(contract))
            values["ticket_ids"] = [Command.set(tickets.ids)]
        return values

    @api.depends("contract_id", "ticket_ids")
    def _compute_preview(self):
        for wizard in self:
            # on the form the web client opens, the wizard is a new record
            # and so are the tickets it holds: the preview counts the saved
            # tickets (and their timers) behind them
            tickets = wizard.ticket_ids._origin
            wizard.ticket_count = len(tickets)
            wizard.breach_count = (
                tickets._support_preview_breaches(wizard.contract_id._origin)
                if tickets and wizard.contract_id
                else 0
            )

    @support_callable(SUPPORT_MANAGER)
    def action_apply(self):
        self.ensure_one()
        self.contract_id._support_check_manager()
        if self.contract_id.state != "active":
            raise UserError(
                self.env._(
                    "Activate the contract %(contract)s before applying it.",
                    contract=self.contract_id.display_name,
                )
            )
        # tickets the user may not read are dropped from ``ticket_ids`` when
        # read: refuse the selection rather than apply it in part
        if self.sudo().ticket_ids != self.ticket_ids.sudo():
            raise AccessError(
                self.env._("You may not apply a contract to tickets you cannot access.")
            )
        if not self.ticket_ids:
            raise UserError(self.env._("There is no ticket to apply the contract to."))
        self.ticket_ids.check_access("write")
        self.ticket_ids._support_apply_contract(self.contract_id, clock=self.clock)
        return {"type": "ir.actions.act_window_close"}

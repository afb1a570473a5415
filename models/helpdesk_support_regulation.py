# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from ..tools.numbers import DAYS
from .helpdesk_support_system_fields_mixin import SUPPORT_MANAGER, writable


class HelpdeskSupportRegulation(models.Model):
    """A written support regulation a company runs (DS, MQ...).

    Tiers, sender categories and SLA levels belong to one regulation, and a
    level only ever applies to tickets of its own regulation: the tier of the
    customer's contract names it, and a ticket without a contract follows the
    regulation of the company's default level (R-11, R-20). Two presets
    loaded in one company therefore never lend each other their levels.
    """

    _name = "helpdesk.support.regulation"
    _description = "Support Regulation"
    _order = "sequence, id"
    _inherit = [
        "helpdesk.support.number.mixin",
        "helpdesk.support.system.fields.mixin",
    ]
    # configuration: the support managers' (R-20); the rest is the system's
    _support_write_rights = {
        SUPPORT_MANAGER: writable(
            "name",
            "code",
            "sequence",
            "active",
            "company_id",
            "tier_ids",
            "sla_level_ids",
            "sender_category_ids",
            "autoclose",
            "autoclose_days",
            "kcp_sees_all_tickets",
            "default_team_id",
        ),
    }
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        string="Technical code",
        required=True,
        help="Stable technical code used by presets and integrations.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        index=True,
    )
    tier_ids = fields.One2many("helpdesk.support.tier", "regulation_id")
    sla_level_ids = fields.One2many(
        "helpdesk.support.sla.level", "regulation_id", string="SLA levels"
    )
    sender_category_ids = fields.One2many(
        "helpdesk.support.sender.category", "regulation_id"
    )
    # auto-close is a clause of a regulation, not a company habit. MQ
    # 1.2 states it («При отсутствии реакции Пользователя … в течение 3
    # (трех) рабочих дней … обращение считается … закрытым»); DS has no
    # such clause, so its tickets waiting for information are never closed
    # for want of a reply, even when both run in one company.
    autoclose = fields.Boolean(
        string="Auto-close tickets waiting for the customer",
        help="A ticket of this regulation waiting for the customer (a proposed "
        "solution, an information request) is closed when the customer does "
        "not react within the period below; a reminder goes one working day "
        "before (R-60). Off: such tickets wait until staff close them.",
    )
    autoclose_days = fields.Integer(
        string="Auto-close after (working days)",
        default=3,
        help="Working days the customer has to react before the ticket is "
        "closed automatically (MQ 1.2: 3 working days).",
    )
    _support_number_rules = {"autoclose_days": DAYS}
    # who sees a customer's tickets on the portal follows the
    # regulation of the ticket's contract, as both presets run in one
    # company. MQ 1.6 keeps every ticket within its creator's team, the key
    # contact person's included; DS knows no teams and files requests in the
    # licensee's own account (DS 5.1, «в Личном кабинете Лицензиата»)
    kcp_sees_all_tickets = fields.Boolean(
        string="Key contact person sees all tickets",
        help="On the portal, the key contact person of a contract under this "
        "regulation sees every ticket of the customer, whatever its teams of "
        "contacts (DS: the licensee's account, DS 5.1). Off, the key contact "
        "person sees their own tickets and their team's, like any registered "
        "contact (MQ 1.6: tickets are visible only to their authors and the "
        "members of their team).",
    )

    # Every ticket lands in a queue someone watches: a ticket from the portal,
    # mail, a chat or the backend that names no team goes to its
    # regulation's team (MQ 1.2 «Основным показателем SLA является
    # гарантированное время ответа» cannot be kept by nobody; DS 5.1 «На
    # каждую заявку назначается ответственный сотрудник»), and then follows
    # that team's assignment
    default_team_id = fields.Many2one(
        "helpdesk.ticket.team",
        string="Default team",
        check_company=True,
        index="btree_not_null",
        ondelete="set null",
        help="The team of the tickets of this regulation that arrive without "
        "one (portal, mail, chat, backend). The team's assignment rule then "
        "picks the assignee. Empty: such tickets belong to no team and appear "
        "in nobody's queue.",
    )
    support_no_team_warning = fields.Boolean(
        string="No default team",
        compute="_compute_support_no_team_warning",
        help="No default team: tickets of this regulation without a team of "
        "their own reach nobody's queue.",
    )

    @api.depends("default_team_id")
    def _compute_support_no_team_warning(self):
        for regulation in self:
            regulation.support_no_team_warning = not regulation.default_team_id

    _sql_constraints = [
        (
            "code_company_uniq",
            "unique(code, company_id)",
            "The code of a support regulation must be unique per company.",
        )
    ]

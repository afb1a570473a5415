# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A customer's Telegram chat (OCA mail_gateway_telegram) linked to its
support contract (R-54, MQ 1.3: chats created and administered by support,
for the tiers that include the messenger channel only).

The link stops by itself when the contract ends, is moved to a tier without
the messenger, or the customer's portal access is blocked (R-34): messages
of the chat then no longer become tickets, and staff read why on the chat.
"""

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

from ..tools.server_language import staff_env
from .helpdesk_support_system_fields_mixin import SUPPORT_USER, writable

# categories whose requests support registers from chats (MQ 1.3)
CHAT_CATEGORY_CODES = (
    "bug",
    "improvement",
    "account_management",
    "licensing_billing",
    "professional_service",
)


class DiscussChannel(models.Model):
    _name = "discuss.channel"
    _inherit = ["helpdesk.support.system.fields.mixin", "discuss.channel"]
    # chats are administered by support (MQ 1.3): support users link them to
    # contracts they may read; what the link noticed and the flagged
    # authors are the system's (MQ 1.5)
    _support_write_rights = {
        SUPPORT_USER: writable("support_contract_id"),
    }

    # OCA shows the bot's token (the gateway's, readable by administrators
    # only) on every gateway chat, as a related field computed in sudo: with
    # it anyone speaks as the bot in every customer's chat. Support staff
    # administer the chats (MQ 1.3), not the bot.
    gateway_token = fields.Char(groups="base.group_system")
    support_contract_id = fields.Many2one(
        "helpdesk.support.contract",
        string="Support contract",
        index="btree_not_null",
        copy=False,
        help="The contract whose customer this Telegram chat serves; linked "
        "by support staff (MQ 1.3).",
    )
    support_link_problem = fields.Char(
        string="Link stopped",
        compute="_compute_support_link_problem",
        help="Why messages of this chat no longer become tickets.",
    )
    support_link_noticed = fields.Char(readonly=True, copy=False)
    support_flagged_guest_ids = fields.Many2many(
        "mail.guest",
        "discuss_channel_support_flagged_guest_rel",
        "channel_id",
        "guest_id",
        string="Unregistered authors",
        readonly=True,
        copy=False,
        help="Telegram users who wrote in the chat without being registered "
        "contacts of the contract (MQ 1.5).",
    )

    @api.model
    def _search(self, domain, *args, **kwargs):
        # a search on the bot's token would guess it (see gateway_token)
        if (
            not self.env.su
            and not self.env.user.has_group("base.group_system")
            and any(
                isinstance(leaf, (list, tuple))
                and leaf
                and isinstance(leaf[0], str)
                and leaf[0].split(".", 1)[0] == "gateway_token"
                for leaf in domain or ()
            )
        ):
            raise AccessError(
                self.env._("Only administrators may search chats by the bot's token.")
            )
        return super()._search(domain, *args, **kwargs)

    @api.depends_context("uid")
    @api.depends(
        "support_contract_id.state",
        "support_contract_id.date_end",
        "support_contract_id.tier_id",
    )
    def _compute_support_link_problem(self):
        for channel in self:
            channel.support_link_problem = channel._support_link_problem()

    def _support_link_problem(self):
        """Why the chat's link to its contract stopped ('' when it works)."""
        self.ensure_one()
        contract = self.sudo().support_contract_id
        if not contract:
            return ""
        today = fields.Date.context_today(self)
        if contract.portal_blocked_user_ids:
            return self.env._(
                "The customer of contract %(contract)s is blocked (the contract "
                "ended): messages of this chat no longer become tickets.",
                contract=contract.name,
            )
        if contract.state != "active" or (
            contract.date_end and contract.date_end < today
        ):
            return self.env._(
                "Contract %(contract)s is not active: messages of this chat no "
                "longer become tickets.",
                contract=contract.name,
            )
        ticket_model = self.env["helpdesk.ticket"]
        if ticket_model._support_channel_refusal(
            contract, ticket_model._support_channel("messenger")
        ):
            return self.env._(
                "The %(tier)s plan of contract %(contract)s does not include "
                "Telegram chats: messages of this chat no longer become tickets.",
                tier=contract.tier_id.name,
                contract=contract.name,
            )
        return ""

    @api.constrains("support_contract_id")
    def _check_support_contract_id(self):
        for channel in self.filtered("support_contract_id"):
            # sudo: the gateway (its token) is readable by administrators only
            if (
                channel.channel_type != "gateway"
                or channel.sudo().gateway_id.gateway_type != "telegram"
            ):
                raise ValidationError(
                    self.env._("Only a Telegram chat can be linked to a contract.")
                )
            contract = channel.sudo().support_contract_id
            if contract.company_id != (channel.company_id or contract.company_id):
                raise ValidationError(
                    self.env._("The chat and the contract are of other companies.")
                )
            problem = channel._support_link_problem()
            if problem:
                raise ValidationError(
                    self.env._(
                        "This chat cannot be linked to %(contract)s. %(why)s",
                        contract=contract.name,
                        why=problem,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        # create checks the link as write does: a chat created linked
        # to a contract is a link like any other
        if not self.env.su:
            contract_ids = {
                vals.get("support_contract_id")
                or self.env.context.get("default_support_contract_id")
                for vals in vals_list
            } - {False, None}
            for contract_id in contract_ids:
                self._support_check_link_rights(contract_id)
        return super().create(vals_list)

    def write(self, vals):
        if "support_contract_id" in vals and not self.env.su:
            self._support_check_link_rights(vals["support_contract_id"])
            self.check_access("write")
            others = dict(vals)
            link = {"support_contract_id": others.pop("support_contract_id")}
            # the other fields of the write with the user's own rights
            if others:
                self.write(others)
            # sudo after the checks, for the link only: the channel's store
            # notification reads the gateway, readable by administrators only
            return self.sudo().write(link)
        result = super().write(vals)
        if "support_contract_id" in vals:
            self.sudo().write({"support_link_noticed": False})
        return result

    def _support_check_link_rights(self, contract_id):
        """Chats are administered by support (MQ 1.3): only support users
        link them, to contracts they may read."""
        if self.env.su:
            return
        if not self.env.user.has_group(
            "helpdesk_mgmt_support_contract.group_support_user"
        ):
            raise AccessError(
                self.env._("Only support staff may link a chat to a contract.")
            )
        if contract_id:
            contract = self.env["helpdesk.support.contract"].browse(contract_id)
            contract.check_access("read")

    def _support_post_notice(self, body):
        """A note for staff on the chat: never sent to Telegram (OCA's
        gateway sends comments only)."""
        self.sudo().message_post(
            body=body,
            message_type="notification",
            subtype_xmlid="mail.mt_note",
            author_id=self.env.ref("base.partner_root").id,
        )

    def _support_notice_link(self):
        """Tell staff on the chat once when its link stops (or changes why)."""
        for channel in self.filtered("support_contract_id"):
            # a notice the staff read: the company's language (MQ 1.3)
            company = channel.sudo().support_contract_id.company_id
            problem = channel.with_env(
                staff_env(channel.env, company)
            )._support_link_problem()
            if problem and problem != channel.support_link_noticed:
                channel._support_post_notice(problem)
            if problem != (channel.support_link_noticed or ""):
                channel.sudo().support_link_noticed = problem or False

    def _support_flag_author(self, author, username):
        """Flag to staff an author who is not a registered contact of the
        chat's contract (MQ 1.5), once per author."""
        self.ensure_one()
        contract = self.sudo().support_contract_id
        if not contract or author._name != "mail.guest":
            return
        if self._support_registered_contact(username):
            return
        if author in self.sudo().support_flagged_guest_ids:
            return
        self.sudo().support_flagged_guest_ids = [fields.Command.link(author.id)]
        # computed apart: Babel's extractor cannot read an f-string inside
        # the arguments of a translated call (the term would be lost)
        env = staff_env(self.env, contract.company_id)
        shown = "@" + username if username else env._("no username")
        self._support_post_notice(
            Markup("%s")
            % env._(
                "%(name)s (%(username)s) writes in this chat but is not a "
                "registered contact of contract %(contract)s.",
                name=author.name,
                username=shown,
                contract=contract.name,
            )
        )

    def _support_registered_contact(self, username):
        """The registered contact of the chat's contract with the Telegram
        ``username``, if any."""
        self.ensure_one()
        contract = self.sudo().support_contract_id
        username = (username or "").lower()
        if not contract or not username:
            return self.env["res.partner"]
        contacts = contract.contact_ids | contract.key_contact_id
        return contacts.filtered(lambda p: p.support_telegram_username == username)[:1]

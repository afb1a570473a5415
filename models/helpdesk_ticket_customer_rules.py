# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Rules of the customer's contract on tickets: the open-ticket limit
and its queue (R-30), requests reserved to the key contact person (R-33),
escalation by the key contact person (R-35) and the coupon notice (R-42).
"""

from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression

from ..hooks import SUPPORT_PORTAL_DOMAIN
from ..tools.server_language import staff_env


class HelpdeskTicketCustomerRules(models.Model):
    _inherit = "helpdesk.ticket"

    # the portal rule selects tickets by these two columns: indexed,
    # /my/tickets answers in time independent of the table's size
    partner_id = fields.Many2one(index="btree_not_null")
    commercial_partner_id = fields.Many2one(index="btree_not_null")

    # the limit's queue (MQ Appendix 1, R-30); the order tickets are handled
    # in is helpdesk_ticket_queue.py's
    support_queued = fields.Boolean(
        string="Waiting for a free slot",
        readonly=True,
        index=True,
        copy=False,
        tracking=True,
        help="The customer's open-ticket limit was reached when the ticket "
        "arrived: it is accepted and enters work, with its SLA, as soon as a "
        "slot frees (R-30).",
    )
    support_portal_visible = fields.Boolean(
        string="Visible to me on the portal",
        compute="_compute_support_portal_visible",
        search="_search_support_portal_visible",
        help="The portal rule on tickets (R-32): the creator and the members "
        "of the creator's team of contacts under an active contract (all its "
        "registered contacts when the contract has no teams); the key contact "
        "person sees all the customer's tickets where the contract's "
        "regulation says so.",
    )

    @api.depends_context("uid")
    def _compute_support_portal_visible(self):
        # the search below decides, for the records at hand (one query)
        visible = set(
            self.sudo()
            .with_context(active_test=False)
            .search(
                [("id", "in", self._origin.ids), ("support_portal_visible", "=", True)]
            )
            .ids
        )
        for ticket in self:
            ticket.support_portal_visible = ticket._origin.id in visible

    def _search_support_portal_visible(self, operator, value):
        """The tickets the current user sees on the portal (R-32; MQ 1.6
        «доступны только для них самих и пользователей, состоящих с ними в
        одной команде»): the domain of its partner's
        ``_support_portal_ticket_domain``, the one reading of the rule that
        the mail gateway uses too (its docstring gives the reading of MQ
        1.3, 1.5, 1.6, the MQ glossary and DS 5.1 clause by clause).

        That domain is ids on indexed columns of tickets, the contracts of
        the user's organisation read first: with a subquery in each branch
        of the ``OR``, PostgreSQL read every ticket of the table
        (``bench/bench_scale.py``: /my/tickets 5.6 times slower at 1,100,000
        tickets). Read at each search, from the user's own partner: no cache
        to clear when a contract or a team changes.
        """
        wanted = self._support_portal_visible_values(operator, value)
        if not wanted:
            return expression.FALSE_DOMAIN
        if len(wanted) == 2:
            return expression.TRUE_DOMAIN
        domain = self.env.user.partner_id._support_portal_ticket_domain()
        if True in wanted:
            return domain
        return [("id", "not in", self.sudo()._search(domain))]

    def _support_portal_visible_values(self, operator, value):
        """The values of ``support_portal_visible`` a domain leaf asks for,
        as Odoo reads a boolean leaf (``None`` and ``0`` are False): ``=`` and
        ``!=`` with a boolean, ``in`` and ``not in`` with a list. Anything
        else is refused with a message, not a server error: a portal user's
        crafted domain must not probe the rule (R-32).

        :rtype: set
        """
        scalar = value is None or isinstance(value, bool | int)
        if operator in ("=", "!=") and scalar:
            wanted = {bool(value)}
        elif operator in ("in", "not in") and isinstance(value, list | tuple):
            if not all(item is None or isinstance(item, bool | int) for item in value):
                wanted = None
            else:
                wanted = {bool(item) for item in value}
        else:
            wanted = None
        if wanted is None:
            raise UserError(
                self.env._(
                    "The portal visibility of tickets can only be compared "
                    "with true or false."
                )
            )
        if operator in ("!=", "not in"):
            wanted = {True, False} - wanted
        return wanted

    @api.model
    def _support_set_portal_rule(self):
        """Restrict helpdesk_mgmt's portal rule on tickets (R-32)."""
        rule = self.env.ref(
            "helpdesk_mgmt.helpdesk_ticket_rule_portal", raise_if_not_found=False
        )
        if rule:
            rule.sudo().domain_force = SUPPORT_PORTAL_DOMAIN

    @api.model
    def _support_check_registered(self, vals_list):
        """Refuse new tickets of unregistered contacts on teams that accept
        registered contacts only (MQ 1.1: "requests from users registered on
        the support portal"; R-31), whoever creates them: the portal form and
        staff get the reason and how to register; mail is refused earlier by
        the team's alias (``helpdesk.ticket.team._alias_get_error``).

        Partners of internal users (staff's own tickets) are not customers.
        One read of the teams and one contract search for the batch.

        :raise UserError: for the first refused ticket
        """
        teams = (
            self.env["helpdesk.ticket.team"]
            .sudo()
            .browse({vals["team_id"] for vals in vals_list if vals.get("team_id")})
            .filtered("support_registered_only")
        )
        if not teams:
            return
        partners = (
            self.env["res.partner"]
            .sudo()
            .browse(
                {
                    vals["partner_id"]
                    for vals in vals_list
                    if vals.get("partner_id") and vals.get("team_id") in teams.ids
                }
            )
        )
        customers = partners.filtered(
            lambda p: not any(user._is_internal() for user in p.user_ids)
        )
        registered = (
            self.env["helpdesk.support.contract"]
            .sudo()
            ._support_registered_contacts(customers)
        )
        for vals in vals_list:
            partner = customers.browse(vals.get("partner_id"))
            if (
                vals.get("team_id") in teams.ids
                and partner in customers
                and partner not in registered
            ):
                team = teams.browse(vals["team_id"])
                raise UserError(team._support_unregistered_request_message(partner))

    def _support_takes_slot(self):
        """Whether the ticket takes a slot of its customer's limit."""
        self.ensure_one()
        return bool(
            self.support_contract_id.tier_id.open_ticket_limit
            and not self.stage_id.closed
            and not self.category_id.support_limit_exempt
            and not self.support_defect_confirmed_date
            and not self.support_coupon_id
        )

    def _support_notify_customer(self, body, **post_values):
        """A message to the customer on the ticket, in the customer's language.

        ``post_values``: further values of ``message_post``."""
        self.ensure_one()
        self.sudo().message_post(
            body=body,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            # the cached id: ``env.ref`` checks the row exists with a query
            # for every message of a batch
            author_id=self.env["ir.model.data"]._xmlid_to_res_id("base.partner_root"),
            partner_ids=self.partner_id.ids,
            **post_values,
        )

    def _support_queue_over_limit(self):
        """Queue new tickets beyond the customer's limit of tickets in work
        (the queue lives on the contract, beside its row lock)."""
        candidates = self.filtered(lambda t: t._support_takes_slot())
        if not candidates:
            return self.browse()
        queued = candidates.support_contract_id.sudo()._support_queue_tickets(
            candidates
        )
        queued = self.browse(queued.ids)
        queued._support_notify_queued()
        return queued

    def _support_notify_queued(self):
        """Tell each customer its ticket waits for a free slot (R-30, MQ
        Appendix 1 «Количество одновременно открытых обращений»), naming the
        tickets that hold the slots.

        The holders are read once for all the contracts of the batch, the
        text composed once per contract and language, and the notices posted
        through the batch poster (``_support_post_comments``): one message a
        ticket in its chatter, to its customer, in the customer's language,
        as ``_support_notify_customer`` posts it, with the messages, their
        e-mails and notifications created per batch. A burst of tickets over
        the limit costs no ``message_post`` a ticket."""
        if not self:
            return
        tickets = self.sudo()
        holders = tickets.search(
            tickets.support_contract_id._support_in_work_domain(), order="id"
        )
        numbers = defaultdict(list)
        for holder in holders:
            numbers[holder.support_contract_id.id].append(holder.number)
        texts = {}
        bodies = {}
        for ticket in tickets:
            contract = ticket.support_contract_id
            lang = ticket.partner_id.lang or self.env.lang
            key = (contract.id, lang)
            if key not in texts:
                env = ticket.with_context(lang=lang).env
                texts[key] = Markup("<p>%s</p><p>%s</p>") % (
                    env._(
                        "Your organisation has %(limit)s tickets in work, the "
                        "limit of the %(tier)s plan. This ticket is accepted and "
                        "waits for a free slot; its response time starts when it "
                        "enters work.",
                        limit=contract.tier_id.open_ticket_limit,
                        tier=contract.tier_id.with_env(env).name,
                    ),
                    env._(
                        "Tickets holding the slots: %(numbers)s.",
                        numbers=", ".join(numbers[contract.id]),
                    ),
                )
            bodies[ticket.id] = texts[key]
        # as _support_notify_customer's message_post: no subject, Odoo's
        # default layout of a discussion message
        author = self.env["res.partner"].browse(
            self.env["ir.model.data"]._xmlid_to_res_id("base.partner_root")
        )
        tickets._support_post_comments(
            bodies, dict.fromkeys(tickets.ids, False), author, layout=False
        )

    def _support_reject_not_from_kcp(self):
        """Close requests reserved to the key contact person from others."""
        rejected = self.filtered(
            lambda t: t.support_contract_id
            and t.category_id._support_kcp_only_for(t._support_regulation())
            and t.partner_id != t.support_contract_id.sudo().key_contact_id
        )
        for ticket in rejected:
            stage = ticket.company_id._get_support_rejected_stage(ticket.team_id)
            ticket.sudo().write({"stage_id": stage.id})
            kcp = ticket.support_contract_id.sudo().key_contact_id
            env = ticket.with_context(lang=ticket.partner_id.lang or self.env.lang).env
            ticket._support_notify_customer(
                env._(
                    "Requests of the category %(category)s are accepted only "
                    "from the key contact person of your organisation "
                    "(%(kcp)s). This ticket was closed without action; please "
                    "ask your key contact person to send the request.",
                    category=ticket.category_id.with_env(env).name,
                    kcp=kcp.name or env._("not designated"),
                )
            )
        return rejected

    def _support_release_slots(self, contracts=None):
        """Queued tickets enter work when slots of their customer free."""
        contracts = (contracts or self.support_contract_id).sudo()
        promoted = self.browse(contracts._support_release_queued().ids)
        for ticket in promoted:
            env = ticket.with_context(lang=ticket.partner_id.lang or self.env.lang).env
            ticket._support_notify_customer(
                env._("A slot is free: this ticket is now in work.")
            )
        promoted._support_start_timers()
        return promoted

    def _support_key_contact(self):
        """The key contact person of the ticket's contract, while it is active."""
        self.ensure_one()
        contract = self.sudo().support_contract_id
        if contract.state != "active":
            return self.env["res.partner"]
        return contract.key_contact_id

    def _support_can_escalate(self, partner):
        self.ensure_one()
        kcp = self._support_key_contact()
        return bool(kcp and kcp == partner and not self.stage_id.closed)

    def _support_escalate(self, partner, reason=""):
        """The key contact person escalates to the head of support: an
        activity for the head and an email, a trace in the chatter."""
        self.ensure_one()
        if not self._support_can_escalate(partner):
            raise UserError(
                self.env._(
                    "Only the key contact person of the customer can escalate an "
                    "open ticket."
                )
            )
        ticket = self.sudo()
        head = (
            ticket.company_id.support_head_user_id
            or ticket.team_id.user_id
            or self.env.ref("base.user_admin")
        )
        # the head of support reads it: the company's language
        env = staff_env(ticket.env, ticket.company_id)
        summary = env._(
            "Escalated by %(kcp)s: %(ticket)s",
            kcp=partner.name,
            ticket=ticket.display_name,
        )
        ticket.with_env(env).activity_schedule(
            "mail.mail_activity_data_todo",
            summary=summary,
            note=reason or False,
            user_id=head.id,
        )
        body = Markup("<p>%s</p>") % summary
        if reason:
            body += Markup("<p>%s</p>") % reason
        ticket.message_post(
            body=body,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
            author_id=partner.id,
        )
        ticket.message_notify(
            partner_ids=head.partner_id.ids,
            subject=summary,
            body=body,
            author_id=partner.id,
            email_layout_xmlid="mail.mail_notification_light",
        )
        return head

    def _support_notify_coupon_redeemed(self):
        """Tell the customer the special request is in processing, with the
        phone number of the responsible employee (R-42)."""
        self._support_send_template(
            "helpdesk_mgmt_support_contract.mail_template_coupon_redeemed"
        )

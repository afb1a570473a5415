# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The timers of open tickets re-applied under a contract (MQ 1.1, 1.5,
Appendix 1; DS 3, R-30, R-34): the contract's life (activation, tier or
sender category, expiry) followed by the open tickets under it, and a
contract brought onto open tickets.

Met and breached timers are history and never change; open timers are
recomputed under the new target, in one engine pass per schedule.

The reclassification (R-23) shares :meth:`_support_retarget_timers`.
Bringing a contract onto open tickets without one (the wizard's checks, the
preview, the replies already given) lives in ``helpdesk_ticket_sla_apply.py``.
"""

from collections import defaultdict

from markupsafe import Markup, escape

from odoo import api, fields, models

from ..tools.server_language import staff_env
from .helpdesk_support_sla_timer import OPEN_STATES, SLA_CLOCKS


class HelpdeskTicketSlaReapply(models.Model):
    _inherit = "helpdesk.ticket"

    support_sla_clock = fields.Selection(
        SLA_CLOCKS,
        string="SLA counted",
        default="created",
        readonly=True,
        copy=False,
        help="From the ticket's creation (tickets created under the addon, "
        "or a contract applied to an open ticket with its real deadlines), or "
        "from the moment a contract was applied to a ticket already open.",
    )
    support_sla_level_manual = fields.Boolean(
        string="SLA level set by staff",
        readonly=True,
        copy=False,
        help="The SLA level was chosen by staff (reclassification, with its "
        "reason): a change of the contract does not re-select it.",
    )
    support_sla_applied_date = fields.Datetime(
        string="Contract applied on",
        readonly=True,
        copy=False,
        help="When a support contract was applied to this ticket, already "
        "open before it.",
    )

    # ------------------------------------------------------------------
    # Timers: the part shared with the reclassification
    # ------------------------------------------------------------------

    def _support_retarget_timers(self, now, starts=None, clock=None):
        """Recompute the open timers of these tickets under their current
        level and contract, in one batch.

        The open response timer takes the new target and is recomputed from
        its start (or from ``starts[ticket id]`` when given: the clock chosen
        when a contract is applied); a development target starts a
        development timer when none is open. Met and breached timers are
        history and stay as they are.

        :return: the timers recomputed or started
        """
        Timer = self.env["helpdesk.support.sla.timer"].sudo()
        starts = starts or {}
        updates, new_vals = {}, []
        for ticket in self:
            target = ticket._support_sla_target()
            if not target:
                continue
            timers = ticket.sudo().support_sla_timer_ids
            start = starts.get(ticket.id)
            if target.kind == "development":
                if not timers.filtered(
                    lambda t: t.kind == "development" and t.state in OPEN_STATES
                ):
                    new_vals.append(
                        ticket._support_timer_vals_for(target, start or now)
                    )
                continue
            for timer in timers.filtered(
                lambda t: t.kind == "response" and t.state in OPEN_STATES
            ):
                vals = {
                    "resource_calendar_id": target.calendar.id,
                    "target_value": target.value,
                    "target_unit": target.unit,
                    "support_sla_level_id": ticket.support_sla_level_id.id,
                    "contract_id": ticket.support_contract_id.id,
                    "tier_id": ticket.support_contract_id.tier_id.id,
                }
                if start:
                    vals["start_date"] = start
                    vals["sla_clock"] = clock or timer.sla_clock
                    if clock == "applied" and start >= timer.start_date:
                        # counted from now: nothing waited yet
                        vals["paused_seconds"] = 0.0
                        if timer.state == "paused":
                            vals["pause_start"] = max(timer.pause_start or now, start)
                updates[timer.id] = vals
        retargeted = Timer.browse(list(updates))
        retargeted._write_values(updates)
        created = Timer.create(new_vals)
        paused = created.filtered(lambda t: t.ticket_id.support_sla_paused)
        paused.write({"state": "paused", "pause_start": now})
        (retargeted | (created - paused))._schedule(now)
        return retargeted | created

    def _support_start_timers_at(self, starts, now, clock=None):
        """Start the SLA of tickets that never had one, each from
        ``starts[ticket id]`` (now or its creation): deadlines already past
        are breached at once, on their real dates.

        Counted from the creation (``clock="created"``), the first public
        reply staff gave before the contract was applied meets the response
        timer on its date (in time or late), as it would have under the
        addon; counted from now, the response is due from now on.
        """
        Timer = self.env["helpdesk.support.sla.timer"].sudo()
        vals_list = []
        for ticket in self._support_timer_allowed():
            target = ticket._support_sla_target()
            if target:
                start = starts.get(ticket.id) or now
                vals_list.append(ticket._support_timer_vals_for(target, start))
        timers = Timer.create(vals_list)
        paused = timers.filtered(lambda t: t.ticket_id.support_sla_paused)
        paused.write({"state": "paused", "pause_start": now})
        (timers - paused)._schedule(now)
        if clock == "created":
            self._support_meet_by_replies(timers, self._support_first_staff_replies())
        return timers

    @api.model
    def _support_meet_by_replies(self, timers, replies):
        """The response ``timers`` of tickets answered before they were
        counted: met on the reply's date when it came in time, else breached
        on their deadline with the reply's date as met-on. Batched writes."""
        values = {}
        for timer in timers.filtered(lambda t: t.kind == "response"):
            reply = replies.get(timer.ticket_id.id)
            if not reply or reply < timer.start_date:
                continue
            if timer.state == "breached" and timer.deadline < reply:
                values[timer.id] = {"met_date": reply}
            else:
                values[timer.id] = {
                    "state": "met",
                    "met_date": reply,
                    "breached_date": False,
                    "pause_start": False,
                }
        timers._write_values(values)

    # ------------------------------------------------------------------
    # Levels and the re-application
    # ------------------------------------------------------------------

    def _support_new_levels(self, contracts):
        """{ticket id: SLA level} each ticket takes under ``contracts``
        ({ticket id: contract, possibly empty}), selected as on creation.

        A level set by staff (a reclassification, whatever the level) or by
        a coupon is kept, and so is a level that is never assigned
        automatically, unless it is the company's default for tickets
        without a contract. One candidate search per company.
        """
        Level = self.env["helpdesk.support.sla.level"].sudo()
        candidates = {}
        result = {}
        for ticket in self.sudo():
            company = ticket.company_id
            default = company.support_default_sla_level_id
            level = ticket.support_sla_level_id
            if level and (
                ticket.support_sla_level_manual
                or ticket.support_coupon_id
                or (not level.auto_assign and level != default)
            ):
                result[ticket.id] = level
                continue
            contract = contracts[ticket.id]
            if company not in candidates:
                candidates[company] = Level._get_candidates(company)
            level = candidates[company]._select_level(
                contract.tier_id,
                contract.sender_category_id,
                ticket.category_id,
                ticket.priority,
            )
            if (
                not level
                and not contract
                and not ticket.category_id._support_no_sla_for(default.regulation_id)
            ):
                level = default
            result[ticket.id] = level
        return result

    def _support_reapply_sla(self, reason, contracts=None, clock=None, now=None):
        """Re-apply the SLA to these tickets, with ``reason`` (shown in the
        note of each ticket whose SLA changes; a text, or {ticket id: text}).
        Closed tickets are left out.

        :param contracts: {ticket id: contract (possibly empty)} the ticket is
            served under from now on; by default the contract it has
        :param clock: ``"applied"`` (counted from now) or ``"created"``
            (counted from the ticket's creation) when a contract is brought
            onto open tickets: their timers start (or restart) then
        :return: the tickets whose SLA changed
        """
        now = now or fields.Datetime.now()
        tickets = self.sudo().filtered(lambda t: not t.stage_id.closed)
        if not tickets:
            return self.browse()
        if contracts is None:
            contracts = {t.id: t.support_contract_id for t in tickets}
        levels = tickets._support_new_levels(contracts)
        old, retarget = {}, set()
        for ticket in tickets:
            timer = ticket.support_sla_timer_ids.filtered(
                lambda t: t.kind == "response" and t.state in OPEN_STATES
            )[:1]
            # the target as the note shows it: in the staff's language
            staff = staff_env(ticket.env, ticket.company_id)
            old[ticket.id] = (
                ticket.support_contract_id,
                ticket.support_sla_level_id,
                timer.with_env(staff).target_display
                or ticket.with_env(staff).support_sla_target_display,
            )
            # the same level, but the tier behind it changed (a tier's own
            # target, without a level)
            target = ticket._support_sla_target(levels[ticket.id], contracts[ticket.id])
            if timer and target and target.kind == "response":
                now_counted = (timer.resource_calendar_id, timer.target_value)
                if now_counted + (timer.target_unit,) != target[:3]:
                    retarget.add(ticket.id)
            elif timer and not target:
                # the obligation ended under the same level (a category
                # that left every SLA, MQ 1.4): its clock is cancelled
                retarget.add(ticket.id)
            elif (
                target
                and target.kind == "response"
                and not ticket.support_sla_timer_ids.filtered(
                    lambda t: t.kind == "response" and t.state != "cancelled"
                )
            ):
                # an obligation that begins (the category is under the SLA
                # again, a contract after one that ended): its clock starts
                retarget.add(ticket.id)
        changed = tickets.filtered(
            lambda t: clock
            or t.id in retarget
            or old[t.id][:2] != (contracts[t.id], levels[t.id])
        )
        if not changed:
            return self.browse()
        # one write per (contract, level, unqueued): the values, not the tickets
        groups = defaultdict(list)
        for ticket in changed:
            contract = contracts[ticket.id]
            groups[contract, levels[ticket.id]].append(ticket.id)
        unqueue = changed.filtered(lambda t: t.support_queued and not contracts[t.id])
        extra = {}
        if clock:
            extra = {"support_sla_clock": clock, "support_sla_applied_date": now}
        quiet = changed.with_context(tracking_disable=True)
        for (contract, level), ids in groups.items():
            quiet.browse(ids).write(
                {
                    "support_contract_id": contract.id,
                    "support_sla_level_id": level.id,
                    **extra,
                }
            )
        # no contract, no limit: a queued ticket enters work
        unqueue.with_context(tracking_disable=True).write({"support_queued": False})
        starts = {}
        if clock == "created":
            starts = {t.id: t.create_date for t in changed}
        elif clock == "applied":
            starts = dict.fromkeys(changed.ids, now)
        with_timers = {
            ticket.id
            for [ticket] in self.env["helpdesk.support.sla.timer"]
            .sudo()
            ._read_group(
                [("ticket_id", "in", changed.ids), ("state", "!=", "cancelled")],
                ["ticket_id"],
            )
        }
        fresh = changed.filtered(lambda t: t.id not in with_timers)
        # no SLA any more (no contract, no default level): open timers count
        # no obligation and are cancelled; met and breached ones stay
        no_target = changed.filtered(lambda t: not t._support_sla_target())
        # cancelled, not deleted: history is immutable
        no_target.support_sla_timer_ids._cancel(now)
        (changed - fresh)._support_retarget_timers(now, starts, clock)
        fresh._support_start_timers_at(starts, now, clock)
        if not isinstance(reason, dict):
            reason = dict.fromkeys(changed.ids, reason)
        changed._support_log_reapplied(reason, old, clock)
        return self.browse(changed.ids)

    def _support_log_reapplied(self, reason, old, clock):
        """One note per ticket, created in one batch: what changed, old →
        new, and why; in the company's language (the staff read it), whoever
        runs the change (a contract's expiry is a scheduled action). A value
        that did not change is not listed (R-24: the note says what moved)."""
        bodies = {}
        for ticket in self:
            env = staff_env(ticket.env, ticket.company_id)
            staff_ticket = ticket.with_env(env)
            old_contract, old_level, old_target = old[ticket.id]
            new_target = staff_ticket.support_sla_target_display
            lines = []
            if old_contract != ticket.support_contract_id:
                lines.append(
                    env._(
                        "Support contract: %(old)s → %(new)s",
                        old=old_contract.with_env(env).display_name or "—",
                        new=staff_ticket.support_contract_id.display_name or "—",
                    )
                )
            if old_level != ticket.support_sla_level_id:
                lines.append(
                    env._(
                        "SLA level: %(old)s → %(new)s",
                        old=old_level.with_env(env).display_name or "—",
                        new=staff_ticket.support_sla_level_id.display_name or "—",
                    )
                )
            if (old_target or False) != (new_target or False):
                lines.append(
                    env._(
                        "Response target: %(old)s → %(new)s",
                        old=old_target or "—",
                        new=new_target or "—",
                    )
                )
            if clock:
                clocks = dict(
                    self._fields["support_sla_clock"]._description_selection(env)
                )
                lines.append(env._("SLA counted: %(clock)s", clock=clocks[clock]))
            listed = (
                Markup("<ul>%s</ul>")
                % Markup("").join(Markup("<li>%s</li>") % line for line in lines)
                if lines
                else Markup("")
            )
            bodies[ticket.id] = Markup("<p>%s</p>%s<p>%s</p>") % (
                env._("SLA re-applied."),
                listed,
                env._("Reason: %(reason)s", reason=escape(reason[ticket.id])),
            )
        self._message_log_batch(bodies=bodies)

    @api.model
    def _support_follow_contracts(self, contracts, before):
        """The open tickets follow a change of ``contracts`` (R-34).

        ``before``: {contract id: (state, tier, sender category)} taken
        before the write. An activated contract takes the open tickets of its
        customer that are under a contract (the customer's active contract
        serves them, as it serves new tickets); a contract that leaves the
        active state (expired, reset to draft) hands its open tickets to the
        customer's other active contract, or to the company's default
        treatment; a new tier or sender category re-selects their level, in
        the background (``helpdesk_support_contract_follow.py``).
        Tickets without a contract are left alone: the contract is applied to
        them explicitly (:meth:`_support_apply_contract`).
        """
        reasons, queued = {}, {}
        activated = contracts.browse()
        for contract in contracts:
            state, tier, sender = before[contract.id]
            # the reason is read in the tickets' notes: the staff's language
            env = staff_env(contract.env, contract.company_id)
            name = contract.with_env(env).display_name
            if contract.state == "active" and state != "active":
                activated |= contract
                reasons[contract] = env._(
                    "contract %(contract)s activated", contract=name
                )
            elif state == "active" and contract.state == "expired":
                reasons[contract] = env._(
                    "contract %(contract)s expired", contract=name
                )
            elif state == "active" and contract.state != "active":
                reasons[contract] = env._(
                    "contract %(contract)s reset to draft", contract=name
                )
            elif contract.state == "active" and tier != contract.tier_id:
                queued[contract] = env._(
                    "tier of contract %(contract)s: %(old)s → %(new)s",
                    contract=name,
                    old=tier.with_env(env).display_name or "—",
                    new=contract.with_env(env).tier_id.display_name or "—",
                )
            elif contract.state == "active" and sender != contract.sender_category_id:
                queued[contract] = env._(
                    "sender category of contract %(contract)s: %(old)s → %(new)s",
                    contract=name,
                    old=sender.with_env(env).display_name or "—",
                    new=contract.with_env(env).sender_category_id.display_name or "—",
                )
        # a new tier or sender category: followed in the background, in
        # batches, however many tickets the customer has
        contracts._support_queue_follow(queued)
        if not reasons:
            return self.browse()
        followed = contracts.browse([c.id for c in reasons])
        domain = [("support_contract_id", "in", followed.ids)]
        if activated:
            domain = [
                "|",
                *domain,
                "&",
                ("support_contract_id", "!=", False),
                "&",
                ("company_id", "in", activated.company_id.ids),
                (
                    "commercial_partner_id",
                    "in",
                    activated.partner_id.commercial_partner_id.ids,
                ),
            ]
        tickets = self.sudo().search([("stage_id.closed", "=", False), *domain])
        if not tickets:
            return self.browse()
        active = (
            self.env["helpdesk.support.contract"]
            .sudo()
            ._get_active_contract_by_company(tickets.partner_id)
        )
        by_customer = {
            (c.company_id, c.partner_id.commercial_partner_id): c for c in activated
        }
        new_contracts, ticket_reasons = {}, {}
        for ticket in tickets:
            customer = ticket.commercial_partner_id
            # the customer's active contract in the ticket's company
            contract = active.get((ticket.company_id, customer)) or contracts.browse()
            if ticket.partner_id not in contract.contact_ids:
                # R-31, MQ 1.1: only its registered contacts get the contract
                contract = contracts.browse()
            new_contracts[ticket.id] = contract
            source = ticket.support_contract_id
            if source not in reasons:
                source = by_customer.get((ticket.company_id, customer), activated)
            ticket_reasons[ticket.id] = reasons.get(source[:1]) or reasons[followed[0]]
        return tickets._support_lifecycle_event(
            "contract", reason=ticket_reasons, contracts=new_contracts
        )

# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
# One concern of the model per file, as Odoo core splits a model inside one
# module (mrp/models/stock_orderpoint.py): each class owns its fields.
# pylint: disable=consider-merging-classes-inherited
"""A contract's new tier or sender category followed by its open tickets in
the background, so that a manager's save does not wait for thousands of
tickets to move to their new SLA (R-20, R-21).

The manager's save only marks the contract (*open tickets follow pending*,
with the reason the tickets' notes give) and triggers the scheduled action
*Support SLA: recompute open deadlines*; the action re-applies the SLA to the
contract's open tickets in batches (:meth:`_support_reapply_sla`, one engine
pass per schedule per batch), walking them by id from the contract's cursor,
and clears the mark once none is left. Re-applying is idempotent (a ticket
already under its new target is left alone), so a second change during a
run only starts the walk again. Activation, expiry and reset to draft hand
tickets to another contract at once (a ticket is served by its customer's
active contract, R-12).
"""

from odoo import api, fields, models
from odoo.tools import SQL

from .helpdesk_support_sla_timer import RECOMPUTE_CRON


class HelpdeskSupportContract(models.Model):
    _inherit = "helpdesk.support.contract"

    support_follow_pending = fields.Boolean(
        string="Open tickets follow pending",
        readonly=True,
        copy=False,
        index=True,
        help="The tier or sender category changed: the scheduled action "
        "*Support SLA: recompute open deadlines* is re-applying the SLA to the "
        "open tickets of this contract.",
    )
    support_follow_reason = fields.Char(
        string="Reason of the follow-up", readonly=True, copy=False
    )
    support_follow_cursor = fields.Integer(
        string="Last ticket followed", readonly=True, copy=False, default=0
    )

    def _support_queue_follow(self, reasons):
        """Mark contracts whose open tickets must follow them, with
        ``reasons`` {contract: text}; one UPDATE per contract (the row the
        manager's write already locks), then a trigger of the action."""
        if not reasons:
            return
        for contract, reason in reasons.items():
            self.env.cr.execute(
                SQL(
                    """UPDATE helpdesk_support_contract
                          SET support_follow_pending = TRUE,
                              support_follow_cursor = 0,
                              support_follow_reason = CASE
                                  WHEN support_follow_pending
                                   AND support_follow_reason IS NOT NULL
                                  THEN support_follow_reason || '; ' || %s
                                  ELSE %s END
                        WHERE id = %s""",
                    reason,
                    reason,
                    contract.id,
                )
            )
        contracts = self.browse([contract.id for contract in reasons])
        contracts.invalidate_recordset(
            [
                "support_follow_pending",
                "support_follow_cursor",
                "support_follow_reason",
            ]
        )
        self.env["helpdesk.support.sla.timer"]._trigger_recompute()

    @api.model
    def _support_follow_sql(self, select):
        """Open tickets of marked contracts not walked yet."""
        return SQL(
            """SELECT %s
                 FROM helpdesk_ticket ticket
                 JOIN helpdesk_support_contract contract
                   ON contract.id = ticket.support_contract_id
                 JOIN helpdesk_ticket_stage stage ON stage.id = ticket.stage_id
                WHERE contract.support_follow_pending
                  AND ticket.id > COALESCE(contract.support_follow_cursor, 0)
                  AND NOT COALESCE(stage.closed, FALSE)""",
            select,
        )

    @api.model
    def _support_follow_batch(self, limit):
        """Re-apply the SLA to up to ``limit`` open tickets of marked
        contracts. :return: (tickets done, tickets remaining)"""
        if limit <= 0:
            return 0, self._support_follow_remaining()
        self.env.flush_all()
        rows = self.env.execute_query(
            SQL(
                "%s ORDER BY contract.id, ticket.id LIMIT %s",
                self._support_follow_sql(SQL("ticket.id, contract.id")),
                limit,
            )
        )
        by_contract = {}
        for ticket_id, contract_id in rows:
            by_contract.setdefault(contract_id, []).append(ticket_id)
        Ticket = self.env["helpdesk.ticket"].sudo()

        def follow(contracts):
            for contract in contracts:
                ticket_ids = by_contract[contract.id]
                if contract.state == "active":
                    tickets = Ticket.browse(ticket_ids)
                    tickets._support_lifecycle_event(
                        "contract",
                        reason=contract.support_follow_reason or "",
                        contracts=dict.fromkeys(tickets.ids, contract),
                    )
                self.env.cr.execute(
                    SQL(
                        """UPDATE helpdesk_support_contract
                              SET support_follow_cursor = %s WHERE id = %s""",
                        max(ticket_ids),
                        contract.id,
                    )
                )

        # a contract whose tickets fail keeps its cursor and is walked again
        # on the next run; the tickets of the others follow their new tier
        followed = self.env["helpdesk.support.job.failure"]._support_run_isolated(
            RECOMPUTE_CRON, self.sudo().browse(list(by_contract)), follow
        )
        self.env.flush_all()
        # contracts with nothing left to walk
        self.env.cr.execute(
            SQL(
                """UPDATE helpdesk_support_contract outer_contract
                      SET support_follow_pending = FALSE,
                          support_follow_cursor = 0,
                          support_follow_reason = NULL
                    WHERE outer_contract.support_follow_pending
                      AND NOT EXISTS (%s AND contract.id = outer_contract.id)""",
                self._support_follow_sql(SQL("1")),
            )
        )
        self.invalidate_model(
            [
                "support_follow_pending",
                "support_follow_cursor",
                "support_follow_reason",
            ]
        )
        done = sum(len(by_contract[contract_id]) for contract_id in followed.ids)
        return done, self._support_follow_remaining()

    @api.model
    def _support_follow_remaining(self):
        [(count,)] = self.env.execute_query(self._support_follow_sql(SQL("count(*)")))
        return count

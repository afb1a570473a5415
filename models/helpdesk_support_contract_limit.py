# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
# One concern of the model per file, as Odoo core splits a model inside one
# module (mrp/models/stock_orderpoint.py): each class owns its fields.
# pylint: disable=consider-merging-classes-inherited
"""The open-ticket limit of a contract (R-30, MQ 1.2): the tickets in work,
the row lock that serializes the last slot, and the queue of tickets over
the limit, released as slots free.
"""

from odoo import fields, models
from odoo.tools import SQL


class HelpdeskSupportContract(models.Model):
    _inherit = "helpdesk.support.contract"

    support_slot_version = fields.Integer(
        readonly=True,
        copy=False,
        help="Bumped under row lock whenever tickets take or free slots of the "
        "open-ticket limit, so that concurrent transactions serialize.",
    )
    in_work_ticket_count = fields.Integer(
        string="Tickets in work", compute="_compute_ticket_counts"
    )
    queued_ticket_count = fields.Integer(
        string="Tickets waiting for a slot", compute="_compute_ticket_counts"
    )

    def _compute_ticket_counts(self):
        in_work = self._support_in_work_counts()
        queued = dict(
            self.env["helpdesk.ticket"]
            .sudo()
            ._read_group(
                [
                    ("support_contract_id", "in", self.ids),
                    ("support_queued", "=", True),
                    ("stage_id.closed", "=", False),
                ],
                ["support_contract_id"],
                ["__count"],
            )
        )
        for contract in self:
            contract.in_work_ticket_count = in_work[contract.id]
            contract.queued_ticket_count = queued.get(contract, 0)

    def _support_in_work_domain(self):
        """Tickets taking a slot of the open-ticket limit (R-30, MQ 1.2)."""
        return [
            ("support_contract_id", "in", self.ids),
            ("support_queued", "=", False),
            ("stage_id.closed", "=", False),
            "|",
            ("category_id", "=", False),
            ("category_id.support_limit_exempt", "=", False),
            ("support_defect_confirmed_date", "=", False),
            ("support_coupon_id", "=", False),
        ]

    def _support_in_work_counts(self, exclude=None):
        """{contract id: tickets in work}, ``exclude`` (tickets) left out."""
        domain = self._support_in_work_domain()
        if exclude:
            domain.append(("id", "not in", exclude.ids))
        groups = (
            self.env["helpdesk.ticket"]
            .sudo()
            ._read_group(domain, ["support_contract_id"], ["__count"])
        )
        counts = dict.fromkeys(self.ids, 0)
        counts.update({contract.id: count for contract, count in groups})
        return counts

    def _support_lock_slots(self):
        """Take the row locks that serialize the open-ticket limit.

        An UPDATE, not only ``SELECT ... FOR UPDATE``: Odoo runs in repeatable
        read, so a transaction that took its snapshot before a concurrent one
        committed a ticket gets a serialization failure here and is retried
        (as every Odoo request is) with a snapshot that sees that ticket.
        """
        if not self:
            return
        self.env.execute_query(
            SQL(
                "UPDATE helpdesk_support_contract SET support_slot_version = "
                "COALESCE(support_slot_version, 0) + 1 WHERE id = ANY(%s)",
                sorted(self.ids),
            )
        )
        self.invalidate_recordset(["support_slot_version"])

    def _support_queue_tickets(self, tickets):
        """Queue the new ``tickets`` of these contracts that are beyond their
        limit of tickets in work; the others enter work.

        The contracts are locked first (``_support_lock_slots``), so two
        tickets arriving at once for the last slot are serialized by
        PostgreSQL: one enters work, the other is queued.

        :return: the queued tickets
        """
        self._support_lock_slots()
        counts = self._support_in_work_counts(exclude=tickets)
        queued = tickets.browse()
        for ticket in tickets.sorted("id"):
            contract = ticket.support_contract_id
            if counts[contract.id] < contract.tier_id.open_ticket_limit:
                counts[contract.id] += 1
            else:
                queued |= ticket
        queued.sudo().write({"support_queued": True})
        return queued

    def _support_release_queued(self):
        """Queued tickets of these contracts enter work, oldest first, while
        slots are free (under the same row lock).

        :return: the tickets that entered work
        """
        contracts = self.filtered(lambda c: c.tier_id.open_ticket_limit)
        Ticket = self.env["helpdesk.ticket"].sudo()
        if not self:
            return Ticket
        # an unlimited tier (a contract moved to it) has no slot to lock:
        # its queued tickets all enter work
        contracts._support_lock_slots()
        counts = contracts._support_in_work_counts()
        waiting = Ticket.search(
            [
                ("support_contract_id", "in", self.ids),
                ("support_queued", "=", True),
                ("stage_id.closed", "=", False),
            ],
            order="id",
        )
        promoted = Ticket
        for ticket in waiting:
            contract = ticket.support_contract_id
            limit = contract.tier_id.open_ticket_limit
            # a queued ticket that no longer takes a slot (its bug confirmed,
            # linked to a known defect) enters work without one: MQ 1.4
            # «Подтвержденные ошибки не учитываются для ограничения
            # одновременно открытых обращений»
            if not limit or not ticket._support_takes_slot():
                promoted |= ticket
            elif counts[contract.id] < limit:
                counts[contract.id] += 1
                promoted |= ticket
        promoted.write({"support_queued": False})
        return promoted

# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The support queue (R-25, DS 2.1): requests are handled in the order they
arrive; critical ones may be handled out of turn.

*My queue* (``action_support_my_queue``)
orders by ``support_jumps_queue`` then arrival, never by the kanban's manual
``sequence``.
"""

from odoo import api, fields, models

# helpdesk_mgmt's highest priority ("Very High"): a critical request
CRITICAL_PRIORITY = "3"
# the order of *My queue*: critical first, then the oldest (as they arrived)
MY_QUEUE_ORDER = "support_jumps_queue desc, create_date asc, id asc"


class HelpdeskTicketQueue(models.Model):
    _inherit = "helpdesk.ticket"

    support_jumps_queue = fields.Boolean(
        string="Out of turn",
        compute="_compute_support_jumps_queue",
        store=True,
        help="A critical request (the highest priority) is handled out of "
        "turn, before the others (DS 2.1); the other requests are handled in "
        "the order they arrived.",
    )

    @api.depends("priority")
    def _compute_support_jumps_queue(self):
        for ticket in self:
            ticket.support_jumps_queue = ticket.priority == CRITICAL_PRIORITY

# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The channels a support tier opens to its customers (MQ 1.3): the keys the
presets use and the ``helpdesk.ticket.channel`` records they stand for."""

CHANNEL_XMLIDS = {
    "portal": "helpdesk_mgmt.helpdesk_ticket_channel_web",
    "email": "helpdesk_mgmt.helpdesk_ticket_channel_email",
    "messenger": "helpdesk_mgmt_support_contract.helpdesk_ticket_channel_messenger",
}

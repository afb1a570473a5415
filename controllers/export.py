# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.http import content_disposition, request


class SupportTicketExport(http.Controller):
    """Download the whole correspondence of a ticket (R-53, DS 5.5)."""

    @http.route(
        "/helpdesk_support/ticket/<int:ticket_id>/export",
        type="http",
        auth="user",
    )
    def export_ticket(self, ticket_id):
        ticket = request.env["helpdesk.ticket"].browse(ticket_id).exists()
        if not ticket:
            raise request.not_found()
        ticket.check_access("read")
        data = ticket._support_export_zip()
        filename = f"{ticket.number}.zip"
        return request.make_response(
            data,
            headers=[
                ("Content-Type", "application/zip"),
                ("Content-Disposition", content_disposition(filename)),
            ],
        )

# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from werkzeug.wsgi import wrap_file

from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import content_disposition, request

from odoo.addons.portal.controllers.portal import CustomerPortal

from ..models.helpdesk_ticket_correspondence import (
    SupportExportTooLarge,
    support_zip_name,
)
from .portal import support_notice


class SupportTicketExport(CustomerPortal):
    """Download the correspondence of a ticket (R-53, DS 5.5).

    Whoever may read the ticket (a customer through the portal rule R-32,
    staff through their rights) gets what they may see: a customer the
    portal page's messages and files, staff the whole thread, notes marked.
    """

    @http.route(
        "/helpdesk_support/ticket/<int:ticket_id>/export",
        type="http",
        auth="user",
        methods=["GET"],
    )
    def export_ticket(self, ticket_id, **kw):
        try:
            # the rights of the logged-in user (no access token here)
            ticket_sudo = self._document_check_access("helpdesk.ticket", ticket_id)
        except (AccessError, MissingError):
            raise request.not_found() from None
        staff = request.env.user._is_internal()
        try:
            spool, size = ticket_sudo._support_export_file(staff=staff)
        except SupportExportTooLarge as error:
            if not staff:
                code = support_notice("export_too_large")
                return request.redirect(f"/my/ticket/{ticket_id}?support_error={code}")
            return request.make_response(
                error.args[0],
                headers=[("Content-Type", "text/plain; charset=utf-8")],
                status=413,
            )
        filename = support_zip_name(f"{ticket_sudo.number}.zip", set())
        response = request.make_response(
            wrap_file(request.httprequest.environ, spool),
            headers=[
                ("Content-Type", "application/zip"),
                ("Content-Length", str(size)),
                ("Content-Disposition", content_disposition(filename)),
                ("Cache-Control", "no-store"),
            ],
        )
        response.direct_passthrough = True
        return response

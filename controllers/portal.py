# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.helpdesk_mgmt.controllers.main import HelpdeskTicketController
from odoo.addons.helpdesk_mgmt.controllers.myaccount import CustomerPortalHelpdesk

from ..tools.context_switch import ServerSwitch

# form fields of the ticket form kept when the form comes back with an error
FORM_FIELDS = (
    "team",
    "category",
    "subject",
    "description",
    "support_product",
    "support_version",
    "support_system_address",
    "support_steps",
    "support_coupon",
)


def _int(value):
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


class SupportTicketController(HelpdeskTicketController):
    """The portal ticket form with product, version, system address, steps to
    reproduce and a coupon code (DS 5.2, R-13, R-42)."""

    def _get_create_new_ticket_values(self, **kw):
        values = super()._get_create_new_ticket_values(**kw)
        partner = request.env.user.partner_id
        contract = (
            request.env["helpdesk.support.contract"]
            .sudo()
            ._get_active_contract(partner)
            .get(partner.commercial_partner_id)
        )
        products = (
            contract.product_ids
            if contract
            else request.env["helpdesk.support.product"]
            .sudo()
            .search([("company_id", "in", (False, request.env.company.id))])
        )
        values.update(
            {
                "support_products": products,
                "support_values": {
                    key: kw.get(key) for key in FORM_FIELDS if kw.get(key)
                },
                "support_error": kw.get("support_error"),
            }
        )
        return values

    def _support_check_form(self, kw):
        """The records the form names, or UserError saying what is wrong."""
        env = request.env
        product = (
            env["helpdesk.support.product"]
            .sudo()
            .browse(_int(kw.get("support_product")))
            .exists()
        )
        version = (
            env["helpdesk.support.product.version"]
            .sudo()
            .browse(_int(kw.get("support_version")))
            .exists()
        )
        if kw.get("support_product") and not product:
            raise UserError(env._("Choose a product from the list."))
        if version and version.product_id != product:
            raise UserError(
                env._(
                    "The version %(version)s is not a version of %(product)s.",
                    version=version.name,
                    product=product.name or "—",
                )
            )
        if not (kw.get("subject") or "").strip():
            raise UserError(env._("Give the ticket a subject."))
        if not (kw.get("description") or "").strip():
            raise UserError(env._("Describe the problem."))
        return product, version

    def _prepare_submit_ticket_vals(self, **kw):
        vals = super()._prepare_submit_ticket_vals(**kw)
        product, version = self._support_check_form(kw)
        vals.update(
            {
                "support_product_id": product.id,
                "support_product_version_id": version.id,
                "support_system_address": (
                    kw.get("support_system_address") or ""
                ).strip()[:500]
                or False,
                "support_steps_to_reproduce": (kw.get("support_steps") or "").strip()
                or False,
            }
        )
        return vals

    @http.route()
    def submit_ticket(self, **kw):
        try:
            self._support_check_form(kw)
            code = (kw.get("support_coupon") or "").strip()
            if code:
                # the ticket is created through the coupon (helpdesk.ticket.create);
                # a server switch: a code in a client's context is ignored
                request.update_context(support_coupon_code=ServerSwitch(code))
            return super().submit_ticket(**kw)
        except UserError as error:
            # nothing is lost: the form comes back with what was typed
            values = self._get_create_new_ticket_values(
                **dict(kw, support_error=error.args[0])
            )
            return request.render("helpdesk_mgmt.portal_create_ticket", values)


class SupportCustomerPortal(CustomerPortalHelpdesk):
    """Overdue tickets on the portal and escalation by the KCP (R-35)."""

    def _support_overdue_tickets(self):
        Ticket = request.env["helpdesk.ticket"]
        if not Ticket.has_access("read"):
            return Ticket
        return Ticket.search(
            [("sla_state", "=", "breached"), ("stage_id.closed", "=", False)]
        )

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "support_overdue_count" in counters:
            values["support_overdue_count"] = len(self._support_overdue_tickets())
        return values

    @http.route()
    def portal_my_tickets(self, *args, **kw):
        response = super().portal_my_tickets(*args, **kw)
        if hasattr(response, "qcontext"):
            response.qcontext["support_overdue_tickets"] = (
                self._support_overdue_tickets()
            )
        return response

    def _ticket_get_page_view_values(self, ticket, access_token, **kwargs):
        values = super()._ticket_get_page_view_values(ticket, access_token, **kwargs)
        values["support_can_escalate"] = ticket.sudo()._support_can_escalate(
            request.env.user.partner_id
        )
        values["support_escalated"] = kwargs.get("support_escalated")
        return values

    @http.route(
        ["/my/ticket/<int:ticket_id>/escalate"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_ticket_escalate(self, ticket_id, reason=None, **kw):
        try:
            ticket_sudo = self._document_check_access("helpdesk.ticket", ticket_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        partner = request.env.user.partner_id
        if not ticket_sudo._support_can_escalate(partner):
            return request.redirect(f"/my/ticket/{ticket_id}")
        ticket_sudo._support_escalate(partner, (reason or "").strip())
        return request.redirect(f"/my/ticket/{ticket_id}?support_escalated=1")

# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.helpdesk_mgmt.controllers.main import HelpdeskTicketController
from odoo.addons.helpdesk_mgmt.controllers.myaccount import CustomerPortalHelpdesk
from odoo.addons.portal.controllers.portal import CustomerPortal

from ..tools.context_switch import ServerSwitch
from ..tools.numbers import record_id

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
    "support_critical",
)


# A page shows no text of its URL: a crafted link must not put words in the
# server's mouth. The URL carries a code, and the page shows the server's
# text for it only if the server sent that code to
# this session (once): a crafted link shows nothing.
SUPPORT_NOTICES_KEY = "helpdesk_support_notices"
SUPPORT_NOTICES_MAX = 10


def support_notice(code, text=None):
    """Send ``code`` to the next page of this session, with the text of a
    refusal the server explained (kept in the session, not in the URL).
    Returns the code, for the URL."""
    notices = dict(request.session.get(SUPPORT_NOTICES_KEY) or {})
    notices.pop(code, None)
    notices[code] = str(text)[:1000] if text else ""
    request.session[SUPPORT_NOTICES_KEY] = dict(
        list(notices.items())[-SUPPORT_NOTICES_MAX:]
    )
    return code


def _support_notice_pop(code):
    """Whether the server sent ``code`` to this session, and the text kept
    with it; the code is consumed (a notice is shown once)."""
    notices = dict(request.session.get(SUPPORT_NOTICES_KEY) or {})
    if not isinstance(code, str) or code not in notices:
        return False, None
    kept = notices.pop(code)
    request.session[SUPPORT_NOTICES_KEY] = notices
    return True, kept


def support_notice_sent(code):
    """Whether the server sent ``code`` to this session (consumed)."""
    sent, _text = _support_notice_pop(code)
    return sent


def support_notice_text(code, texts=None):
    """The text for a code of the URL, if the server sent that code to this
    session (shown once): the text kept with it or the known text of the
    code; otherwise None."""
    sent, kept = _support_notice_pop(code)
    if not sent:
        return None
    return kept or (texts or {}).get(code)


def support_portal_closing_stages(ticket_sudo):
    """The stages a customer may close the ticket in: the closing
    stages of its team flagged for the portal."""
    return (
        ticket_sudo.team_id.with_company(ticket_sudo.company_id)
        ._get_applicable_stages()
        .filtered(lambda stage: stage.closed and stage.close_from_portal)
    )


class SupportTicketController(HelpdeskTicketController):
    """The portal ticket form with product, version, system address, steps to
    reproduce and a coupon code (DS 5.2, R-13, R-42)."""

    def _support_user_contract(self):
        """The active contract of the portal user's organisation, or an empty
        recordset."""
        partner = request.env.user.partner_id
        return (
            request.env["helpdesk.support.contract"]
            .sudo()
            ._get_partner_contract(partner)
        )

    def _support_form_products(self):
        """The products the form offers: those of the customer's contract,
        without one the products of the company (R-12, R-13)."""
        contract = self._support_user_contract()
        return (
            contract.product_ids
            if contract
            else request.env["helpdesk.support.product"]
            .sudo()
            .search([("company_id", "in", (False, request.env.company.id))])
        )

    def _support_is_registered(self):
        """Whether the portal user is a registered contact of an active
        contract (MQ 1.1, DS 5.8)."""
        partner = request.env.user.partner_id
        return bool(
            request.env["helpdesk.support.contract"]
            .sudo()
            ._support_registered_contacts(partner)
        )

    def _get_categories(self, **kw):
        """The categories of the customer's regulation (MQ 1.2
        «согласно доступным им категориям обращений», DS 4): with DS and MQ
        in one company, a registered contact of a contract is offered the
        categories its tier's regulation lists (and those listed by none),
        never the other regulation's; the form refuses the others. Without a
        contract: every category (the company's default treatment)."""
        categories = super()._get_categories(**kw)
        regulation = self._support_form_regulation()
        if not regulation:
            return categories
        return categories.filtered(
            lambda category: category.sudo()._support_rules_apply(regulation)
        )

    def _support_form_regulation(self):
        """The regulation of the contract the user is a registered contact
        of, or an empty recordset."""
        partner = request.env.user.partner_id
        contract = self._support_user_contract()
        if not contract or partner not in contract.contact_ids:
            return request.env["helpdesk.support.regulation"].sudo()
        return contract.tier_id.regulation_id

    def _get_create_new_ticket_values(self, **kw):
        values = super()._get_create_new_ticket_values(**kw)
        regulation = self._support_form_regulation()
        coupon_level = request.env.company.sudo().support_coupon_sla_level_id
        values.update(
            {
                # DS 3.6: the coupon field where special requests exist
                "support_coupon_offered": bool(coupon_level)
                and (not regulation or regulation == coupon_level.regulation_id),
                # the scope of each category as the customer's regulation words it
                # (DS 4, MQ 1.4, R-26)
                "support_category_summaries": {
                    category.id: category.sudo()._support_scope_texts(regulation)[1]
                    for category in values.get("categories") or []
                },
                "support_products": self._support_form_products(),
                "support_values": {
                    key: kw.get(key) for key in FORM_FIELDS if kw.get(key)
                },
            }
        )
        return values

    def _support_check_form(self, kw):
        """The records the form names, or UserError saying what is wrong.

        Team, category and product must be one of those the form offers,
        the version one of the company's catalogue: a request naming another
        (another company's, one not offered on the portal) or no record
        number at all is refused, whatever the list offered.
        """
        env = request.env
        if kw.get("category") and record_id(kw["category"]) not in (
            self._get_categories().ids
        ):
            raise UserError(env._("Choose a category from the list."))
        if kw.get("team") and record_id(kw["team"]) not in self._get_teams().ids:
            raise UserError(env._("Choose a team from the list."))
        product_id = record_id(kw.get("support_product"))
        product = self._support_form_products().filtered(lambda p: p.id == product_id)
        if kw.get("support_product") and not product:
            raise UserError(env._("Choose a product from the list."))
        # a version of the company's catalogue (the form offers those of the
        # products, and explains a version of another product)
        version = (
            env["helpdesk.support.product.version"]
            .sudo()
            .search(
                [
                    ("id", "=", record_id(kw.get("support_version"))),
                    ("company_id", "in", (False, env.company.id)),
                ]
            )
        )
        if kw.get("support_version") and not version:
            raise UserError(env._("Choose a version from the list."))
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
        # MQ 1.1: a team for registered contacts only refuses the others
        request.env["helpdesk.ticket"]._support_check_registered([vals])
        # the customer (a registered contact) declares the error
        # critical (the box's own value only; any other input is not a
        # declaration); anyone else's box is noted for staff to confirm
        critical = kw.get("support_critical") == "1"
        if critical and not self._support_is_registered():
            critical = False
            request.update_context(support_critical_undeclared=ServerSwitch())
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
                "priority": "3" if critical else "1",
            }
        )
        return vals

    # POST only, as the close route: Odoo checks no CSRF token on a GET, so a
    # link or an image in a mail created a ticket as the logged-in user
    @http.route(methods=["POST"], csrf=True)
    def submit_ticket(self, **kw):
        try:
            self._support_check_form(kw)
            # the tier's channels: the portal is one of them
            request.env["helpdesk.ticket"]._support_check_channel(
                request.env.user.partner_id, "portal"
            )
            code = (kw.get("support_coupon") or "").strip()
            if code:
                # the ticket is created through the coupon (helpdesk.ticket.create);
                # a server switch: a code in a client's context is ignored
                request.update_context(support_coupon_code=ServerSwitch(code))
            return super().submit_ticket(**kw)
        except UserError as error:
            # nothing is lost: the form comes back with what was typed
            values = self._get_create_new_ticket_values(**kw)
            # the server's text, never one of the URL
            values["support_error"] = error.args[0]
            return request.render("helpdesk_mgmt.portal_create_ticket", values)

    @http.route(methods=["POST"], csrf=True)
    def support_ticket_close(self, ticket_id=None, stage_id=None, **kw):
        """Close a ticket from the portal: POST with CSRF only, by a
        user who may see the ticket (R-32), to a closing stage offered on
        the portal for its team; anything else changes nothing."""
        try:
            ticket_sudo = CustomerPortal._document_check_access(
                self, "helpdesk.ticket", record_id(ticket_id)
            )
        except (AccessError, MissingError):
            return request.redirect("/my", code=302)
        # sudo as the user, not as the superuser: the change is tracked as theirs
        ticket_sudo = request.env["helpdesk.ticket"].sudo().browse(ticket_sudo.id)
        stage = ticket_sudo.env["helpdesk.ticket.stage"].browse(record_id(stage_id))
        if not ticket_sudo.stage_id.closed and stage in (
            support_portal_closing_stages(ticket_sudo)
        ):
            ticket_sudo.stage_id = stage
        # 302 as helpdesk_mgmt's route answers
        return request.redirect(f"/my/ticket/{ticket_sudo.id}", code=302)


class SupportCustomerPortal(CustomerPortalHelpdesk):
    """Overdue tickets on the portal and escalation by the KCP (R-35)."""

    def _support_overdue_tickets(self):
        Ticket = request.env["helpdesk.ticket"]
        if not Ticket.has_access("read"):
            return Ticket
        return Ticket.search(
            [("support_sla_state", "=", "breached"), ("stage_id.closed", "=", False)]
        )

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "support_overdue_count" in counters:
            values["support_overdue_count"] = len(self._support_overdue_tickets())
        return values

    def _support_list_params(self, kw):
        """The list's parameters of the URL that its links send; anything
        else is dropped (helpdesk_mgmt answered an unknown sort or grouping,
        or dates that are no dates, with a server error)."""
        kw = dict(kw)
        if kw.get("sortby") not in self._ticket_get_searchbar_sortings():
            kw.pop("sortby", None)
        if kw.get("groupby") not in self._ticket_get_searchbar_groupby():
            kw.pop("groupby", None)
        for key in ("date_begin", "date_end"):
            try:
                fields.Datetime.to_datetime(kw.get(key) or None)
            except (TypeError, ValueError):
                kw.pop(key, None)
        return kw

    @http.route()
    def portal_my_tickets(self, *args, **kw):
        params = self._support_list_params(kw)
        # R-35 (MQ 1.3, DS 6): the home card *Overdue tickets* opens the list
        # of the overdue ones; helpdesk_mgmt's filters are its stages only
        overdue_only = params.get("filterby") == "overdue"
        if overdue_only:
            params["filterby"] = "all"
        response = super().portal_my_tickets(*args, **params)
        if hasattr(response, "qcontext"):
            overdue = self._support_overdue_tickets()
            qcontext = response.qcontext
            qcontext["support_overdue_tickets"] = overdue
            filters = dict(qcontext.get("searchbar_filters") or {})
            filters["overdue"] = {
                "label": request.env._("Overdue"),
                "domain": [("support_sla_state", "=", "breached")],
            }
            qcontext["searchbar_filters"] = filters
            if overdue_only:
                qcontext.update(
                    filterby="overdue",
                    groupby="none",
                    grouped_tickets=[overdue] if overdue else [],
                    pager=False,
                )
        return response

    def _ticket_get_page_view_values(self, ticket, access_token, **kwargs):
        values = super()._ticket_get_page_view_values(ticket, access_token, **kwargs)
        values["support_can_escalate"] = ticket.sudo()._support_can_escalate(
            request.env.user.partner_id
        )
        # the close buttons: only the stages the close route accepts
        values["closed_stages"] = support_portal_closing_stages(ticket)
        values["support_escalated"] = bool(
            kwargs.get("support_escalated") and support_notice_sent("escalated")
        )
        # portal's own texts of the URL are not shown on this page:
        # the server's notices replace them
        for key in ("error", "warning", "success"):
            values.pop(key, None)
        # the export and the files are what this user may see (DS 5.5)
        values["support_can_export"] = not request.env.user._is_public() and (
            request.env["helpdesk.ticket"].browse(ticket.id).has_access("read")
        )
        attachments = ticket._support_portal_attachments()
        attachments.generate_access_token()
        values["support_portal_attachments"] = attachments
        values["support_error"] = support_notice_text(
            kwargs.get("support_error"), self._support_ticket_errors(ticket)
        )
        return values

    def _support_ticket_errors(self, ticket):
        """The texts the ticket page shows for an error code of its URL."""
        return {
            "export_too_large": ticket._support_export_too_large(
                ticket._support_export_limit()
            ).args[0],
        }

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
        support_notice("escalated")
        return request.redirect(f"/my/ticket/{ticket_id}?support_escalated=1")

# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from urllib.parse import quote

from werkzeug.exceptions import Forbidden, NotFound

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request
from odoo.tools import consteq

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..tools.numbers import POSITIVE_HOURS, check_field, record_id
from .portal import support_notice, support_notice_text


def _hours(value):
    """Booked hours typed into a portal form (``7,5`` is 7.5).

    :raise ValidationError: anything but a sound positive number of hours
    """
    booking = request.env["helpdesk.support.booking"]
    return check_field(booking, "hours", "" if value is None else value, POSITIVE_HOURS)


class SupportProfessionalServicesPortal(CustomerPortal):
    """Certificates, bookings and estimates on the portal (MQ 2, R-70..R-73).

    Certificates and bookings are read at the user's own rights: the portal
    ACLs and record rules (``security/``) let a portal user read the
    certificates of its commercial partner and their bookings, nothing of
    other customers. Bookings are written by the models' rule methods, which
    run as superuser once :meth:`_document_check_access` has shown that the
    certificate or booking is the user's to read.
    """

    #: certificates per page of ``/my/support/certificates`` (one card each)
    _support_certificates_per_page = 10

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "support_certificate_count" in counters:
            Certificate = request.env["helpdesk.support.certificate"]
            values["support_certificate_count"] = (
                Certificate.search_count(self._support_customer_domain())
                if Certificate.has_access("read")
                else 0
            )
        return values

    def _support_customer_domain(self):
        """The portal pages of professional services are the customer's: the
        user's own organisation only, whatever else staff may read (they book
        on a customer's behalf through the staff wizard)."""
        return [
            ("partner_id", "=", request.env.user.partner_id.commercial_partner_id.id)
        ]

    def _support_check_document(self, model_name, document_id):
        """The user's record of ``model_name`` (sudo) after the portal checks
        (ACLs and record rules through ``_document_check_access``) and the
        customer check.

        :raise MissingError: no such record
        :raise AccessError: the user may not read it, or it is not of the
            user's organisation
        """
        record = self._document_check_access(model_name, document_id)
        customer = request.env.user.partner_id.commercial_partner_id
        if record.partner_id.commercial_partner_id != customer:
            raise AccessError(request.env._("This is another customer's record."))
        return record

    def _support_document(self, model_name, document_id):
        """The user's record of ``model_name`` (sudo), or None.

        None when the record does not exist or the user may not read it as
        its customer (:meth:`_support_check_document`).
        """
        document_id = record_id(document_id)
        if not document_id:
            return None
        try:
            return self._support_check_document(model_name, document_id)
        except (AccessError, MissingError):
            return None

    def _support_render_certificates(self, certificates, pager=None, **kw):
        """The certificates page for ``certificates``, read at the user's
        rights; ``message`` and ``error`` are codes of
        :meth:`_support_notice_texts`."""
        # the free time of the specialists is the company's, not a customer's
        # record: the capacity months are read as superuser
        Booking = request.env["helpdesk.support.booking"].sudo()
        bookable = {
            certificate.id: Booking._support_bookable_free_hours(certificate)
            for certificate in certificates
        }
        texts = self._support_notice_texts()
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "support_certificates",
                "default_url": "/my/support/certificates",
                "certificates": certificates,
                "pager": pager,
                "bookable_months": bookable,
                "today": Booking._support_today(request.env.company),
                "support_message": support_notice_text(kw.get("message"), texts),
                "support_error": support_notice_text(kw.get("error"), texts),
            }
        )
        return request.render(
            "helpdesk_mgmt_support_contract.portal_my_support_certificates", values
        )

    @http.route(
        ["/my/support/certificates", "/my/support/certificates/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_support_certificates(self, page=1, message=None, error=None, **kw):
        Certificate = request.env["helpdesk.support.certificate"]
        if not Certificate.has_access("read"):
            return request.redirect("/my")
        step = self._support_certificates_per_page
        pager = portal_pager(
            url="/my/support/certificates",
            total=Certificate.search_count(self._support_customer_domain()),
            page=page,
            step=step,
        )
        certificates = Certificate.search(
            self._support_customer_domain(),
            order="date_end desc, id desc",
            limit=step,
            offset=pager["offset"],
        )
        return self._support_render_certificates(
            certificates, pager=pager, message=message, error=error
        )

    @http.route(
        ["/my/support/certificate/<int:certificate_id>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_support_certificate(
        self, certificate_id, message=None, error=None, **kw
    ):
        """One certificate with its bookings; 404 when it does not exist,
        403 when it is another customer's."""
        try:
            self._support_check_document("helpdesk.support.certificate", certificate_id)
        except MissingError as exc:
            raise NotFound() from exc
        except AccessError as exc:
            raise Forbidden() from exc
        certificate = request.env["helpdesk.support.certificate"].browse(certificate_id)
        return self._support_render_certificates(
            certificate, message=message, error=error
        )

    @http.route(
        ["/my/support/booking/<int:booking_id>"],
        type="http",
        auth="user",
        methods=["GET"],
        website=True,
    )
    def portal_my_support_booking(self, booking_id, **kw):
        """A booking is shown on its certificate's page; 404 when it does not
        exist, 403 when it is another customer's."""
        try:
            booking = self._support_check_document(
                "helpdesk.support.booking", booking_id
            )
        except MissingError as exc:
            raise NotFound() from exc
        except AccessError as exc:
            raise Forbidden() from exc
        return request.redirect(
            f"/my/support/certificate/{booking.certificate_id.id}"
            f"#support_booking_{booking.id}"
        )

    def _support_notice_texts(self):
        """The texts of the certificates page's message and error codes."""
        env = request.env
        return {
            "booked": env._("Hours booked."),
            "changed": env._("Booking changed."),
            "cancelled": env._("Booking cancelled."),
            "unknown_certificate": env._("Unknown certificate."),
            "unknown_booking": env._("Unknown booking."),
        }

    def _support_redirect(self, message=None, error=None, reason=None):
        """Back to the certificates page with a message or an error code of
        :meth:`_support_notice_texts`, or ``error="refused"`` with the
        model's ``reason``, kept in the session, never a text of the URL."""
        url = "/my/support/certificates"
        if error:
            url += "?error=" + quote(support_notice(error, reason))
        elif message:
            url += "?message=" + quote(support_notice(message))
        return request.redirect(url)

    @http.route(
        ["/my/support/booking"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_support_book(self, certificate_id=None, month=None, hours=None, **kw):
        certificate = self._support_document(
            "helpdesk.support.certificate", certificate_id
        )
        if not certificate:
            return self._support_redirect(error="unknown_certificate")
        try:
            month_date = fields.Date.to_date(month or None)
            if not month_date:
                raise ValidationError(request.env._("Choose the month to book."))
            # the user's certificate: the booking rules write as superuser
            request.env["helpdesk.support.booking"].sudo()._support_book(
                certificate,
                month_date,
                _hours(hours),
                partner=request.env.user.partner_id,
            )
        except (UserError, ValidationError, ValueError, TypeError) as error:
            text = error.args[0] if error.args else str(error)
            return self._support_redirect(error="refused", reason=text)
        return self._support_redirect(message="booked")

    def _support_own_booking(self, booking_id):
        """The user's booking (sudo, for the rule methods), or None."""
        return self._support_document("helpdesk.support.booking", booking_id)

    def _support_booking_action(self, booking_id, action, message):
        booking = self._support_own_booking(booking_id)
        if not booking:
            return self._support_redirect(error="unknown_booking")
        try:
            action(booking)
        except (UserError, ValidationError) as error:
            return self._support_redirect(error="refused", reason=error.args[0])
        return self._support_redirect(message=message)

    @http.route(
        ["/my/support/booking/<int:booking_id>/change"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_support_booking_change(self, booking_id, hours=None, **kw):
        return self._support_booking_action(
            booking_id,
            lambda booking: booking.action_support_change(_hours(hours)),
            "changed",
        )

    @http.route(
        ["/my/support/booking/<int:booking_id>/cancel"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_support_booking_cancel(self, booking_id, **kw):
        return self._support_booking_action(
            booking_id,
            lambda booking: booking.action_support_cancel(),
            "cancelled",
        )

    # ------------------------------------------------------------------
    # Estimates
    # ------------------------------------------------------------------
    def _support_estimate_access(self, estimate_id, access_token=None, pid=None, **kw):
        """The estimate (sudo) and the partner who may decide on it, if any.

        A logged-in user reads it through the ticket's portal rights or the
        access token and decides as themself; a visitor of the e-mail link
        needs the access token, and decides as the key contact person only
        with their decision token (``pid`` + ``kcp_token``, made by the
        server for the mail to the KCP). Odoo's generic portal signature
        (``pid`` + ``hash``) is not accepted: the Share wizard and the
        notifications produce it for anyone able to share the estimate,
        and only the KCP confirms an estimate (MQ 2.3, R-70).
        """
        estimate_sudo = (
            request.env["helpdesk.support.estimate"].sudo().browse(estimate_id).exists()
        )
        if not estimate_sudo:
            raise MissingError(request.env._("This estimate does not exist."))
        user = request.env.user
        token_ok = bool(
            access_token
            and estimate_sudo.access_token
            and consteq(estimate_sudo.access_token, access_token)
        )
        ticket = estimate_sudo.ticket_id.with_user(user)
        can_read = not user._is_public() and ticket.has_access("read")
        if not (token_ok or can_read):
            raise AccessError(request.env._("You cannot see this estimate."))
        partner = request.env["res.partner"]
        pid = record_id(pid) if pid else None
        if not user._is_public():
            partner = user.partner_id
        elif token_ok and pid:
            partner = estimate_sudo._support_kcp_from_token(pid, kw.get("kcp_token"))
        return estimate_sudo, partner

    @http.route(
        ["/my/support/estimate/<int:estimate_id>"],
        type="http",
        auth="public",
        website=True,
    )
    def portal_support_estimate(self, estimate_id, access_token=None, **kw):
        try:
            estimate, partner = self._support_estimate_access(
                estimate_id, access_token=access_token, **kw
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "support_estimate",
                "estimate": estimate,
                "can_decide": estimate.state == "sent"
                and estimate._support_is_kcp(partner),
                "access_token": access_token,
                "pid": kw.get("pid"),
                "kcp_token": kw.get("kcp_token"),
                "support_error": support_notice_text(kw.get("error")),
            }
        )
        return request.render(
            "helpdesk_mgmt_support_contract.portal_support_estimate", values
        )

    @http.route(
        ["/my/support/estimate/<int:estimate_id>/decide"],
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_support_estimate_decide(
        self, estimate_id, decision=None, access_token=None, **kw
    ):
        try:
            estimate, partner = self._support_estimate_access(
                estimate_id, access_token=access_token, **kw
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        params = {
            key: value
            for key, value in (
                ("access_token", access_token),
                ("pid", kw.get("pid")),
                ("kcp_token", kw.get("kcp_token")),
            )
            if value
        }
        try:
            estimate._support_decide(partner, accept=decision == "accept")
        except (AccessError, UserError) as error:
            params["error"] = support_notice("refused", error.args[0])
        query = "&".join(f"{key}={quote(str(value))}" for key, value in params.items())
        return request.redirect(f"/my/support/estimate/{estimate_id}?{query}")

# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from urllib.parse import quote

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request
from odoo.tools import consteq

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.utils import validate_thread_with_hash_pid

from ..tools.numbers import POSITIVE_HOURS, RECORD_ID, check_field, check_number
from .portal import support_notice, support_notice_text


def _hours(value):
    """Booked hours typed into a portal form (``7,5`` is 7.5).

    :raise ValidationError: anything but a sound positive number of hours
    """
    booking = request.env["helpdesk.support.booking"]
    return check_field(booking, "hours", "" if value is None else value, POSITIVE_HOURS)


def _record_id(value):
    """The id of a link's parameter, or None when it is not one."""
    try:
        return check_number(request.env, value, RECORD_ID, "id")
    except ValidationError:
        return None


class SupportProfessionalServicesPortal(CustomerPortal):
    """Certificates, bookings and estimates on the portal (MQ 2, R-70..R-73).

    Records are read with sudo, always restricted to the commercial partner
    of the logged-in user; the models enforce the rules.
    """

    def _support_certificates(self):
        partner = request.env.user.partner_id.commercial_partner_id
        return (
            request.env["helpdesk.support.certificate"]
            .sudo()
            .search([("partner_id", "=", partner.id)], order="date_end desc")
        )

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "support_certificate_count" in counters:
            values["support_certificate_count"] = (
                len(self._support_certificates())
                if not request.env.user._is_public()
                else 0
            )
        return values

    @http.route(["/my/support/certificates"], type="http", auth="user", website=True)
    def portal_my_support_certificates(self, message=None, error=None, **kw):
        certificates = self._support_certificates()
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
                "certificates": certificates,
                "bookable_months": bookable,
                "today": Booking._support_today(request.env.company),
                "support_message": support_notice_text(message, texts),
                "support_error": support_notice_text(error, texts),
            }
        )
        return request.render(
            "helpdesk_mgmt_support_contract.portal_my_support_certificates", values
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
        model's ``reason``, kept in the session (#12.11)."""
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
        certificate = self._support_certificates().filtered(
            lambda c: str(c.id) == str(certificate_id)
        )
        if not certificate:
            return self._support_redirect(error="unknown_certificate")
        try:
            month_date = fields.Date.to_date(month or None)
            if not month_date:
                raise ValidationError(request.env._("Choose the month to book."))
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
        booking = request.env["helpdesk.support.booking"].sudo().browse(booking_id)
        if not booking.exists() or booking.certificate_id not in (
            self._support_certificates()
        ):
            return None
        return booking

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
        needs the access token, and decides as the partner the link was
        signed for (``pid`` + ``hash``).
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
        pid = _record_id(pid) if pid else None
        if not user._is_public():
            partner = user.partner_id
        elif (
            token_ok
            and pid
            and validate_thread_with_hash_pid(estimate_sudo, kw.get("hash"), pid)
        ):
            partner = partner.sudo().browse(pid)
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
                "hash": kw.get("hash"),
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
                ("hash", kw.get("hash")),
            )
            if value
        }
        try:
            estimate._support_decide(partner, accept=decision == "accept")
        except (AccessError, UserError) as error:
            params["error"] = support_notice("refused", error.args[0])
        query = "&".join(f"{key}={quote(str(value))}" for key, value in params.items())
        return request.redirect(f"/my/support/estimate/{estimate_id}?{query}")

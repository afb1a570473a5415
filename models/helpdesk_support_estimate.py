# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import secrets

from werkzeug.urls import url_encode

from odoo import Command, api, fields, models, tools
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools.numbers import ORDER_HOURS, POSITIVE_HOURS, check_field
from ..tools.server_language import customer_env, date_text, number_text, staff_env
from .helpdesk_support_system_fields_mixin import SUPPORT_USER, writable
from .helpdesk_ticket_professional_service import MINIMUM_ORDER_HOURS

#: what the key contact person decides on (MQ 2.3): fixed once sent, a
#: changed scope is a new estimate, which supersedes the previous one
ESTIMATE_TERMS = frozenset(
    {
        "ticket_id",
        "company_id",
        "partner_id",
        "hours",
        "date_start",
        "conditions",
        "user_id",
    }
)


class HelpdeskSupportEstimate(models.Model):
    """An estimate of a professional-services order (MQ 2.3, R-70).

    Staff send it from the ticket; only the key contact person of the
    customer's contract can accept or decline it, on the portal or through
    the link of the e-mail (access token + the decision token of
    :meth:`_support_kcp_token`, never Odoo's generic portal signature, which
    anyone able to share the record can have Odoo produce). A changed scope
    gets a new estimate, which supersedes the previous ones.
    """

    _name = "helpdesk.support.estimate"
    _description = "Professional services estimate"
    _inherit = [
        "helpdesk.support.system.fields.mixin",
        "mail.thread",
        "portal.mixin",
        "helpdesk.support.number.mixin",
    ]
    _order = "id desc"
    _rec_name = "ticket_id"
    # support staff write the estimate (MQ 2.3); the decision is the key
    # contact's, recorded by the system with its secret
    _support_write_rights = {
        SUPPORT_USER: writable(
            "hours", "date_start", "conditions", "user_id", create_only=("ticket_id",)
        ),
    }

    ticket_id = fields.Many2one(
        "helpdesk.ticket", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="ticket_id.company_id", store=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        related="ticket_id.commercial_partner_id",
        store=True,
    )
    hours = fields.Float(string="Estimated hours", required=True, digits=(16, 2))
    date_start = fields.Date(string="Work starts on", required=True)
    conditions = fields.Text()
    user_id = fields.Many2one(
        "res.users", string="Sent by", default=lambda self: self.env.user
    )
    state = fields.Selection(
        [
            ("sent", "Awaiting approval"),
            ("accepted", "Accepted"),
            ("declined", "Declined"),
            ("superseded", "Superseded"),
        ],
        default="sent",
        required=True,
        tracking=True,
    )
    decided_by_id = fields.Many2one("res.partner", string="Decided by", readonly=True)
    decision_date = fields.Datetime(readonly=True)

    support_kcp_secret = fields.Char(
        string="Secret of the key contact's link",
        # the server's alone, a client never reads the key contact person's
        # link; cleared once the estimate is decided
        groups="base.group_system",
        copy=False,
        readonly=True,
    )
    support_kcp_url = fields.Char(
        string="Link for the key contact person",
        compute="_compute_support_kcp_url",
        # whoever holds it decides as the KCP: not for support staff
        groups="base.group_system",
        help="Portal link of the estimate signed for the key contact person: "
        "it lets them decide without logging in.",
    )

    _sql_constraints = [
        # NaN passes ">=" in PostgreSQL: it is named explicitly
        (
            "hours_min",
            f"CHECK(hours >= {MINIMUM_ORDER_HOURS} AND hours < 'Infinity' "
            "AND hours <> 'NaN')",
            "An order is at least one working hour.",
        )
    ]
    _support_number_rules = {"hours": ORDER_HOURS}

    def _compute_access_url(self):
        result = super()._compute_access_url()
        for estimate in self:
            estimate.access_url = f"/my/support/estimate/{estimate.id}"
        return result

    def _get_share_url(
        self, redirect=False, signup_partner=False, pid=None, share_token=True
    ):
        """Without a partner signature (only the key contact person decides,
        R-70): Odoo's Share wizard and the
        links of notifications sign ``pid`` for anyone able to share the
        estimate; the estimate's portal does not use it."""
        return super()._get_share_url(
            redirect=redirect,
            signup_partner=signup_partner,
            pid=None,
            share_token=share_token,
        )

    def _compute_support_kcp_url(self):
        for estimate in self:
            kcp = estimate._support_kcp() if estimate.id else False
            token = estimate._support_kcp_token(kcp) if kcp else False
            estimate.support_kcp_url = (
                "{}{}?{}".format(
                    estimate.get_base_url(),
                    estimate.access_url,
                    url_encode(
                        {
                            "access_token": estimate._portal_ensure_token(),
                            "pid": kcp.id,
                            "kcp_token": token,
                        }
                    ),
                )
                if token
                else False
            )

    def _support_kcp_token(self, partner):
        """The decision token of ``partner`` on this estimate, or False.

        An HMAC, with the database secret, of the estimate, the partner and
        the estimate's random ``support_kcp_secret``: only the server makes
        it, for the key contact the estimate is mailed to; clearing the
        secret (on decision, when superseded) revokes every link.
        """
        self.ensure_one()
        secret = self.sudo().support_kcp_secret
        if not (secret and partner):
            return False
        return tools.hmac(
            self.env(su=True),
            "helpdesk_mgmt_support_contract.estimate_kcp",
            (self.id, partner.id, secret),
        )

    def _support_kcp_from_token(self, pid, token):
        """The key contact person, when ``token`` is their decision token
        (``pid`` being their partner id); otherwise an empty partner."""
        self.ensure_one()
        kcp = self._support_kcp()
        if not (kcp and token and pid == kcp.id and isinstance(token, str)):
            return kcp.browse()
        expected = self._support_kcp_token(kcp)
        return kcp if expected and tools.consteq(expected, token) else kcp.browse()

    def _support_kcp(self):
        self.ensure_one()
        return self.ticket_id._support_key_contact()

    def _support_is_kcp(self, partner):
        """Whether ``partner`` may decide on this estimate."""
        self.ensure_one()
        kcp = self._support_kcp()
        return bool(partner and kcp and partner == kcp)

    @api.model_create_multi
    def create(self, vals_list):
        # no client creates an estimate: it is sent by _support_send alone,
        # after its checks (professional service, a KCP, the previous
        # estimate superseded), in the superuser environment
        if not self.env.su:
            raise AccessError(
                self.env._(
                    "An estimate is sent from its ticket with the Send estimate button."
                )
            )
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and ESTIMATE_TERMS.intersection(vals):
            raise AccessError(
                self.env._(
                    "An estimate sent to the key contact person cannot be "
                    "changed: send a new estimate from the ticket, it supersedes "
                    "this one (MQ 2.3)."
                )
            )
        return super().write(vals)

    @api.model
    def _support_send(self, ticket, hours, date_start, conditions):
        """Create an estimate of ``ticket`` and send it to the key contact."""
        if not ticket.support_is_professional_service:
            raise UserError(
                self.env._(
                    "Estimates are sent for professional-service tickets only; "
                    "%(ticket)s is of category %(category)s.",
                    ticket=ticket.display_name,
                    category=ticket.category_id.display_name or "—",
                )
            )
        hours = check_field(self, "hours", hours, POSITIVE_HOURS)
        if hours < MINIMUM_ORDER_HOURS:
            raise ValidationError(
                self.env._("An order is at least one working hour (MQ 2.1).")
            )
        kcp = ticket._support_key_contact()
        if not kcp:
            raise UserError(
                self.env._(
                    "The customer of %(ticket)s has no key contact person on an "
                    "active contract: nobody could accept the estimate.",
                    ticket=ticket.display_name,
                )
            )
        # sudo after the check: the estimate's terms are the system's
        ticket.check_access("write")
        ticket.support_estimate_ids.filtered(
            lambda e: e.state in ("sent", "accepted")
        ).sudo().write({"state": "superseded", "support_kcp_secret": False})
        estimate = (
            self.sudo()
            .create(
                {
                    "ticket_id": ticket.id,
                    "hours": hours,
                    "date_start": date_start,
                    "conditions": conditions,
                }
            )
            .sudo(False)
        )
        estimate._portal_ensure_token()
        # the secret of the KCP's link, readable by the system only
        estimate.sudo().support_kcp_secret = secrets.token_urlsafe(32)
        estimate._support_mail_kcp_link(kcp)
        # a comment the key contact reads: its language, its number and
        # date formats
        env = customer_env(self.env, kcp, ticket.company_id)
        # the company may reword it: a QWeb template, translated
        ticket.with_env(env).message_post(
            body=env["ir.qweb"]._render(
                "helpdesk_mgmt_support_contract.helpdesk_support_estimate_sent_message",
                {
                    "kcp": kcp.name,
                    "hours": number_text(env, estimate.hours),
                    "date": date_text(env, estimate.date_start),
                    "url": estimate.access_url,
                },
            ),
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        return estimate

    def _support_hours_text(self):
        """The hours as the mail's reader writes numbers (``6,5`` in
        Russian, R-02): the template renders in the key contact's language."""
        self.ensure_one()
        return number_text(self.env, self.hours)

    def _support_mail_kcp_link(self, kcp):
        """Mail the estimate with the link signed for ``kcp`` (R-70).

        Whoever holds the link decides as the key contact person, logged out:
        it goes to the KCP alone and exists only in the outgoing mail. Its
        ``mail.mail`` (readable by administrators only) is detached from the
        estimate, so that its ``mail.message`` is not in any chatter that
        staff or the customer's other contacts read; it is written by the
        company rather than by the sending user, who would otherwise read it
        as its author; and it is deleted with its message once sent.
        """
        self.ensure_one()
        # sudo: the signed link is rendered for the KCP's e-mail only
        self.env.ref(
            "helpdesk_mgmt_support_contract.mail_template_support_estimate"
        ).sudo().send_mail(
            self.id,
            email_values={
                "recipient_ids": [Command.link(kcp.id)],
                "model": False,
                "res_id": False,
                "author_id": self.company_id.partner_id.id,
                "auto_delete": True,
            },
        )

    def _support_was_accepted(self):
        """Whether the key contact accepted this estimate: it is accepted, or
        was before a corrected estimate superseded it (only estimates sent or
        accepted are superseded, so a superseded one with a decision was
        accepted; a declined one stays declined)."""
        self.ensure_one()
        return self.state == "accepted" or bool(
            self.state == "superseded" and self.decision_date
        )

    def _support_decide(self, partner, accept):
        """Accept or decline as ``partner``; only the KCP may."""
        self.ensure_one()
        if not self._support_is_kcp(partner):
            raise AccessError(
                self.env._(
                    "Only the key contact person of the contract can accept or "
                    "decline an estimate (MQ 2.3)."
                )
            )
        if self.state != "sent":
            raise UserError(
                self.env._(
                    "This estimate is no longer awaiting approval (%(state)s).",
                    state=dict(self._fields["state"]._description_selection(self.env))[
                        self.state
                    ],
                )
            )
        estimate = self.sudo()
        ticket = estimate.ticket_id
        # the decision is the key contact's comment: its language
        env = customer_env(self.env, partner, ticket.company_id)
        values = {
            "state": "accepted" if accept else "declined",
            "decided_by_id": partner.id,
            "decision_date": fields.Datetime.now(),
            # the link of the e-mail decided: it is no more of use
            "support_kcp_secret": False,
        }
        if accept:
            certificates = self.env[
                "helpdesk.support.certificate"
            ]._get_active_certificates(ticket.commercial_partner_id)
            certificate = certificates.get(ticket.commercial_partner_id.id)
            if not certificate:
                raise UserError(
                    self.env._(
                        "The customer has no valid professional-services "
                        "certificate: the order cannot be accepted."
                    )
                )
            estimate.write(values)
            ticket.support_certificate_id = certificate
            stage = ticket.company_id._get_support_processing_stage()
            if stage and not ticket.stage_id.closed:
                ticket.stage_id = stage
            if ticket.user_id:
                # the assignee starts the work on the date of the estimate
                staff = staff_env(ticket.env, ticket.company_id)
                ticket.with_env(staff).activity_schedule(
                    "mail.mail_activity_data_todo",
                    date_deadline=estimate.date_start,
                    summary=staff._("Start the accepted order"),
                    user_id=ticket.user_id.id,
                )
            text = env._(
                "Estimate accepted by %(partner)s: %(hours)s h, work starts on "
                "%(date)s. The work is charged to certificate %(certificate)s.",
                partner=partner.name,
                hours=number_text(env, estimate.hours),
                date=date_text(env, estimate.date_start),
                certificate=certificate.name,
            )
        else:
            estimate.write(values)
            text = env._("Estimate declined by %(partner)s.", partner=partner.name)
        ticket.message_post(
            body=text,
            author_id=partner.id,
            message_type="comment",
            # a comment: the assigned staff and the other followers learn
            # that work may start (or that the order is declined)
            subtype_xmlid="mail.mt_comment",
        )
        return True

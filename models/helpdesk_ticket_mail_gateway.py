# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The mail gateway on tickets (R-50 … R-52, DS 5.1 – 5.8): attachment
policy, threading by ticket number and mail headers only for senders who
may see the ticket (R-32), sender identification, acknowledgements.

``message_new`` / ``message_update`` (``helpdesk_ticket.py``) dispatch to
these methods.
"""

import ast
import logging
import re

import psycopg2
from markupsafe import Markup

from odoo import api, fields, models, tools
from odoo.tools import SQL

from ..tools.context_switch import ServerSwitch, server_switch
from ..tools.ru_registry import find_registry_numbers
from ..tools.server_language import staff_env

_logger = logging.getLogger(__name__)

# R-52, DS 5.7: pictures, BMP only inside an archive
ACCEPTED_ATTACHMENTS = {"jpg", "jpeg", "gif", "png", "zip", "rar"}
# an address in free text: it starts after a character that cannot be part
# of it and its quantifiers are possessive, so a match attempt never
# backtracks: linear in the length of the text
EMAIL_PATTERN = re.compile(r"(?<![\w.+-])[\w.+-]++@[\w-]++(?:\.[\w-]++)+")
# sender identification (DS 5.8) reads the beginning of a mail only: a
# sender names the organisation there, and a mail of megabytes must not
# hold the gateway (the HTML is cut before conversion, the text after)
IDENTIFY_MAX_HTML = 200_000
IDENTIFY_MAX_TEXT = 50_000
# DS 5.4 / 5.5: the company setting of the registration notice per channel
ACK_SETTINGS = {
    "portal": "support_ack_portal",
    "staff": "support_ack_staff",
    "email": "support_ack_email",
}
# the pre-commit data key of the acknowledgement trigger of a transaction
ACK_TRIGGERED = "helpdesk_mgmt_support_contract.ack_triggered"
# the channel of tickets the mail gateway creates (one switch: equal
# contexts share their environment and its caches from mail to mail)
EMAIL_CHANNEL = ServerSwitch("email")
# mail.thread's message_new describes the model's fields only to learn
# whether it has a name field: set by the ticket's message_new for that call
# (helpdesk_mgmt's message_new names the ticket itself), dropped by create
NAME_FIELD_ONLY = ServerSwitch("name")
# a ticket number in a subject ("[HT00042] Re: ...")
TID_PATTERN = re.compile(r"\b([A-Z]{1,6}-?\d{3,})\b")


class HelpdeskTicketMailGateway(models.Model):
    _inherit = "helpdesk.ticket"

    support_identified_partner_id = fields.Many2one(
        "res.partner",
        string="Organisation named in the mail",
        readonly=True,
        copy=False,
        # staff information, like the staff's correspondence export (DS
        # 5.8, R-53): it may name another organisation than the customer's
        groups="helpdesk_mgmt.group_helpdesk_user_own",
        help="Organisation whose INN, OGRN, name or contact address the first "
        "mail mentions (DS 5.8).",
    )
    support_ack_pending = fields.Boolean(
        string="Acknowledgement to send", readonly=True, copy=False, index=True
    )

    @api.model
    def fields_get(self, allfields=None, attributes=None):
        # mail.thread.message_new calls fields_get() for the whole model at
        # every incoming mail, only to know whether it has a name field:
        # describing the ticket's 140 fields was a tenth of the gateway's
        # time a mail (readme/BENCHMARKS.md, the cost of a message)
        if allfields is None and server_switch(self.env, "support_name_field_only"):
            allfields = [self._rec_name or "name"]
        return super().fields_get(allfields=allfields, attributes=attributes)

    def _support_unsubscribe_strangers(self, msg_dict, followers_before):
        """helpdesk_mgmt subscribes the partners a mail is sent or copied to;
        those who may not see the ticket (R-32) are unsubscribed again: as
        followers they would receive every later reply of the support."""
        self.ensure_one()
        ticket = self.sudo()
        addresses = {
            tools.email_normalize(address)
            for address in tools.email_split(
                "{},{}".format(msg_dict.get("to") or "", msg_dict.get("cc") or "")
            )
        }
        added = (ticket.message_partner_ids - followers_before).filtered(
            lambda p: p.email_normalized in addresses
        )
        strangers = added.filtered(
            lambda p: not ticket._support_sender_may_see(p, p.email_normalized)
        )
        if strangers:
            ticket.message_unsubscribe(partner_ids=strangers.ids)

    def _support_sender_may_see(self, partner, email=False):
        """Whether the sender of a mail may see this ticket on the portal.

        The portal rule (R-32, MQ 1.6) evaluated as the sender's user when
        there is one, staff by their access rights; for a contact without a
        user the same rule, through the same function
        (``res.partner._support_portal_ticket_domain``). A ticket of a sender
        the gateway did not know is open to that address only. E-mail
        ``From`` is no authentication: this keeps a sender out of tickets it
        could not read anyway, it does not prove who wrote.
        """
        self.ensure_one()
        ticket = self.sudo()
        partner = partner.sudo()
        for user in partner.user_ids:
            if (
                ticket.with_user(user)
                .with_context(allowed_company_ids=user.company_ids.ids)
                .has_access("read")
            ):
                return True
        if not ticket.partner_id:
            return bool(email) and email == tools.email_normalize(
                ticket.partner_email or ""
            )
        if not partner or partner.user_ids:
            return False
        return bool(ticket.filtered_domain(partner._support_portal_ticket_domain()))

    @api.model
    def _support_route_reply(self, message_dict, route):
        """A mail that Odoo threads into a ticket by its In-Reply-To or
        References header (a Message-Id can be known or guessed) reaches the
        ticket only when its sender may see it, like a TID in the subject;
        otherwise it becomes a ticket of the sender's own, through the
        support address it was sent to.

        :param route: ``(model, thread_id, custom_values, user_id, alias)``
        :return: the route to check
        """
        _model, thread_id, _values, user_id, alias = route
        ticket = self.sudo().browse(thread_id).exists()
        if not ticket:
            return route
        email_from = message_dict.get("email_from") or ""
        author = self.env["res.partner"].browse(message_dict.get("author_id") or [])
        if not author and email_from:
            found = self.env["mail.thread"]._mail_find_partner_from_emails(
                [email_from], records=ticket
            )
            author = next(iter(found), None) or author
        if ticket._support_sender_may_see(author, tools.email_normalize(email_from)):
            return route
        if alias:
            values = ast.literal_eval(alias.alias_defaults or "{}")
        else:
            values = {"team_id": ticket.team_id.id, "company_id": ticket.company_id.id}
        message_dict.pop("parent_id", None)
        return (self._name, False, values, user_id, alias)

    @api.model
    def _support_filter_attachments(self, msg_dict):
        """Keep the accepted attachments of an incoming mail (R-52).

        :return: names of the refused ones
        """
        kept, refused = [], []
        # mail.thread's Attachment(fname, content, info) named tuples, or
        # (name, content[, info]) lists given to message_new over RPC
        for attachment in msg_dict.get("attachments") or []:
            fname, *_content_info = attachment
            name = fname or ""
            extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
            if extension in ACCEPTED_ATTACHMENTS:
                kept.append(attachment)
            else:
                refused.append(name or "?")
        msg_dict["attachments"] = kept
        return refused

    @api.model
    def _support_thread_from_subject(self, msg_dict):
        """The ticket whose number the subject carries, when its sender may
        see that ticket on the portal (R-32); a TID of a ticket the sender
        may not see is ignored, and the mail becomes a ticket of its own."""
        subject = (msg_dict.get("subject") or "")[:1000]
        numbers = set(TID_PATTERN.findall(subject.upper()))
        if not numbers:
            return self.browse()
        tickets = self.sudo().search([("number", "in", list(numbers))])
        author = self.env["res.partner"].browse(msg_dict.get("author_id") or [])
        sender = tools.email_normalize(msg_dict.get("email_from") or "")
        for ticket in tickets:
            if ticket._support_sender_may_see(author, sender):
                return ticket
        return self.browse()

    def _support_identify_sender(self, msg_dict):
        """DS 5.8: note the organisation the mail names (INN, OGRN with check
        digits, name or a registered contact's address). The commercial SLA
        comes only from the sender's own contract.

        Only the beginning of the mail is read, with linear patterns: the
        cost is bounded whatever the size of the mail."""
        self.ensure_one()
        if self.support_contract_id:
            return  # identified by the sender's own registered address
        html = (msg_dict.get("body") or "")[:IDENTIFY_MAX_HTML]
        text = "{} {}".format(
            (msg_dict.get("subject") or "")[:1000], tools.html2plaintext(html)
        )[:IDENTIFY_MAX_TEXT]
        inns, ogrns = find_registry_numbers(text)
        Partner = self.env["res.partner"].sudo()
        found = Partner.browse()
        if inns or ogrns:
            found = Partner.search(
                [
                    ("is_company", "=", True),
                    "|",
                    ("vat", "in", list(inns)),
                    ("company_registry", "in", list(ogrns)),
                ],
                limit=1,
            )
        # free text, not a header: email_split would glue the next words on
        emails = {address.lower() for address in EMAIL_PATTERN.findall(text)}
        if not found and emails:
            found = Partner.search(
                [("email_normalized", "in", list(emails))], limit=1
            ).commercial_partner_id
        if not found:
            # a customer name written in the mail: one query, whatever the
            # number of contracts
            rows = self.env.execute_query(
                SQL(
                    """SELECT c.partner_id FROM helpdesk_support_contract c
                         JOIN res_partner p ON p.id = c.partner_id
                        WHERE c.state = 'active' AND c.company_id = %s
                          AND length(p.name) >= 3
                          AND strpos(lower(%s), lower(p.name)) > 0
                        LIMIT 1""",
                    self.company_id.id,
                    text,
                )
            )
            found = Partner.browse([partner_id for (partner_id,) in rows])
        if not found:
            return
        self.sudo().support_identified_partner_id = found
        if self.commercial_partner_id != found.commercial_partner_id:
            # written by the mail gateway: the staff's language
            env = staff_env(self.sudo().env, self.company_id)
            self.with_env(env).message_post(
                body=env._(
                    "The mail names %(organisation)s, but the sender is not one of "
                    "its registered contacts: the commercial SLA applies only to "
                    "mail from the licensee's contacts (DS 5.8).",
                    organisation=found.display_name,
                ),
                subtype_xmlid="mail.mt_note",
            )

    @api.model
    def _support_creation_channel(self):
        """The channel of tickets created now: ``email`` (the gateway, mail
        a person wrote), ``portal`` (a portal user, on the form or over
        RPC), ``staff`` (an internal user, not in sudo) or None (the
        system: follow-ups, automatic mail, imports)."""
        if server_switch(self.env, "support_auto_submitted"):
            return None  # automatic mail is never answered
        channel = server_switch(self.env, "support_ack_channel")
        if channel:
            return channel
        if self.env.user.share and not self.env.user._is_public():
            return "portal"
        if not self.env.su and self.env.user._is_internal():
            return "staff"
        return None

    @api.model
    def _support_prepare_ack_vals(self, vals_list):
        """Mark new tickets for the registration notice (DS 5.4: "for every
        letter or request ... a letter confirming the problem accepted and
        stating the assigned service level is sent to the sender"), on
        every channel with its company setting; sent by the batched
        acknowledgement action, as for mail. Staff's tickets for
        themselves and tickets without a customer are not acknowledged
        (mail of unknown senders is, to the address it came from)."""
        channel = self._support_creation_channel()
        setting = ACK_SETTINGS.get(channel)
        if not setting:
            return
        teams = (
            self.env["helpdesk.ticket.team"]
            .sudo()
            .browse({vals["team_id"] for vals in vals_list if vals.get("team_id")})
        )
        team_company = {team.id: team.company_id for team in teams}
        own_partner = self.env.user.partner_id.id
        marked = False
        for vals in vals_list:
            partner_id = vals.get("partner_id")
            if channel != "email" and not partner_id:
                continue
            if channel == "staff" and partner_id == own_partner:
                continue
            company = team_company.get(vals.get("team_id")) or self.env[
                "res.company"
            ].browse(vals.get("company_id") or self.env.company.id)
            if company.sudo()[setting]:
                vals["support_ack_pending"] = True
                marked = True
        if marked:
            self._support_trigger_acknowledge()

    @api.model
    def _support_trigger_acknowledge(self):
        """Wake the acknowledgement action up once per transaction.

        One trigger is enough for every ticket a transaction marks: the
        action sends all pending acknowledgements when it runs, after the
        commit. A trigger per ticket cost an ORM create for each mail of a
        burst. The trigger is created by a pre-commit callback, registered
        once: it runs when the transaction is flushed (at its commit, or on
        entering a flushing savepoint), so a ticket marked before a savepoint
        that is rolled back keeps its trigger, and the callbacks registered
        inside it are dropped with the tickets they were for.
        """
        precommit = self.env.cr.precommit
        if precommit.data.get(ACK_TRIGGERED):
            return
        precommit.data[ACK_TRIGGERED] = True
        env = self.env

        def trigger():
            cron_id = env["ir.model.data"]._xmlid_to_res_id(
                "helpdesk_mgmt_support_contract.ir_cron_support_acknowledge"
            )
            env["ir.cron"].sudo().browse(cron_id)._trigger()

        precommit.add(trigger)

    @api.model
    def _get_acknowledge_domain(self):
        """New tickets whose acknowledgement is still to send (R-50)."""
        return [("support_ack_pending", "=", True)]

    @api.model
    def _cron_support_acknowledge(self, batch_size=500):
        """Send the acknowledgements of new tickets (R-50, DS 5.4 / 5.5; mail,
        portal and staff's tickets for a customer): the TID, the SLA level
        and the deadline; rendered once per batch, so creating tickets
        stays fast."""
        domain = self._get_acknowledge_domain()
        claimed = []

        def acknowledge(batch):
            tickets = batch._support_claim_acknowledgements()
            with_partner = tickets.filtered("partner_id")
            with_partner._support_send_template(
                "helpdesk_mgmt_support_contract.mail_template_ticket_acknowledgement"
            )
            unknown = (tickets - with_partner).filtered("partner_email")
            unknown._support_acknowledge_unknown()
            claimed.append(tickets)

        # a ticket whose acknowledgement fails keeps its claim rolled back and
        # is tried again on the next run; the others are acknowledged
        done = self.env["helpdesk.support.job.failure"]._support_run_isolated(
            "helpdesk_mgmt_support_contract.ir_cron_support_acknowledge",
            self.sudo().search(domain, limit=batch_size),
            acknowledge,
        )
        tickets = self.sudo().browse()
        for batch in claimed:
            tickets |= batch & done
        self.env["ir.cron"]._notify_progress(
            done=len(tickets),
            remaining=self.sudo().search_count(domain),
        )
        return tickets

    def _support_claim_acknowledgements(self):
        """Claim the acknowledgements of these tickets before rendering them.

        One ``UPDATE`` of the flag at the start of the run, not a write after
        the rendering: under load, support replies to new tickets while the
        action runs, and a ticket changed after the action's snapshot cannot
        be written by it (Odoo runs in repeatable read): the whole batch
        failed and was rolled back (found by ``bench/load_portal.py``). Once
        claimed, the rows are this run's until it commits. When a ticket of
        the batch changed since the snapshot, nothing is claimed and the
        action is triggered again at once, with a new snapshot.

        :return: the claimed tickets
        """
        if not self:
            return self
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    SQL(
                        "UPDATE helpdesk_ticket SET support_ack_pending = false "
                        "WHERE id = ANY(%s) AND support_ack_pending RETURNING id",
                        self.ids,
                    ),
                    log_exceptions=False,
                )
                claimed = self.browse(row[0] for row in self.env.cr.fetchall())
        except psycopg2.errors.SerializationFailure:
            _logger.info(
                "Acknowledgements: a ticket changed during the run, next run triggered"
            )
            self.env.ref(
                "helpdesk_mgmt_support_contract.ir_cron_support_acknowledge"
            ).sudo()._trigger()
            claimed = self.browse()
        self.invalidate_recordset(["support_ack_pending"])
        return claimed

    def _support_after_incoming(self, msg_dict, refused):
        """Tell the sender which attachments were not accepted (DS 5.7).

        The names are the sender's text: escaped, never markup. At most
        ``AUTOREPLY_PER_HOUR`` automatic replies an hour go to one address
        (shared with the alias bounces); beyond, the refusal is only noted
        on the ticket, so a forged sender cannot make the support address
        mail a victim over and over.
        """
        self.ensure_one()
        if not refused or server_switch(self.env, "support_auto_submitted"):
            return
        ticket = self.sudo()
        lang = ticket.partner_id.lang or self.env.lang
        env = ticket.with_context(lang=lang).env
        body = Markup("<p>%s</p>") % env._(
            "These attachments were not accepted: %(names)s. We accept JPG, GIF "
            "and PNG pictures; other files (BMP too) only inside a ZIP or RAR "
            "archive (DS 5.7). Your message itself was received.",
            names=", ".join(refused),
        )
        email_from = msg_dict.get("email_from")
        address = ticket.partner_id.email or email_from
        if not address or not self.env["helpdesk.support.autoreply"]._support_allow(
            address
        ):
            ticket.message_post(body=body, subtype_xmlid="mail.mt_note")
        elif ticket.partner_id:
            ticket._support_notify_customer(body)
        else:
            ticket.message_post(body=body, subtype_xmlid="mail.mt_note")
            # the sender's subject is not repeated to an unknown address
            self.env["mail.mail"].sudo().create(
                {
                    "email_to": email_from,
                    "subject": env._(
                        "[%(number)s] Attachments not accepted", number=ticket.number
                    ),
                    "body_html": body,
                    "auto_delete": True,
                }
            )

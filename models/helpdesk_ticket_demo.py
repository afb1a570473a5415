# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Demo data only: the states of the demo tickets that XML
records cannot express — a ticket opened days ago whose SLA is breached, a
development level set by reclassification, a special request paid with a
coupon, an accepted estimate with timesheets, a ticket registered from a
Telegram chat message.

Called by ``<function>`` tags of ``demo/helpdesk_support_contract_demo.xml``
when the addon is installed with demo data (Odoo loads demo files as
*noupdate*: an update skips their functions). Each method is idempotent all
the same (a second call changes nothing). Private methods: not reachable
over RPC.
"""

from datetime import UTC, timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..tools.lifecycle_scope import lifecycle_scope


class HelpdeskTicketDemo(models.Model):
    _inherit = "helpdesk.ticket"

    def _demo_opened_hours_ago(self, hours):
        """The tickets were opened ``hours`` ago: creation date, chatter and
        open timers count from then (a deadline already past is breached on
        its real date, with the breach note and escalation of the cron)."""
        now = fields.Datetime.now()
        opened = now - timedelta(hours=hours)
        # idempotent: a ticket already opened that long ago is left alone
        tickets = self.filtered(lambda t: t.create_date > opened)
        if not tickets:
            return True
        tickets.flush_recordset()
        self.env.execute_query(
            SQL(
                "UPDATE helpdesk_ticket SET create_date = %s WHERE id = ANY(%s)",
                opened,
                tickets.ids,
            )
        )
        self.env.execute_query(
            SQL(
                "UPDATE mail_message SET date = %s "
                "WHERE model = 'helpdesk.ticket' AND res_id = ANY(%s)",
                opened,
                tickets.ids,
            )
        )
        tickets.invalidate_recordset(["create_date"])
        self.env["mail.message"].invalidate_model(["date"])
        # demo data rewrites history, as a migration does: the timers count
        # from the earlier creation outside any event of the ticket's life
        with lifecycle_scope(self.env):
            timers = tickets._support_retarget_timers(
                now, starts=dict.fromkeys(tickets.ids, opened)
            )
            timers.filtered(lambda t: t.state == "breached")._on_breach()
        return True

    def _demo_reclassify(self, level_code, reason):
        """Move the tickets to the SLA level ``level_code`` of their company,
        in their own category, as staff do with *Reclassify*."""
        for ticket in self:
            level = self.env["helpdesk.support.sla.level"].search(
                [("code", "=", level_code), ("company_id", "=", ticket.company_id.id)],
                limit=1,
            )
            if level and ticket.support_sla_level_id != level:
                ticket._support_reclassify(ticket.category_id, level, reason)
        return True

    @api.model
    def _demo_redeem_coupon(self, coupon_id, user_id, vals, xmlid):
        """A special request (DS 3.6) sent by ``user_id`` with a use of the
        coupon, as from the portal form; the ticket gets the XML id
        ``xmlid`` of this module; ``vals`` may name its category by code
        (``category_code``). Nothing when that ticket exists."""
        module = "helpdesk_mgmt_support_contract"
        if self.env.ref(f"{module}.{xmlid}", raise_if_not_found=False):
            return True
        coupon = self.env["helpdesk.support.coupon"].browse(coupon_id)
        user = self.env["res.users"].browse(user_id)
        vals = dict(vals)
        code = vals.pop("category_code", None)
        if code:
            vals["category_id"] = (
                self.env["helpdesk.ticket.category"]
                .search(
                    [("code", "=", code), ("company_id", "=", coupon.company_id.id)],
                    limit=1,
                )
                .id
            )
        ticket = coupon._support_redeem(coupon.name, vals, user)
        self.env["ir.model.data"]._update_xmlids(
            [{"xml_id": f"{module}.{xmlid}", "record": ticket, "noupdate": True}]
        )
        return True

    def _demo_order_professional_service(self, hours, employee_id, lines):
        """The key contact accepted an estimate of ``hours`` and the
        specialist ``employee_id`` logged ``lines``: (days ago, start hour in
        UTC, hours, description) each. Nothing for a ticket already ordered."""
        employee = self.env["hr.employee"].browse(employee_id)
        now = fields.Datetime.now().replace(minute=0, second=0, microsecond=0)
        for ticket in self.filtered(lambda t: not t.support_ps_ordered):
            start = fields.Date.context_today(ticket) - timedelta(
                days=max(days for days, *_rest in lines)
            )
            estimate = self.env["helpdesk.support.estimate"]._support_send(
                ticket, hours, start, ticket.description or ticket.name
            )
            estimate._support_decide(ticket._support_key_contact(), accept=True)
            self.env["account.analytic.line"].create(
                [
                    {
                        "name": name,
                        "ticket_id": ticket.id,
                        "project_id": ticket.project_id.id,
                        "employee_id": employee.id,
                        "date_time": (now - timedelta(days=days)).replace(hour=hour),
                        "date": (now - timedelta(days=days)).date(),
                        "unit_amount": amount,
                    }
                    for days, hour, amount, name in lines
                ]
            )
        return True

    @api.model
    def _demo_ticket_from_chat(self, chat_id, sender, text, minutes_ago, vals, xmlid):
        """MQ 1.3: ``sender`` (a Telegram user: id, first_name, last_name,
        username) wrote ``text`` in the customer's Telegram chat ``chat_id``
        ``minutes_ago`` minutes ago, and support registered the message as a
        ticket with the link wizard (``vals``: its category by
        ``category_code``), as staff do; the SLA counts from the message's
        time. The message is a genuine Telegram update handed to OCA's
        gateway service as its webhook does: nothing is sent to Telegram.
        The ticket gets the XML id ``xmlid`` of this module; nothing when it
        exists."""
        module = "helpdesk_mgmt_support_contract"
        if self.env.ref(f"{module}.{xmlid}", raise_if_not_found=False):
            return True
        chat = self.env["discuss.channel"].browse(chat_id)
        gateway = chat.gateway_id
        sent = (fields.Datetime.now() - timedelta(minutes=minutes_ago)).replace(
            microsecond=0
        )
        update = {
            "update_id": chat.id,
            "message": {
                "message_id": chat.id,
                "from": dict(sender, is_bot=False),
                "chat": {
                    "id": int(chat.gateway_channel_token),
                    "type": "supergroup",
                    "title": chat.name,
                },
                "date": int(sent.replace(tzinfo=UTC).timestamp()),
                "text": text,
            },
        }
        # as the gateway's webhook route does: its user, and nothing sent
        # back to Telegram (no_gateway_notification, on the gateway too: the
        # chat is read through it)
        service = (
            self.env["mail.gateway.telegram"]
            .with_user(gateway.webhook_user_id)
            .with_context(no_gateway_notification=True)
        )
        message = service._receive_update(gateway.with_env(service.env).sudo(), update)
        if not message:
            raise UserError(self.env._("The demo chat message was not received."))
        vals = dict(vals)
        category = self.env["helpdesk.ticket.category"].search(
            [
                ("code", "=", vals.pop("category_code")),
                ("company_id", "=", chat.support_contract_id.company_id.id),
            ],
            limit=1,
        )
        # registered by support staff (the administrator) with the wizard
        staff = self.env.ref("base.user_admin")
        wizard = (
            self.env["mail.message.gateway.link"]
            .with_user(staff)
            .create(
                {
                    "message_id": message.id,
                    "support_create_ticket": True,
                    "support_category_id": category.id,
                    **vals,
                }
            )
        )
        ticket = self.browse(wizard.link_message()["res_id"])
        self.env["ir.model.data"]._update_xmlids(
            [{"xml_id": f"{module}.{xmlid}", "record": ticket, "noupdate": True}]
        )
        return True

# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from lxml import etree

from odoo.tools import SQL
from odoo.tools.misc import file_path

_logger = logging.getLogger(__name__)

# helpdesk_mgmt's portal rule on tickets, as it ships (restored on uninstall
# when its XML file cannot be read)
HELPDESK_MGMT_PORTAL_DOMAIN = """['|',
                ('partner_id', 'child_of', [user.commercial_partner_id.id]),
                ('message_partner_ids','child_of',[user.commercial_partner_id.id])]"""

# R-32, MQ 1.6: the creator and the members of the creator's team of
# contacts (a contract without teams is one team), the key contact person
# the whole customer only where the contract's regulation says so (DS). The
# field's search reads the contracts of the user's organisation at each
# search (res.partner._support_portal_ticket_domain): right as soon as a
# contract or a team changes, with no cache to clear, and PostgreSQL gets ids
# on indexed columns (helpdesk_ticket_customer_rules).
SUPPORT_PORTAL_DOMAIN = "[('support_portal_visible', '=', True)]"

# records of helpdesk_mgmt's models that the addon's data files create, and
# the ticket field that uses them: kept on uninstall while tickets use them
KEPT_WHEN_USED = {
    "helpdesk.ticket.channel": "channel_id",
    "helpdesk.ticket.stage": "stage_id",
    "helpdesk.ticket.category": "category_id",
    "helpdesk.ticket.team": "team_id",
}


def _helpdesk_mgmt_portal_domain():
    """The domain of helpdesk_mgmt's portal rule, read from its XML file."""
    try:
        path = file_path("helpdesk_mgmt/security/helpdesk_security.xml")
        node = etree.parse(path).find(
            ".//record[@id='helpdesk_ticket_rule_portal']/field[@name='domain_force']"
        )
    except (OSError, etree.XMLSyntaxError):
        node = None
    if node is None or not (node.text or "").strip():
        return HELPDESK_MGMT_PORTAL_DOMAIN
    return node.text


def _keep_used_records(env):
    """Detach the records tickets still use from the addon, so that Odoo does
    not delete them with its data (a ticket would lose its channel, say)."""
    addon_data = env["ir.model.data"].search(
        [("module", "=", "helpdesk_mgmt_support_contract")]
    )
    data = addon_data.filtered(lambda d: d.model in KEPT_WHEN_USED)
    # tickets of the addon's demo data go with it
    demo_tickets = addon_data.filtered(lambda d: d.model == "helpdesk.ticket")
    Ticket = env["helpdesk.ticket"].with_context(active_test=False)
    kept = env["ir.model.data"]
    for model, field in KEPT_WHEN_USED.items():
        rows = data.filtered(lambda d, m=model: d.model == m)
        if not rows:
            continue
        used = {
            record.id
            for [record] in Ticket._read_group(
                [
                    (field, "in", rows.mapped("res_id")),
                    ("id", "not in", demo_tickets.mapped("res_id")),
                ],
                [field],
            )
        }
        kept |= rows.filtered(lambda d, u=used: d.res_id in u)
    if kept:
        _logger.info(
            "uninstall: keeping %s, still used by tickets", kept.mapped("complete_name")
        )
        kept.unlink()


def _drop_demo_ledger(env):
    """Drop the coupon ledger rows of the addon's demo tickets.

    A row refers to its ticket, coupon and user with ``restrict``: left, it
    would keep the demo's special request, its coupon, the portal user who
    redeemed it and their customer from going with the addon's data. The
    ledger's table goes with the addon anyway; rows of other tickets stay
    until then."""
    demo_tickets = env["ir.model.data"].search(
        [
            ("module", "=", "helpdesk_mgmt_support_contract"),
            ("model", "=", "helpdesk.ticket"),
        ]
    )
    if demo_tickets:
        env.cr.execute(
            SQL(
                "DELETE FROM helpdesk_support_coupon_redemption "
                "WHERE ticket_id = ANY(%s)",
                demo_tickets.mapped("res_id"),
            )
        )
        env["helpdesk.support.coupon.redemption"].invalidate_model()


def _drop_demo_gateway_guests(env):
    """Drop the Telegram authors the addon's demo bot met (``mail.guest``
    records of its gateway): the bot and its chat go with the addon's data,
    its guests would stay behind, pointing nowhere."""
    gateways = env["ir.model.data"].search(
        [
            ("module", "=", "helpdesk_mgmt_support_contract"),
            ("model", "=", "mail.gateway"),
        ]
    )
    if gateways:
        env["mail.guest"].sudo().search(
            [("gateway_id", "in", gateways.mapped("res_id"))]
        ).unlink()


def uninstall_hook(env):
    rule = env.ref(
        "helpdesk_mgmt.helpdesk_ticket_rule_portal", raise_if_not_found=False
    )
    if rule:
        rule.domain_force = _helpdesk_mgmt_portal_domain()
    _keep_used_records(env)
    _drop_demo_ledger(env)
    _drop_demo_gateway_guests(env)

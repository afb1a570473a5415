# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

# helpdesk_mgmt's portal rule on tickets, as it ships (restored on uninstall)
HELPDESK_MGMT_PORTAL_DOMAIN = """['|',
                ('partner_id', 'child_of', [user.commercial_partner_id.id]),
                ('message_partner_ids','child_of',[user.commercial_partner_id.id])]"""

# creator, members of the creator's teams of contacts, key contact person
SUPPORT_PORTAL_DOMAIN = (
    "['|', ('partner_id', 'in', user.partner_id.support_ticket_partner_ids.ids), "
    "('commercial_partner_id', 'in', user.partner_id.support_kcp_customer_ids.ids)]"
)


def uninstall_hook(env):
    rule = env.ref(
        "helpdesk_mgmt.helpdesk_ticket_rule_portal", raise_if_not_found=False
    )
    if rule:
        rule.domain_force = HELPDESK_MGMT_PORTAL_DOMAIN

# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

# helpdesk_mgmt's portal rule on tickets, as it ships (restored on uninstall)
HELPDESK_MGMT_PORTAL_DOMAIN = """['|',
                ('partner_id', 'child_of', [user.commercial_partner_id.id]),
                ('message_partner_ids','child_of',[user.commercial_partner_id.id])]"""

# the creator, the members of the creator's teams of contacts and the
# key contact persons of the customer, under an active contract. A domain over
# stored relations of res.partner, evaluated by PostgreSQL: right as soon as
# a contract or a team changes, with no cache to clear (#12.13).
SUPPORT_PORTAL_DOMAIN = """['|', '|',
    ('partner_id', '=', user.partner_id.id),
    ('partner_id.support_ticket_partner_ids', 'in', user.partner_id.ids),
    ('commercial_partner_id.support_key_contact_ids', 'in', user.partner_id.ids)]"""


def uninstall_hook(env):
    rule = env.ref(
        "helpdesk_mgmt.helpdesk_ticket_rule_portal", raise_if_not_found=False
    )
    if rule:
        rule.domain_force = HELPDESK_MGMT_PORTAL_DOMAIN

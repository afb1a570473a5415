# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""18.0.1.4.0: the rating request on solve comes from OCA helpdesk_mgmt_rating.

Stages flagged with this addon's former *Ask for a rating* box
(``support_rating_request``) get the addon's rating template as their
helpdesk_mgmt_rating *Rating Email Template*, unless they have one. Odoo
drops the old column at the end of the update, with the field's metadata.

The template (``noupdate``) gets its recipient, the customer: without one the
request was posted on the ticket as a note that no customer received.
"""

from odoo import SUPERUSER_ID, api
from odoo.tools.sql import column_exists


def migrate(cr, version):
    if not version or not column_exists(
        cr, "helpdesk_ticket_stage", "support_rating_request"
    ):
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    template = env.ref(
        "helpdesk_mgmt_support_contract.mail_template_rating_request",
        raise_if_not_found=False,
    )
    if template and not template.partner_to:
        template.partner_to = "{{ object._rating_get_partner().id }}"
    if template:
        cr.execute(
            """
            UPDATE helpdesk_ticket_stage
               SET rating_mail_template_id = %s
             WHERE support_rating_request
               AND rating_mail_template_id IS NULL
            """,
            [template.id],
        )
    env["helpdesk.ticket.stage"].invalidate_model(["rating_mail_template_id"])

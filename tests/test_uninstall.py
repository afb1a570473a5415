# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The uninstall hook, inside a transaction: helpdesk_mgmt keeps working
without the addon, its tickets and stages left as helpdesk_mgmt knows them.

The uninstall itself cannot run in a TransactionCase: scripts/check_uninstall.sh
(a step of `make test`) uninstalls the addon from a scratch database and checks
that helpdesk_mgmt works without it.
"""

from lxml import etree

from odoo.tests import tagged
from odoo.tools.misc import file_path

from ..hooks import uninstall_hook
from .common import SupportTicketCase

ADDON = "helpdesk_mgmt_support_contract"


@tagged("post_install", "-at_install")
class TestUninstallHook(SupportTicketCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contact = cls.make_customer("mq_basic", name="Uninstall LLC")
        cls.rule = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_rule_portal")
        cls.messenger = cls.env.ref(f"{ADDON}.helpdesk_ticket_channel_messenger")

    def xmlid(self, name):
        return self.env["ir.model.data"].search(
            [("module", "=", ADDON), ("name", "=", name)]
        )

    def test_portal_rule_restored_as_helpdesk_mgmt_ships_it(self):
        """R-32: the portal rule the addon narrowed to team visibility is restored as
        helpdesk_mgmt ships it."""
        self.assertIn("support_portal_visible", self.rule.domain_force)
        shipped = (
            etree.parse(file_path("helpdesk_mgmt/security/helpdesk_security.xml"))
            .find(
                ".//record[@id='helpdesk_ticket_rule_portal']"
                "/field[@name='domain_force']"
            )
            .text
        )
        uninstall_hook(self.env)
        self.assertEqual(self.rule.domain_force, shipped)

    def test_data_used_by_tickets_stays_with_them(self):
        """R-54: Odoo deletes the records of the addon's XML ids: a channel that tickets
        use is detached from the addon instead, so they keep it."""
        ticket = self.make_ticket(self.contact, channel_id=self.messenger.id)
        uninstall_hook(self.env)
        self.assertFalse(self.xmlid("helpdesk_ticket_channel_messenger"))
        self.assertEqual(ticket.channel_id, self.messenger)
        # what tickets do not use goes with the addon
        self.assertTrue(self.xmlid("mail_template_ticket_acknowledgement"))

    def test_unused_data_goes_with_the_addon(self):
        """R-54: a channel no ticket uses goes with the addon."""
        self.make_ticket(self.contact)
        uninstall_hook(self.env)
        self.assertTrue(self.xmlid("helpdesk_ticket_channel_messenger"))

    def test_demo_special_request_goes_with_the_addon(self):
        """The demo's special request (DS 3.6) is a ticket of the addon's
        XML ids whose coupon ledger row would keep it, its coupon, the user
        who redeemed it and the customer from going with the addon's data
        (the ledger's table goes with the addon): the hook drops that row,
        and keeps the ledger of tickets that stay."""
        coupon = self.env["helpdesk.support.coupon"].create(
            {
                "partner_id": self.contact.parent_id.id,
                "company_id": self.company.id,
                "purchase_date": "2026-05-01",
                "licence_ref": "DS-UNINSTALL",
            }
        )
        demo, kept = (self.make_ticket(self.contact) for _i in range(2))
        self.env["ir.model.data"]._update_xmlids(
            [{"xml_id": f"{ADDON}.ticket_uninstall_demo", "record": demo}]
        )
        Redemption = self.env["helpdesk.support.coupon.redemption"].sudo()
        rows = Redemption.create(
            [
                {"coupon_id": coupon.id, "ticket_id": ticket.id, "user_id": self.uid}
                for ticket in (demo, kept)
            ]
        )
        uninstall_hook(self.env)
        Redemption.invalidate_model()
        self.assertEqual(Redemption.search([("id", "in", rows.ids)]).ticket_id, kept)

    def test_demo_bot_guests_go_with_the_addon(self):
        """R-54: The demo's Telegram bot (a gateway of the addon's XML ids) goes with
        the addon's data: the Telegram authors it met go with it; the guests of
        another bot stay."""
        demo_bot, other_bot = self.env["mail.gateway"].create(
            [
                {"name": name, "gateway_type": "telegram", "token": f"1:{name}"}
                for name in ("demo-bot", "live-bot")
            ]
        )
        self.env["ir.model.data"]._update_xmlids(
            [{"xml_id": f"{ADDON}.mail_gateway_uninstall_demo", "record": demo_bot}]
        )
        demo_guest, live_guest = self.env["mail.guest"].create(
            [
                {"name": "Demo author", "gateway_id": demo_bot.id},
                {"name": "Live author", "gateway_id": other_bot.id},
            ]
        )
        uninstall_hook(self.env)
        self.assertFalse(demo_guest.exists())
        self.assertTrue(live_guest.exists())

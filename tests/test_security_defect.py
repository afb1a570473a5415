# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Known defects attacked through JSON-RPC and the portal (MQ 1.4).

MQ 1.4: «Решением ошибки может быть: … Уведомление о выходе версии с
исправлением или аналогичным функционалом». Staff only create and link
defects; a customer sees, on its own ticket's page, the defect's public
title, status and target version — never its internal notes nor another
customer's ticket (R-32, MQ 1.3 «Обращения, зафиксированные на портале
поддержки доступны создателю и членам его команды»). Nothing here depends
on today's date: the contracts run from 2020 to 2099.
"""

from odoo import Command
from odoo.tests import tagged

from .common import SecurityHttpCase, call_kw_result

SECRET = "Null pointer in correlator.py line 42"
NOTES = "Reproduced on the customer's database dump"


@tagged("post_install", "-at_install")
class TestDefectAttacks(SecurityHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls.env["helpdesk.support.product"].create(
            {"name": "Dfx Platform", "code": "dfx_platform"}
        )
        cls.v1, cls.v2 = cls.env["helpdesk.support.product.version"].create(
            [
                {"product_id": cls.product.id, "name": "8.0"},
                {"product_id": cls.product.id, "name": "8.1"},
            ]
        )
        _org, (cls.owner,), _contract = cls.make_organisation(
            "Dfx Owner LLC", ["dfx_owner"], portal=["dfx_owner"]
        )
        _org, (cls.other,), _contract = cls.make_organisation(
            "Dfx Other LLC", ["dfx_other"], portal=["dfx_other"]
        )
        cls.staff = cls.make_user("dfx_staff")
        cls.defect = cls.env["helpdesk.support.defect"].create(
            {
                "name": SECRET,
                "public_title": "Events are not correlated",
                "description": f"<p>{NOTES}</p>",
                "product_id": cls.product.id,
                "affected_version_ids": [Command.set(cls.v1.ids)],
                "target_version_id": cls.v2.id,
                "status": "fixed",
            }
        )
        cls.ticket, cls.other_ticket = cls.env["helpdesk.ticket"].create(
            [
                {
                    "name": "Dfx owner's ticket",
                    "description": "<p>x</p>",
                    "partner_id": cls.owner.id,
                    "support_defect_id": cls.defect.id,
                },
                {
                    "name": "Dfx other's ticket",
                    "description": "<p>x</p>",
                    "partner_id": cls.other.id,
                    "support_defect_id": cls.defect.id,
                },
            ]
        )

    def assertRefused(self, login, model, method, *args, **kwargs):
        self.authenticate(login, login)
        result, error = call_kw_result(self, model, method, *args, **kwargs)
        self.assertIsNone(result, f"{login} {model}.{method} went through")
        self.assertIn(error["name"], ("odoo.exceptions.AccessError",), error)
        return error

    def test_portal_user_reaches_no_defect(self):
        """MQ 1.2 «Критичные дефекты исправляются Производителем в течение
        10 рабочих дней с момента подтверждения наличия дефекта СТП»: the
        defect is the vendor's record, confirmed by its support staff; a
        customer reads none of it over JSON-RPC, creates none, links none,
        publishes nothing."""
        Defect = "helpdesk.support.defect"
        self.assertRefused("dfx_owner", Defect, "read", self.defect.ids, ["name"])
        self.assertRefused(
            "dfx_owner",
            Defect,
            "create",
            [{"name": "x", "public_title": "x", "product_id": self.product.id}],
        )
        self.assertRefused(
            "dfx_owner", Defect, "write", self.defect.ids, {"status": "released"}
        )
        self.assertRefused(
            "dfx_owner",
            "helpdesk.support.product.version",
            "action_support_publish_release",
            self.v2.ids,
        )
        # nor through its own ticket: the link is a staff field
        self.assertRefused(
            "dfx_owner",
            "helpdesk.ticket",
            "read",
            self.ticket.ids,
            ["support_defect_id"],
        )
        self.assertEqual(self.defect.status, "fixed")
        self.assertFalse(self.defect.notice)

    def test_support_user_links_but_does_not_edit(self):
        """MQ 1.4 «Подтвержденные ошибки не учитываются для ограничения
        одновременно открытых обращений»; MQ 1.2 «с момента подтверждения
        наличия дефекта СТП» (R-24): support users confirm and link tickets;
        creating a defect, changing its status and publishing a release are
        the managers'."""
        Defect = "helpdesk.support.defect"
        error = self.assertRefused(
            "dfx_staff",
            Defect,
            "create",
            [{"name": "x", "public_title": "x", "product_id": self.product.id}],
        )
        self.assertRegex(error["message"], "support manager|helpdesk.support.defect")
        self.assertRefused(
            "dfx_staff", Defect, "write", self.defect.ids, {"status": "released"}
        )
        self.assertRefused(
            "dfx_staff",
            "helpdesk.support.product.version",
            "action_support_publish_release",
            self.v2.ids,
        )
        self.assertRefused(
            "dfx_staff",
            "helpdesk.support.product.version",
            "action_support_withdraw_support",
            self.v1.ids,
        )
        self.assertEqual(self.defect.status, "fixed")
        self.assertTrue(self.v1.is_supported)
        self.assertFalse(self.defect.notice)
        # linking is theirs, and confirms the ticket's bug (MQ 1.4)
        ticket = self.env["helpdesk.ticket"].create(
            {"name": "Dfx third", "description": "x", "partner_id": self.owner.id}
        )
        self.authenticate("dfx_staff", "dfx_staff")
        _result, error = call_kw_result(
            self,
            Defect,
            "write",
            self.defect.ids,
            {"ticket_ids": [Command.link(ticket.id)]},
        )
        self.assertIsNone(error)
        self.assertEqual(ticket.support_defect_id, self.defect)
        self.assertTrue(ticket.support_defect_confirmed_date)

    def test_portal_page_shows_only_the_public_fields(self):
        """MQ 1.4 «Уведомление о выходе версии с исправлением»; MQ 1.6
        «Направленные через портал поддержки обращения пользователей доступны
        только для них самих и пользователей, состоящих с ними в одной
        команде» (R-32): the customer's ticket page shows the defect's public
        title, status and target version, never its internal title or notes
        nor another customer's ticket linked to it."""
        self.authenticate("dfx_owner", "dfx_owner")
        page = self.url_open(f"/my/ticket/{self.ticket.id}").text
        self.assertIn("Events are not correlated", page)
        self.assertIn("Fixed in a version", page)
        self.assertIn("8.1", page)
        self.assertNotIn(SECRET, page)
        self.assertNotIn(NOTES, page)
        self.assertNotIn(self.other_ticket.number, page)
        self.assertNotIn("Dfx other", page)
        # the other customer's ticket stays closed to it
        response = self.url_open(
            f"/my/ticket/{self.other_ticket.id}", allow_redirects=False
        )
        self.assertNotIn("Dfx other's ticket", response.text)

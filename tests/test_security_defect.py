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

from .common import SUPPORT_MANAGER_GROUPS, SecurityHttpCase, call_kw_result

SECRET = "Null pointer in correlator.py line 42"
NOTES = "Reproduced on the customer's database dump"


@tagged("post_install", "-at_install")
class TestDefectAttacks(SecurityHttpCase):
    def defect_of(self, company, version, letter):
        """A defect of ``company`` affecting and targeting ``version``."""
        return self.env["helpdesk.support.defect"].create(
            {
                "name": f"{letter} internal",
                "public_title": f"{letter} public",
                "product_id": version.product_id.id,
                "company_id": company.id,
                "affected_version_ids": [Command.set(version.ids)],
                "target_version_id": version.id,
            }
        )

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

    def assertNothingLeaks(self, login, model, method, *args, **kwargs):
        """The call is refused, or answers without the defect's internals."""
        self.authenticate(login, login)
        result, error = call_kw_result(self, model, method, *args, **kwargs)
        if error is not None:
            self.assertIn(
                error["name"],
                ("odoo.exceptions.AccessError", "odoo.exceptions.UserError"),
                error,
            )
            return None
        text = str(result)
        self.assertNotIn(SECRET, text, f"{login} {model}.{method} leaks")
        self.assertNotIn(NOTES, text, f"{login} {model}.{method} leaks")
        return result

    def test_portal_user_reaches_no_defect_through_the_ticket(self):
        """MQ 1.4: the defect's internal title and notes are the vendor's;
        R-32: a ticket is visible to its creator and the creator's team
        only. Neither the ticket's customer nor another customer reaches
        them through the ticket's link over JSON-RPC: web_read of the
        link, read_group by it, export, name_search, nor a search whose
        domain walks the link (an oracle on the internal title or on the
        other customer's tickets)."""
        Ticket = "helpdesk.ticket"
        for login in ("dfx_owner", "dfx_other"):
            self.assertNothingLeaks(
                login,
                Ticket,
                "web_read",
                self.ticket.ids,
                specification={
                    "support_defect_id": {"fields": {"name": {}, "description": {}}}
                },
            )
            self.assertNothingLeaks(
                login,
                Ticket,
                "web_read_group",
                [],
                ["support_defect_id"],
                ["support_defect_id"],
            )
            self.assertNothingLeaks(
                login,
                Ticket,
                "export_data",
                self.ticket.ids,
                ["support_defect_id/name", "support_defect_id/description"],
            )
            self.assertNothingLeaks(
                login, "helpdesk.support.defect", "name_search", "Null"
            )
            self.assertNothingLeaks(
                login,
                "helpdesk.support.defect",
                "web_search_read",
                [],
                specification={"name": {}},
            )
            # a domain on the link is an oracle: a count that answers
            # differently for the internal title must be refused
            self.authenticate(login, login)
            for domain in (
                [("support_defect_id.name", "ilike", "correlator")],
                [("support_defect_id.description", "ilike", "dump")],
                [("support_defect_id.ticket_ids.partner_id", "=", self.other.id)],
            ):
                result, error = call_kw_result(self, Ticket, "search_count", domain)
                self.assertTrue(
                    error is not None or result == 0,
                    f"{login} counts {result} tickets by {domain}",
                )

    def test_portal_pages_with_hostile_ids(self):
        """R-32, MQ 1.4: another customer's ticket id on the ticket page or
        in the list's query shows neither that ticket nor its defect."""
        self.authenticate("dfx_other", "dfx_other")
        for url in (
            f"/my/ticket/{self.ticket.id}",
            f"/my/ticket/{self.ticket.id}?access_token=x",
            f"/my/tickets?search={self.ticket.number}&search_in=all",
            "/my/tickets?search=correlat&search_in=all",
            f"/my/tickets?filterby={self.ticket.id}",
        ):
            response = self.url_open(url, allow_redirects=False)
            self.assertNotIn("Dfx owner's ticket", response.text, url)
            self.assertNotIn(SECRET, response.text, url)
            self.assertNotIn("Events are not correlated", response.text, url)

    def test_support_user_of_one_company_links_nothing_elsewhere(self):
        """MQ 1.4: a defect gathers its own vendor's tickets; a support user
        of company A links no ticket of company B (whose user they are
        not), deletes no ticket through the defect's link list and reads
        no defect of company B."""
        other_company = self.env["res.company"].create({"name": "Dfx Vendor B"})
        team_b = self.env["helpdesk.ticket.team"].create(
            {"name": "Dfx B", "company_id": other_company.id}
        )
        ticket_b = self.env["helpdesk.ticket"].create(
            {
                "name": "Dfx B ticket",
                "description": "x",
                "partner_id": self.owner.id,
                "team_id": team_b.id,
                "company_id": other_company.id,
            }
        )
        product_b = self.env["helpdesk.support.product"].create(
            {"name": "Dfx B product", "company_id": other_company.id}
        )
        defect_b = self.env["helpdesk.support.defect"].create(
            {
                "name": "B internal",
                "public_title": "B public",
                "product_id": product_b.id,
                "company_id": other_company.id,
            }
        )
        Defect = "helpdesk.support.defect"
        self.authenticate("dfx_staff", "dfx_staff")
        _result, error = call_kw_result(
            self,
            Defect,
            "write",
            self.defect.ids,
            {"ticket_ids": [Command.link(ticket_b.id)]},
        )
        self.assertIsNotNone(error)
        self.assertFalse(ticket_b.support_defect_id)
        self.assertFalse(ticket_b.support_defect_confirmed_date)
        _result, error = call_kw_result(
            self,
            "helpdesk.ticket",
            "write",
            self.ticket.ids,
            {"support_defect_id": defect_b.id},
        )
        self.assertIsNotNone(error)
        self.assertEqual(self.ticket.support_defect_id, self.defect)
        self.assertRefused("dfx_staff", Defect, "read", defect_b.ids, ["name"])
        # no ticket is deleted through the defect's list of tickets
        self.authenticate("dfx_staff", "dfx_staff")
        call_kw_result(
            self,
            Defect,
            "write",
            self.defect.ids,
            {"ticket_ids": [Command.delete(self.other_ticket.id)]},
        )
        self.assertTrue(self.other_ticket.exists())
        # nor is the defect with its tickets deleted by a support user
        self.assertRefused("dfx_staff", Defect, "unlink", self.defect.ids)
        self.assertTrue(self.defect.exists())

    def test_manager_of_one_company_publishes_nothing_elsewhere(self):
        """MQ 1.4 «Уведомление о выходе версии с исправлением …; Прекращение
        поддержки версий ПО»: a support manager of company A neither reads
        nor changes company B's defect, nor publishes a release or
        withdraws a version of company B's product."""
        other_company = self.env["res.company"].create({"name": "Dfx Vendor C"})
        product_b = self.env["helpdesk.support.product"].create(
            {"name": "Dfx C product", "company_id": other_company.id}
        )
        version_b = self.env["helpdesk.support.product.version"].create(
            {"name": "9.9", "product_id": product_b.id}
        )
        defect_b = self.defect_of(other_company, version_b, "C")
        self.make_user("dfx_manager", groups=SUPPORT_MANAGER_GROUPS)
        Defect = "helpdesk.support.defect"
        Version = "helpdesk.support.product.version"
        self.assertRefused("dfx_manager", Defect, "read", defect_b.ids, ["name"])
        self.assertRefused(
            "dfx_manager", Defect, "write", defect_b.ids, {"status": "released"}
        )
        self.assertRefused(
            "dfx_manager", Version, "action_support_publish_release", version_b.ids
        )
        self.assertRefused(
            "dfx_manager", Version, "action_support_withdraw_support", version_b.ids
        )
        self.assertRefused("dfx_manager", Defect, "unlink", defect_b.ids)
        self.assertFalse(defect_b.notice)
        self.assertTrue(version_b.is_supported)
        self.assertEqual(defect_b.status, "confirmed")

    def test_shared_version_withdrawn_tells_only_own_company(self):
        """MQ 1.4 «Прекращение поддержки версий ПО с указанным в ошибке
        функционалом»: a version shared by every company (a product of no
        company) withdrawn by company A's manager marks company A's
        defects only; company B's customers are told by B's staff."""
        shared_product = self.env["helpdesk.support.product"].create(
            {"name": "Dfx shared", "company_id": False}
        )
        shared = self.env["helpdesk.support.product.version"].create(
            {"name": "7.0", "product_id": shared_product.id}
        )
        other_company = self.env["res.company"].create({"name": "Dfx Vendor D"})
        defect_b = self.defect_of(other_company, shared, "D")
        self.make_user("dfx_manager_d", groups=SUPPORT_MANAGER_GROUPS)
        self.authenticate("dfx_manager_d", "dfx_manager_d")
        for method in (
            "action_support_withdraw_support",
            "action_support_publish_release",
        ):
            call_kw_result(self, "helpdesk.support.product.version", method, shared.ids)
            self.assertFalse(
                defect_b.notice,
                f"{method} of company A's manager marked company B's defect",
            )

    def test_manager_cannot_backdate_the_confirmation(self):
        """MQ 1.4 «Срок исправления критических ошибок составляет не более 10
        рабочих дней с момента подтверждения» (R-24): the confirmation and
        criticality dates are the system's; even a support manager sets
        none of them over JSON-RPC, on create nor on write (a later date
        would postpone the fix deadline), nor the notice the job sends."""
        self.make_user("dfx_manager_e", groups=SUPPORT_MANAGER_GROUPS)
        Defect = "helpdesk.support.defect"
        base = {
            "name": "x",
            "public_title": "x",
            "product_id": self.product.id,
            "critical": True,
        }
        for field, value in (
            ("confirmed_date", "2099-01-01 00:00:00"),
            ("critical_date", "2099-01-01 00:00:00"),
            ("notice", "release"),
        ):
            self.assertRefused(
                "dfx_manager_e", Defect, "create", [{**base, field: value}]
            )
            self.assertRefused(
                "dfx_manager_e", Defect, "write", self.defect.ids, {field: value}
            )
        self.assertFalse(self.defect.notice)

# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""R-32 (MQ 1.6) and R-64 (DS 6): helpdesk_mgmt's ``/ticket/close``, attacked
through its URL.

Closing a ticket marks its SLA timers met, releases limit slots and sends
rating and credential mails: only a customer who may see the ticket on the
portal (R-32) closes it, by a POST with CSRF, to a closing stage offered on
the portal.
"""

import re

from odoo import Command, http
from odoo.tests import tagged

from .common import SecurityHttpCase


@tagged("post_install", "-at_install")
class TestSecurityClose(SecurityHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.make_kcp_team_organisation(
            "Close Premium LLC", "cls", email_domain="c.test"
        )
        stranger = cls.env["res.partner"].create(
            {"name": "cls_stranger", "email": "cls_stranger@s.test"}
        )
        cls.make_portal_user(stranger)
        cls.make_user("cls_staff")
        cls.stage_new = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new")
        cls.stage_done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        cls.stage_cancelled = cls.env.ref(
            "helpdesk_mgmt.helpdesk_ticket_stage_cancelled"
        )
        cls.ticket = cls.env["helpdesk.ticket"].create(
            {
                "name": "Close attack",
                "description": "<p>x</p>",
                "partner_id": cls.owner.id,
                "stage_id": cls.stage_new.id,
            }
        )

    def snapshot(self):
        self.env.flush_all()
        self.env.cr.precommit.run()  # the tracking messages of the test's writes
        self.env.invalidate_all()
        return (
            self.ticket.stage_id,
            self.ticket.closed_date,
            self.ticket.message_ids.ids,
        )

    def close(self, login, stage=None, csrf=True):
        """POST /ticket/close as ``login``, as the portal form does."""
        self.authenticate(login, login)
        data = {
            "ticket_id": self.ticket.id,
            "stage_id": (stage or self.stage_done).id,
        }
        if csrf:
            data["csrf_token"] = http.Request.csrf_token(self)
        return self.url_open("/ticket/close", data=data, allow_redirects=False)

    def assertRefused(self, login, stage=None, csrf=True):
        before = self.snapshot()
        self.close(login, stage=stage, csrf=csrf)
        self.assertEqual(self.snapshot(), before, "nothing changed")
        self.assertEqual(self.ticket.stage_id, self.stage_new)

    def test_stranger_cannot_close_a_foreign_ticket(self):
        """R-32 (MQ 1.6) and R-64 (DS 6), closing from the portal is the
        ticket's customer's: a portal user of another organisation posts the
        close form with a foreign ticket id: the ticket stays open."""
        self.assertRefused("cls_stranger")

    def test_contact_outside_the_creators_team_cannot_close(self):
        """R-32 (MQ 1.6): «Направленные через портал поддержки обращения
        пользователей доступны только для них самих и пользователей, состоящих
        с ними в одной команде.» A colleague of the other team cannot close
        the ticket."""
        self.assertRefused("cls_outsider")

    def test_get_from_a_logged_in_staff_member_changes_nothing(self):
        """R-32 (MQ 1.6) and R-64 (DS 6), closing from the portal is the
        ticket's customer's: a link or an image in a mail makes a staff
        member's browser GET /ticket/close: nothing changes."""
        before = self.snapshot()
        self.authenticate("cls_staff", "cls_staff")
        response = self.url_open(
            f"/ticket/close?ticket_id={self.ticket.id}&stage_id={self.stage_done.id}",
            allow_redirects=False,
        )
        self.assertNotEqual(response.status_code, 200)
        self.assertEqual(self.snapshot(), before, "nothing changed")

    def test_get_from_the_owner_changes_nothing(self):
        """R-32 (MQ 1.6) and R-64 (DS 6), closing from the portal is the
        ticket's customer's: even the customer's own browser cannot be made to
        close the ticket by a GET (a link in a mail, an image)."""
        before = self.snapshot()
        self.authenticate("cls_owner", "cls_owner")
        self.url_open(
            f"/ticket/close?ticket_id={self.ticket.id}&stage_id={self.stage_done.id}",
            allow_redirects=False,
        )
        self.assertEqual(self.snapshot(), before, "nothing changed")

    def test_post_without_csrf_token_changes_nothing(self):
        """R-32 (MQ 1.6) and R-64 (DS 6), closing from the portal is the
        ticket's customer's: a form of another site posted from the owner's
        browser carries no CSRF token: refused."""
        self.assertRefused("cls_owner", csrf=False)

    def test_stage_not_offered_on_the_portal_is_refused(self):
        """R-32 (MQ 1.6) and R-64 (DS 6), closing from the portal is the
        ticket's customer's: only a closing stage the customer may use
        (close_from_portal); "Rejected" is the team's decision, not the
        customer's."""
        rejected = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_rejected")
        self.assertFalse(rejected.close_from_portal)
        self.assertRefused("cls_owner", stage=rejected)

    def test_open_stage_flagged_for_the_portal_is_refused(self):
        """R-32 (MQ 1.6) and R-64 (DS 6), closing from the portal is the
        ticket's customer's: a stage flagged close_from_portal that does not
        close the ticket (or belongs to another team) is not a way to move
        it."""
        other_team = self.env["helpdesk.ticket.team"].create({"name": "Other team"})
        stages = self.env["helpdesk.ticket.stage"].create(
            [
                {"name": "Open but flagged", "closed": False},
                {"name": "Closed elsewhere", "closed": True},
            ]
        )
        stages.write({"close_from_portal": True})
        stages[1].team_ids = [Command.set(other_team.ids)]
        for stage in stages:
            self.assertRefused("cls_owner", stage=stage)

    def test_closed_ticket_cannot_be_moved_again(self):
        """R-32 (MQ 1.6) and R-64 (DS 6), closing from the portal is the
        ticket's customer's: a closed ticket is not moved to another closing
        stage."""
        self.ticket.stage_id = self.stage_done
        before = self.snapshot()
        self.close("cls_owner", stage=self.stage_cancelled)
        self.assertEqual(self.snapshot(), before)

    def test_hostile_ids_change_nothing(self):
        """R-32 (MQ 1.6 «Направленные через портал поддержки обращения
        пользователей доступны только для них самих и пользователей,
        состоящих с ними в одной команде») and R-64 (DS 6): the owner's own
        close form with the ids written as no controller writes them - a
        sign, an exponent, a number beyond PostgreSQL's integer, ``nan``,
        ``inf``, markup, nothing - names no ticket and no stage: nothing
        changes and the server answers without an error."""
        ticket, stage = self.ticket.id, self.stage_done.id
        hostile = (
            "",
            "nan",
            "inf",
            "-1",
            f"+{ticket}",
            f"{ticket}e0",
            "1e3",
            "9" * 30,
            f"{ticket}.0",
            f"<b>{ticket}</b>",
            f"0x{ticket:x}",
        )
        self.authenticate("cls_owner", "cls_owner")
        for field in ("ticket_id", "stage_id"):
            for value in hostile:
                with self.subTest(field=field, value=value):
                    before = self.snapshot()
                    data = {
                        "ticket_id": ticket,
                        "stage_id": stage,
                        field: value,
                        "csrf_token": http.Request.csrf_token(self),
                    }
                    response = self.url_open(
                        "/ticket/close", data=data, allow_redirects=False
                    )
                    self.assertLess(response.status_code, 500)
                    self.assertEqual(self.snapshot(), before, "nothing changed")

    def test_owner_closes_with_the_page_form(self):
        """R-32 (MQ 1.6) and R-64 (DS 6), closing from the portal is the
        ticket's customer's: the owner's close button is a POST form with a
        CSRF token, and it closes the ticket."""
        self.authenticate("cls_owner", "cls_owner")
        page = self.url_open(f"/my/ticket/{self.ticket.id}").text
        forms = re.findall(r'(?s)<form[^>]*action="/ticket/close".*?</form>', page)
        self.assertTrue(forms)
        for form in forms:
            self.assertRegex(form, r'method="(?i:post)"')
            self.assertIn('name="csrf_token"', form)
        response = self.close("cls_owner")
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.ticket.stage_id, self.stage_done)
        # a colleague of the same team may close too
        self.ticket.stage_id = self.stage_new
        self.close("cls_mate", stage=self.stage_cancelled)
        self.assertEqual(self.ticket.stage_id, self.stage_cancelled)

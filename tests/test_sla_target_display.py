# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A round-the-clock target says so (MQ Appendix 1, MQ 1.2; DS 2.1, 3.6).

MQ Appendix 1 «Уровни технической поддержки»: «График оказания услуг ...
Премиальная 24x7, Премиальная+ 24x7»; «Гарантированное время ответа ...
Премиальная 2 часа, Премиальная+ 1 час». MQ 1.2: «График 24x7 –
круглосуточная поддержка, в том числе в праздничные и выходные дни». Every
hour counts in such a schedule: the target reads "1 hour (24/7)" («1 час
(круглосуточно)»), not "1 working hour"; 8x5 targets stay working hours.

Both presets (DS and MQ) are loaded in one company, as the demo ships.
"""

import json

from odoo import Command
from odoo.tests import new_test_user, tagged

from .common import SupportHttpCase, SupportTicketCase

ADDON = "helpdesk_mgmt_support_contract"


def install_russian(env):
    env["res.lang"]._activate_lang("ru_RU")
    env["ir.module.module"]._load_module_terms([ADDON], ["ru_RU"])


@tagged("post_install", "-at_install")
class TestRoundTheClockTarget(SupportTicketCase):
    def test_tiers_and_levels(self):
        """MQ Appendix 1: Premium+ «1 час» and Premium «2 часа» in 24x7 are
        plain hours; Basic+ «4 часа» and Basic «1 рабочий день» in 8x5 are
        working time. DS 2.1 «Время реакции на обращения включает в себя
        только рабочее время (за исключением ... «спецобращениям» ...)», DS
        3.6 «время реакции на обращение не превышает 1 час»."""
        expected = {
            self.tier("mq_premium_plus"): ("1 hour (24/7)", "1 час (круглосуточно)"),
            self.tier("mq_premium"): ("2 hours (24/7)", "2 ч (круглосуточно)"),
            self.tier("mq_basic_plus"): ("4 working hours", "4 раб. ч"),
            self.tier("mq_basic"): ("1 working day", "1 рабочий день"),
            self.level("ds_special_request"): (
                "1 hour (24/7)",
                "1 час (круглосуточно)",
            ),
            self.level("ds_licensee_vip"): ("2 working hours", "2 раб. ч"),
        }
        install_russian(self.env)
        for record, (english, russian) in expected.items():
            with self.subTest(record=record.code):
                self.assertEqual(
                    record.with_context(lang="en_US").response_target_display,
                    english,
                )
                self.assertEqual(
                    record.with_context(lang="ru_RU").response_target_display,
                    russian,
                )

    def test_ticket_and_its_timer(self):
        """MQ Appendix 1: a Premium+ ticket shows «1 час» round the clock, on
        the ticket and on its response timer; a Basic+ one 4 working hours."""
        premium_plus = self.make_ticket(self.make_customer("mq_premium_plus"))
        basic_plus = self.make_ticket(self.make_customer("mq_basic_plus"))
        install_russian(self.env)
        tickets = (premium_plus | basic_plus).with_context(lang="ru_RU")
        self.assertEqual(
            tickets.mapped("support_sla_target_display"),
            ["1 час (круглосуточно)", "4 раб. ч"],
        )
        tickets = tickets.with_context(lang="en_US")
        self.assertEqual(
            tickets.mapped("support_sla_target_display"),
            ["1 hour (24/7)", "4 working hours"],
        )
        self.assertEqual(
            self.response_timer(premium_plus).target_display, "1 hour (24/7)"
        )
        self.assertEqual(
            self.response_timer(basic_plus).target_display, "4 working hours"
        )

    def test_the_schedule_decides_not_its_name(self):
        """MQ 1.2 «График 24x7 – круглосуточная поддержка, в том числе в
        праздничные и выходные дни»: a schedule is round the clock when every
        day is worked from 00:00 to 24:00 and no production calendar takes
        holidays off. Hostile schedules a manager may enter: a day cut in two
        spans (still 24/7), a half-hour gap, a Sunday off, a day ending a
        minute early, a production calendar on a 24x7 schedule (overlapping
        lines Odoo refuses itself)."""
        tier = self.tier("mq_premium_plus")
        calendar = tier.resource_calendar_id.copy({"name": "Edited 24x7"})
        tier.resource_calendar_id = calendar
        self.assertEqual(tier.response_target_display, "1 hour (24/7)")

        def lines(spans):
            return [Command.clear()] + [
                Command.create(
                    {
                        "name": f"{day} {start}-{end}",
                        "dayofweek": str(day),
                        "hour_from": start,
                        "hour_to": end,
                    }
                )
                for day in range(7)
                for start, end in spans(day)
            ]

        cases = [
            (lambda day: [(12, 24), (0, 12)], "1 hour (24/7)"),
            (lambda day: [(0, 12), (12.5, 24)], "1 working hour"),
            (lambda day: [] if day == 6 else [(0, 24)], "1 working hour"),
            (lambda day: [(0, 23.99)], "1 working hour"),
        ]
        for spans, shown in cases:
            with self.subTest(shown=shown):
                calendar.attendance_ids = lines(spans)
                tier.invalidate_recordset(["response_target_display"])
                self.assertEqual(tier.response_target_display, shown)
        calendar.attendance_ids = lines(lambda day: [(0, 24)])
        # the Russian production calendar of the 8x5 schedule
        production = self.tier("mq_basic").resource_calendar_id.production_calendar_id
        self.assertTrue(production)
        calendar.production_calendar_id = production
        tier.invalidate_recordset(["response_target_display"])
        self.assertEqual(tier.response_target_display, "1 working hour")


@tagged("post_install", "-at_install")
class TestRoundTheClockTargetScreens(SupportHttpCase):
    """MQ Appendix 1 «Премиальная+ ... 24x7 ... 1 час»: the customer reads
    the target on the portal ticket page, staff on the tier over JSON-RPC,
    both as "1 hour (24/7)" (Russian «1 час (круглосуточно)»)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        install_russian(cls.env)
        cls.tier = cls.env["helpdesk.support.tier"].search(
            [("code", "=", "mq_premium_plus"), ("company_id", "=", cls.company.id)]
        )
        org = cls.env["res.partner"].create({"name": "Clock LLC", "is_company": True})
        contact = cls.env["res.partner"].create(
            {"name": "clock_kcp", "parent_id": org.id, "email": "clock@t.test"}
        )
        contract = cls.env["helpdesk.support.contract"].create(
            {
                "partner_id": org.id,
                "tier_id": cls.tier.id,
                "date_start": "2020-01-01",
                "date_end": "2099-12-31",
                "contact_ids": [Command.set(contact.ids)],
            }
        )
        contract.action_activate()
        company_ids = [Command.set(cls.company.ids)]
        new_test_user(
            cls.env,
            login="clock_kcp",
            password="clock_kcp_pw1",
            groups="base.group_portal",
            partner_id=contact.id,
            company_ids=company_ids,
        )
        new_test_user(
            cls.env,
            login="clock_staff",
            password="clock_staff_pw1",
            groups="helpdesk_mgmt_support_contract.group_support_user",
            company_ids=company_ids,
        )
        cls.ticket = cls.env["helpdesk.ticket"].create(
            {"name": "Clock", "description": "x", "partner_id": contact.id}
        )

    def test_portal_page(self):
        """R-20 (MQ Appendix 1): the customer reads «1 час (круглосуточно)» / 1 hour
        (24/7) on the portal ticket page."""
        self.authenticate("clock_kcp", "clock_kcp_pw1")
        page = self.url_open(f"/my/ticket/{self.ticket.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("<span>1 hour (24/7)</span>", page.text)
        self.assertNotIn("working hour", page.text)

    def test_staff_over_json_rpc(self):
        """R-10 (MQ Appendix 1): staff read the tier's target as 1 hour (24/7) over
        JSON-RPC, in English and Russian."""
        self.authenticate("clock_staff", "clock_staff_pw1")
        expected = (("en_US", "1 hour (24/7)"), ("ru_RU", "1 час (круглосуточно)"))
        for lang, shown in expected:
            response = self.url_open(
                "/web/dataset/call_kw",
                data=json.dumps(
                    {
                        "jsonrpc": "2.0",
                        "method": "call",
                        "id": 1,
                        "params": {
                            "model": "helpdesk.support.tier",
                            "method": "read",
                            "args": [self.tier.ids, ["response_target_display"]],
                            "kwargs": {"context": {"lang": lang}},
                        },
                    }
                ),
                headers={"Content-Type": "application/json"},
            ).json()
            self.assertEqual(
                response["result"][0]["response_target_display"], shown, response
            )

# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import MQ_CATEGORY_CODES, SupportContractCase

MODELS = (
    "resource.calendar",
    "helpdesk.support.sender.category",
    "helpdesk.ticket.category",
    "helpdesk.support.tier",
    "helpdesk.support.sla.level",
)


@tagged("post_install", "-at_install")
class TestPreset(SupportContractCase):
    def _counts(self):
        return {
            model: self.env[model]
            .with_context(active_test=False)
            .search_count([("company_id", "=", self.company.id)])
            for model in MODELS
        }

    def _target(self, record):
        return (record.response_time, record.response_time_unit)

    def test_ds_levels_figures(self):
        """DS 2.1 and 3.1-3.9: 3/5/4/6/2/1/24/40 hours and 24 working days."""
        expected = {
            "ds_partner_operational": (3, "hours"),
            "ds_partner_standard": (5, "hours"),
            "ds_licensee_operational": (4, "hours"),
            "ds_licensee_standard": (6, "hours"),
            "ds_licensee_vip": (2, "hours"),
            "ds_special_request": (1, "hours"),
            "ds_non_commercial": (24, "hours"),
            "ds_consultation": (40, "hours"),
            "ds_development": (24, "days"),
        }
        for code, target in expected.items():
            with self.subTest(level=code):
                self.assertEqual(self._target(self.level(code)), target)
        self.assertEqual(self._target(self.tier("ds_commercial")), (40, "hours"))
        self.assertFalse(self.level("ds_special_request").auto_assign)
        self.assertFalse(self.level("ds_development").auto_assign)
        self.assertEqual(
            self.company.support_default_sla_level_id,
            self.level("ds_non_commercial"),
        )

    def test_ds_schedule(self):
        """DS 2.1: working days, 10:00-18:00 Moscow time."""
        calendar = self.tier("ds_commercial").resource_calendar_id
        self.assertEqual(calendar.tz, "Europe/Moscow")
        self.assertEqual(
            sorted(
                (int(a.dayofweek), a.hour_from, a.hour_to)
                for a in calendar.attendance_ids
            ),
            [(day, 10.0, 18.0) for day in range(5)],
        )
        self.assertEqual(calendar.company_id, self.company)

    def test_mq_tiers_figures(self):
        """MQ Appendix 1: response, schedule, limits, teams, channels, extras."""
        channel = self.env.ref
        portal = channel("helpdesk_mgmt.helpdesk_ticket_channel_web")
        email = channel("helpdesk_mgmt.helpdesk_ticket_channel_email")
        messenger = channel(
            "helpdesk_mgmt_support_contract.helpdesk_ticket_channel_messenger"
        )
        expected = {
            # code: (target, schedule, open, contacts, teams, channels, AM, meet)
            "mq_basic": ((1, "days"), "mq_8x5", 5, 3, False, portal | email, 0, 0),
            "mq_basic_plus": (
                (4, "hours"),
                "mq_8x5",
                10,
                5,
                False,
                portal | email,
                0,
                0,
            ),
            "mq_premium": (
                (2, "hours"),
                "mq_24x7",
                0,
                10,
                True,
                portal | email | messenger,
                1,
                0,
            ),
            "mq_premium_plus": (
                (1, "hours"),
                "mq_24x7",
                0,
                30,
                True,
                portal | email | messenger,
                1,
                1,
            ),
        }
        for code, values in expected.items():
            target, schedule, open_limit, contacts, teams, channels, am, meet = values
            tier = self.tier(code)
            with self.subTest(tier=code):
                self.assertEqual(self._target(tier), target)
                self.assertEqual(
                    tier.resource_calendar_id.support_preset_code, schedule
                )
                self.assertEqual(tier.open_ticket_limit, open_limit)
                self.assertEqual(tier.contact_limit, contacts)
                self.assertEqual(tier.multi_team_allowed, teams)
                self.assertEqual(tier.channel_ids, channels)
                self.assertEqual(tier.dedicated_account_manager, bool(am))
                self.assertEqual(tier.monthly_meetings, bool(meet))

    def test_mq_schedules(self):
        """MQ 1.2: 8x5 Mon-Fri 09:00-18:00 MSK; 24x7 every hour of every day."""
        eight = self.tier("mq_basic").resource_calendar_id
        full = self.tier("mq_premium").resource_calendar_id
        self.assertEqual(
            sorted(
                (int(a.dayofweek), a.hour_from, a.hour_to) for a in eight.attendance_ids
            ),
            [(day, 9.0, 18.0) for day in range(5)],
        )
        self.assertEqual(
            sorted(
                (int(a.dayofweek), a.hour_from, a.hour_to) for a in full.attendance_ids
            ),
            [(day, 0.0, 24.0) for day in range(7)],
        )
        self.assertEqual({eight.tz, full.tz}, {"Europe/Moscow"})

    def test_schedules_follow_russian_production_calendar(self):
        """DS and MQ 8x5 follow the company's RU calendar; 24x7 follows none."""
        ds = self.tier("ds_commercial").resource_calendar_id
        eight = self.tier("mq_basic").resource_calendar_id
        full = self.tier("mq_premium").resource_calendar_id
        production = ds.production_calendar_id
        self.assertEqual(production.country_code, "RU")
        self.assertEqual(production.company_id, self.company)
        self.assertEqual(eight.production_calendar_id, production)
        self.assertFalse(full.production_calendar_id)
        this_year = fields.Date.context_today(production).year
        self.assertIn(str(this_year), production.year_list.split(", "))

    def test_mq_categories(self):
        """MQ 1.4 categories exist with stable codes."""
        for code in MQ_CATEGORY_CODES:
            with self.subTest(category=code):
                self.assertEqual(len(self.category(code)), 1)

    def test_load_twice_changes_nothing(self):
        """R-10, R-11: loading a preset twice changes nothing, a manager's edit kept."""
        before = self._counts()
        tier = self.tier("mq_basic")
        tier.write({"response_time": 2.0, "open_ticket_limit": 7})
        for preset in ("ds", "mq"):
            created = self.wizard._load_preset(preset, self.company.id)
            self.assertEqual(created, 0)
        self.assertEqual(self._counts(), before)
        # the manager's edits survive a reload
        self.assertEqual(tier.response_time, 2.0)
        self.assertEqual(tier.open_ticket_limit, 7)

    def test_wizard_action_reports_what_it_did(self):
        """R-10 (MQ Appendix 1): the preset wizard loads MQ into another company and
        says what it did."""
        other = self.env["res.company"].create({"name": "Second Company"})
        wizard = self.wizard.create({"preset": "mq", "company_id": other.id})
        action = wizard.action_load()
        self.assertIn("created", action["params"]["message"])
        tiers = self.env["helpdesk.support.tier"].search(
            [("company_id", "=", other.id)]
        )
        self.assertEqual(
            sorted(tiers.mapped("code")),
            ["mq_basic", "mq_basic_plus", "mq_premium", "mq_premium_plus"],
        )
        # the second company gets schedules of its own
        self.assertEqual(tiers.resource_calendar_id.company_id, other)
        again = self.wizard.create({"preset": "mq", "company_id": other.id})
        self.assertIn("nothing", again.action_load()["params"]["message"])

    def test_russian_names(self):
        """R-10, R-11: the preset records carry Russian names, as DS and MQ word
        them."""
        self.env["res.lang"]._activate_lang("ru_RU")
        other = self.env["res.company"].create({"name": "Russian Company"})
        self.wizard._load_preset("mq", other.id)
        tier = self.env["helpdesk.support.tier"].search(
            [("company_id", "=", other.id), ("code", "=", "mq_premium")]
        )
        self.assertEqual(tier.with_context(lang="ru_RU").name, "Премиальная")
        self.assertEqual(tier.with_context(lang="en_US").name, "Premium")

    def test_unknown_preset(self):
        """R-10: an unknown preset is refused."""
        with self.assertRaises(UserError):
            self.wizard._load_preset("nope", self.company.id)

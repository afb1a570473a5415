# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, timedelta
from typing import NamedTuple

import holidays

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.context_switch import ON, server_switch
from ..tools.numbers import YEAR, check_field
from ..tools.server_language import company_lang, staff_env
from .helpdesk_support_system_fields_mixin import (
    SUPPORT_MANAGER,
    support_callable,
    writable,
)

OFF_KINDS = ("holiday", "day_off")


class SpecialDay(NamedTuple):
    """A special day as generated from ``holidays``: its kind and name."""

    kind: str
    name: str


class ResourceProductionCalendar(models.Model):
    """A country's production calendar, per company (R-01).

    Holds the special days of each year: non-working holidays, days off moved
    by decree, weekend days made working and shortened pre-holiday days.
    Generated from the ``holidays`` package; managers may edit any day.

    Shortened-day rule (Russian Labour Code art. 95), applied when
    ``shorten_pre_holiday`` is set: the working day immediately preceding a
    non-working public holiday is one hour shorter. The candidate is the
    weekday (Monday to Friday) right before the holiday, in the ordinary week.
    When a decree turns that candidate into a day off in exchange for a
    weekend day made working, the shortening moves with it to that working
    weekend day; when the day off comes from a holiday that fell on a weekend,
    the shortening is lost. Days off that are themselves moved (substituted or
    observed) never shorten the day before them. This reproduces the official
    calendars (e.g. 2024: 2 November shortened, 28 December full; 2025:
    1 November shortened, 30 December full; 2026: 30 April, 8 May, 11 June,
    3 November).
    """

    _name = "resource.production.calendar"
    _description = "Production Calendar"
    _order = "country_code, id"
    _inherit = ["helpdesk.support.system.fields.mixin"]
    # the production calendar is the managers' (DS 2.1, MQ glossary)
    _support_write_rights = {
        SUPPORT_MANAGER: writable(
            "name",
            "country_code",
            "company_id",
            "day_ids",
            "resource_calendar_ids",
            "shorten_pre_holiday",
        ),
    }

    name = fields.Char(required=True, translate=True)
    country_code = fields.Char(
        required=True,
        size=3,
        help="ISO 3166 code of a country the holidays package supports, e.g. RU.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    shorten_pre_holiday = fields.Boolean(
        string="Shorten pre-holiday days",
        compute="_compute_shorten_pre_holiday",
        store=True,
        readonly=False,
        help="The working day before a non-working holiday is one hour shorter "
        "(Russian Labour Code art. 95).",
    )
    day_ids = fields.One2many(
        "resource.production.calendar.day", "production_calendar_id", string="Days"
    )
    resource_calendar_ids = fields.One2many(
        "resource.calendar", "production_calendar_id", string="Working times"
    )
    year_list = fields.Char(string="Years", compute="_compute_year_list")

    _sql_constraints = [
        (
            "country_company_uniq",
            "unique(country_code, company_id)",
            "A company has one production calendar per country.",
        )
    ]

    @api.depends("country_code")
    def _compute_shorten_pre_holiday(self):
        for calendar in self:
            calendar.shorten_pre_holiday = (calendar.country_code or "").upper() == "RU"

    @api.depends("day_ids.year")
    def _compute_year_list(self):
        groups = self.env["resource.production.calendar.day"]._read_group(
            [("production_calendar_id", "in", self.ids)],
            ["production_calendar_id", "year"],
        )
        years = {}
        for calendar, year in groups:
            years.setdefault(calendar.id, []).append(year)
        for calendar in self:
            calendar.year_list = ", ".join(
                str(year) for year in sorted(years.get(calendar.id, []))
            )

    @api.constrains("country_code")
    def _check_country_code(self):
        supported = holidays.list_supported_countries()
        for calendar in self:
            if calendar.country_code.upper() not in supported:
                raise UserError(
                    self.env._(
                        "The holidays package does not know the country %(code)s.",
                        code=calendar.country_code,
                    )
                )

    # -- generation from the holidays package ---------------------------------

    def _holidays_language(self):
        """The language of the generated day names: the company's (the staff
        read the calendar, R-01) when the ``holidays`` package speaks it for
        the country, else English."""
        self.ensure_one()
        lang = company_lang(self.env, self.company_id)
        code = (self.country_code or "").upper()
        try:
            supported = holidays.country_holidays(code).supported_languages
        except NotImplementedError:
            return "en_US"
        for candidate in (lang, lang.split("_")[0]):
            if candidate in supported:
                return candidate
        return "en_US"

    def _country_holidays(self, years):
        self.ensure_one()
        code = (self.country_code or "").upper()
        try:
            return holidays.country_holidays(
                code, years=years, language=self._holidays_language()
            )
        except NotImplementedError as error:
            raise UserError(
                self.env._(
                    "The holidays package does not know the country %(code)s.",
                    code=code,
                )
            ) from error

    def _check_year_known(self, year, table):
        """Raise unless the holidays ``table`` covers ``year`` for the country."""
        self.ensure_one()
        start = getattr(table, "start_year", 1)
        end = getattr(table, "end_year", 9999)
        known = start <= year <= end
        if known and getattr(table, "has_substituted_holidays", False):
            # the decree moving days off is published year by year
            known = any(
                getattr(table, name).get(year)
                for name in dir(table)
                if name.startswith("special_")
                and name.endswith("_holidays")
                and isinstance(getattr(table, name, None), dict)
            )
        if not known:
            raise UserError(
                self.env._(
                    "The holidays package does not cover the year %(year)s for "
                    "%(country)s yet.",
                    year=year,
                    country=self.country_code,
                )
            )

    def _compute_special_days(self, year):
        """Return {date: :class:`SpecialDay`} of ``year`` computed from holidays."""
        self.ensure_one()
        table = self._country_holidays([year - 1, year, year + 1])
        self._check_year_known(year, table)
        substituted = table.tr(getattr(table, "substituted_label", "") or "")
        sub_prefix, _sep, sub_suffix = substituted.partition("%s")
        date_format = table.tr(getattr(table, "substituted_date_format", "") or "")
        observed = table.tr(getattr(table, "observed_label", "") or "")
        obs_prefix, _sep, obs_suffix = observed.partition("%s")

        def moved_from(name):
            """Source date of a substituted day off, False for another moved
            day off (observed), None for a real holiday."""
            if sub_prefix and name.startswith(sub_prefix) and name.endswith(sub_suffix):
                text = name[len(sub_prefix) : len(name) - len(sub_suffix) or None]
                try:
                    return datetime.strptime(text, date_format).date()
                except ValueError:
                    return False
            if observed and name.startswith(obs_prefix) and name.endswith(obs_suffix):
                return False
            return None

        # the names of the days the package does not name, in the
        # company's language like the package's own
        env = staff_env(self.env, self.company_id)
        working_name = env._("Working day (moved by decree)")
        short_name = env._("Shortened pre-holiday day")
        result = {}
        holidays_proper = set()
        moves = {}
        for day, name in table.items():
            source = moved_from(name)
            if source is None:
                holidays_proper.add(day)
                kind = "holiday"
            else:
                moves[day] = source
                kind = "day_off"
            if day.year == year and (kind == "holiday" or day.weekday() < 5):
                result[day] = SpecialDay(kind, name)
        weekend_workdays = set(table.weekend_workdays)
        for day in weekend_workdays:
            if day.year == year:
                result[day] = SpecialDay("working", working_name)
        if self.shorten_pre_holiday:
            for holiday in holidays_proper:
                candidate = holiday - timedelta(days=1)
                if candidate.weekday() >= 5 or candidate in holidays_proper:
                    continue
                short = candidate
                if candidate in moves:
                    source = moves[candidate]
                    short = source if source in weekend_workdays else None
                if short and short.year == year and short not in holidays_proper:
                    result[short] = SpecialDay("short", short_name)
        return result

    @support_callable(SUPPORT_MANAGER)
    def action_generate_year(self, year):
        """(Re)generate ``year``; manual edits are kept.

        :return: list of (date, manual kind, generated kind) conflicts
        :raise ValidationError: a year the ``holidays`` package cannot
            generate (a client calls this method over RPC, R-01)
        """
        self.ensure_one()
        year = check_field(
            self.env["resource.production.calendar.generate.wizard"], "year", year, YEAR
        )
        computed = self._compute_special_days(year)
        Day = self.env["resource.production.calendar.day"]
        existing = Day.search(
            [("production_calendar_id", "=", self.id), ("year", "=", year)]
        )
        manual = existing.filtered("is_manual")
        (existing - manual).with_context(support_sla_no_recompute=ON).unlink()
        manual_by_date = {day.date: day for day in manual}
        generated = {date: special.kind for date, special in computed.items()}
        conflicts = [
            (day.date, day.kind, generated.get(day.date, ""))
            for day in manual
            if generated.get(day.date, "") != day.kind
        ]
        Day.with_context(
            production_calendar_generating=ON, support_sla_no_recompute=ON
        ).create(
            [
                {
                    "production_calendar_id": self.id,
                    "date": day,
                    "kind": special.kind,
                    "name": special.name,
                }
                for day, special in sorted(computed.items())
                if day not in manual_by_date
            ]
        )
        self._support_recompute_sla()
        return conflicts

    @api.model
    def _cron_generate_next_year(self):
        """Generate next year in every calendar once holidays knows it."""
        next_year = fields.Date.context_today(self).year + 1
        done = self.env["resource.production.calendar.day"]._read_group(
            [("year", "=", next_year)], ["production_calendar_id"]
        )
        calendars = self.search([("id", "not in", [cal.id for (cal,) in done])])

        def generate(batch):
            for calendar in batch:
                try:
                    calendar.action_generate_year(next_year)
                except UserError:
                    # holidays does not know the year yet: next week's run
                    continue

        # a calendar that fails otherwise is skipped, kept for the managers
        # and tried again next week; the others get their year
        self.env["helpdesk.support.job.failure"]._support_run_isolated(
            "helpdesk_mgmt_support_contract.ir_cron_generate_production_calendar",
            calendars,
            generate,
        )
        return True

    # -- reading ---------------------------------------------------------------

    def _get_special_days(self, date_from, date_to):
        """{date: kind} of the special days between two dates, in one search."""
        self.ensure_one()
        days = self.env["resource.production.calendar.day"].search_read(
            [
                ("production_calendar_id", "=", self.id),
                ("date", ">=", date_from),
                ("date", "<=", date_to),
            ],
            ["date", "kind"],
        )
        return {day["date"]: day["kind"] for day in days}

    @api.model
    def _support_default_name(self, country_code, env):
        """The name of a generated calendar in ``env``'s language:
        «Производственный календарь РФ» in Russian."""
        if (country_code or "").upper() == "RU":
            return env._("RU production calendar")
        return env._("%(country)s production calendar", country=country_code)

    def _support_translate_default_name(self):
        """The generated name in every active language (the name is
        translatable: each user reads it in their own, R-01)."""
        for calendar in self:
            calendar.update_field_translations(
                "name",
                {
                    code: self._support_default_name(
                        calendar.country_code, self.env(context={"lang": code})
                    )
                    for code, _label in self.env["res.lang"].get_installed()
                },
            )

    @api.model
    def _ensure_for_company(self, company, country_code="RU", years=()):
        """Find or create the company's calendar of a country, generating the
        given years that holidays covers."""
        calendar = self.search(
            [("company_id", "=", company.id), ("country_code", "=", country_code)],
            limit=1,
        )
        if not calendar:
            calendar = self.create(
                {
                    "name": self._support_default_name(country_code, self.env),
                    "country_code": country_code,
                    "company_id": company.id,
                }
            )
            calendar._support_translate_default_name()
            for year in years:
                try:
                    calendar.action_generate_year(year)
                except UserError:
                    continue
        return calendar

    def _support_recompute_sla(self):
        """Open SLA deadlines of schedules following these calendars move."""
        if not self or server_switch(self.env, "support_sla_no_recompute"):
            return
        calendars = (
            self.env["resource.calendar"]
            .sudo()
            .with_context(active_test=False)
            .search([("production_calendar_id", "in", self.ids)])
        )
        calendars._support_recompute_sla_of()

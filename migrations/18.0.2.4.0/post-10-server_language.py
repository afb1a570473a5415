# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""18.0.2.4.0: what the server writes on its own, in the reader's language.

- R-01: a production calendar generated under its default name gets that
  name in every active language («Производственный календарь РФ» in
  Russian), and the generated days (not the managers' own) the names of the
  company's language: the Russian names of the ``holidays`` package, the
  moved days off in Russian date order («Выходной (перенесено с
  04.01.2025)»). An English company's names do not change.
- R-02: the estimate's mail (a ``noupdate`` template) shows its hours and
  start date in the key contact's number and date formats (MQ 2.3): the two
  expressions are replaced in every language of the template, the rest of a
  text a manager may have edited is kept.
"""

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.tools import SQL

from odoo.addons.helpdesk_mgmt_support_contract.tools.context_switch import ON

ESTIMATE_TEMPLATE = "helpdesk_mgmt_support_contract.mail_template_support_estimate"
# (old, new) in the estimate template's subject and body, in every language
TEMPLATE_EXPRESSIONS = [
    ('t-out="object.date_start"', 't-out="format_date(object.date_start)"'),
    ('t-out="object.hours"', 't-out="object._support_hours_text()"'),
    ("{{ object.hours }}", "{{ object._support_hours_text() }}"),
]


def _migrate_template(env):
    template = env.ref(ESTIMATE_TEMPLATE, raise_if_not_found=False)
    if not template:
        return
    for column in ("subject", "body_html"):
        for old, new in TEMPLATE_EXPRESSIONS:
            env.cr.execute(
                SQL(
                    "UPDATE mail_template SET %s = replace(%s::text, %s, %s)::jsonb "
                    "WHERE id = %s",
                    SQL.identifier(column),
                    SQL.identifier(column),
                    old.replace('"', '\\"'),
                    new.replace('"', '\\"'),
                    template.id,
                )
            )
    template.invalidate_recordset(["subject", "body_html"])


def _migrate_calendars(env):
    Calendar = env["resource.production.calendar"]
    for calendar in Calendar.search([]):
        if calendar.with_context(lang="en_US").name == (
            f"{calendar.country_code} production calendar"
        ):
            calendar._support_translate_default_name()
        days = calendar.day_ids.filtered(lambda d: not d.is_manual)
        for year in sorted(set(days.mapped("year"))):
            try:
                computed = calendar._compute_special_days(year)
            except UserError:
                continue
            for day in days.filtered(lambda d, y=year: d.year == y):
                special = computed.get(day.date)
                if special and special.kind == day.kind and special.name != day.name:
                    day.with_context(
                        production_calendar_generating=ON, support_sla_no_recompute=ON
                    ).name = special.name


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {"active_test": False})
    _migrate_template(env)
    _migrate_calendars(env)

# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import file_open

from ..models.helpdesk_support_system_fields_mixin import (
    SUPPORT_MANAGER,
    support_callable,
    writable,
)
from ..tools.channels import CHANNEL_XMLIDS

PRESETS = [
    ("ds", "DS: software vendor (sender categories, coupons, 10:00-18:00)"),
    ("mq", "MQ: platform vendor (Basic, Basic+, Premium, Premium+)"),
]


class HelpdeskSupportPresetWizard(models.TransientModel):
    """Load the configuration of a support regulation into a company.

    A preset creates the schedules, sender categories, ticket categories,
    support tiers and SLA levels of one regulation. Records are identified by
    their code within the company: loading a preset again leaves existing
    records as they are (including the manager's edits) and only creates what
    is missing.
    """

    _name = "helpdesk.support.preset.wizard"
    _description = "Load Support Regulation Preset"
    _inherit = ["helpdesk.support.system.fields.mixin"]
    # a wizard's own input
    _support_write_rights = {
        SUPPORT_MANAGER: writable("preset", "company_id"),
    }

    preset = fields.Selection(PRESETS, required=True, default="ds")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )

    @support_callable(SUPPORT_MANAGER)
    def action_load(self):
        self.ensure_one()
        created = self._load_preset(self.preset, self.company_id.id)
        if created:
            message = self.env._(
                "%(count)s records created by the preset.", count=created
            )
        else:
            message = self.env._(
                "The preset was already loaded: nothing has been changed."
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Support regulation preset"),
                "message": message,
                "type": "success",
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    @api.model
    def _read_preset(self, code):
        if code not in dict(PRESETS):
            raise UserError(self.env._("Unknown support preset %(code)s.", code=code))
        path = f"helpdesk_mgmt_support_contract/data/presets/{code}.json"
        with file_open(path) as preset_file:
            return json.load(preset_file)

    @api.model
    def _load_preset(self, code, company_id):
        """Create the missing records of preset ``code`` in a company.

        Callable from XML (demo data), hence the company id.

        :return: the number of records created
        """
        data = self._read_preset(code)
        company = self.env["res.company"].browse(company_id)
        self = self.with_context(lang="en_US", tracking_disable=True)
        counter = {"created": 0}
        # the preset's tiers, sender categories and levels
        # belong to its regulation; levels only apply within it
        regulation = self._ensure(
            counter,
            "helpdesk.support.regulation",
            [("code", "=", data["code"]), ("company_id", "=", company.id)],
            {
                "code": data["code"],
                "company_id": company.id,
                # auto-close where the regulation states it (MQ 1.2)
                "autoclose": data.get("autoclose", False),
                "autoclose_days": data.get("autoclose_days", 3),
                # whether the key contact person sees the whole customer
                "kcp_sees_all_tickets": data.get("kcp_sees_all_tickets", False),
            },
            data["name"],
        )
        calendars = {
            vals["code"]: self._ensure(
                counter,
                "resource.calendar",
                [
                    ("support_preset_code", "=", vals["code"]),
                    ("company_id", "=", company.id),
                ],
                self._prepare_calendar_vals(vals, company),
                self._company_language_names(vals["name"], company),
            )
            for vals in data["calendars"]
        }
        senders = {
            vals["code"]: self._ensure(
                counter,
                "helpdesk.support.sender.category",
                [("code", "=", vals["code"]), ("company_id", "=", company.id)],
                {
                    "code": vals["code"],
                    "sequence": vals.get("sequence", 10),
                    "company_id": company.id,
                    "regulation_id": regulation.id,
                },
                vals["name"],
            )
            for vals in data["sender_categories"]
        }
        self._set_regulation(regulation, senders)
        categories = {}
        for vals in data["categories"]:
            category = self._ensure(
                counter,
                "helpdesk.ticket.category",
                [("code", "=", vals["code"]), ("company_id", "=", company.id)],
                {
                    "code": vals["code"],
                    "sequence": vals.get("sequence", 10),
                    "company_id": company.id,
                    "support_limit_exempt": vals.get("limit_exempt", False),
                    "support_kcp_only": vals.get("kcp_only", False),
                    "support_professional_service": vals.get(
                        "professional_service", False
                    ),
                    "support_no_sla": vals.get("no_sla", False),
                },
                vals["name"],
            )
            for field_name in ("support_scope_guidance", "support_scope_summary"):
                if vals.get(field_name) and not category[field_name]:
                    self._set_translated(category, field_name, vals[field_name])
            categories[vals["code"]] = category
            self._ensure_scope(counter, regulation, category, vals)
        # the categories' rules (No SLA, key contact only) apply to the
        # tickets of the regulations that list them
        self._link_categories(regulation, categories.values())
        tiers = {
            vals["code"]: self._ensure(
                counter,
                "helpdesk.support.tier",
                [("code", "=", vals["code"]), ("company_id", "=", company.id)],
                dict(
                    self._prepare_tier_vals(vals, company, calendars),
                    regulation_id=regulation.id,
                ),
                vals["name"],
            )
            for vals in data["tiers"]
        }
        self._set_regulation(regulation, tiers)
        levels = {
            vals["code"]: self._ensure(
                counter,
                "helpdesk.support.sla.level",
                [("code", "=", vals["code"]), ("company_id", "=", company.id)],
                dict(
                    self._prepare_level_vals(
                        vals, company, tiers, senders, categories, calendars
                    ),
                    regulation_id=regulation.id,
                ),
                vals["name"],
            )
            for vals in data["levels"]
        }
        self._set_regulation(regulation, levels)
        fix_calendar = data.get("fix_calendar")
        if fix_calendar and not company.support_fix_calendar_id:
            company.support_fix_calendar_id = calendars[fix_calendar]
        ps_calendar = data.get("ps_calendar")
        if ps_calendar and not company.support_ps_calendar_id:
            company.support_ps_calendar_id = calendars[ps_calendar]
        coupon_level = data.get("coupon_level")
        if coupon_level and not company.support_coupon_sla_level_id:
            company.support_coupon_sla_level_id = levels[coupon_level]
        default_level = data.get("default_level")
        if default_level and not company.support_default_sla_level_id:
            company.support_default_sla_level_id = levels[default_level]
        if data.get("support_tz") and not company.support_tz:
            company.support_tz = data["support_tz"]
        if data.get("team"):
            # the regulation's team; MQ 1.1: registered contacts only
            team = self._ensure(
                counter,
                "helpdesk.ticket.team",
                [
                    ("support_preset_code", "=", data["code"]),
                    ("company_id", "=", company.id),
                ],
                {
                    "support_preset_code": data["code"],
                    "company_id": company.id,
                    "support_registered_only": data["team"].get(
                        "registered_only", False
                    ),
                    "support_assign_method": data["team"].get("assign", "queue"),
                },
                data["team"]["name"],
            )
            if not regulation.default_team_id:
                # the queue of the regulation's tickets that name no team
                # (MQ 1.2, DS 5.1); a team a manager chose is kept
                regulation.default_team_id = team
        return counter["created"]

    @api.model
    def _attach_regulation(self, code, company):
        """Databases loaded before regulations existed (18.0.2.1.0): attach
        the records of preset ``code`` in ``company`` to its regulation, flag
        its categories without SLA, list its categories under it with their
        scope as it words them. Nothing when the preset was never loaded
        there."""
        data = self._read_preset(code)
        self = self.with_context(lang="en_US", tracking_disable=True, active_test=False)
        found = {}
        for key, model in (
            ("sender_categories", "helpdesk.support.sender.category"),
            ("tiers", "helpdesk.support.tier"),
            ("levels", "helpdesk.support.sla.level"),
        ):
            codes = [vals["code"] for vals in data[key]]
            found[key] = {
                record.code: record
                for record in self.env[model].search(
                    [("code", "in", codes), ("company_id", "=", company.id)]
                )
            }
        if not found["tiers"] and not found["levels"]:
            return
        regulation = self._ensure(
            {"created": 0},
            "helpdesk.support.regulation",
            [("code", "=", data["code"]), ("company_id", "=", company.id)],
            {
                "code": data["code"],
                "company_id": company.id,
                "kcp_sees_all_tickets": data.get("kcp_sees_all_tickets", False),
            },
            data["name"],
        )
        for key in ("sender_categories", "tiers", "levels"):
            self._set_regulation(regulation, found[key])
        # tiers a preset's level names since (DS 3.5: VIP is the licensees'
        # level, partners on the VIP tier keep DS 3.1 / 3.2): linked to levels
        # that name tiers (a level for any tier stays so)
        for vals in data["levels"]:
            level = found["levels"].get(vals["code"])
            if not level or not level.tier_ids:
                continue
            missing = [
                found["tiers"][tier_code].id
                for tier_code in vals.get("tiers", [])
                if tier_code in found["tiers"]
                and found["tiers"][tier_code] not in level.tier_ids
            ]
            if missing:
                level.tier_ids = [Command.link(tier_id) for tier_id in missing]
        no_sla = [vals["code"] for vals in data["categories"] if vals.get("no_sla")]
        if no_sla:
            self.env["helpdesk.ticket.category"].search(
                [("code", "in", no_sla), ("company_id", "=", company.id)]
            ).write({"support_no_sla": True})
        categories = self.env["helpdesk.ticket.category"].search(
            [
                ("code", "in", [vals["code"] for vals in data["categories"]]),
                ("company_id", "=", company.id),
            ]
        )
        self._link_categories(regulation, categories)
        by_code = {category.code: category for category in categories}
        for vals in data["categories"]:
            if vals["code"] in by_code:
                self._ensure_scope(
                    {"created": 0}, regulation, by_code[vals["code"]], vals
                )

    @api.model
    def _ensure_scope(self, counter, regulation, category, vals):
        """The scope of ``category`` as ``regulation`` words it (R-26: a
        category both presets list keeps each regulation's texts)."""
        Scope = self.env["helpdesk.support.category.scope"]
        domain = [("category_id", "=", category.id)]
        if Scope.search(domain + [("regulation_id", "=", regulation.id)]):
            return
        scope = Scope.create(
            {"category_id": category.id, "regulation_id": regulation.id}
        )
        counter["created"] += 1
        for field_name in ("support_scope_guidance", "support_scope_summary"):
            if vals.get(field_name):
                self._set_translated(scope, field_name, vals[field_name])

    @api.model
    def _link_categories(self, regulation, categories):
        """List ``categories`` under ``regulation`` (a category both presets
        load, such as *consultation*, is listed under both)."""
        for category in categories:
            if regulation not in category.support_regulation_ids:
                category.support_regulation_ids = [Command.link(regulation.id)]

    @api.model
    def _set_regulation(self, regulation, records_by_code):
        """Give the preset's records loaded before regulations existed (or
        left without one) the preset's regulation; a regulation a manager
        chose is kept."""
        if not records_by_code:
            return
        records = next(iter(records_by_code.values())).browse(
            [record.id for record in records_by_code.values()]
        )
        missing = records.filtered(lambda record: not record.regulation_id)
        if missing:
            missing.write({"regulation_id": regulation.id})

    def _ensure(self, counter, model, domain, vals, names):
        """Return the record matching ``domain``, creating it when missing."""
        record = self.env[model].with_context(active_test=False).search(domain, limit=1)
        if record:
            return record
        record = self.env[model].create(dict(vals, name=names["en_US"]))
        self._set_translated(record, "name", names)
        counter["created"] += 1
        return record

    @api.model
    def _company_language_names(self, names, company):
        """Names of a record whose name is not translatable (schedules): the
        company's language when the preset has it, else English."""
        lang = company.partner_id.lang
        if lang and lang != "en_US" and names.get(lang):
            return {"en_US": names[lang]}
        return names

    def _set_translated(self, record, field_name, values):
        """Write a translated field in English and in every installed language."""
        record[field_name] = values["en_US"]
        if not record._fields[field_name].translate:
            return
        installed = {code for code, _name in self.env["res.lang"].get_installed()}
        self._update_translations(
            record, field_name, values, [lang for lang in values if lang in installed]
        )

    @api.model
    def _update_translations(self, record, field_name, values, langs):
        """Store ``values[lang]`` as the translation of each of ``langs``.

        A field translated term by term (HTML) takes the pairs of terms of the
        English and the translated text, when both have as many terms.
        """
        field = record._fields[field_name]
        langs = [lang for lang in langs if lang != "en_US" and values.get(lang)]
        if callable(field.translate):
            english_terms = field.get_trans_terms(
                record.with_context(lang="en_US")[field_name]
            )
            translations = {}
            for lang in langs:
                terms = field.get_trans_terms(values[lang])
                if len(terms) == len(english_terms):
                    translations[lang] = dict(zip(english_terms, terms, strict=True))
        else:
            translations = {lang: values[lang] for lang in langs}
        if translations:
            record.update_field_translations(field_name, translations)

    @api.model
    def _prepare_calendar_vals(self, vals, company):
        production = self.env["resource.production.calendar"]
        if vals.get("production_calendar"):
            year = fields.Date.context_today(self).year
            production = production._ensure_for_company(
                company, vals["production_calendar"], (year - 1, year, year + 1)
            )
        return {
            "support_preset_code": vals["code"],
            "production_calendar_id": production.id,
            "company_id": company.id,
            "tz": vals["tz"],
            "attendance_ids": [
                Command.create(
                    {
                        "name": str(day),
                        "dayofweek": str(day),
                        "hour_from": vals["hour_from"],
                        "hour_to": vals["hour_to"],
                        "day_period": "morning",
                    }
                )
                for day in vals["days"]
            ],
        }

    @api.model
    def _prepare_tier_vals(self, vals, company, calendars):
        channels = self.env["helpdesk.ticket.channel"]
        for channel in vals.get("channels", []):
            channels |= self.env.ref(CHANNEL_XMLIDS[channel])
        return {
            "code": vals["code"],
            "sequence": vals.get("sequence", 10),
            "company_id": company.id,
            "resource_calendar_id": calendars[vals["calendar"]].id,
            "response_time": vals["response_time"],
            "response_time_unit": vals["response_time_unit"],
            "response_met_by": vals.get("response_met_by", "first_reply"),
            "open_ticket_limit": vals.get("open_ticket_limit", 0),
            "contact_limit": vals.get("contact_limit", 0),
            "multi_team_allowed": vals.get("multi_team_allowed", False),
            "channel_ids": [Command.set(channels.ids)],
            "dedicated_account_manager": vals.get("dedicated_account_manager", False),
            "monthly_meetings": vals.get("monthly_meetings", False),
        }

    @api.model
    def _prepare_level_vals(self, vals, company, tiers, senders, categories, calendars):
        def ids(mapping, key):
            return [Command.set([mapping[code].id for code in vals.get(key, [])])]

        return {
            "code": vals["code"],
            "sequence": vals.get("sequence", 10),
            "company_id": company.id,
            "response_time": vals["response_time"],
            "response_time_unit": vals["response_time_unit"],
            "auto_assign": vals.get("auto_assign", True),
            "tier_ids": ids(tiers, "tiers"),
            "sender_category_ids": ids(senders, "sender_categories"),
            "category_ids": ids(categories, "categories"),
            "min_priority": vals.get("min_priority") or False,
            "timer_kind": vals.get("timer_kind", "response"),
            "resource_calendar_id": calendars[vals["calendar"]].id
            if vals.get("calendar")
            else False,
        }

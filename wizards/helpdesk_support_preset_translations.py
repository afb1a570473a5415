# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models

from .helpdesk_support_preset_wizard import PRESETS


class HelpdeskSupportPresetWizardTranslations(models.TransientModel):
    """Preset records of a language installed after the presets (R-02:
    the customer reads its texts in its language)."""

    _inherit = "helpdesk.support.preset.wizard"

    # ------------------------------------------------------------------
    # Languages installed after a preset was loaded
    # ------------------------------------------------------------------
    @api.model
    def _preset_translatable_records(self, data):
        """(model, search domain, {field: names}) of every preset record."""
        yield (
            "helpdesk.support.regulation",
            [("code", "=", data["code"])],
            {"name": data["name"]},
        )
        sections = [
            ("sender_categories", "helpdesk.support.sender.category"),
            ("categories", "helpdesk.ticket.category"),
            ("tiers", "helpdesk.support.tier"),
            ("levels", "helpdesk.support.sla.level"),
        ]
        for key, model in sections:
            for vals in data.get(key, []):
                names = {"name": vals["name"]}
                for field_name in ("support_scope_guidance", "support_scope_summary"):
                    if vals.get(field_name):
                        names[field_name] = vals[field_name]
                yield model, [("code", "=", vals["code"])], names
        for vals in data.get("categories", []):
            texts = {
                field_name: vals[field_name]
                for field_name in ("support_scope_guidance", "support_scope_summary")
                if vals.get(field_name)
            }
            if texts:
                yield (
                    "helpdesk.support.category.scope",
                    [
                        ("category_id.code", "=", vals["code"]),
                        ("regulation_id.code", "=", data["code"]),
                    ],
                    texts,
                )
        if data.get("team"):
            yield (
                "helpdesk.ticket.team",
                [("support_preset_code", "=", data["code"])],
                {"name": data["team"]["name"]},
            )
        for vals in data.get("calendars", []):
            yield (
                "resource.calendar",
                [("support_preset_code", "=", vals["code"])],
                {"name": vals["name"]},
            )

    @api.model
    def _apply_preset_translations(self, langs):
        """Give the preset records of every company their names in ``langs``.

        Called when the terms of the addon are loaded for languages (a
        language installed after the presets). A name already translated, or
        changed by a manager in English, is left alone. Schedules (names not
        translatable) are renamed only in companies speaking that language
        and only while they carry the preset's English name.
        """
        langs = [lang for lang in langs if lang != "en_US"]
        if not langs:
            return
        self = self.with_context(active_test=False, tracking_disable=True)
        for code in dict(PRESETS):
            data = self._read_preset(code)
            for model, domain, fields_names in self._preset_translatable_records(data):
                Model = self.env[model]
                for record in Model.search(domain):
                    for field_name, names in fields_names.items():
                        self._apply_record_translations(
                            record, field_name, names, langs
                        )

    @api.model
    def _apply_record_translations(self, record, field_name, names, langs):
        field = record._fields[field_name]
        english = record.with_context(lang="en_US")[field_name]
        if field.get_trans_terms(english) != field.get_trans_terms(names["en_US"]):
            return  # changed by a manager
        if not field.translate:
            lang = record.company_id.partner_id.lang
            if lang in langs and names.get(lang):
                record[field_name] = names[lang]
            return
        untranslated = [
            lang
            for lang in langs
            if record.with_context(lang=lang)[field_name] == english
        ]
        self._update_translations(record, field_name, names, untranslated)

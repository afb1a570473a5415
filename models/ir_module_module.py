# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class IrModuleModule(models.Model):
    _inherit = "ir.module.module"

    def _load_module_terms(
        self, modules, langs, overwrite=False, imported_module=False
    ):
        """Also give the records created by the regulation presets their
        names in the languages loaded (a language installed after a preset
        was loaded: Settings > Languages, ``--load-language``).

        The terms of OCA helpdesk_mgmt and helpdesk_mgmt_timesheet come with
        this addon's own files: Odoo reads ``i18n_extra/<lang>.po`` of every
        module it loads and imports its ``model`` / ``model_terms`` entries
        for the xml ids they name, whatever their module.
        """
        res = super()._load_module_terms(
            modules, langs, overwrite=overwrite, imported_module=imported_module
        )
        if "helpdesk_mgmt_support_contract" in modules:
            self.env["helpdesk.support.preset.wizard"]._apply_preset_translations(langs)
        return res

/** @odoo-module **/
// Copyright 2026 Helpdesk Support Contract Authors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
// The portal ticket form shows the scope of the category the
// customer picks (DS 4, MQ 1.4, R-26); the texts are rendered by the server, this
// only shows the one of the selected category.
import publicWidget from "@web/legacy/js/public/public_widget";

publicWidget.registry.SupportCategoryGuidance = publicWidget.Widget.extend({
    selector: "form[action='/submitted/ticket']",
    events: {
        "change select[name='category']": "_onCategoryChange",
    },

    start() {
        this._showGuidance();
        return this._super(...arguments);
    },

    _onCategoryChange() {
        this._showGuidance();
    },

    _showGuidance() {
        const select = this.el.querySelector("select[name='category']");
        const selected = select ? select.value : "";
        for (const block of this.el.querySelectorAll(".support_category_guidance")) {
            block.classList.toggle("d-none", block.dataset.categoryId !== selected);
        }
    },
});

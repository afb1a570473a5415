/** @odoo-module **/
// Copyright 2026 Helpdesk Support Contract Authors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
//
// The SLA clock of the work queue: Odoo's badge, with the clause of
// the SLA level the timer counts shown on hover (the field named by the
// option ``tooltip_field``), in the list, the kanban card and the form.
import {registry} from "@web/core/registry";
import {BadgeField, badgeField} from "@web/views/fields/badge/badge_field";

export class SupportSlaBadgeField extends BadgeField {
    static template = "helpdesk_mgmt_support_contract.SupportSlaBadgeField";
    static props = {
        ...BadgeField.props,
        tooltipField: {type: String, optional: true},
    };

    get tooltip() {
        const name = this.props.tooltipField;
        return (name && this.props.record.data[name]) || "";
    }
}

export const supportSlaBadgeField = {
    ...badgeField,
    component: SupportSlaBadgeField,
    supportedOptions: [
        {
            label: "Tooltip field",
            name: "tooltip_field",
            type: "field",
            availableTypes: ["char", "text"],
        },
    ],
    extractProps: (fieldInfo, dynamicInfo) => ({
        ...badgeField.extractProps(fieldInfo, dynamicInfo),
        tooltipField: fieldInfo.options.tooltip_field,
    }),
};

registry.category("fields").add("support_sla_badge", supportSlaBadgeField);

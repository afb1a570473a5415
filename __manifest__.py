# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Helpdesk Support Contracts",
    "summary": "Support tiers, SLA levels in Russian working time, support "
    "contracts and regulation presets on top of OCA Helpdesk",
    "version": "18.0.1.0.0",
    "license": "AGPL-3",
    "category": "After-Sales",
    "author": "Helpdesk Support Contract Authors",
    "development_status": "Alpha",
    "depends": ["helpdesk_mgmt", "resource", "portal", "mail"],
    "external_dependencies": {"python": ["holidays"]},
    "data": [
        "security/helpdesk_mgmt_support_contract_security.xml",
        "security/ir.model.access.csv",
        "data/helpdesk_ticket_channel_data.xml",
        "data/ir_sequence_data.xml",
        "data/ir_cron_data.xml",
        "views/helpdesk_support_tier_views.xml",
        "views/helpdesk_support_sla_level_views.xml",
        "views/helpdesk_support_sender_category_views.xml",
        "views/helpdesk_support_product_views.xml",
        "views/helpdesk_support_contract_views.xml",
        "views/helpdesk_ticket_category_views.xml",
        "wizards/helpdesk_support_preset_wizard_views.xml",
        "wizards/resource_production_calendar_generate_wizard_views.xml",
        "views/resource_production_calendar_views.xml",
        "views/res_config_settings_views.xml",
        "views/menus.xml",
    ],
    "demo": ["demo/helpdesk_support_contract_demo.xml"],
    "installable": True,
}

# Copyright 2026 Helpdesk Support Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""18.0.2.0.0: the addon's fields on models it does not own carry the
``support_`` prefix, so that it coexists with OCA ``helpdesk_mgmt_sla``
(whose ``sla_deadline`` clashed). Columns, field metadata and their xml ids
are renamed before the registry loads the new fields: no data is lost and
nothing is recomputed.

Names that say what they hold: the certificate's ``hours_logged``
(charged hours, labelled "Charged for work") becomes ``hours_work_charged``
and the booking state ``charged`` (labelled "Settled") becomes ``settled``:
stored values, the selection value and its xml id follow."""

import logging

from odoo.tools import SQL, sql

_logger = logging.getLogger(__name__)

RENAMED = {
    "helpdesk.ticket": [
        "sla_level_id",
        "sla_target_display",
        "sla_timer_ids",
        "sla_deadline",
        "sla_state",
        "waiting_reason_id",
        "sla_paused",
        "critical_defect_date",
        "defect_confirmed_date",
    ],
    "helpdesk.support.sla.timer": ["sla_level_id"],
    "helpdesk.support.reclassify.wizard": ["sla_level_id"],
    "helpdesk.ticket.category": ["scope_guidance"],
}

# fields renamed to say what they hold: (model, old, new)
RENAMED_OWN = [
    ("helpdesk.support.certificate", "hours_logged", "hours_work_charged"),
]
# selection keys renamed to match their label: (model, field, old, new)
RENAMED_SELECTION = [
    ("helpdesk.support.booking", "state", "charged", "settled"),
]

# texts the upgrade does not reload that may name the ticket's fields
TEXTS = (
    ("mail_template", "body_html"),
    ("mail_template", "subject"),
    ("ir_filters", "domain"),
    ("ir_filters", "context"),
    ("ir_filters", "sort"),
)


def rename_field(cr, model, old, new):
    table = model.replace(".", "_")
    if sql.column_exists(cr, table, old) and not sql.column_exists(cr, table, new):
        sql.rename_column(cr, table, old, new)
    cr.execute(
        "UPDATE ir_model_fields SET name = %s WHERE model = %s AND name = %s",
        (new, model, old),
    )
    old_xmlid = f"field_{table}__{old}"
    new_xmlid = f"field_{table}__{new}"
    cr.execute(
        "UPDATE ir_model_data SET name = %s "
        "WHERE module = 'helpdesk_mgmt_support_contract' AND model = 'ir.model.fields' "
        "AND name = %s",
        (new_xmlid, old_xmlid),
    )
    # selection values: selection__<table>__<field>__<value>
    cr.execute(
        "UPDATE ir_model_data SET name = replace(name, %s, %s) "
        "WHERE module = 'helpdesk_mgmt_support_contract' "
        "AND model = 'ir.model.fields.selection' AND name LIKE %s",
        (
            f"selection__{table}__{old}__",
            f"selection__{table}__{new}__",
            f"selection__{table}__{old}__%",
        ),
    )


def rename_selection_value(cr, model, field, old, new):
    """Stored values, the ``ir.model.fields.selection`` row and its xml id of
    one selection key; the registry then finds the value it declares and
    deletes nothing."""
    table = model.replace(".", "_")
    if sql.column_exists(cr, table, field):
        cr.execute(
            SQL(
                "UPDATE %s SET %s = %s WHERE %s = %s",
                SQL.identifier(table),
                SQL.identifier(field),
                new,
                SQL.identifier(field),
                old,
            )
        )
    cr.execute(
        "UPDATE ir_model_fields_selection SET value = %s "
        "WHERE value = %s AND field_id IN ("
        "    SELECT id FROM ir_model_fields WHERE model = %s AND name = %s)",
        (new, old, model, field),
    )
    cr.execute(
        "UPDATE ir_model_data SET name = %s "
        "WHERE module = 'helpdesk_mgmt_support_contract' "
        "AND model = 'ir.model.fields.selection' AND name = %s",
        (f"selection__{table}__{field}__{new}", f"selection__{table}__{field}__{old}"),
    )


def rename_in_texts(cr, names):
    """The ticket's renamed fields in texts the upgrade does not reload: mail
    templates (``noupdate``, every language) and saved filters."""
    for old in names:
        for prefix in ("object.", "ticket.", "'", '"'):
            before, after = f"{prefix}{old}", f"{prefix}support_{old}"
            for table, column in TEXTS:
                columns = sql.table_columns(cr, table)
                if column not in columns:
                    continue
                jsonb = columns[column]["udt_name"] == "jsonb"
                cr.execute(
                    SQL(
                        "UPDATE %s SET %s = replace(%s::text, %s, %s)%s "
                        "WHERE %s::text LIKE %s",
                        SQL.identifier(table),
                        SQL.identifier(column),
                        SQL.identifier(column),
                        before,
                        after,
                        SQL("::jsonb" if jsonb else ""),
                        SQL.identifier(column),
                        f"%{before}%",
                    )
                )


def migrate(cr, version):
    if not version:
        return
    for model, names in RENAMED.items():
        for old in names:
            rename_field(cr, model, old, f"support_{old}")
    rename_in_texts(cr, RENAMED["helpdesk.ticket"])
    for model, old, new in RENAMED_OWN:
        rename_field(cr, model, old, new)
    for model, field, old, new in RENAMED_SELECTION:
        rename_selection_value(cr, model, field, old, new)
    _logger.info("helpdesk_mgmt_support_contract: fields prefixed with support_")

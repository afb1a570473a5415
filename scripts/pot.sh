#!/usr/bin/env bash
# Refresh the translation template from a scratch database.
source "$(dirname "$0")/common.sh"
require_odoo
"$ROOT/scripts/ensure_postgres.sh"
prepare_build
DB=hmsc_pot
drop_db "$DB"
createdb "$DB"
odoo_cmd -d "$DB" -i "$ADDON" --without-demo=all --stop-after-init --no-http
odoo_cmd -d "$DB" --i18n-export="$ROOT/i18n/$ADDON.pot" --modules="$ADDON" \
    --stop-after-init --no-http
drop_db "$DB"
echo "wrote i18n/$ADDON.pot"

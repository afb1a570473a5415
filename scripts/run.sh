#!/usr/bin/env bash
# `make run`: a database with the addon, both regulation presets and demo data,
# then Odoo serving on http://127.0.0.1:8069 until interrupted. Russian is
# installed (the demo company and its customers speak it, in Moscow time).
source "$(dirname "$0")/common.sh"
require_odoo
install_deps
"$ROOT/scripts/ensure_postgres.sh"
prepare_build

DB=${RUN_DB:-support_demo}
if ! psql -d "$DB" -Atc 'select 1' >/dev/null 2>&1; then
    echo "Creating database $DB with $ADDON, presets and demo data..."
    createdb "$DB"
    odoo_cmd -d "$DB" -i "$ADDON" --load-language=ru_RU --stop-after-init --no-http
else
    echo "Updating $ADDON in the existing database $DB..."
    echo "(demo data is loaded once: dropdb $DB first for the current demo)"
    odoo_cmd -d "$DB" -u "$ADDON" --load-language=ru_RU --stop-after-init --no-http
fi
cat <<MSG

Odoo serves http://127.0.0.1:${ODOO_HTTP_PORT:-8069}/web/login
  database: $DB
  login:    admin
  password: admin
Portal users (the customer's side; Russian, Moscow time), password = login:
  DS, VIP licensee with a coupon:  ds.kcp (key contact), ds.user (contact)
  MQ, Basic with a certificate:    mq.kcp (key contact), mq.user (contact)
  also smirnova (DS partner) and sokolov (MQ Premium), key contacts
What each demo ticket shows: README.md, section "Demo".
Helpdesk > Configuration > Support regulation > Support tiers lists the presets.
The admin works in English; to switch to Russian: avatar > My Preferences >
Language: Russian (or: Settings > Users > Administrator > Preferences).
Stop with Ctrl+C.
MSG
exec "$ODOO_PYTHON" -m odoo -c "$BUILD/odoo.conf" -d "$DB" --db-filter="^$DB\$"

#!/usr/bin/env bash
# `make screenshot`: the support engineer's *My queue* in Russian, in Odoo's
# headless Chromium at 1280x800, saved as readme/images/work_queue.png (the
# picture README.md shows). A database with the addon, Russian and the demo
# data is built once (SCREENSHOT_DB, default support_screenshot), then the
# browser test tests/test_sla_work_queue.py::TestSlaWorkQueueBrowser opens
# My queue as a Russian support engineer and saves the page
# (SUPPORT_SCREENSHOT names the file).
export ODOO_HTTP_PORT=${ODOO_HTTP_PORT:-8168}
source "$(dirname "$0")/common.sh"
require_odoo
install_deps
"$ROOT/scripts/ensure_postgres.sh"
"$ROOT/scripts/ensure_chromium.sh"
prepare_build

DB=${SCREENSHOT_DB:-support_screenshot}
if ! psql -d "$DB" -Atc 'select 1' >/dev/null 2>&1; then
    echo "Creating database $DB with $ADDON, Russian and demo data..."
    createdb "$DB"
    odoo_cmd -d "$DB" -i "$ADDON" --load-language=ru_RU --stop-after-init --no-http
else
    odoo_cmd -d "$DB" -u "$ADDON" --stop-after-init --no-http
fi
OUT=${SUPPORT_SCREENSHOT:-$ROOT/readme/images/work_queue.png}
cd "$BUILD"
SUPPORT_SCREENSHOT="$OUT" "$ODOO_PYTHON" -m pytest -p no:cacheprovider \
    --odoo-config="$BUILD/odoo.conf" --odoo-database="$DB" --odoo-http \
    "$ADDONS_DIR/$ADDON/tests/test_sla_work_queue.py" -k TestSlaWorkQueueBrowser
echo "wrote $OUT"

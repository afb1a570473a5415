#!/usr/bin/env bash
# Uninstall check: uninstalling the addon leaves a working
# helpdesk_mgmt. On a scratch database with the addon and demo data (a copy of
# UNINSTALL_TEMPLATE when given, e.g. the demo database of `make test`; else a
# fresh install), check_uninstall.py adds a live helpdesk's records and
# uninstalls the addon, then checks, in a new process, that nothing of the
# addon is left and that helpdesk_mgmt works for staff, on the portal and by
# mail. Prints "uninstall check PASS" or "uninstall check FAIL" last.
source "$(dirname "$0")/common.sh"
require_odoo
"$ROOT/scripts/ensure_postgres.sh"
prepare_build
DB=${UNINSTALL_DB:-hmsc_uninstall}
FOOTPRINT="$BUILD/uninstall-footprint.json"
started=$(date +%s)
# a failed step (set -e) still ends with the verdict line
trap '[ $? = 0 ] || [ -n "${verdict:-}" ] || echo "uninstall check FAIL (a step failed; database $DB kept)"' EXIT
drop_db "$DB"
if [ -n "${UNINSTALL_TEMPLATE:-}" ]; then
    echo "=== copy $UNINSTALL_TEMPLATE into $DB"
    createdb -T "$UNINSTALL_TEMPLATE" "$DB"
    mkdir -p "$BUILD/data/filestore"
    if [ -d "$BUILD/data/filestore/$UNINSTALL_TEMPLATE" ]; then
        cp -r "$BUILD/data/filestore/$UNINSTALL_TEMPLATE" "$BUILD/data/filestore/$DB"
    fi
else
    echo "=== install $ADDON with demo data into $DB"
    createdb "$DB"
    odoo_cmd -d "$DB" -i "$ADDON" --stop-after-init --no-http
fi
echo "=== populate and uninstall $ADDON"
"$ODOO_PYTHON" "$ROOT/scripts/check_uninstall.py" uninstall -c "$BUILD/odoo.conf" \
    -d "$DB" --footprint "$FOOTPRINT"
echo "=== check helpdesk_mgmt without $ADDON (new registry)"
set +e
"$ODOO_PYTHON" "$ROOT/scripts/check_uninstall.py" check -c "$BUILD/odoo.conf" \
    -d "$DB" --footprint "$FOOTPRINT"
status=$?
set -e
verdict=1
echo "uninstall check took $(($(date +%s) - started)) s"
if [ "$status" = 0 ]; then
    echo "uninstall check PASS"
    drop_db "$DB"
else
    echo "uninstall check FAIL (database $DB kept)"
fi
exit "$status"

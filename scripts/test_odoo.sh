#!/usr/bin/env bash
# The test suite under Odoo's own runner (`odoo --test-enable`, what OCA's CI
# and runboat run), on a fresh database without demo data: the addon is
# installed and its tests (tagged post_install) run in the installed database.
# Fails unless Odoo reports tests run and "0 failed, 0 error(s)".
#   TEST_DB (default hmsc_test_odoo), ODOO_HTTP_PORT (default 8171)
#   extra arguments go to odoo, e.g. --test-tags /helpdesk_mgmt_support_contract:TestQueryCounts
export ODOO_HTTP_PORT=${ODOO_HTTP_PORT:-8171}
source "$(dirname "$0")/common.sh"
require_odoo
install_deps
"$ROOT/scripts/ensure_postgres.sh"
"$ROOT/scripts/ensure_chromium.sh"
"$ODOO_PYTHON" "$ROOT/scripts/check_test_imports.py"
prepare_build

DB=${TEST_DB:-hmsc_test_odoo}
LOG="$BUILD/test_odoo.log"
drop_db "$DB"
createdb "$DB"
echo "Odoo's runner on $DB, log in $LOG"
set +e
odoo_cmd -d "$DB" -i "$ADDON" --without-demo=all --test-enable \
    --test-tags "/$ADDON" --stop-after-init --http-port="$ODOO_HTTP_PORT" \
    --log-level=test "$@" >"$LOG" 2>&1
rc=$?
set -e
summary=$(grep -E "odoo\.tests\.result: .* of [0-9]+ tests" "$LOG" | tail -1 || true)
echo "${summary:-no test result line in $LOG}"
if [ "$rc" != 0 ] || [ -z "$summary" ] \
    || ! grep -qE ": 0 failed, 0 error\(s\) of [1-9][0-9]* tests" <<<"$summary"; then
    grep -E "(ERROR|FAIL): " "$LOG" | grep -E "odoo\.addons\.$ADDON\.tests" >&2 || true
    echo "FAILED (exit $rc), see $LOG" >&2
    exit 1
fi

#!/usr/bin/env bash
# The whole test suite on fresh databases (what `make test` runs):
#  1. install the addon with demo data, then upgrade it (-u), and check the
#     demo against the regulations: each demo ticket's target per its clause,
#     the paused / breached / queued / coupon / ordered tickets, the portal
#     logins of `make run` (scripts/check_demo.py);
#  2. install it without demo data;
#  3. run the Odoo tests (tests/) with pytest-odoo on the demo-less database,
#     HTTP server on (portal tours in headless Chromium), and fail when any
#     test was skipped;
#  4. export the terms and fail on any term without a Russian translation, the
#     addon's in i18n/ru.po, helpdesk_mgmt's and helpdesk_mgmt_timesheet's in
#     i18n_extra/ru.po;
#  5. run the date-sensitive test files again with the clock moved to
#     $MOVED_CLOCK (Debian's faketime): no test may depend on today's date;
#  6. uninstall the addon from a copy of the demo database and check that
#     helpdesk_mgmt still works and nothing of the addon is left
#     (scripts/check_uninstall.sh);
#  7. install the released version (.ci/upgrade_from), create records, upgrade
#     to the working tree with -u and check every record
#     (scripts/check_upgrade.sh).
# Steps 5 to 7 only run without extra pytest arguments.
# Every test module must be imported by tests/__init__.py (Odoo's own runner),
# and every requirement id cited (R-xx) must be in readme/REQUIREMENTS.md.
# Extra pytest arguments are passed through: scripts/test.sh -k preset
# HttpCase tests serve on their own port, away from `make run` (8069)
export ODOO_HTTP_PORT=${ODOO_HTTP_PORT:-8169}
source "$(dirname "$0")/common.sh"
require_odoo
install_deps
"$ROOT/scripts/ensure_postgres.sh"
"$ROOT/scripts/ensure_chromium.sh"
"$ROOT/scripts/ensure_faketime.sh"
"$ODOO_PYTHON" "$ROOT/scripts/check_test_imports.py"
"$ODOO_PYTHON" "$ROOT/scripts/check_requirement_ids.py"
prepare_build

DB=${TEST_DB:-hmsc_test}
# test files whose fixtures hold contracts, coupons, certificates, production
# years or holidays: run once more on a moved clock
DATE_SENSITIVE=(
    test_contract.py test_contract_end.py test_coupon.py test_customer_race.py
    test_customer_rules.py test_demo_helpers.py test_preset.py test_production_calendar.py
    test_professional_services.py test_scheduled_actions.py test_sla_timer.py
)
DB_DEMO=${DB}_demo
step() { printf '\n=== %s\n' "$*"; }

step "install $ADDON with demo data into $DB_DEMO"
drop_db "$DB_DEMO"
createdb "$DB_DEMO"
odoo_cmd -d "$DB_DEMO" -i "$ADDON" --stop-after-init --no-http
step "upgrade $ADDON (-u) in $DB_DEMO"
odoo_cmd -d "$DB_DEMO" -u "$ADDON" --stop-after-init --no-http
"$ODOO_PYTHON" "$ROOT/scripts/check_install.py" -c "$BUILD/odoo.conf" -d "$DB_DEMO" --demo
step "demo data against the regulations (scripts/check_demo.py)"
"$ODOO_PYTHON" "$ROOT/scripts/check_demo.py" -c "$BUILD/odoo.conf" -d "$DB_DEMO"

step "install $ADDON without demo data into $DB"
drop_db "$DB"
createdb "$DB"
odoo_cmd -d "$DB" -i "$ADDON" --without-demo=all --stop-after-init --no-http
"$ODOO_PYTHON" "$ROOT/scripts/check_install.py" -c "$BUILD/odoo.conf" -d "$DB"

step "beside OCA helpdesk_mgmt_sla in one database"
DB_COEXIST=${DB}_coexist
drop_db "$DB_COEXIST"
createdb "$DB_COEXIST"
odoo_cmd -d "$DB_COEXIST" -i "helpdesk_mgmt_sla,$ADDON" --without-demo=all \
    --stop-after-init --no-http
"$ODOO_PYTHON" "$ROOT/scripts/check_coexist.py" -c "$BUILD/odoo.conf" -d "$DB_COEXIST"
drop_db "$DB_COEXIST"

step "Russian translation is complete"
odoo_cmd -d "$DB" --i18n-export="$BUILD/$ADDON.pot" --modules="$ADDON" \
    --stop-after-init --no-http
"$ODOO_PYTHON" "$ROOT/scripts/check_i18n.py" "$BUILD/$ADDON.pot" "$ROOT/i18n/ru.po"
# the Russian of the OCA modules the addon stands on, shipped in i18n_extra/
odoo_cmd -d "$DB" --i18n-export="$BUILD/helpdesk_mgmt_upstream.pot" \
    --modules=helpdesk_mgmt,helpdesk_mgmt_timesheet --stop-after-init --no-http
"$ODOO_PYTHON" "$ROOT/scripts/check_i18n.py" "$BUILD/helpdesk_mgmt_upstream.pot" \
    "$ROOT/i18n_extra/ru.po"

step "Odoo tests (pytest-odoo) on $DB"
cd "$BUILD"
set +e
"$ODOO_PYTHON" -m pytest -p no:cacheprovider \
    --odoo-config="$BUILD/odoo.conf" --odoo-database="$DB" --odoo-http \
    --junitxml="$BUILD/pytest-report.xml" \
    "$ADDONS_DIR/$ADDON/tests" "$@"
status=$?
set -e
if [ "$status" = 5 ]; then
    echo "ERROR: pytest collected no test: the Odoo suite did not run." >&2
    exit 1
fi
if [ "$status" = 0 ]; then
    # a tour skipped for want of Chromium is a failure, not a pass
    "$ODOO_PYTHON" "$ROOT/scripts/check_no_skip.py" "$BUILD/pytest-report.xml" || status=1
fi
if [ "$status" = 0 ] && [ $# = 0 ]; then
    MOVED_CLOCK=${MOVED_CLOCK:-2029-03-01 09:00:00}
    step "date-sensitive tests with the clock moved to $MOVED_CLOCK"
    # the Python process runs on the moved clock (PostgreSQL keeps the real one)
    faketime -f "@$MOVED_CLOCK" "$ODOO_PYTHON" -m pytest -p no:cacheprovider \
        --odoo-config="$BUILD/odoo.conf" --odoo-database="$DB" \
        "${DATE_SENSITIVE[@]/#/$ADDONS_DIR/$ADDON/tests/}" || status=1
fi
if [ $# = 0 ]; then
    step "uninstall $ADDON from a copy of $DB_DEMO"
    UNINSTALL_TEMPLATE="$DB_DEMO" UNINSTALL_DB="${DB}_uninstall" \
        bash "$ROOT/scripts/check_uninstall.sh" || status=1
    step "upgrade from the released version"
    if [ "$(git -C "$ROOT" rev-parse --is-shallow-repository 2>/dev/null)" = true ] &&
        ! git -C "$ROOT" cat-file -e "$(tr -d '[:space:]' <"$ROOT/.ci/upgrade_from")^{commit}" 2>/dev/null; then
        # a shallow clone lacks the released commit: say so loudly
        echo "WARNING: upgrade check not run: shallow clone without .ci/upgrade_from" >&2
    else
        UPGRADE_DB="${DB}_upgrade" bash "$ROOT/scripts/check_upgrade.sh" || status=1
    fi
fi
exit "$status"

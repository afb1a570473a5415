#!/usr/bin/env bash
# Quick developer loop (not CI): reuse the test database of `make test`,
# update the addon in it (-u) and run pytest-odoo on the given tests.
#   scripts/dev_test.sh tests/test_security_staff_files.py -k export
# TEST_DB (default hmsc_dev) and ODOO_HTTP_PORT (default 8179) keep parallel
# checkouts apart. `make test` stays the reference run.
export ODOO_HTTP_PORT=${ODOO_HTTP_PORT:-8179}
source "$(dirname "$0")/common.sh"
require_odoo
"$ROOT/scripts/ensure_postgres.sh"
prepare_build
DB=${TEST_DB:-hmsc_dev}
if ! psql -lqt 2>/dev/null | cut -d'|' -f1 | grep -qw "$DB"; then
    createdb "$DB"
    odoo_cmd -d "$DB" -i "$ADDON" --without-demo=all --stop-after-init --no-http
else
    odoo_cmd -d "$DB" -u "$ADDON" --stop-after-init --no-http
fi
cd "$BUILD"
args=("$@")
paths=0
for i in "${!args[@]}"; do
    case "${args[$i]}" in
        tests/*) args[$i]="$ADDONS_DIR/$ADDON/${args[$i]}"; paths=1 ;;
    esac
done
# no test file named: the whole suite (never the build directory's copies)
[ "$paths" = 0 ] && args+=("$ADDONS_DIR/$ADDON/tests")
exec "$ODOO_PYTHON" -m pytest -p no:cacheprovider \
    --odoo-config="$BUILD/odoo.conf" --odoo-database="$DB" --odoo-http \
    "${args[@]}"

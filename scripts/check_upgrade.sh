#!/usr/bin/env bash
# Upgrade path: records made by the last released version of the
# addon survive `-u` to the working tree.
#  1. the released version is the commit of .ci/upgrade_from (UPGRADE_FROM
#     overrides it: a tag, a branch or a hash); `git archive` extracts it into
#     $BUILD/upgrade/addons/helpdesk_mgmt_support_contract, an addons path of
#     its own outside the repository;
#  2. it is installed (without demo data) into a fresh database, and
#     check_upgrade.py seed creates contracts, tickets with SLA timers in every
#     state, coupons, certificates, bookings, estimates and timesheets on a
#     frozen clock, then snapshots every record;
#  3. the addons path is switched to the working tree and the addon is
#     upgraded with `-u`;
#  4. check_upgrade.py compare snapshots again (same frozen clock) and fails
#     on any record lost, added or changed, any broken invariant, or any old
#     record the upgraded code cannot work with.
# Prints "upgrade check PASS" or "upgrade check FAIL" last; exits non-zero on
# failure. Migration scripts (migrations/<version>/) only run when the
# manifest's version is higher than the installed one.
source "$(dirname "$0")/common.sh"
require_odoo
"$ROOT/scripts/ensure_postgres.sh"
prepare_build

FROM=${UPGRADE_FROM:-$(tr -d '[:space:]' <"$ROOT/.ci/upgrade_from")}
FROM_SHA=$(git -C "$ROOT" rev-parse --verify --quiet "$FROM^{commit}") || {
    echo "ERROR: upgrade_from '$FROM' is not a commit of this repository." >&2
    echo "upgrade check FAIL"
    exit 2
}
DB=${UPGRADE_DB:-hmsc_upgrade}
OLD="$BUILD/upgrade"
SNAPSHOT="$OLD/before.json"
step() { printf '\n=== %s\n' "$*"; }
started=$(date +%s)
# a failed step (set -e) still ends with the verdict line
trap '[ $? = 0 ] || [ -n "${verdict:-}" ] || echo "upgrade check FAIL (a step failed; database $DB kept)"' EXIT

step "extract $ADDON at ${FROM_SHA:0:12} into $OLD/addons"
rm -rf "$OLD"
mkdir -p "$OLD/addons/$ADDON"
git -C "$ROOT" archive "$FROM_SHA" | tar -x -C "$OLD/addons/$ADDON"
sed "s|^addons_path = .*|addons_path = $OLD/addons|" "$BUILD/odoo.conf" >"$OLD/odoo.conf"

step "install the released version into $DB"
drop_db "$DB"
createdb "$DB"
"$ODOO_PYTHON" -m odoo -c "$OLD/odoo.conf" -d "$DB" -i "$ADDON" \
    --without-demo=all --stop-after-init --no-http
"$ODOO_PYTHON" "$ROOT/scripts/check_upgrade.py" seed -c "$OLD/odoo.conf" -d "$DB" \
    --snapshot "$SNAPSHOT"

step "upgrade $ADDON (-u) to the working tree"
odoo_cmd -d "$DB" -u "$ADDON" --stop-after-init --no-http
set +e
"$ODOO_PYTHON" "$ROOT/scripts/check_upgrade.py" compare -c "$BUILD/odoo.conf" -d "$DB" \
    --snapshot "$SNAPSHOT"
status=$?
set -e
verdict=1
echo "upgrade check took $(($(date +%s) - started)) s"
if [ "$status" = 0 ]; then
    echo "upgrade check PASS (from ${FROM_SHA:0:12})"
    drop_db "$DB"
else
    echo "upgrade check FAIL (from ${FROM_SHA:0:12}; database $DB kept)"
fi
exit "$status"

#!/usr/bin/env bash
# `make bench`: every bench/bench_*.py against a scratch database with the addon,
# then the load test over HTTP (bench/load_portal.py: two prefork servers on a
# copy of that database; it fails the command unless it prints ok=1).
# Each benchmark prints its figures last, as "<name> ratio=<x> [mismatches=<n>]".
# BENCH_SMOKE=1 (CI) runs each at a tiny size: it must finish, its figures are
# not judged; a benchmark that crashes fails the command.
source "$(dirname "$0")/common.sh"
require_odoo
install_deps
"$ROOT/scripts/ensure_postgres.sh"
prepare_build
DB=${BENCH_DB:-hmsc_bench}
drop_db "$DB"
drop_db "${DB}_baseline"
createdb "$DB"
# the baseline of the ratios against bare helpdesk_mgmt: a second database,
# DB_baseline, with the addon's dependencies and not the addon (bench/scratch_db.py),
# installed meanwhile; the benchmarks open it beside DB
"$ODOO_PYTHON" "$ROOT/bench/scratch_db.py" -c "$BUILD/odoo.conf" -d "$DB" &
bare_install=$!
odoo_cmd -d "$DB" -i "$ADDON" --without-demo=all --stop-after-init --no-http
wait "$bare_install"
shopt -s nullglob
benches=("$ROOT"/bench/bench_*.py)
if [ ${#benches[@]} = 0 ]; then
    echo "no benchmark in bench/ yet"
    exit 0
fi
# the cost of a message is measured by several benchmarks, each printing its
# part as "message_cost <key>=<x> ..."; they are gathered on one line
figures=$(mktemp)
trap 'rm -f "$figures"' EXIT
for bench in "${benches[@]}"; do
    echo "=== $(basename "$bench")"
    "$ODOO_PYTHON" "$bench" -c "$BUILD/odoo.conf" -d "$DB" \
        ${BENCH_SMOKE:+--smoke} | tee -a "$figures"
done
# the milliseconds first, then the queued path's ratio (bench_sla.py), then
# the ratios against message_post
keys=$(sed -n 's/^message_cost //p' "$figures" | tr ' ' '\n' | sed '/^$/d')
parts=$({
    grep '_ms=' <<<"$keys" || true
    grep '^queued_ratio=' <<<"$keys" || true
    grep -v -e '_ms=' -e '^queued_ratio=' <<<"$keys" || true
} | tr '\n' ' ')
if [ -n "$parts" ]; then
    echo "=== message cost (gathered)"
    echo "message_cost ${parts% }"
fi
echo "=== load_portal.py"
"$ODOO_PYTHON" "$ROOT/bench/load_portal.py" -c "$BUILD/odoo.conf" -d "$DB" \
    ${BENCH_SMOKE:+--smoke}

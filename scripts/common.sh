#!/usr/bin/env bash
# Shared settings of the project's commands. Sourced, never run.
# The addon's technical name comes from the directory name, so the commands
# build $BUILD/addons/helpdesk_mgmt_support_contract -> the repository root.
# $BUILD lies outside the repository: a link back into the tree from inside it
# would make Odoo's term export, pylint and whool walk the tree forever.
set -euo pipefail

ADDON=helpdesk_mgmt_support_contract
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ROOT_KEY=$(printf '%s' "$ROOT" | cksum | cut -d' ' -f1)
BUILD=${HMSC_BUILD_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/$ADDON/$ROOT_KEY}
ADDONS_DIR="$BUILD/addons"
ODOO_PYTHON=${ODOO_PYTHON:-python3}
export TZ=UTC
export PYTHONDONTWRITEBYTECODE=1

require_odoo() {
    if ! "$ODOO_PYTHON" -c 'import odoo.release as r; assert r.version_info[0] == 18' \
        >/dev/null 2>&1; then
        cat >&2 <<MSG
ERROR: Odoo 18 is not importable by '$ODOO_PYTHON'.
This project runs inside an existing Odoo 18 Community installation. Install
it first, as README.md explains in "Installing the Odoo 18 platform", or point
ODOO_PYTHON at the interpreter that has it (e.g. ODOO_PYTHON=/opt/venv/bin/python).
MSG
        exit 2
    fi
}

prepare_build() {
    mkdir -p "$ADDONS_DIR" "$BUILD/data"
    ln -sfn "$ROOT" "$ADDONS_DIR/$ADDON"
    cat >"$BUILD/odoo.conf" <<CONF
[options]
addons_path = $ADDONS_DIR
data_dir = $BUILD/data
db_host = ${PGHOST:-False}
db_port = ${PGPORT:-False}
db_user = ${PGUSER:-False}
db_password = ${PGPASSWORD:-False}
http_interface = 127.0.0.1
http_port = ${ODOO_HTTP_PORT:-8069}
admin_passwd = admin
list_db = True
log_level = ${ODOO_LOG_LEVEL:-warn}
CONF
}

odoo_cmd() {
    "$ODOO_PYTHON" -m odoo -c "$BUILD/odoo.conf" "$@"
}

install_deps() {
    # cairosvg (OCA mail_gateway_telegram) loads Debian's libcairo2
    "$ROOT/scripts/ensure_cairo.sh"
    "$ODOO_PYTHON" -m pip install --quiet --disable-pip-version-check \
        -r "$ROOT/requirements.txt"
    # pip may only fetch OCA wheels; it must not replace the platform's Odoo.
    require_odoo
}

drop_db() {
    dropdb --if-exists "$1" 2>/dev/null || true
    rm -rf "$BUILD/data/filestore/$1"
}

# A real copy of the addon (not the link of prepare_build) in a directory that
# is an addons path, as OCA's CI checks an addon out beside its siblings.
# pylint-odoo finds an addon's __manifest__.py by walking up from each file
# but stops at the first directory holding .git; in this repository that is
# the addon itself (and the link resolves to it), so the checks that need the
# manifest - consider-merging-classes-inherited, odoo-addons-relative-import -
# never saw one. The copy carries the tracked and the new, not ignored files
# of the working tree and no .git.
prepare_lint_copy() {
    local dest=$1
    rm -rf "$dest"
    mkdir -p "$dest"
    if git -C "$ROOT" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
        (cd "$ROOT" && git ls-files -z -co --exclude-standard \
            | while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done \
            | tar --null -T - -cf -) | tar -xf - -C "$dest"
    else
        (cd "$ROOT" && tar --exclude=.git -cf - .) | tar -xf - -C "$dest"
    fi
}

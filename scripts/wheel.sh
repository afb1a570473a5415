#!/usr/bin/env bash
# Build the wheel odoo-addon-helpdesk_mgmt_support_contract with whool.
# whool takes the addon name from the directory name and pip resolves links,
# so the committed HEAD is cloned into a directory named after the addon.
source "$(dirname "$0")/common.sh"
prepare_build
src="$BUILD/src/$ADDON"
rm -rf "$BUILD/src" "$BUILD/dist"
git clone --quiet "$ROOT" "$src"
"$ODOO_PYTHON" -m pip wheel --quiet --disable-pip-version-check --no-deps \
    -w "$BUILD/dist" "$src"
ls "$BUILD"/dist/*.whl

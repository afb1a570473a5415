#!/usr/bin/env bash
# Build the wheel odoo-addon-helpdesk_mgmt_support_contract with whool, through
# the symlink named after the addon (whool takes the name from the directory).
source "$(dirname "$0")/common.sh"
prepare_build
"$ODOO_PYTHON" -m pip wheel --quiet --no-deps --build-constraint /dev/null \
    -w "$BUILD/dist" "$ADDONS_DIR/$ADDON" 2>/dev/null \
    || "$ODOO_PYTHON" -m pip wheel --quiet --no-deps -w "$BUILD/dist" "$ADDONS_DIR/$ADDON"
ls "$BUILD"/dist/*.whl

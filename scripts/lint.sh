#!/usr/bin/env bash
# Lint as OCA 18.0 repositories do: ruff, ruff format, pylint-odoo.
source "$(dirname "$0")/common.sh"
cd "$ROOT"
"$ODOO_PYTHON" -m ruff check .
"$ODOO_PYTHON" -m ruff format --check .
prepare_build
cd "$ADDONS_DIR"
"$ODOO_PYTHON" -m pylint --rcfile="$ROOT/.pylintrc" "$ADDON"
echo "lint ok"

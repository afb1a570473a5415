#!/usr/bin/env bash
# Lint as OCA 18.0 repositories do: ruff, ruff format, pylint-odoo on a copy of
# the addon inside an addons directory (see prepare_lint_copy in common.sh), so
# that pylint-odoo's module checks find the manifest; first a proof that they
# fire on a deliberately violating copy (scripts/check_lint_fires.sh).
source "$(dirname "$0")/common.sh"
cd "$ROOT"
"$ODOO_PYTHON" -m ruff check .
"$ODOO_PYTHON" -m ruff format --check .
"$ODOO_PYTHON" "$ROOT/scripts/check_requirement_ids.py"
bash "$ROOT/scripts/check_lint_fires.sh"
LINT_ADDON="$BUILD/lint/addons/$ADDON"
prepare_lint_copy "$LINT_ADDON"
# run from inside the copy: the reported paths are the repository's
cd "$LINT_ADDON"
"$ODOO_PYTHON" -m pylint --rcfile="$ROOT/.pylintrc" .
echo "lint ok"

#!/usr/bin/env bash
# Proof that `make lint` runs pylint-odoo's module checks: a copy of the addon,
# laid out as scripts/lint.sh lays it out, is spoilt on purpose and linted with
# the project's .pylintrc; every spoilt rule must be reported, or this script
# fails naming the silent ones. These checks stayed silent while pylint-odoo
# linted the repository itself (its manifest lookup stops at .git).
source "$(dirname "$0")/common.sh"
PROBE="$BUILD/lint_probe/addons/$ADDON"
prepare_lint_copy "$PROBE"
cd "$PROBE"
# missing-readme: an addon without a README
rm -f README.md README.rst
# manifest-required-author: an author the .pylintrc does not allow
sed -i 's/"author": *"[^"]*"/"author": "Somebody Else"/' __manifest__.py
# consider-merging-classes-inherited: one model extended by two classes
# (left off in .pylintrc, enabled here only to prove the lookup of the manifest)
# odoo-addons-relative-import: the addon importing itself by absolute name
cat >models/lint_probe_one.py <<PY
from odoo import models

from odoo.addons.$ADDON.tools import numbers  # noqa: F401


class ResPartnerProbeOne(models.Model):
    _inherit = "res.partner"
PY
cat >models/lint_probe_two.py <<PY
from odoo import models


class ResPartnerProbeTwo(models.Model):
    _inherit = "res.partner"
PY
expected=(missing-readme manifest-required-author consider-merging-classes-inherited
    odoo-addons-relative-import)
out=$("$ODOO_PYTHON" -m pylint --rcfile="$ROOT/.pylintrc" --output-format=text \
    --enable=consider-merging-classes-inherited \
    __manifest__.py models/lint_probe_one.py models/lint_probe_two.py 2>&1 || true)
silent=()
for msg in "${expected[@]}"; do
    grep -q "($msg)" <<<"$out" || silent+=("$msg")
done
if ((${#silent[@]})); then
    printf '%s\n' "$out" >&2
    echo "pylint-odoo stayed silent on a deliberate violation: ${silent[*]}" >&2
    exit 1
fi
echo "pylint-odoo module checks fire: ${expected[*]}"

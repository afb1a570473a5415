"""Fail when a test module of tests/ is not imported by tests/__init__.py.

Odoo's own runner (``odoo --test-enable``, OCA's CI, runboat) only runs the
test modules that the package imports; pytest-odoo finds files by name. Both
must see the same suite.
"""

import ast
import pathlib
import sys

tests = pathlib.Path(__file__).resolve().parent.parent / "tests"
tree = ast.parse((tests / "__init__.py").read_text())
imported = {
    alias.name
    for node in ast.walk(tree)
    if isinstance(node, ast.ImportFrom) and node.level == 1 and not node.module
    for alias in node.names
}
modules = {path.stem for path in tests.glob("test_*.py")}
missing = sorted(modules - imported)
unknown = sorted(imported - modules)
if missing or unknown:
    for name in missing:
        print(f"tests/{name}.py is not imported by tests/__init__.py", file=sys.stderr)
    for name in unknown:
        print(
            f"tests/__init__.py imports {name}, which does not exist", file=sys.stderr
        )
    sys.exit(1)
print(f"tests/__init__.py imports all {len(modules)} test modules")

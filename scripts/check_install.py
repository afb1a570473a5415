"""Check that the addon is installed in a database, with or without demo data.

Usage: check_install.py -c odoo.conf -d DB [--demo]
"""

import argparse
import sys

import odoo
from odoo import api


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--demo", action="store_true")
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config])
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        module = env["ir.module.module"].search(
            [("name", "=", "helpdesk_mgmt_support_contract")]
        )
        errors = []
        if module.state != "installed":
            errors.append(f"module state is {module.state!r}")
        if bool(module.demo) != args.demo:
            errors.append(f"demo data flag is {module.demo}, expected {args.demo}")
        contracts = env["helpdesk.support.contract"].search_count([])
        if args.demo and not contracts:
            errors.append("demo data has no support contract")
        if not args.demo and contracts:
            errors.append("a database without demo data has support contracts")
    if errors:
        print("install check FAILED:", "; ".join(errors), file=sys.stderr)
        return 1
    print(
        f"install check ok: {args.database} installed, demo={args.demo}, "
        f"{contracts} support contracts"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

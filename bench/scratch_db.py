"""Scratch databases of the benchmarks: a copy of ``make bench``'s database
(the addon installed) that a benchmark may commit into, dropped afterwards.
Not a benchmark itself (``make bench`` runs ``bench_*.py`` and
``load_portal.py``)."""

import os
import shutil
import subprocess
import sys

import odoo


def odoo_cmd(config, *args):
    return [sys.executable, "-m", "odoo", "-c", config, *args]


def drop_database(name):
    odoo.modules.registry.Registry.delete(name)
    odoo.sql_db.close_db(name)
    subprocess.run(
        ["dropdb", "--if-exists", "--force", name],
        check=False,
        stderr=subprocess.DEVNULL,
    )
    filestore = os.path.join(odoo.tools.config["data_dir"], "filestore", name)
    shutil.rmtree(filestore, ignore_errors=True)


def create_scratch_database(config, template, name):
    """A copy of ``make bench``'s database (the addon installed); when the
    template is busy, a fresh install."""
    drop_database(name)
    copied = subprocess.run(
        ["createdb", "-T", template, name], check=False, capture_output=True
    )
    if copied.returncode == 0:
        source = os.path.join(odoo.tools.config["data_dir"], "filestore", template)
        if os.path.isdir(source):
            shutil.copytree(
                source,
                os.path.join(odoo.tools.config["data_dir"], "filestore", name),
                dirs_exist_ok=True,
            )
        return
    subprocess.run(["createdb", name], check=True)
    subprocess.run(
        odoo_cmd(
            config,
            "-d",
            name,
            "-i",
            "helpdesk_mgmt_support_contract",
            "--without-demo=all",
            "--stop-after-init",
            "--no-http",
        ),
        check=True,
    )


# ----------------------------------------------------------------------
# The baseline: OCA helpdesk_mgmt without this addon
# ----------------------------------------------------------------------
ADDON = "helpdesk_mgmt_support_contract"


def bare_modules():
    """What the addon depends on (helpdesk_mgmt and the modules it needs
    besides), without the addon: the database as it was before the addon
    was installed, so that a ratio against it is what installing the addon
    adds."""
    from odoo.modules.module import get_manifest

    return sorted(get_manifest(ADDON)["depends"])


def bare_database_name(database):
    return f"{database}_baseline"


def _bare_installed(name, modules):
    """Whether ``name`` exists with ``modules`` installed and not the addon."""
    exists = subprocess.run(
        ["psql", "-d", name, "-tAc", "SELECT 1"], check=False, capture_output=True
    )
    if exists.returncode:
        return False
    query = (
        "SELECT count(*) FILTER (WHERE name = ANY(%s)), "
        "count(*) FILTER (WHERE name = %s) "
        "FROM ir_module_module WHERE state = 'installed'"
    )
    with odoo.sql_db.db_connect(name).cursor() as cr:
        cr.execute(query, [modules, ADDON])
        found, addon = cr.fetchone()
    odoo.sql_db.close_db(name)
    return found == len(modules) and not addon


def install_bare_database(config, name):
    """helpdesk_mgmt and the addon's other dependencies in a new database
    ``name`` (no demo data); nothing of this addon."""
    drop_database(name)
    subprocess.run(["createdb", name], check=True)
    subprocess.run(
        odoo_cmd(
            config,
            "-d",
            name,
            "-i",
            ",".join(bare_modules()),
            "--without-demo=all",
            "--stop-after-init",
            "--no-http",
            "--log-level=warn",
        ),
        check=True,
    )


def bare_database(config, database):
    """The baseline database of ``database`` (``DB_baseline``), installed on
    first use and reused by the next benchmarks of the run (each rolls its
    work back); ``make bench`` drops it before it starts."""
    name = bare_database_name(database)
    if not _bare_installed(name, bare_modules()):
        install_bare_database(config, name)
    return name


def open_bare(config, database):
    """A registry and a superuser environment on the baseline database, in
    this process beside the addon's: both sides of a comparison run in turn
    on their own cursors, so a load spike of the machine falls on both.

    :return: (environment, cursor); the caller rolls back and closes the
        cursor
    """
    from odoo import api

    registry = odoo.modules.registry.Registry(bare_database(config, database))
    cr = registry.cursor()
    return api.Environment(cr, odoo.SUPERUSER_ID, {}), cr


if __name__ == "__main__":
    # scripts/bench.sh: python scratch_db.py -c odoo.conf -d DB installs DB_baseline
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config])
    install_bare_database(args.config, bare_database_name(args.database))

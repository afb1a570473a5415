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

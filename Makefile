# helpdesk_mgmt_support_contract: the two commands of README.md and helpers.
# Odoo 18 must be importable by $(ODOO_PYTHON) (default: python3).
ODOO_PYTHON ?= python3
export ODOO_PYTHON

.PHONY: run test test-odoo lint bench property wheel pot screenshot clean

run:  ## database with the addon, presets and demo data; Odoo on 127.0.0.1:8069
	@bash scripts/run.sh

test:  ## the whole test suite on fresh databases
	@bash scripts/test.sh

test-odoo:  ## the suite under Odoo's own runner (--test-enable) on a fresh database
	@bash scripts/test_odoo.sh

lint:  ## ruff, ruff format and pylint-odoo
	@bash scripts/lint.sh

bench:  ## every benchmark of bench/ against a scratch database
	@bash scripts/bench.sh

property:  ## long search of the lifecycle walk (LIFECYCLE_EXAMPLES, LIFECYCLE_SEED, LIFECYCLE_STEPS)
	@LIFECYCLE_EXAMPLES=$${LIFECYCLE_EXAMPLES:-2000} \
	LIFECYCLE_SEED=$${LIFECYCLE_SEED:-$$(date +%s)} \
	bash scripts/dev_test.sh tests/test_lifecycle_property.py -s -k random_lives

wheel:  ## build the addon wheel (whool) into the build directory
	@bash scripts/wheel.sh

pot:  ## refresh i18n/helpdesk_mgmt_support_contract.pot from a scratch database
	@bash scripts/pot.sh

screenshot:  ## My queue in Russian at 1280x800 (headless Chromium) -> readme/images/work_queue.png
	@bash scripts/screenshot.sh

clean:
	@bash -c 'source scripts/common.sh; echo "removing $$BUILD"; rm -rf "$$BUILD"' 

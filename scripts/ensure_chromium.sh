#!/usr/bin/env bash
# Headless Chromium for the portal tours (Odoo's HttpCase.start_tour): Debian's
# "chromium" package, installed when missing and the caller is root.
set -euo pipefail
for candidate in chromium chromium-browser google-chrome; do
    if command -v "$candidate" >/dev/null 2>&1; then
        exit 0
    fi
done
if [ "$(id -u)" != 0 ]; then
    echo "ERROR: Chromium is missing; install Debian's chromium package." >&2
    exit 2
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null

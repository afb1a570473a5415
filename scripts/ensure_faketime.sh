#!/usr/bin/env bash
# Debian's faketime (libfaketime) for the moved-clock runs of `make test`:
# installed when missing and the caller is root.
set -euo pipefail
if command -v faketime >/dev/null 2>&1; then
    exit 0
fi
if [ "$(id -u)" != 0 ]; then
    echo "ERROR: faketime is missing; install Debian's faketime package." >&2
    exit 2
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq faketime >/dev/null

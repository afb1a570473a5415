#!/usr/bin/env bash
# Debian's libcairo2 for cairosvg (a Python dependency of OCA
# mail_gateway_telegram, which converts Telegram stickers): installed when
# missing and the caller is root.
set -euo pipefail
if ldconfig -p 2>/dev/null | grep -q 'libcairo\.so\.2'; then
    exit 0
fi
if [ "$(id -u)" != 0 ]; then
    echo "ERROR: libcairo2 is missing; install Debian's libcairo2 package." >&2
    exit 2
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libcairo2 >/dev/null

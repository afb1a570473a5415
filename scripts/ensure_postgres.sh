#!/usr/bin/env bash
# Make sure a PostgreSQL server runs on this machine and the current user may
# create databases. Installs Debian's "postgresql" when it is missing and the
# caller is root; a server configured elsewhere (PGHOST...) is left alone.
set -euo pipefail

if [ -n "${PGHOST:-}" ] && [ "${PGHOST}" != "/var/run/postgresql" ]; then
    exit 0
fi
if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    if [ "$(id -u)" != 0 ]; then
        echo "ERROR: PostgreSQL is not installed; install Debian's postgresql." >&2
        exit 2
    fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql libpq-dev >/dev/null
fi
version=$(pg_lsclusters -h | awk 'NR==1 {print $1}')
cluster=$(pg_lsclusters -h | awk 'NR==1 {print $2}')
if [ -z "$version" ]; then
    echo "ERROR: no PostgreSQL cluster exists on this machine." >&2
    exit 2
fi
if ! pg_lsclusters -h | awk 'NR==1 {print $4}' | grep -q online; then
    if [ "$(id -u)" = 0 ]; then
        pg_ctlcluster "$version" "$cluster" start
    else
        echo "ERROR: PostgreSQL $version/$cluster is down; start it as root." >&2
        exit 2
    fi
fi
user=$(id -un)
if ! psql -d postgres -Atc 'select 1' >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then
        su postgres -c "psql -q -c \"CREATE ROLE \\\"$user\\\" SUPERUSER LOGIN\"" \
            >/dev/null 2>&1 || true
    fi
fi
psql -d postgres -Atc 'select 1' >/dev/null

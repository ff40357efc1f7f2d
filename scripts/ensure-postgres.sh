#!/usr/bin/env sh
# Makes PostgreSQL's server binaries available for the store tests; installs only when missing.
set -eu

if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1; then
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends postgresql
ls /usr/lib/postgresql/*/bin/initdb >/dev/null

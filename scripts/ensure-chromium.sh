#!/usr/bin/env sh
# Debian's Chromium for the sandbox's end-to-end tests (playwright-core drives /usr/bin/chromium;
# it never downloads a browser of its own). Installs only when missing.
set -eu

if [ -x /usr/bin/chromium ]; then
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends chromium
/usr/bin/chromium --version

#!/usr/bin/env bash
# The README's test line: installs everything the suite needs on a fresh machine (Debian packages
# PostgreSQL and Chromium when missing, npm dependencies), then runs every check CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."

sh scripts/ensure-postgres.sh
if [ -f scripts/ensure-chromium.sh ]; then sh scripts/ensure-chromium.sh; fi

npm ci --no-audit --no-fund
npm run typecheck
npm run rules:check
npm run rules:test
npm test

#!/usr/bin/env bash
# The README's test line: installs everything the suite needs on a fresh machine (Debian packages
# PostgreSQL and Chromium when missing, npm dependencies), then runs every check CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."

sh scripts/ensure-postgres.sh
sh scripts/ensure-chromium.sh

npm ci --no-audit --no-fund
npm run lint -- --colors=off
npm run deadcode -- --no-progress
npm run typecheck
npm run rules:check
npm run rules:test

mkdir -p artifacts
status=0
npm test -- --reporter=default --reporter=json --outputFile=artifacts/vitest-report.json || status=$?
# One plain closing line for whoever reads the log: "vitest: N passed, N failed, N skipped".
node -e '
  const r = JSON.parse(require("fs").readFileSync("artifacts/vitest-report.json", "utf8"));
  console.log(`vitest: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`);
' || true
exit "$status"

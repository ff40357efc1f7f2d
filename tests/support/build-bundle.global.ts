import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * vitest globalSetup: bundles the service and the CLI once before any test file runs
 * (scripts/build-server.mjs, ≈0.4 s), so tests that run the package's bin (dist/server/ctc-advisor.js,
 * tests/cli/support/run-cli.ts) or the server bundle run the code under test, never a stale build.
 */
export default function setup(): void {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  execFileSync(process.execPath, [path.join(root, 'scripts/build-server.mjs')], { cwd: root, stdio: 'inherit' });
}

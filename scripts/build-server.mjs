// Bundles src/main.ts into dist/server/main.js with esbuild, so `npm start` runs plain node instead of
// compiling TypeScript on the fly at every start (tsx: ≈1 s more to ready). Plain JavaScript, so the
// build itself needs no TypeScript loader. Packages stay external (better-sqlite3 is native); the file
// sits two folders deep so the `../..` that src/ modules use to find the project root still resolves.
// Each worker thread has its own entry beside main.js, where src/threads/start-worker.ts looks for it:
// sqlite-worker.js (the SQLite store) and pipeline-thread.js (service calls, src/calls/).
// The CLI is bundled beside them too, as dist/server/ctc-advisor.js (node_modules/.bin/ctc-advisor links to it,
// scripts/link-cli.mjs; its report and
// purge commands start the same sqlite-worker.js): `npx ctc-advisor …` then starts in plain Node, not
// through tsx (≈7 s → well under 1 s, issue 18). `npm install` runs this script (`prepare`), `npm start` too.
import { chmodSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { build } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = path.join(ROOT, 'dist/server');
const common = {
  outdir: OUT_DIR,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
};

await Promise.all([
  build({
    ...common,
    entryPoints: {
      main: path.join(ROOT, 'src/main.ts'),
      'sqlite-worker': path.join(ROOT, 'src/store/sqlite-worker-main.ts'),
      'pipeline-thread': path.join(ROOT, 'src/calls/pipeline-thread-main.ts'),
    },
  }),
  build({ ...common, entryPoints: { 'ctc-advisor': path.join(ROOT, 'src/cli/bin.ts') }, banner: { js: '#!/usr/bin/env node' } }),
]);
chmodSync(path.join(OUT_DIR, 'ctc-advisor.js'), 0o755);

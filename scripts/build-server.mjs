// Bundles src/main.ts into dist/server/main.js with esbuild, so `npm start` runs plain node instead of
// compiling TypeScript on the fly at every start (tsx: ≈1 s more to ready). Plain JavaScript, so the
// build itself needs no TypeScript loader. Packages stay external (better-sqlite3 is native); the file
// sits two folders deep so the `../..` that src/ modules use to find the project root still resolves.
// Each worker thread has its own entry beside main.js, where src/threads/start-worker.ts looks for it:
// sqlite-worker.js (the SQLite store) and pipeline-thread.js (service calls, src/calls/).
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { build } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = path.join(ROOT, 'dist/server');

await build({
  entryPoints: {
    main: path.join(ROOT, 'src/main.ts'),
    'sqlite-worker': path.join(ROOT, 'src/store/sqlite-worker-main.ts'),
    'pipeline-thread': path.join(ROOT, 'src/calls/pipeline-thread-main.ts'),
  },
  outdir: OUT_DIR,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
});

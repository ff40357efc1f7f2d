// Bundles src/main.ts into dist/server/main.js with esbuild, so `npm start` runs plain node instead of
// compiling TypeScript on the fly at every start (tsx: ≈1 s more to ready). Plain JavaScript, so the
// build itself needs no TypeScript loader. Packages stay external (better-sqlite3 is native); the file
// sits two folders deep so the `../..` that src/ modules use to find the project root still resolves.
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { build } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SERVER_BUNDLE = path.join(ROOT, 'dist/server/main.js');

await build({
  entryPoints: [path.join(ROOT, 'src/main.ts')],
  outfile: SERVER_BUNDLE,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
});

// `npm install` (prepare) links node_modules/.bin/ctc-advisor to the CLI bundle dist/server/ctc-advisor.js
// (scripts/build-server.mjs), so `npx ctc-advisor …` runs it straight from the local bin folder.
// Why not package.json `bin`: npx resolves a project's *own* bin by installing the project into its cache
// as a link and loading the whole dependency tree on every call (≈0.7 s before the CLI even starts,
// measured for issue 18); a local node_modules/.bin entry is found without that. The package is private,
// so `bin` had no other use.
import { lstatSync, mkdirSync, symlinkSync, unlinkSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const binDir = path.join(ROOT, 'node_modules/.bin');
const link = path.join(binDir, 'ctc-advisor');
mkdirSync(binDir, { recursive: true });
try {
  lstatSync(link);
  unlinkSync(link);
} catch {
  // no link yet
}
symlinkSync(path.relative(binDir, path.join(ROOT, 'dist/server/ctc-advisor.js')), link);

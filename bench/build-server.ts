import path from 'node:path';
import { build } from 'esbuild';
import { PROJECT_ROOT } from '../src/config/config.ts';

/**
 * A precompiled start path: src/main.ts bundled into one ESM file, packages left external. It sits
 * two folders deep (dist/server/) so the `../..` that src/ modules use to find the project root
 * still resolves to it. `node dist/server/main.js` then starts without tsx's on-the-fly compile.
 */
const PRECOMPILED_MAIN = 'dist/server/main.js';

export async function buildServer(): Promise<string> {
  const outfile = path.join(PROJECT_ROOT, PRECOMPILED_MAIN);
  await build({
    entryPoints: [path.join(PROJECT_ROOT, 'src/main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  return outfile;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.join(PROJECT_ROOT, 'bench/build-server.ts')) {
  buildServer().then((file) => process.stdout.write(`built ${file}\n`));
}

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';

/** The SMART app's browser code: web/smart/*.js plus src/normalize, src/facts and fhirclient from node_modules. */
export const SMART_WEB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/smart');
export const SMART_ENTRIES = ['launch', 'app'] as const;
export type SmartEntry = (typeof SMART_ENTRIES)[number];

/**
 * The normalize code is shared with the service, and src/normalize/terminology.ts imports node:fs for
 * `loadTerminology` (the service's loader). The browser builds its Terminology from the JSON the service
 * serves and never calls that loader, so node:fs becomes a stub that throws; any other node: import fails the build.
 */
const browserOnly: Plugin = {
  name: 'browser-only',
  setup(b) {
    b.onResolve({ filter: /^node:/ }, (args) => {
      if (args.path === 'node:fs' && args.importer.endsWith(path.join('src', 'normalize', 'terminology.ts')))
        return { path: 'node:fs', namespace: 'fs-stub' };
      return {
        errors: [
          {
            text: `${args.path} (imported by ${path.relative(process.cwd(), args.importer)}) has no place in the SMART app's browser bundle`,
          },
        ],
      };
    });
    b.onLoad({ filter: /.*/, namespace: 'fs-stub' }, () => ({
      contents: "export function readFileSync() { throw new Error('no file system in the browser'); }",
      loader: 'js',
    }));
  },
};

/**
 * Builds both entries in memory, once per process, on the first request for them (≈0.3 s). esbuild (a
 * runtime dependency for this reason) is imported here, not at start-up, so a service that never serves
 * the app never loads it.
 */
export async function buildSmartBundles(): Promise<ReadonlyMap<SmartEntry, string>> {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: Object.fromEntries(SMART_ENTRIES.map((e) => [e, path.join(SMART_WEB_DIR, `${e}.js`)])),
    outdir: '/smart-assets',
    write: false,
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
    plugins: [browserOnly],
    logLevel: 'silent',
  });
  const bundles = new Map<SmartEntry, string>();
  for (const file of result.outputFiles) {
    const entry = SMART_ENTRIES.find((e) => file.path.endsWith(`/${e}.js`));
    if (entry) bundles.set(entry, file.text);
  }
  return bundles;
}

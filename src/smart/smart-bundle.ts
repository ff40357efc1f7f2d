import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';

/** The SMART app's browser code: web/smart/*.js plus src/normalize, src/facts and fhirclient from node_modules. */
export const SMART_WEB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/smart');
export const SMART_ENTRIES = ['launch', 'app'] as const;
export type SmartEntry = (typeof SMART_ENTRIES)[number];

/**
 * The normalize and facts code is shared with the service and must stay free of Node: any node: import
 * reaching the browser bundle fails the build, naming the file that imports it.
 */
export const browserOnly: Plugin = {
  name: 'browser-only',
  setup(b) {
    b.onResolve({ filter: /^node:/ }, (args) => ({
      errors: [
        {
          text: `${args.path} (imported by ${path.relative(process.cwd(), args.importer)}) has no place in the SMART app's browser bundle`,
        },
      ],
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

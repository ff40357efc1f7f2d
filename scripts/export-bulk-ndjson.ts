import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

interface Resource {
  resourceType: string;
  id?: string;
  [key: string]: unknown;
}

/**
 * Writes patient Bundles as a FHIR Bulk Data export: one `<ResourceType>.ndjson` per type, one
 * resource per line, as `$export` does. With `patients` > 0 the bundles are cloned round-robin
 * until there are that many patients, each clone with new ids (`syn<n>-…`) and its references
 * rewritten, so the export reads like a real population with unique ids.
 * Returns the number of patients and of resources written.
 */
export function exportBulkNdjson(
  bundleFiles: readonly string[],
  outDir: string,
  options: { patients?: number } = {},
): { patients: number; resources: number } {
  const bundles = bundleFiles
    .map((f) => JSON.parse(readFileSync(f, 'utf8')) as { resourceType?: string; entry?: { resource?: Resource }[] })
    .filter((b) => b.resourceType === 'Bundle' && b.entry?.some((e) => e.resource?.resourceType === 'Patient'));
  const byType = new Map<string, string[]>();
  const target = options.patients ?? bundles.length;
  let resources = 0;
  for (let n = 0; n < target; n++) {
    const bundle = bundles[n % bundles.length];
    if (!bundle) break;
    const entries = (bundle.entry ?? []).map((e) => e.resource).filter((r): r is Resource => r !== undefined);
    const cloned = options.patients === undefined ? entries : renumber(entries, `syn${n}`);
    for (const resource of cloned) {
      let lines = byType.get(resource.resourceType);
      if (!lines) {
        lines = [];
        byType.set(resource.resourceType, lines);
      }
      lines.push(JSON.stringify(resource));
      resources++;
    }
  }
  mkdirSync(outDir, { recursive: true });
  for (const [type, lines] of byType) writeFileSync(path.join(outDir, `${type}.ndjson`), `${lines.join('\n')}\n`);
  return { patients: Math.min(target, options.patients === undefined ? bundles.length : target), resources };
}

/** New ids for every resource of one patient (`<prefix>-<n>`, the Patient `<prefix>-<old id>`), references rewritten to match. */
function renumber(resources: readonly Resource[], prefix: string): Resource[] {
  let text = JSON.stringify(resources);
  resources.forEach((r, i) => {
    if (!r.id) return;
    const id = r.resourceType === 'Patient' ? `${prefix}-${r.id}`.slice(0, 64) : `${prefix}-${i}`;
    text = text.split(`"id":${JSON.stringify(r.id)}`).join(`"id":${JSON.stringify(`\u0000${r.resourceType}/${id}`)}`);
    text = text.split(`"${r.resourceType}/${r.id}"`).join(`"${r.resourceType}/${id}"`);
  });
  return (JSON.parse(text) as Resource[]).map((r) => {
    if (typeof r.id === 'string' && r.id.startsWith('\u0000')) r.id = r.id.slice(r.id.indexOf('/') + 1);
    return r;
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values, positionals } = parseArgs({ options: { patients: { type: 'string' } }, allowPositionals: true });
  const [from, to] = positionals;
  if (!from || !to) {
    console.error('usage: tsx scripts/export-bulk-ndjson.ts <folder of patient bundles> <export folder> [--patients N]');
    process.exit(2);
  }
  const files = readdirSync(from)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => path.join(from, f));
  const result = exportBulkNdjson(files, to, values.patients ? { patients: Number(values.patients) } : {});
  console.log(`wrote ${to}: ${result.patients} patients, ${result.resources} resources`);
}

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CATALOG_PATH,
  REPO_ROOT,
  TRACEABILITY_PATH,
  generateTraceability,
  loadReferences,
  loadRuleDocs,
  parseCatalog,
} from '../../scripts/generate-traceability.ts';

const catalog = parseCatalog(readFileSync(CATALOG_PATH, 'utf8'));
const rules = loadRuleDocs(path.join(REPO_ROOT, 'rules'));
const references = loadReferences(path.join(REPO_ROOT, 'rules', 'references.json'));
const items = rules.flatMap((rule) => rule.evidence.map((evidence, index) => ({ where: `${rule.id} evidence[${index}]`, evidence })));

describe('traceability of rule evidence to the seeds (issue 4)', () => {
  it('reads all 130 catalog claims, each with a seed file and a verbatim quote', () => {
    expect(catalog.size).toBe(130);
    expect([...catalog.values()].filter((e) => !e.seedFile.endsWith('.txt') || e.quote.length < 10).map((e) => e.id)).toEqual([]);
  });

  it('every catalog id a rule uses exists in the evidence catalog', () => {
    const unknown = items.flatMap(({ where, evidence }) =>
      (evidence.catalog ?? []).filter((id) => !catalog.has(id)).map((id) => `${where}: ${id}`),
    );
    expect(unknown).toEqual([]);
  });

  it('every evidence item citing a seed review names at least one catalog claim', () => {
    const uncatalogued = items
      .filter(({ evidence }) => evidence.references.some((id) => references[id]?.kind === 'seed-review'))
      .filter(({ evidence }) => !evidence.catalog?.length)
      .map(({ where }) => where);
    expect(uncatalogued).toEqual([]);
  });

  it('every reference a rule cites is in rules/references.json', () => {
    const missing = items.flatMap(({ where, evidence }) =>
      evidence.references.filter((id) => !references[id]).map((id) => `${where}: ${id}`),
    );
    expect(missing).toEqual([]);
  });

  it('the committed docs/traceability.md equals a fresh generation (npm run docs:traceability)', () => {
    expect(readFileSync(TRACEABILITY_PATH, 'utf8')).toBe(generateTraceability());
  });
});

import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Bundle } from 'fhir/r4';
import { PROJECT_ROOT } from '../../src/config/config.ts';
import { loadServiceRegistry } from '../../src/services/service-registry.ts';
import { requestFromBundle } from '../../src/simulate/ehr-request.ts';

export const EXAMPLE_RULE = 'ctc-count/mbc-cellsearch-ctc-elevated.json';
export const PATIENT_VIEW = '/cds-services/ctc-advisor-patient-view';
export const FIXTURE_TIME = new Date('2026-03-01T00:00:00Z');
/** Evaluation times for the equivalence tests: the fixtures' own time, three months on, a year on. */
export const EVALUATION_TIMES: readonly Date[] = [FIXTURE_TIME, new Date('2026-06-01T00:00:00Z'), new Date('2027-06-01T00:00:00Z')];

/** Every fixture file, patient Bundles and request files alike, as absolute paths. */
export function fixtureFiles(): string[] {
  return ['patients', 'requests'].flatMap((dir) =>
    readdirSync(path.join(PROJECT_ROOT, 'fhir-fixtures', dir))
      .filter((f) => f.endsWith('.json'))
      .map((f) => path.join(PROJECT_ROOT, 'fhir-fixtures', dir, f)),
  );
}

/** A scratch copy of rules/ the test may change freely. */
export function tempRules(): { dir: string; dispose(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'ctc-rules-'));
  cpSync(path.join(PROJECT_ROOT, 'rules'), dir, { recursive: true });
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

type Json = Record<string, unknown>;

export function editRule(file: string, edit: (rule: Json) => void): void {
  const rule = JSON.parse(readFileSync(file, 'utf8')) as Json;
  edit(rule);
  writeFileSync(file, JSON.stringify(rule, null, 2));
}

/** The patient-view request an EHR would send for the fixture patient with a CellSearch count of 12. */
export function mbc12Request(): Record<string, unknown> {
  return requestFromBundle(MBC12, SERVICE);
}

const MBC12 = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'fhir-fixtures/patients/mbc-ctc-12-cellsearch.json'), 'utf8')) as Bundle;
const SERVICE = (() => {
  const service = loadServiceRegistry(path.join(PROJECT_ROOT, 'cds-hooks')).get('ctc-advisor-patient-view');
  if (!service) throw new Error('no patient-view service');
  return service;
})();

export function cardRuleIds(body: { cards?: { extension?: Record<string, { id?: string }> }[] }): string[] {
  return (body.cards ?? []).map((c) => c.extension?.['org.ctc-advisor.rule']?.id ?? 'unknown');
}

/** Polls until `check` returns a value (hot reload is asynchronous: fs.watch, then a debounce). */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

import { readdirSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config/config.ts';
import { loadRuleSet } from '../../src/rules/rule-set.ts';
import { requiredCancerType } from '../../src/rules/rule-index.ts';
import { loadServiceRegistry } from '../../src/services/service-registry.ts';
import { handleServiceCall } from '../../src/service-call.ts';
import { offlinePipeline, requestFromFile } from '../../src/simulate/offline-pipeline.ts';
import { evaluate } from '../../src/evaluate/evaluate.ts';
import { computeFacts, FACTS } from '../../src/facts/fact-catalog.ts';
import { CANCER_TYPES } from '../../src/facts/cancer-facts.ts';
import type { FactValue } from '../../src/facts/fact-definition.ts';
import { HOOK_NAMES, type HookName } from '../../src/rules/rule-file.ts';

const ruleSet = loadRuleSet(path.join(PROJECT_ROOT, 'rules'));
const services = loadServiceRegistry(path.join(PROJECT_ROOT, 'cds-hooks'));
const HOOKS: readonly HookName[] = HOOK_NAMES;
const TIMES = [new Date('2026-03-01T00:00:00Z'), new Date('2026-06-01T00:00:00Z'), new Date('2027-06-01T00:00:00Z')];

type Facts = Record<string, FactValue>;

async function firedIds(hook: HookName, facts: Facts, exhaustive: boolean): Promise<string[]> {
  return (await evaluate(ruleSet, hook, facts, { exhaustive })).fired.map((r) => r.rule.id).sort();
}

function fixtureFiles(): string[] {
  return ['patients', 'requests'].flatMap((dir) => readdirSync(path.join(PROJECT_ROOT, 'fhir-fixtures', dir)).filter((f) => f.endsWith('.json')).map((f) => path.join(PROJECT_ROOT, 'fhir-fixtures', dir, f)));
}

/** The index by required cancer type skips only rules that cannot fire: same fired set as running every rule. */
describe('rule index by cancer type', () => {
  it('indexes most patient-view rules by cancer type and leaves the rest generic', () => {
    const engines = ruleSet.engines.get('patient-view');
    const indexed = [...(engines?.byCancerType.values() ?? [])].flatMap((t) => t.rules.map((r) => r.rule.id));
    expect(indexed).toContain('mbc-cellsearch-ctc-elevated');
    expect(indexed).not.toContain('ctc-count-outside-cleared-indication-caveat');
    expect(requiredCancerType({ all: [{ fact: 'cancer.primaryTypes', operator: 'doesNotContain', value: 'breast' }] })).toBeUndefined();
    expect(requiredCancerType({ any: [{ fact: 'cancer.primaryTypes', operator: 'contains', value: 'breast' }] })).toBeUndefined();
  });

  it('every fixture at several evaluation times fires the same rules as the full engine, on both hooks', async () => {
    const files = fixtureFiles();
    let compared = 0;
    let firedAny = 0;
    for (const file of files) {
      // A patient Bundle becomes a patient-view request; a request file keeps its own hook.
      const { serviceId, body } = requestFromFile(file, 'patient-view', services);
      for (const at of TIMES) {
        const { trace } = await handleServiceCall(offlinePipeline(ruleSet, services, at), serviceId, body);
        const facts = computeFacts({ ...trace.picture, notes: trace.notes });
        const label = `${path.basename(file)} ${trace.hook} at ${at.toISOString()}`;
        const indexed = trace.evaluation.fired.map((r) => r.rule.id).sort();
        expect(indexed, label).toEqual(await firedIds(trace.evaluation.hook, facts, true));
        // Skipped rules are still reported: the decision record lists every rule of the hook as evaluated.
        const full = await evaluate(ruleSet, trace.evaluation.hook, facts, { exhaustive: true });
        expect(trace.evaluation.outcomes.map((o) => o.rule.rule.id), label).toEqual(full.outcomes.map((o) => o.rule.rule.id));
        expect(trace.evaluation.outcomes.filter((o) => o.skipped).every((o) => !o.fired && o.result === undefined)).toBe(true);
        // The same picture on the other hook (an order-select call without orders).
        const other: HookName = trace.evaluation.hook === 'patient-view' ? 'order-select' : 'patient-view';
        expect(await firedIds(other, facts, false), `${label} as ${other}`).toEqual(await firedIds(other, facts, true));
        compared++;
        if (indexed.length > 0) firedAny++;
      }
    }
    expect(files.length).toBeGreaterThan(200);
    expect(compared).toBe(files.length * TIMES.length);
    expect(firedAny).toBeGreaterThan(100);
  });

  it('random fact records (fixed seed) fire the same rules indexed and in full', async () => {
    const literals = conditionLiterals();
    const arbitraries: Record<string, fc.Arbitrary<FactValue>> = {};
    for (const fact of FACTS) {
      const seen = literals.get(fact.name);
      if (!seen) continue;
      const pool = [...new Set([...(fact.values ?? []), ...seen.filter((v): v is string => typeof v === 'string')])];
      const numbers = seen.filter((v): v is number => typeof v === 'number');
      arbitraries[fact.name] =
        fact.name === 'cancer.primaryTypes'
          ? fc.oneof(fc.subarray([...CANCER_TYPES]), fc.constant(null))
          : fact.type === 'string[]'
            ? fc.oneof(fc.subarray(pool), fc.constant(null))
            : fact.type === 'number'
              ? fc.oneof(fc.constantFrom(...numbers.flatMap((n) => [n - 1, n, n + 1])), fc.integer({ min: -5, max: 200 }), fc.constant(null))
              : fact.type === 'boolean'
                ? fc.oneof(fc.boolean(), fc.constant(null))
                : fc.oneof(fc.constantFrom(...(pool.length > 0 ? pool : ['x'])), fc.constant(null));
    }
    const base: Facts = Object.fromEntries(FACTS.map((f) => [f.name, null]));
    let fired = 0;
    await fc.assert(
      fc.asyncProperty(fc.record(arbitraries), fc.constantFrom(...HOOKS), async (drawn, hook) => {
        const facts = { ...base, ...drawn };
        const indexed = await firedIds(hook, facts, false);
        if (indexed.length > 0) fired++;
        expect(indexed).toEqual(await firedIds(hook, facts, true));
      }),
      { seed: 20261122, numRuns: 3000 },
    );
    expect(fired).toBeGreaterThan(100);
  });
});

/** Every value a loaded rule compares a fact with, by fact name (members of `in` lists included). */
function conditionLiterals(): Map<string, unknown[]> {
  const out = new Map<string, unknown[]>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    if (typeof n.fact === 'string') out.set(n.fact, [...(out.get(n.fact) ?? []), ...(Array.isArray(n.value) ? n.value : [n.value])]);
    for (const key of ['all', 'any', 'not'] as const) if (key in n) walk(n[key]);
  };
  for (const { rule } of ruleSet.rules) walk(rule.conditions);
  return out;
}

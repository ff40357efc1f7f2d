import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config/config.ts';
import { loadRuleSet } from '../../src/rule-set/rule-set.ts';
import { requiredCancerType } from '../../src/evaluate/rule-index.ts';
import { loadServiceRegistry } from '../../src/services/service-registry.ts';
import { handleServiceCall } from '../../src/service-call.ts';
import { offlinePipeline, requestFromFile } from '../../src/simulate/offline-pipeline.ts';
import { evaluate } from '../../src/evaluate/evaluate.ts';
import { computeFacts } from '../../src/facts/fact-catalog.ts';
import type { FactValue } from '../../src/facts/fact-definition.ts';
import { HOOK_NAMES, type HookName } from '../../src/rules/rule-file.ts';
import { factArbitraries, nullFacts } from './fact-arbitraries.ts';
import { EVALUATION_TIMES, fixtureFiles } from './support.ts';

const ruleSet = loadRuleSet(path.join(PROJECT_ROOT, 'rules'));
const services = loadServiceRegistry(path.join(PROJECT_ROOT, 'cds-hooks'));
const HOOKS: readonly HookName[] = HOOK_NAMES;

type Facts = Record<string, FactValue>;

async function firedIds(hook: HookName, facts: Facts, exhaustive: boolean): Promise<string[]> {
  return (await evaluate(ruleSet, hook, facts, { exhaustive })).fired.map((r) => r.rule.id).sort();
}

/** The index by required cancer type skips only rules that cannot fire: same fired set as running every rule. */
describe('rule index by cancer type', () => {
  it('indexes most patient-view rules by cancer type and leaves the rest generic', () => {
    const engines = ruleSet.engines.get('patient-view');
    const indexed = (engines?.compiled ?? []).filter((c) => c.cancerType !== undefined).map((c) => c.rule.rule.id);
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
      for (const at of EVALUATION_TIMES) {
        const { trace } = await handleServiceCall(offlinePipeline(ruleSet, services, at), serviceId, body);
        const facts = computeFacts({ ...trace.picture, notes: trace.notes });
        const label = `${path.basename(file)} ${trace.hook} at ${at.toISOString()}`;
        const indexed = trace.evaluation.fired.map((r) => r.rule.id).sort();
        expect(indexed, label).toEqual(await firedIds(trace.evaluation.hook, facts, true));
        // Skipped rules are still reported: the decision record lists every rule of the hook as evaluated.
        const full = await evaluate(ruleSet, trace.evaluation.hook, facts, { exhaustive: true });
        expect(
          trace.evaluation.outcomes.map((o) => o.rule.rule.id),
          label,
        ).toEqual(full.outcomes.map((o) => o.rule.rule.id));
        expect(trace.evaluation.outcomes.filter((o) => o.skipped).every((o) => !o.fired && o.result === undefined)).toBe(true);
        // The same picture on the other hook (an order-select call without orders).
        const other: HookName = trace.evaluation.hook === 'patient-view' ? 'order-select' : 'patient-view';
        expect(await firedIds(other, facts, false), `${label} as ${other}`).toEqual(await firedIds(other, facts, true));
        compared++;
        if (indexed.length > 0) firedAny++;
      }
    }
    expect(files.length).toBeGreaterThan(200);
    expect(compared).toBe(files.length * EVALUATION_TIMES.length);
    expect(firedAny).toBeGreaterThan(100);
  });

  it('random fact records (fixed seed) fire the same rules indexed and in full', async () => {
    const arbitraries = factArbitraries(ruleSet) as Record<string, fc.Arbitrary<FactValue>>;
    const base: Facts = nullFacts();
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

import path from 'node:path';
import fc from 'fast-check';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config/config.ts';
import { loadRuleSet, type RuleSet } from '../../src/rule-set/rule-set.ts';
import { RuleSetHolder } from '../../src/rule-set/rule-set-holder.ts';
import { loadServiceRegistry } from '../../src/services/service-registry.ts';
import { handleServiceCall } from '../../src/service-call.ts';
import { offlinePipeline, requestFromFile } from '../../src/simulate/offline-pipeline.ts';
import { evaluate } from '../../src/evaluate/evaluate.ts';
import { computeFacts } from '../../src/facts/fact-catalog.ts';
import type { FactValue } from '../../src/facts/fact-definition.ts';
import { HOOK_NAMES, type HookName } from '../../src/rules/rule-file.ts';
import { editRule, EVALUATION_TIMES, EXAMPLE_RULE, FIXTURE_TIME, fixtureFiles, mbc12Request, tempRules } from './support.ts';
import { factArbitraries, nullFacts } from './fact-arbitraries.ts';

const ruleSet = loadRuleSet(path.join(PROJECT_ROOT, 'rules'));
const services = loadServiceRegistry(path.join(PROJECT_ROOT, 'cds-hooks'));
/** docs/testing.md lists this seed. */
const SEED = 20261201;

type Facts = Record<string, FactValue>;

/**
 * The compiled predicates against json-rules-engine's full engine (the reference): the fired set of
 * the service path, and every rule's own result, skipped ones included. Returns how many fired.
 */
async function compareWithEngine(set: RuleSet, hook: HookName, facts: Facts, label: string): Promise<number> {
  const full = await evaluate(set, hook, facts, { exhaustive: true });
  const fast = await evaluate(set, hook, facts);
  const ids = (rules: readonly { rule: { id: string } }[]) => rules.map((r) => r.rule.id);
  expect(ids(fast.fired), label).toEqual(ids(full.fired));
  expect(ids(fast.outcomes.map((o) => o.rule)), label).toEqual(ids(full.outcomes.map((o) => o.rule)));
  // The decision record's evaluated list: the hook's frozen list on the fast path, the same rules as the engine's.
  expect(fast.evaluated, label).toEqual(full.evaluated);
  expect(fast.evaluated, label).toEqual(fast.outcomes.map(({ rule: { rule } }) => ({ id: rule.id, version: rule.version })));
  expect(Object.isFrozen(fast.evaluated), label).toBe(true);
  expect(
    fast.outcomes.every((o) => o.result === undefined && (o.skipped === undefined || !o.fired)),
    label,
  ).toBe(true);
  const reference = new Map(full.outcomes.map((o) => [o.rule.rule.id, o.fired]));
  const compiled = set.engines.get(hook)?.compiled ?? [];
  expect(compiled.length, label).toBe(full.outcomes.length);
  for (const { rule, holds } of compiled) expect(holds(facts), `${label}: ${rule.rule.id}`).toBe(reference.get(rule.rule.id));
  return full.fired.length;
}

describe('compiled rule predicates decide as json-rules-engine does', () => {
  it('every fixture at several evaluation times, both hooks: same fired set and the same result for every rule', async () => {
    const files = fixtureFiles();
    let compared = 0;
    let fired = 0;
    for (const file of files) {
      const { serviceId, body } = requestFromFile(file, 'patient-view', services);
      for (const at of EVALUATION_TIMES) {
        const { trace } = await handleServiceCall(offlinePipeline(ruleSet, services, at), serviceId, body);
        const facts = computeFacts({ ...trace.picture, notes: trace.notes });
        for (const hook of HOOK_NAMES) {
          fired += await compareWithEngine(ruleSet, hook, facts, `${path.basename(file)} ${hook} at ${at.toISOString()}`);
          compared++;
        }
      }
    }
    expect(files.length).toBeGreaterThan(200);
    expect(compared).toBe(files.length * EVALUATION_TIMES.length * HOOK_NAMES.length);
    expect(fired).toBeGreaterThan(300);
  });

  it(`random fact records, odd values mixed in (seed ${SEED}): same fired set and per-rule results`, async () => {
    const base: Facts = nullFacts();
    const arbitraries = factArbitraries(ruleSet, { oddValues: true });
    let fired = 0;
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(fc.record(arbitraries), fc.constantFrom(...HOOK_NAMES), async (drawn, hook) => {
        runs++;
        // Off-type values on purpose (e.g. [7], NaN): facts the catalog would never produce must still agree.
        if ((await compareWithEngine(ruleSet, hook, { ...base, ...drawn } as Facts, JSON.stringify(drawn))) > 0) fired++;
      }),
      { seed: SEED, numRuns: 3000 },
    );
    expect(runs).toBe(3000);
    expect(fired).toBeGreaterThan(100);
  });

  it('a reloaded rule set brings its own predicates: a changed cut-off changes what the service path fires', async () => {
    const rules = tempRules();
    const fires = async (set: RuleSet) => {
      const { trace } = await handleServiceCall(offlinePipeline(set, services, FIXTURE_TIME), 'ctc-advisor-patient-view', mbc12Request());
      return trace.evaluation.fired.some((r) => r.rule.id === 'mbc-cellsearch-ctc-elevated');
    };
    try {
      const holder = new RuleSetHolder(rules.dir, pino({ level: 'silent' }));
      const before = holder.current();
      expect(await fires(before)).toBe(true);
      editRule(path.join(rules.dir, EXAMPLE_RULE), (rule) => {
        const all = (rule.conditions as { all: { fact: string; operator: string; value: unknown }[] }).all;
        const cut = all.find((c) => c.fact === 'ctc.latest.countPer7_5mL' && c.operator === 'greaterThanInclusive');
        if (!cut) throw new Error('the example rule has no count cut-off');
        cut.value = 13;
        rule.version = '9.0.0';
      });
      expect(holder.reload()).toBe(true);
      expect(holder.current().engines).not.toBe(before.engines);
      expect(await fires(holder.current())).toBe(false);
      expect(await fires(before)).toBe(true);
    } finally {
      rules.dispose();
    }
  });
});

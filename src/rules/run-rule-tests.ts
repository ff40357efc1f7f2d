import path from 'node:path';
import type { RuleSet } from './rule-set.ts';
import type { LoadedRule, RuleTestCase } from './rule-file.ts';
import type { ServiceRegistry } from '../services/service-registry.ts';
import { handleServiceCall } from '../service-call.ts';
import { offlinePipeline, requestFromFile } from '../simulate/offline-pipeline.ts';
import { computeFacts } from '../facts/fact-catalog.ts';
import { renderCard } from '../cards/render-card.ts';

export const DEFAULT_TEST_TIME = '2026-06-01T00:00:00Z';

export interface RuleTestResult {
  readonly ruleId: string;
  readonly test: RuleTestCase;
  readonly passed: boolean;
  readonly failures: readonly string[];
  /** The condition tree with fact values when the outcome was not as expected. */
  readonly explanation?: unknown;
}

/**
 * Runs each rule's test cases through the same pipeline the service uses (validate → normalize →
 * evaluate → cards), with the fixture as full prefetch and the test's pinned evaluation time.
 */
export async function runRuleTests(ruleSet: RuleSet, services: ServiceRegistry, root: string, filter?: (rule: LoadedRule) => boolean): Promise<RuleTestResult[]> {
  const results: RuleTestResult[] = [];
  for (const loaded of ruleSet.rules.filter(filter ?? (() => true))) {
    for (const test of loaded.rule.tests) results.push(await runOne(loaded, test, ruleSet, services, root));
  }
  return results;
}

async function runOne(loaded: LoadedRule, test: RuleTestCase, ruleSet: RuleSet, services: ServiceRegistry, root: string): Promise<RuleTestResult> {
  const { rule } = loaded;
  const hook = test.hook ?? rule.hooks[0] ?? 'patient-view';
  const failures: string[] = [];
  try {
    const { serviceId, body } = requestFromFile(path.resolve(root, test.fixture), hook, services);
    const pipeline = offlinePipeline(ruleSet, services, new Date(test.at ?? DEFAULT_TEST_TIME));
    const { trace } = await handleServiceCall(pipeline, serviceId, body);
    const outcome = trace.evaluation.outcomes.find((o) => o.rule.rule.id === rule.id);
    const fired = outcome?.fired ?? false;
    if (test.expect === 'fires' && !fired) failures.push('expected the rule to fire, but it stayed silent');
    if (test.expect === 'silent' && fired) failures.push('expected the rule to stay silent, but it fired');
    if (fired && (test.summary !== undefined || test.indicator !== undefined)) {
      const card = renderCard(loaded, computeFacts({ ...trace.picture, notes: trace.notes }), { ruleSet, publicBaseUrl: pipeline.publicBaseUrl });
      if (test.summary !== undefined && card.summary !== test.summary) failures.push(`summary was "${card.summary}", expected "${test.summary}"`);
      if (test.indicator !== undefined && card.indicator !== test.indicator) failures.push(`indicator was ${card.indicator}, expected ${test.indicator}`);
      if (card.summary.length >= 140) failures.push(`summary is ${card.summary.length} characters once rendered (must be under 140)`);
    }
    return { ruleId: rule.id, test, passed: failures.length === 0, failures, ...(failures.length > 0 ? { explanation: outcome?.result.toJSON(false) } : {}) };
  } catch (error) {
    return { ruleId: rule.id, test, passed: false, failures: [`could not run: ${(error as Error).message}`] };
  }
}

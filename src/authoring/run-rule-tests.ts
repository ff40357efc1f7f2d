import path from 'node:path';
import type { RuleSet } from '../rule-set/rule-set.ts';
import type { RuleResult } from 'json-rules-engine';
import type { HookName, LoadedRule, RuleTestCase } from '../rules/rule-file.ts';
import type { FactValue } from '../facts/fact-definition.ts';
import type { ServiceRegistry } from '../services/service-registry.ts';
import { handleServiceCall } from '../service-call.ts';
import { offlinePipeline, requestFromFile } from '../simulate/offline-pipeline.ts';
import { computeFacts } from '../facts/fact-catalog.ts';
import { renderCard } from '../cards/render-card.ts';
import { renderTemplate } from '../cards/template.ts';
import { SUMMARY_MAX_LENGTH } from '../rule-set/rule-lint.ts';
import { explainConditions, type ExplainedCondition } from '../explain/condition-tree.ts';
import { evaluate } from '../evaluate/evaluate.ts';

const DEFAULT_TEST_TIME = '2026-06-01T00:00:00Z';

export interface RuleTestResult {
  readonly ruleId: string;
  readonly file: string;
  readonly index: number;
  readonly test: RuleTestCase;
  readonly passed: boolean;
  readonly failures: readonly string[];
  /** The summary as the template renders it for this fixture, before the card truncates it. */
  readonly renderedSummary?: string;
  /** The card's detail for this fixture (its word budget is checked by `rules check`). */
  readonly renderedDetail?: string;
  /** The condition tree with fact values, when the outcome was not as expected. */
  readonly explanation?: ExplainedCondition;
}

/**
 * Runs each rule's test cases through the same pipeline the service uses (validate → normalize →
 * evaluate → cards), with the fixture as full prefetch and the test's pinned evaluation time.
 */
export async function runRuleTests(
  ruleSet: RuleSet,
  services: ServiceRegistry,
  root: string,
  filter?: (rule: LoadedRule) => boolean,
): Promise<RuleTestResult[]> {
  const results: RuleTestResult[] = [];
  for (const loaded of ruleSet.rules.filter(filter ?? (() => true))) {
    for (const [index, test] of loaded.rule.tests.entries()) results.push(await runOne(loaded, index, test, ruleSet, services, root));
  }
  return results;
}

async function runOne(
  loaded: LoadedRule,
  index: number,
  test: RuleTestCase,
  ruleSet: RuleSet,
  services: ServiceRegistry,
  root: string,
): Promise<RuleTestResult> {
  const { rule } = loaded;
  const hook = test.hook ?? rule.hooks[0] ?? 'patient-view';
  const base = { ruleId: rule.id, file: loaded.file, index, test };
  const failures: string[] = [];
  try {
    const { serviceId, body } = requestFromFile(path.resolve(root, test.fixture), hook, services);
    const pipeline = offlinePipeline(ruleSet, services, new Date(test.at ?? DEFAULT_TEST_TIME));
    const { trace } = await handleServiceCall(pipeline, serviceId, body);
    const outcome = trace.evaluation.outcomes.find((o) => o.rule.rule.id === rule.id);
    const fired = outcome?.fired ?? false;
    if (!outcome) failures.push(`the rule was not evaluated for the ${trace.hook} hook`);
    else if (test.expect === 'fires' && !fired)
      failures.push(
        `expected the rule to fire, but it stayed silent${outcome.skipped ? ' (skipped: it requires a primary cancer type the patient does not have)' : ''}`,
      );
    else if (test.expect === 'silent' && fired) failures.push('expected the rule to stay silent, but it fired');
    const facts = computeFacts({ ...trace.picture, notes: trace.notes });
    let renderedSummary: string | undefined;
    let renderedDetail: string | undefined;
    if (fired) {
      renderedSummary = renderTemplate(rule.card.summary, facts);
      const card = renderCard(loaded, facts, { ruleSet, publicBaseUrl: pipeline.publicBaseUrl });
      renderedDetail = card.detail;
      if (test.summary !== undefined && renderedSummary !== test.summary)
        failures.push(`summary was "${renderedSummary}", expected "${test.summary}"`);
      if (test.indicator !== undefined && card.indicator !== test.indicator)
        failures.push(`indicator was ${card.indicator}, expected ${test.indicator}`);
      if (renderedSummary.length > SUMMARY_MAX_LENGTH)
        failures.push(`summary is ${renderedSummary.length} characters once rendered (at most ${SUMMARY_MAX_LENGTH})`);
    }
    const explanation =
      failures.length > 0 && outcome
        ? { explanation: explainConditions(outcome.result ?? (await fullResult(ruleSet, trace.evaluation.hook, facts, rule.id))) }
        : {};
    return {
      ...base,
      passed: failures.length === 0,
      failures,
      ...(renderedSummary !== undefined ? { renderedSummary } : {}),
      ...(renderedDetail !== undefined ? { renderedDetail } : {}),
      ...explanation,
    };
  } catch (error) {
    const problems = (error as { problems?: readonly { path: string; message: string }[] }).problems ?? [];
    const detail = problems.map((p) => `; ${p.path} ${p.message}`).join('');
    return { ...base, passed: false, failures: [`could not run: ${(error as Error).message}${detail}`] };
  }
}

/** A skipped rule's condition tree, from the hook's full engine, so a failing case still shows fact values. */
async function fullResult(
  ruleSet: RuleSet,
  hook: HookName,
  facts: Readonly<Record<string, FactValue>>,
  ruleId: string,
): Promise<RuleResult> {
  const outcome = (await evaluate(ruleSet, hook, facts, { exhaustive: true })).outcomes.find((o) => o.rule.rule.id === ruleId);
  if (!outcome?.result) throw new Error(`rule ${ruleId} was not evaluated for the ${hook} hook`);
  return outcome.result;
}

import type { RuleResult } from 'json-rules-engine';
import type { FactValue } from '../facts/fact-definition.ts';
import type { RuleSet } from '../rules/rule-set.ts';
import type { HookName, LoadedRule } from '../rules/rule-file.ts';

export interface RuleOutcome {
  readonly rule: LoadedRule;
  readonly fired: boolean;
  /** json-rules-engine's condition tree with fact values and results, for `explain`. */
  readonly result: RuleResult;
}

export interface Evaluation {
  readonly hook: HookName;
  readonly outcomes: readonly RuleOutcome[];
  readonly fired: readonly LoadedRule[];
}

/** Runs the hook's prebuilt engine once; every run gets a fresh almanac, so concurrent calls never share state. */
export async function evaluate(ruleSet: RuleSet, hook: HookName, facts: Readonly<Record<string, FactValue>>): Promise<Evaluation> {
  const engine = ruleSet.engines.get(hook);
  if (!engine) return { hook, outcomes: [], fired: [] };
  const { results, failureResults } = await engine.run({ ...facts });
  const outcomes: RuleOutcome[] = [];
  for (const [list, fired] of [[results, true], [failureResults, false]] as const) {
    for (const result of list) {
      const rule = ruleSet.byId.get(result.name as string);
      if (rule) outcomes.push({ rule, fired, result });
    }
  }
  outcomes.sort((a, b) => a.rule.rule.id.localeCompare(b.rule.rule.id));
  const fired = outcomes.filter((o) => o.fired).map((o) => o.rule);
  return { hook, outcomes, fired };
}

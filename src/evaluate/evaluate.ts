import { Fact, type Engine, type RuleResult } from 'json-rules-engine';
import type { FactValue } from '../facts/fact-definition.ts';
import type { RuleSet } from '../rules/rule-set.ts';
import type { HookName, LoadedRule } from '../rules/rule-file.ts';

export interface RuleOutcome {
  readonly rule: LoadedRule;
  readonly fired: boolean;
  /** Set when the rule was not run because it requires a primary cancer type the patient does not have. */
  readonly skipped?: 'cancer-type';
  /** json-rules-engine's condition tree with fact values and results, for `explain`; absent when skipped. */
  readonly result?: RuleResult;
}

export interface Evaluation {
  readonly hook: HookName;
  /** Every rule of the hook, fired or not (skipped rules included), sorted by id. */
  readonly outcomes: readonly RuleOutcome[];
  readonly fired: readonly LoadedRule[];
}

export interface EvaluateOptions {
  /** Run every rule on the hook's full engine, so each outcome carries its condition tree (explain). */
  readonly exhaustive?: boolean;
}

/**
 * Runs the hook's prebuilt engines: the rules that need no particular cancer type plus those of the
 * patient's primary types. Every run gets a fresh almanac, so concurrent calls never share state.
 */
export async function evaluate(ruleSet: RuleSet, hook: HookName, facts: Readonly<Record<string, FactValue>>, options: EvaluateOptions = {}): Promise<Evaluation> {
  const engines = ruleSet.engines.get(hook);
  if (!engines) return { hook, outcomes: [], fired: [] };
  const types = new Set(options.exhaustive ? [] : primaryTypes(facts));
  const selected: Engine[] = options.exhaustive ? [engines.full] : [engines.generic];
  const outcomes: RuleOutcome[] = [];
  for (const [type, { engine, rules }] of engines.byCancerType) {
    if (types.has(type)) selected.push(engine);
    else if (!options.exhaustive) for (const rule of rules) outcomes.push({ rule, fired: false, skipped: 'cancer-type' });
  }
  const runtimeFacts = constantFacts(facts);
  for (const { results, failureResults } of await Promise.all(selected.map((engine) => engine.run(runtimeFacts)))) {
    for (const [list, fired] of [[results, true], [failureResults, false]] as const) {
      for (const result of list) {
        const rule = ruleSet.byId.get(result.name as string);
        if (rule) outcomes.push({ rule, fired, result });
      }
    }
  }
  outcomes.sort((a, b) => a.rule.rule.id.localeCompare(b.rule.rule.id));
  const fired = outcomes.filter((o) => o.fired).map((o) => o.rule);
  return { hook, outcomes, fired };
}

/**
 * Facts are constants computed before the run; json-rules-engine never reads its result cache for
 * constants, so `cache: false` only spares it hashing every fact into that cache on every run.
 */
function constantFacts(facts: Readonly<Record<string, FactValue>>): Record<string, Fact> {
  const out: Record<string, Fact> = {};
  for (const [name, value] of Object.entries(facts)) out[name] = new Fact(name, value, { cache: false });
  return out;
}

function primaryTypes(facts: Readonly<Record<string, FactValue>>): readonly string[] {
  const value = facts['cancer.primaryTypes'];
  return Array.isArray(value) ? value.filter((t): t is string => typeof t === 'string') : [];
}

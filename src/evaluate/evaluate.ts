import { Fact, type RuleResult } from 'json-rules-engine';
import type { FactValue } from '../facts/fact-definition.ts';
import type { HookName, LoadedRule, RuleRef } from '../rules/rule-file.ts';
import type { HookEngines } from './rule-index.ts';

export interface RuleOutcome {
  readonly rule: LoadedRule;
  readonly fired: boolean;
  /** Set when the rule was not run because it requires a cancer type other than the one the patient's results belong to. */
  readonly skipped?: 'cancer-type';
  /** json-rules-engine's condition tree with fact values and results; only on exhaustive runs (explain). */
  readonly result?: RuleResult;
}

export interface Evaluation {
  readonly hook: HookName;
  /** Every rule of the hook, fired or not (skipped rules included), sorted by id. */
  readonly outcomes: readonly RuleOutcome[];
  readonly fired: readonly LoadedRule[];
  /** The outcomes' rules as id and version; on the service path, the hook's frozen list built at load. */
  readonly evaluated: readonly RuleRef[];
}

interface EvaluateOptions {
  /** Run every rule on the hook's full json-rules-engine engine, so each outcome carries its condition tree (explain). */
  readonly exhaustive?: boolean;
}

type Facts = Readonly<Record<string, FactValue>>;

/** What evaluation reads of a rule set (rule-set/rule-set.ts builds one per load): each hook's engines, every rule by id. */
interface RuleEngines {
  readonly engines: ReadonlyMap<HookName, HookEngines>;
  readonly byId: ReadonlyMap<string, LoadedRule>;
}

/**
 * The service path runs the hook's predicates compiled at load (synchronous, nothing built per call);
 * `exhaustive` runs json-rules-engine itself, the reference semantics, for condition trees.
 */
export async function evaluate(ruleSet: RuleEngines, hook: HookName, facts: Facts, options: EvaluateOptions = {}): Promise<Evaluation> {
  return options.exhaustive ? evaluateExhaustive(ruleSet, hook, facts) : evaluateCompiled(ruleSet, hook, facts);
}

/**
 * The rules that need no particular cancer type plus those of the patient's attributed primary (cancer.type); the
 * others cannot fire and are reported as skipped. Throws where json-rules-engine would reject the run.
 */
function evaluateCompiled(ruleSet: RuleEngines, hook: HookName, facts: Facts): Evaluation {
  const engines = ruleSet.engines.get(hook);
  if (!engines) return { hook, outcomes: [], fired: [], evaluated: [] };
  const type = facts['cancer.type'];
  const outcomes: RuleOutcome[] = [];
  const fired: LoadedRule[] = [];
  // `compiled` is sorted by id at load, so outcomes come out in report order.
  for (const { rule, cancerType, holds } of engines.compiled) {
    if (cancerType !== undefined && cancerType !== type) {
      outcomes.push({ rule, fired: false, skipped: 'cancer-type' });
    } else {
      const passes = holds(facts);
      outcomes.push({ rule, fired: passes });
      if (passes) fired.push(rule);
    }
  }
  return { hook, outcomes, fired, evaluated: engines.evaluated };
}

/** Every rule on the full engine; every run gets a fresh almanac, so concurrent calls never share state. */
async function evaluateExhaustive(ruleSet: RuleEngines, hook: HookName, facts: Facts): Promise<Evaluation> {
  const engines = ruleSet.engines.get(hook);
  if (!engines) return { hook, outcomes: [], fired: [], evaluated: [] };
  const { results, failureResults } = await engines.full.run(constantFacts(facts));
  const outcomes: RuleOutcome[] = [];
  for (const [list, fired] of [
    [results, true],
    [failureResults, false],
  ] as const) {
    for (const result of list) {
      const rule = ruleSet.byId.get(result.name as string);
      if (rule) outcomes.push({ rule, fired, result });
    }
  }
  outcomes.sort((a, b) => a.rule.rule.id.localeCompare(b.rule.rule.id));
  return {
    hook,
    outcomes,
    fired: outcomes.filter((o) => o.fired).map((o) => o.rule),
    evaluated: outcomes.map(({ rule: { rule } }) => ({ id: rule.id, version: rule.version })),
  };
}

/**
 * Facts are constants computed before the run; json-rules-engine never reads its result cache for
 * constants, so `cache: false` only spares it hashing every fact into that cache on every run.
 */
function constantFacts(facts: Facts): Record<string, Fact> {
  const out: Record<string, Fact> = {};
  for (const [name, value] of Object.entries(facts)) out[name] = new Fact(name, value, { cache: false });
  return out;
}

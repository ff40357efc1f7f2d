import { Engine } from 'json-rules-engine';
import type { LoadedRule, RuleRef } from '../rules/rule-file.ts';
import { compileConditions, type RulePredicate } from './compile-conditions.ts';
import { engineOperators } from './engine-operators.ts';

/** One rule compiled to a predicate, with the primary cancer type it requires (if any). */
export interface CompiledRule {
  readonly rule: LoadedRule;
  readonly cancerType: string | undefined;
  readonly holds: RulePredicate;
}

/**
 * One hook's rules, compiled at load. A service call runs `compiled` (every rule of the hook, sorted
 * by id), skipping the rules whose required cancer type the patient does not have: they cannot fire.
 * `full` is json-rules-engine holding every rule, the reference semantics, for explanations that
 * show every condition tree.
 */
export interface HookEngines {
  readonly full: Engine;
  readonly compiled: readonly CompiledRule[];
  /** `compiled`'s rules as id and version, in the same order: the list every call of the hook evaluates. Frozen. */
  readonly evaluated: readonly RuleRef[];
}

interface ConditionNode {
  readonly all?: readonly unknown[];
  readonly fact?: unknown;
  readonly operator?: unknown;
  readonly value?: unknown;
  readonly path?: unknown;
}

/**
 * The cancer type a rule requires: a top-level `all` member `cancer.type equal X`. Without X as the
 * patient's attributed primary the `all` is false whatever the other conditions say.
 */
export function requiredCancerType(conditions: unknown): string | undefined {
  const members = (conditions as ConditionNode | null)?.all;
  if (!Array.isArray(members)) return undefined;
  for (const member of members as readonly ConditionNode[]) {
    if (member?.fact === 'cancer.type' && member.operator === 'equal' && member.path === undefined && typeof member.value === 'string')
      return member.value;
  }
  return undefined;
}

export function buildHookEngines(rules: readonly LoadedRule[]): HookEngines {
  const full = buildEngine(rules);
  // The full engine's own operators: the compiled predicates compare exactly as explanations do.
  const operators = engineOperators(full);
  const compiled = rules.map((rule): CompiledRule => {
    try {
      return { rule, cancerType: requiredCancerType(rule.rule.conditions), holds: compileConditions(rule.rule.conditions, operators) };
    } catch (error) {
      throw new Error(`${rule.file}: ${(error as Error).message}`, { cause: error });
    }
  });
  // Outcomes are reported by id; sorting once here spares every call a sort.
  compiled.sort((a, b) => a.rule.rule.id.localeCompare(b.rule.rule.id));
  const evaluated = Object.freeze(compiled.map(({ rule: { rule } }) => Object.freeze({ id: rule.id, version: rule.version })));
  return { full, compiled, evaluated };
}

/**
 * Rules are added to the engine here, once per load, never per request. Facts arrive at run time
 * as constants computed from the clinical picture, so undefined facts are a load-time error (lint).
 */
function buildEngine(rules: readonly LoadedRule[]): Engine {
  const engine = new Engine([], { allowUndefinedFacts: false, allowUndefinedConditions: false });
  for (const { rule } of rules) {
    engine.addRule({
      name: rule.id,
      priority: 1,
      conditions: rule.conditions as never,
      event: { type: rule.id, params: { version: rule.version, status: rule.status } },
    });
  }
  return engine;
}

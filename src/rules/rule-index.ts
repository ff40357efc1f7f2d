import { Engine } from 'json-rules-engine';
import type { LoadedRule } from './rule-file.ts';

/** The rules that can only fire for one primary cancer type, in their own engine. */
export interface CancerTypeRules {
  readonly engine: Engine;
  readonly rules: readonly LoadedRule[];
}

/**
 * One hook's rules, compiled at load. A call runs `generic` plus the engines of the patient's
 * primary cancer types; the other types' rules cannot fire, so they are reported as skipped.
 * `full` holds every rule, for explanations that show every condition tree.
 */
export interface HookEngines {
  readonly full: Engine;
  readonly generic: Engine;
  readonly byCancerType: ReadonlyMap<string, CancerTypeRules>;
}

interface ConditionNode {
  readonly all?: readonly unknown[];
  readonly fact?: unknown;
  readonly operator?: unknown;
  readonly value?: unknown;
  readonly path?: unknown;
}

/**
 * The cancer type a rule requires: a top-level `all` member `cancer.primaryTypes contains X`.
 * json-rules-engine's `contains` is `Array.isArray(fact) && fact.includes(X)`, so without X among
 * the patient's primary types the `all` is false whatever the other conditions say.
 */
export function requiredCancerType(conditions: unknown): string | undefined {
  const members = (conditions as ConditionNode | null)?.all;
  if (!Array.isArray(members)) return undefined;
  for (const member of members as readonly ConditionNode[]) {
    if (member?.fact === 'cancer.primaryTypes' && member.operator === 'contains' && member.path === undefined && typeof member.value === 'string') return member.value;
  }
  return undefined;
}

export function buildHookEngines(rules: readonly LoadedRule[]): HookEngines {
  const generic: LoadedRule[] = [];
  const typed = new Map<string, LoadedRule[]>();
  for (const rule of rules) {
    const type = requiredCancerType(rule.rule.conditions);
    if (type === undefined) generic.push(rule);
    else typed.set(type, [...(typed.get(type) ?? []), rule]);
  }
  return {
    full: buildEngine(rules),
    generic: buildEngine(generic),
    byCancerType: new Map([...typed].map(([type, list]) => [type, { engine: buildEngine(list), rules: list }])),
  };
}

/**
 * Rules are compiled into engines here, once per load, never per request. Facts arrive at run time
 * as constants computed from the clinical picture, so undefined facts are a load-time error.
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

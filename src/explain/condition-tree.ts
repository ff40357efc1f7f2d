import type { RuleResult } from 'json-rules-engine';
import { FACTS_BY_NAME } from '../facts/fact-catalog.ts';

/** One node of a rule's condition tree after evaluation (json-rules-engine's RuleResult, typed). */
export type ExplainedCondition = ExplainedGroup | ExplainedFactCondition;

export interface ExplainedGroup {
  readonly kind: 'all' | 'any' | 'not';
  /** undefined when the engine stopped before reaching this branch. */
  readonly result: boolean | undefined;
  readonly conditions: readonly ExplainedCondition[];
}

export interface ExplainedFactCondition {
  readonly kind: 'fact';
  readonly fact: string;
  readonly label: string;
  readonly path?: string;
  readonly operator: string;
  /** The value as written in the rule; `expected` is what the engine compared against (valueResult). */
  readonly value: unknown;
  readonly expected: unknown;
  /** The fact's value for this patient (factResult); null is "not recorded". */
  readonly factValue: unknown;
  readonly result: boolean | undefined;
}

/** Rebuilds the tree from RuleResult.toJSON; group results are derived since the engine records them only on leaves. */
export function explainConditions(result: RuleResult): ExplainedCondition {
  return node(result.toJSON(false).conditions as unknown as Record<string, unknown>);
}

function node(raw: Record<string, unknown>): ExplainedCondition {
  for (const kind of ['all', 'any'] as const) {
    const list = raw[kind];
    if (Array.isArray(list)) {
      const conditions = list.map((c) => node(c as Record<string, unknown>));
      return {
        kind,
        result: combine(
          kind,
          conditions.map((c) => c.result),
        ),
        conditions,
      };
    }
  }
  if (raw.not && typeof raw.not === 'object') {
    const child = node(raw.not as Record<string, unknown>);
    return { kind: 'not', result: child.result === undefined ? undefined : !child.result, conditions: [child] };
  }
  const fact = String(raw.fact);
  return {
    kind: 'fact',
    fact,
    label: FACTS_BY_NAME.get(fact)?.label ?? fact,
    ...(typeof raw.path === 'string' ? { path: raw.path } : {}),
    operator: String(raw.operator),
    value: raw.value,
    expected: 'valueResult' in raw ? raw.valueResult : raw.value,
    factValue: 'factResult' in raw ? (raw.factResult ?? null) : null,
    result: typeof raw.result === 'boolean' ? raw.result : undefined,
  };
}

function combine(kind: 'all' | 'any', results: readonly (boolean | undefined)[]): boolean | undefined {
  if (kind === 'all') return results.includes(false) ? false : results.includes(undefined) ? undefined : true;
  return results.includes(true) ? true : results.includes(undefined) ? undefined : false;
}

const MARK = (result: boolean | undefined): string => (result === undefined ? '·' : result ? '✓' : '✗');

/** OPA-style text: one line per node, indented, leaves as `✗ label (fact) = value  operator expected`. */
export function formatConditionTree(tree: ExplainedCondition, indent = ''): string[] {
  if (tree.kind === 'fact') {
    const target = `${tree.fact}${tree.path ? ` ${tree.path}` : ''}`;
    const skipped = tree.result === undefined ? '  (not evaluated)' : '';
    return [`${indent}${MARK(tree.result)} ${target} = ${show(tree.factValue)}  ${tree.operator} ${show(tree.expected)}${skipped}`];
  }
  const head = `${indent}${MARK(tree.result)} ${tree.kind === 'not' ? 'not' : `${tree.kind} of`}`;
  return [head, ...tree.conditions.flatMap((c) => formatConditionTree(c, `${indent}  `))];
}

function show(value: unknown): string {
  if (value === null || value === undefined) return 'null (not recorded)';
  const text = JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

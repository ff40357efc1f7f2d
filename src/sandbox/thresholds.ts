import { Engine } from 'json-rules-engine';
import type { FactValue } from '../facts/fact-definition.ts';
import type { RuleSet } from '../rules/rule-set.ts';
import type { RuleCondition } from '../rules/rule-file.ts';
import { compileConditions, type RulePredicate } from '../rules/compile-conditions.ts';
import { engineOperators } from '../rules/engine-operators.ts';

/** A CTC cut-off line for the chart, taken from an active rule whose other conditions hold for this patient. */
export interface ChartThreshold {
  readonly value: number;
  readonly comparison: '≥' | '>' | '≤' | '<';
  readonly ruleId: string;
  readonly ruleVersion: string;
  readonly title: string;
}

const COUNT_FACT = 'ctc.latest.countPer7_5mL';
const COMPARISONS: Readonly<Record<string, ChartThreshold['comparison']>> = {
  greaterThanInclusive: '≥',
  greaterThan: '>',
  lessThanInclusive: '≤',
  lessThan: '<',
};

interface Candidate {
  readonly threshold: ChartThreshold;
  /** The rule's other top-level `all` conditions; undefined when the cut-off is its only one. */
  readonly rest: RulePredicate | undefined;
}

// Built once per loaded rule set (a reload brings a new RuleSet object), not per timeline request.
const candidatesBySet = new WeakMap<RuleSet, readonly Candidate[]>();

/**
 * Thresholds come from the rule base, not from the page: a rule contributes its count cut-off when
 * every other top-level `all` condition passes on this patient's facts (so an MBC CellSearch
 * patient gets the line at 5, a prostate patient gets the rules written for prostate).
 */
export async function applicableThresholds(ruleSet: RuleSet, facts: Readonly<Record<string, FactValue>>): Promise<ChartThreshold[]> {
  // Every fact a rule names exists (rules check), and `facts` is the whole catalog, so nothing is undefined here.
  const applying = candidatesOf(ruleSet).filter((c) => c.rest === undefined || c.rest(facts)).map((c) => c.threshold);
  // One line per value: two rules sharing a cut-off draw it once, labelled by the first.
  const byValue = new Map<number, ChartThreshold>();
  for (const t of applying.sort((a, b) => a.ruleId.localeCompare(b.ruleId))) if (!byValue.has(t.value)) byValue.set(t.value, t);
  return [...byValue.values()].sort((a, b) => a.value - b.value);
}

function candidatesOf(ruleSet: RuleSet): readonly Candidate[] {
  let candidates = candidatesBySet.get(ruleSet);
  if (candidates) return candidates;
  const built: Candidate[] = [];
  // The patient-view engine's own operators, as that hook's compiled rules use them (every hook has engines).
  const engine = ruleSet.engines.get('patient-view')?.full;
  const operators = engineOperators(engine ?? new Engine());
  for (const { rule } of ruleSet.rules) {
    if (rule.status !== 'active' || !rule.hooks.includes('patient-view')) continue;
    const all = rule.conditions.all;
    const cut = all?.find(isCountCutoff);
    if (!all || !cut) continue;
    const rest = all.filter((c) => c !== cut);
    built.push({
      threshold: { value: cut.value as number, comparison: COMPARISONS[cut.operator as string] ?? '≥', ruleId: rule.id, ruleVersion: rule.version, title: rule.title },
      rest: rest.length > 0 ? compileConditions({ all: rest }, operators) : undefined,
    });
  }
  candidates = built;
  candidatesBySet.set(ruleSet, candidates);
  return candidates;
}

function isCountCutoff(c: RuleCondition): boolean {
  return c.fact === COUNT_FACT && typeof c.value === 'number' && typeof c.operator === 'string' && c.operator in COMPARISONS;
}

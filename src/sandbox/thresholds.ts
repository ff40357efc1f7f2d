import { Engine } from 'json-rules-engine';
import type { FactValue } from '../facts/fact-definition.ts';
import type { RuleSet } from '../rule-set/rule-set.ts';
import type { RuleCondition, RuleFile } from '../rules/rule-file.ts';
import { compileConditions, type RulePredicate } from '../evaluate/compile-conditions.ts';
import { engineOperators, type OperatorLookup } from '../evaluate/engine-operators.ts';

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

/** A rule's count cut-off with its other top-level `all` conditions, as data: what the SMART app receives (src/smart/). */
export interface CutoffRule {
  readonly threshold: ChartThreshold;
  readonly rest: readonly RuleCondition[];
}

// Built once per loaded rule set (a reload brings a new RuleSet object), not per timeline request.
const candidatesBySet = new WeakMap<RuleSet, readonly Candidate[]>();

/**
 * Thresholds come from the rule base, not from the page: a rule contributes its count cut-off when
 * every other top-level `all` condition passes on this patient's facts (so an MBC CellSearch
 * patient gets the line at 5, a prostate patient gets the rules written for prostate).
 */
export async function applicableThresholds(ruleSet: RuleSet, facts: Readonly<Record<string, FactValue>>): Promise<ChartThreshold[]> {
  return thresholdsFor(candidatesOf(ruleSet), facts);
}

/** The same choice from compiled candidates; the browser app calls it with cut-offs it compiled itself. */
export function thresholdsFor(candidates: readonly Candidate[], facts: Readonly<Record<string, FactValue>>): ChartThreshold[] {
  // Every fact a rule names exists (rules check), and `facts` is the whole catalog, so nothing is undefined here.
  const applying = candidates.filter((c) => c.rest === undefined || c.rest(facts)).map((c) => c.threshold);
  // One line per value: two rules sharing a cut-off draw it once, labelled by the first.
  const byValue = new Map<number, ChartThreshold>();
  for (const t of applying.sort((a, b) => a.ruleId.localeCompare(b.ruleId))) if (!byValue.has(t.value)) byValue.set(t.value, t);
  return [...byValue.values()].sort((a, b) => a.value - b.value);
}

/** Every active patient-view rule with a count cut-off, as data (no functions), in rule-set order. */
export function cutoffRules(rules: readonly { readonly rule: RuleFile }[]): CutoffRule[] {
  const cutoffs: CutoffRule[] = [];
  for (const { rule } of rules) {
    if (rule.status !== 'active' || !rule.hooks.includes('patient-view')) continue;
    const all = rule.conditions.all;
    const cut = all?.find(isCountCutoff);
    if (!all || !cut) continue;
    cutoffs.push({
      threshold: {
        value: cut.value as number,
        comparison: COMPARISONS[cut.operator as string] ?? '≥',
        ruleId: rule.id,
        ruleVersion: rule.version,
        title: rule.title,
      },
      rest: all.filter((c) => c !== cut),
    });
  }
  return cutoffs;
}

/** Compiles cut-offs with the engine's own operators (the service's rule set, or a fresh Engine in the browser). */
export function compileCutoffs(cutoffs: readonly CutoffRule[], operators: OperatorLookup): Candidate[] {
  return cutoffs.map((c) => ({
    threshold: c.threshold,
    rest: c.rest.length > 0 ? compileConditions({ all: [...c.rest] }, operators) : undefined,
  }));
}

function candidatesOf(ruleSet: RuleSet): readonly Candidate[] {
  let candidates = candidatesBySet.get(ruleSet);
  if (candidates) return candidates;
  // The patient-view engine's own operators, as that hook's compiled rules use them (every hook has engines).
  const engine = ruleSet.engines.get('patient-view')?.full;
  candidates = compileCutoffs(cutoffRules(ruleSet.rules), engineOperators(engine ?? new Engine()));
  candidatesBySet.set(ruleSet, candidates);
  return candidates;
}

function isCountCutoff(c: RuleCondition): boolean {
  return c.fact === COUNT_FACT && typeof c.value === 'number' && typeof c.operator === 'string' && c.operator in COMPARISONS;
}

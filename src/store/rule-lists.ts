import type { RuleRef } from '../rules/rule-file.ts';
import type { DecisionRecord } from './decision-store.ts';
import { entryOf } from '../util/map-entry.ts';

/**
 * A rule list is the set of rule versions a decision evaluated, stored once (`rule_lists`,
 * `rule_list_rules`) and referenced by every decision that evaluated that set; in practice one per
 * rule-set version and hook. The store looks a list up in the database, or creates it, the first
 * time it meets it; after that this in-process record of durable ids answers, by exact content.
 */

/** Lists kept per (rule-set version, hook); more means the caller's lists vary and we look them up again. */
const LISTS_PER_KEY = 8;

/** The rules a decision counts as evaluated: the evaluated ones plus any fired rule not listed among them. */
export function listedRules(record: DecisionRecord): readonly RuleRef[] {
  let extra: RuleRef[] | undefined;
  for (const fired of record.rulesFired) {
    if (!includesRule(record.rulesEvaluated, fired) && !(extra && includesRule(extra, fired))) {
      extra ??= [];
      extra.push(fired);
    }
  }
  return extra ? [...record.rulesEvaluated, ...extra] : record.rulesEvaluated;
}

/** Equal as sets of (id, version): order and duplicates do not matter. */
function sameRuleSet(a: readonly RuleRef[], b: readonly RuleRef[]): boolean {
  const keys = (rules: readonly RuleRef[]): Set<string> => new Set(rules.map((r) => JSON.stringify([r.id, r.version])));
  const [left, right] = [keys(a), keys(b)];
  return left.size === right.size && [...left].every((key) => right.has(key));
}

/** The distinct rules of a list, each once, as rows to insert. */
export function distinctRules(rules: readonly RuleRef[]): RuleRef[] {
  const seen = new Map<string, RuleRef>();
  for (const r of rules) seen.set(JSON.stringify([r.id, r.version]), { id: r.id, version: r.version });
  return [...seen.values()];
}

/** Finds the list among stored (list id, member) rows whose members are exactly `rules`. */
export function matchStoredList(
  rows: readonly { id: number | string; rule_id: string | null; rule_version: string | null }[],
  rules: readonly RuleRef[],
): number | undefined {
  const lists = new Map<number, RuleRef[]>();
  for (const row of rows) {
    const members = lists.get(Number(row.id)) ?? [];
    if (row.rule_id !== null && row.rule_version !== null) members.push({ id: row.rule_id, version: row.rule_version });
    lists.set(Number(row.id), members);
  }
  for (const [id, members] of lists) if (sameRuleSet(members, rules)) return id;
  return undefined;
}

/**
 * Ids of lists this store instance has written or found, i.e. already durable. A hit needs the
 * same rules in the same order (a cheap comparison per call); anything else is looked up again.
 */
export class KnownRuleLists {
  private readonly lists = new Map<string, Map<string, { readonly id: number; readonly rules: readonly RuleRef[] }[]>>();

  idOf(ruleSetVersion: string, hook: string, rules: readonly RuleRef[]): number | undefined {
    return this.lists
      .get(ruleSetVersion)
      ?.get(hook)
      ?.find((list) => sameSequence(list.rules, rules))?.id;
  }

  /** Call only after the transaction that wrote or found the list has committed. */
  remember(ruleSetVersion: string, hook: string, rules: readonly RuleRef[], id: number): void {
    const byHook = entryOf(this.lists, ruleSetVersion, () => new Map());
    const known = byHook.get(hook) ?? [];
    // A copy: the caller's objects are not ours to keep.
    known.unshift({ id, rules: rules.map((r) => ({ id: r.id, version: r.version })) });
    byHook.set(hook, known.slice(0, LISTS_PER_KEY));
  }
}

function includesRule(rules: readonly RuleRef[], rule: RuleRef): boolean {
  return rules.some((r) => r.id === rule.id && r.version === rule.version);
}

/** The same rules in the same order. */
export function sameSequence(a: readonly RuleRef[], b: readonly RuleRef[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as RuleRef;
    const y = b[i] as RuleRef;
    if (x.id !== y.id || x.version !== y.version) return false;
  }
  return true;
}

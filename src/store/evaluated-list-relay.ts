import type { RuleRef } from '../rules/rule-file.ts';
import type { DecisionRecord } from './decision-store.ts';
import { sameSequence } from './rule-lists.ts';

/**
 * A decision's ≈54 evaluated rules are nearly always a list an earlier call already sent, so the
 * worker proxy sends each distinct list once and after that only its number; the worker puts the
 * list back before writing. Exact: a list is matched rule by rule, as KnownRuleLists does.
 */

/** A list sent with its rules the first time, by number alone after that. */
export interface EvaluatedList {
  readonly ref: number;
  readonly rules?: readonly RuleRef[];
}

/** Lists numbered per proxy; beyond this many, records carry their rules in full (bounds both maps). */
const MAX_LISTS = 256;

export class EvaluatedListSender {
  private readonly lists = new Map<string, { readonly ref: number; readonly rules: readonly RuleRef[] }[]>();
  private count = 0;

  /** The record to post (its rules replaced by a number when it has one) and the list reference. */
  encode(record: DecisionRecord): { record: DecisionRecord; evaluated?: EvaluatedList } {
    const key = `${record.ruleSetVersion}\n${record.hook}`;
    const known = this.lists.get(key);
    const hit = known?.find((list) => sameSequence(list.rules, record.rulesEvaluated));
    if (hit) return { record: { ...record, rulesEvaluated: [] }, evaluated: { ref: hit.ref } };
    if (this.count >= MAX_LISTS) return { record };
    // A copy: the caller's objects are not ours to keep.
    const list = { ref: this.count++, rules: record.rulesEvaluated.map((r) => ({ id: r.id, version: r.version })) };
    this.lists.set(key, [...(known ?? []), list]);
    return { record: { ...record, rulesEvaluated: [] }, evaluated: list };
  }
}

export class EvaluatedListReceiver {
  private readonly lists = new Map<number, readonly RuleRef[]>();

  decode(record: DecisionRecord, evaluated: EvaluatedList | undefined): DecisionRecord {
    if (!evaluated) return record;
    if (evaluated.rules) this.lists.set(evaluated.ref, evaluated.rules);
    const rules = this.lists.get(evaluated.ref);
    if (!rules) throw new Error(`evaluated rule list ${evaluated.ref} was never sent`);
    return { ...record, rulesEvaluated: rules };
  }
}

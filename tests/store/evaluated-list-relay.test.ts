import { describe, expect, it } from 'vitest';
import { EvaluatedListReceiver, EvaluatedListSender } from '../../src/store/evaluated-list-relay.ts';
import { decision } from '../support/decision-fixtures.ts';

const a = { id: 'rule-a', version: '1.0.0' };
const b = { id: 'rule-b', version: '1.0.0' };
const b2 = { id: 'rule-b', version: '2.0.0' };

/** Sends each record through a sender and a receiver, as the proxy and the worker do. */
function relay(records: ReturnType<typeof decision>[]): {
  sent: ReturnType<EvaluatedListSender['encode']>[];
  received: ReturnType<typeof decision>[];
} {
  const sender = new EvaluatedListSender();
  const receiver = new EvaluatedListReceiver();
  const sent = records.map((record) => sender.encode(record));
  return { sent, received: sent.map(({ record, evaluated }) => receiver.decode(record, evaluated)) };
}

describe('evaluated rule lists between the worker proxy and the worker', () => {
  it('sends a list in full once, then by number, and the worker gets every record back exactly', () => {
    const records = [
      decision({ rulesEvaluated: [a, b] }),
      decision({ rulesEvaluated: [a, b] }),
      decision({ rulesEvaluated: [b, a] }),
      decision({ rulesEvaluated: [a, b2] }),
      decision({ rulesEvaluated: [a, b], hook: 'order-select' }),
      decision({ rulesEvaluated: [a, b], ruleSetVersion: 'rules@def456' }),
      decision({ rulesEvaluated: [] }),
      decision({ rulesEvaluated: [a, b2] }),
    ];
    const { sent, received } = relay(records);

    expect(received).toEqual(records);
    expect(sent.map((s) => s.evaluated?.rules !== undefined)).toEqual([true, false, true, true, true, true, true, false]);
    expect(sent[1]?.record.rulesEvaluated).toEqual([]);
    expect(sent[1]?.evaluated?.ref).toBe(sent[0]?.evaluated?.ref);
    expect(sent[7]?.evaluated?.ref).toBe(sent[3]?.evaluated?.ref);
  });

  it('keeps its own copy of a list: changing the caller objects later changes nothing sent', () => {
    const sender = new EvaluatedListSender();
    const receiver = new EvaluatedListReceiver();
    const mutable = [{ id: 'rule-a', version: '1.0.0' }];
    const first = sender.encode(decision({ rulesEvaluated: mutable }));
    receiver.decode(first.record, first.evaluated);
    mutable[0] = { id: 'rule-a', version: '9.9.9' };

    const second = sender.encode(decision({ rulesEvaluated: mutable }));
    expect(receiver.decode(second.record, second.evaluated).rulesEvaluated).toEqual([{ id: 'rule-a', version: '9.9.9' }]);
  });

  it('sends lists in full once 256 are numbered, and refuses a number it was never sent', () => {
    const records = Array.from({ length: 260 }, (_, i) => decision({ rulesEvaluated: [{ id: `rule-${i}`, version: '1.0.0' }] }));
    const { sent, received } = relay(records);
    expect(received).toEqual(records);
    expect(sent.filter((s) => s.evaluated === undefined)).toHaveLength(4);
    expect(() => new EvaluatedListReceiver().decode(decision(), { ref: 3 })).toThrow(/never sent/);
  });

  it('numbers the list a rule set hands every call of a hook once per rule-set version and hook, frozen or a copy alike', () => {
    const sender = new EvaluatedListSender();
    const receiver = new EvaluatedListReceiver();
    const hookList = Object.freeze([Object.freeze({ ...a }), Object.freeze({ ...b })]);
    const records = [
      decision({ rulesEvaluated: hookList }),
      decision({ rulesEvaluated: hookList }),
      // Same array, other rule-set version or hook: its own list, numbered apart.
      decision({ rulesEvaluated: hookList, ruleSetVersion: 'rules@def456' }),
      decision({ rulesEvaluated: hookList, hook: 'order-select' }),
      decision({ rulesEvaluated: hookList }),
      // An equal unfrozen copy finds the same list, rule by rule.
      decision({ rulesEvaluated: [a, b] }),
    ];
    const sent = records.map((record) => sender.encode(record));
    expect(sent.map((s) => s.evaluated?.ref)).toEqual([0, 0, 1, 2, 0, 0]);
    expect(sent.map((s) => s.evaluated?.rules !== undefined)).toEqual([true, false, true, true, false, false]);
    expect(sent.map(({ record, evaluated }) => receiver.decode(record, evaluated))).toEqual(records);
  });

  it('sees a change to a rule object of a list it sent before', () => {
    const sender = new EvaluatedListSender();
    const receiver = new EvaluatedListReceiver();
    // Frozen array, but its rule objects are not: a later edit must be seen.
    const rule = { id: 'rule-a', version: '1.0.0' };
    const list = Object.freeze([rule]);
    const first = sender.encode(decision({ rulesEvaluated: list }));
    receiver.decode(first.record, first.evaluated);
    rule.version = '2.0.0';
    const second = sender.encode(decision({ rulesEvaluated: list }));
    expect(second.evaluated?.ref).not.toBe(first.evaluated?.ref);
    expect(receiver.decode(second.record, second.evaluated).rulesEvaluated).toEqual([{ id: 'rule-a', version: '2.0.0' }]);
  });
});

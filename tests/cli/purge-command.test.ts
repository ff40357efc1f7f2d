import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPurgeCommand } from '../../src/cli/commands/purge.ts';
import type { DecisionStore, IssuedCard } from '../../src/store/decision-store.ts';
import { card, decision, overridden } from '../support/decision-fixtures.ts';
import { captureIo } from '../support/capture-io.ts';
import { openTempSqliteStore } from '../support/sqlite-test-store.ts';

const rule = { id: 'ctc-count-high', version: '1.2.0' };
const now = () => new Date('2025-06-01T00:00:00Z');

describe('purge command', () => {
  let env: Record<string, string>;
  let store: DecisionStore;
  let dispose: () => Promise<void>;
  const cards: Record<string, IssuedCard> = {};

  beforeAll(async () => {
    ({ env, store, dispose } = await openTempSqliteStore());
    for (const [name, time] of [
      ['d400', '2024-04-27T00:00:00Z'],
      ['d100', '2025-02-21T00:00:00Z'],
      ['d10', '2025-05-22T00:00:00Z'],
    ] as const) {
      cards[name] = card(rule);
      await store.recordDecision(decision({ time, rulesEvaluated: [rule], rulesFired: [rule], cards: [cards[name]] }));
    }
    await store.recordFeedback('ctc-advisor', [overridden((cards.d400 as IssuedCard).uuid, 'duplicate')], new Date());
  });
  afterAll(() => dispose());

  it('purges by the configured retention and keeps the feedback', async () => {
    const io = captureIo();
    expect(await createPurgeCommand({ ...env, CTC_DECISION_RETENTION_DAYS: '365' }, undefined, now).run([], io)).toBe(0);
    expect(io.outLines).toEqual(['purged 1 decision(s) older than 2024-06-01T00:00:00.000Z (365 days); feedback kept']);
    expect(await store.findIssuedCard((cards.d400 as IssuedCard).uuid)).toBeUndefined();
    expect((await store.ruleReport({}))[0]).toMatchObject({ evaluated: 2, shown: 2, overridden: 1 });
  });

  it('takes --older-than-days over the configured retention', async () => {
    const io = captureIo();
    expect(await createPurgeCommand(env, undefined, now).run(['--older-than-days', '30'], io)).toBe(0);
    expect(io.outLines[0]).toMatch(/^purged 1 decision\(s\) older than 2025-05-02T00:00:00.000Z \(30 days\)/);
    expect(await store.findIssuedCard((cards.d100 as IssuedCard).uuid)).toBeUndefined();
    expect(await store.findIssuedCard((cards.d10 as IssuedCard).uuid)).toBeDefined();
  });

  it.each([['--older-than-days'], ['--older-than-days', '0'], ['--older-than-days', 'ten'], ['30']])('exits 2 for %j', async (...argv) => {
    const io = captureIo();
    expect(await createPurgeCommand(env, undefined, now).run(argv, io)).toBe(2);
    expect(io.errLines.join('\n')).toMatch(/usage: ctc-advisor purge/);
  });
});

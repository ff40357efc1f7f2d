import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DecisionStore } from '../../src/store/decision-store.ts';
import { REPLAY_SWEEP_EVERY } from '../../src/store/jwt-replay-policy.ts';
import { migrations } from '../../src/store/migrations/migration-list.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { StoreConfig } from '../../src/store/store-config.ts';
import { UnknownCardsError } from '../../src/store/unknown-cards-error.ts';
import { accepted, card, decision, overridden } from '../support/decision-fixtures.ts';
import { postgresHarness, sqliteHarness } from '../support/store-harness.ts';

const ruleA = { id: 'ctc-count-high', version: '1.2.0' };
const ruleB = { id: 'dtc-bone-marrow', version: '2.0.0' };

describe.each([sqliteHarness('worker'), sqliteHarness('caller'), postgresHarness()])('decision store on $label', (harness) => {
  const opened: DecisionStore[] = [];
  const open = async (config: StoreConfig): Promise<DecisionStore> => {
    const store = await openStore(config, undefined, harness.openOptions);
    opened.push(store);
    return store;
  };
  const fresh = async (): Promise<DecisionStore> => open(await harness.freshConfig());

  beforeAll(() => harness.start());
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
  });
  afterAll(() => harness.stop());

  it('reports its kind', async () => {
    expect((await fresh()).kind).toBe(harness.name);
  });

  it('finds an issued card with its rule, service and decision, but not a shadow card', async () => {
    const store = await fresh();
    const shown = card(ruleA, { indicator: 'warning', summary: 'CTC count above 5 per 7.5 mL' });
    const shadow = card(ruleB);
    const record = decision({ rulesEvaluated: [ruleA, ruleB], rulesFired: [ruleA, ruleB], cards: [shown], shadowCards: [shadow] });
    await store.recordDecision(record);

    expect(await store.findIssuedCard(shown.uuid)).toEqual({ ...shown, serviceId: 'ctc-advisor', decisionId: record.id });
    expect(await store.findIssuedCard(shadow.uuid)).toBeUndefined();
    expect(await store.findIssuedCard('00000000-0000-4000-8000-000000000000')).toBeUndefined();
  });

  it('links feedback to the card and thus to the rule id and version', async () => {
    const store = await fresh();
    const a1 = card(ruleA);
    const a2 = card(ruleA);
    const a3 = card(ruleA);
    await store.recordDecision(decision({ rulesEvaluated: [ruleA, ruleB], rulesFired: [ruleA], cards: [a1, a2, a3] }));

    const result = await store.recordFeedback(
      'ctc-advisor',
      [accepted(a1.uuid), overridden(a2.uuid, 'not-applicable', 'patient in palliative care'), overridden(a3.uuid, 'not-applicable')],
      new Date('2025-03-10T12:10:00Z'),
    );

    expect(result).toEqual({ stored: 3 });
    const report = await store.ruleReport({});
    expect(report).toEqual([
      {
        ruleId: ruleA.id,
        ruleVersion: ruleA.version,
        evaluated: 1,
        fired: 1,
        shown: 3,
        accepted: 1,
        overridden: 2,
        overrideReasons: [
          { system: 'http://example.org/override-reasons', code: 'not-applicable', display: 'Reason not-applicable', count: 2 },
        ],
        overrideComments: 1,
        shadowFires: 0,
      },
      {
        ruleId: ruleB.id,
        ruleVersion: ruleB.version,
        evaluated: 1,
        fired: 0,
        shown: 0,
        accepted: 0,
        overridden: 0,
        overrideReasons: [],
        overrideComments: 0,
        shadowFires: 0,
      },
    ]);
  });

  it('counts a card once per outcome when the client resends the same feedback', async () => {
    const store = await fresh();
    const a1 = card(ruleA);
    await store.recordDecision(decision({ rulesEvaluated: [ruleA], rulesFired: [ruleA], cards: [a1] }));
    await store.recordFeedback('ctc-advisor', [accepted(a1.uuid)], new Date());
    await store.recordFeedback('ctc-advisor', [accepted(a1.uuid)], new Date());

    const [row] = await store.ruleReport({});
    expect(row?.accepted).toBe(1);
  });

  it('rejects unknown card uuids and writes nothing of that request', async () => {
    const store = await fresh();
    const a1 = card(ruleA);
    await store.recordDecision(decision({ rulesEvaluated: [ruleA], rulesFired: [ruleA], cards: [a1] }));
    const unknown = '11111111-1111-4111-8111-111111111111';

    const attempt = store.recordFeedback('ctc-advisor', [accepted(a1.uuid), accepted(unknown), accepted(unknown)], new Date());

    await expect(attempt).rejects.toBeInstanceOf(UnknownCardsError);
    await expect(attempt).rejects.toMatchObject({ cards: [unknown] });
    const [row] = await store.ruleReport({});
    expect(row?.accepted).toBe(0);
  });

  it('treats a card issued by another service, or a shadow card, as unknown', async () => {
    const store = await fresh();
    const other = card(ruleA);
    const shadow = card(ruleB);
    await store.recordDecision(decision({ serviceId: 'other-service', cards: [other], shadowCards: [shadow] }));

    await expect(store.recordFeedback('ctc-advisor', [accepted(other.uuid)], new Date())).rejects.toMatchObject({ cards: [other.uuid] });
    await expect(store.recordFeedback('other-service', [accepted(shadow.uuid)], new Date())).rejects.toMatchObject({
      cards: [shadow.uuid],
    });
    await expect(store.recordFeedback('other-service', [accepted(other.uuid)], new Date())).resolves.toEqual({ stored: 1 });
  });

  it('counts evaluations, fires, shown and shadow cards per rule version within a half-open range', async () => {
    const store = await fresh();
    const ruleA2 = { id: ruleA.id, version: '1.3.0' };
    await store.recordDecision(
      decision({ time: '2025-01-10T08:00:00Z', rulesEvaluated: [ruleA, ruleB], rulesFired: [ruleA], cards: [card(ruleA)] }),
    );
    await store.recordDecision(
      decision({
        time: '2025-02-01T00:00:00Z',
        rulesEvaluated: [ruleA2, ruleB],
        rulesFired: [ruleA2, ruleB],
        cards: [card(ruleA2)],
        shadowCards: [card(ruleB)],
      }),
    );
    await store.recordDecision(decision({ time: '2025-02-20T23:59:59.999Z', rulesEvaluated: [ruleA2], rulesFired: [], cards: [] }));
    await store.recordDecision(
      decision({ time: '2025-03-01T00:00:00Z', rulesEvaluated: [ruleA2], rulesFired: [ruleA2], cards: [card(ruleA2)] }),
    );

    const february = await store.ruleReport({ from: new Date('2025-02-01T00:00:00Z'), to: new Date('2025-03-01T00:00:00Z') });

    expect(february.map((r) => [r.ruleId, r.ruleVersion, r.evaluated, r.fired, r.shown, r.shadowFires])).toEqual([
      [ruleA.id, '1.3.0', 2, 1, 1, 0],
      [ruleB.id, ruleB.version, 1, 1, 0, 1],
    ]);
    const all = await store.ruleReport({});
    expect(all.find((r) => r.ruleVersion === '1.2.0')).toMatchObject({ evaluated: 1, fired: 1, shown: 1 });
    expect(all.find((r) => r.ruleVersion === '1.3.0')).toMatchObject({ evaluated: 3, fired: 2, shown: 2 });
    expect(await store.ruleReport({ from: new Date('2026-01-01T00:00:00Z') })).toEqual([]);
  });

  it('purges old decisions with their cards but keeps the feedback and its rule link', async () => {
    const store = await fresh();
    const old = card(ruleA);
    const recent = card(ruleA);
    await store.recordDecision(decision({ time: '2024-01-01T00:00:00Z', rulesEvaluated: [ruleA], rulesFired: [ruleA], cards: [old] }));
    await store.recordDecision(decision({ time: '2025-06-01T00:00:00Z', rulesEvaluated: [ruleA], rulesFired: [ruleA], cards: [recent] }));
    await store.recordFeedback('ctc-advisor', [overridden(old.uuid, 'duplicate')], new Date());

    expect(await store.purgeDecisions(new Date('2025-01-01T00:00:00Z'))).toBe(1);

    expect(await store.findIssuedCard(old.uuid)).toBeUndefined();
    expect(await store.findIssuedCard(recent.uuid)).toBeDefined();
    const [row] = await store.ruleReport({});
    expect(row).toMatchObject({ ruleId: ruleA.id, ruleVersion: ruleA.version, evaluated: 1, shown: 1, overridden: 1 });
    expect(row?.overrideReasons).toEqual([expect.objectContaining({ code: 'duplicate', count: 1 })]);
    expect(await store.purgeDecisions(new Date('2025-01-01T00:00:00Z'))).toBe(0);
  });

  it('keeps its data and re-applies no migration when opened again', async () => {
    const config = await harness.freshConfig();
    const first = await open(config);
    const a1 = card(ruleA);
    await first.recordDecision(decision({ cards: [a1] }));
    await first.close();

    const second = await open(config);
    expect(await second.findIssuedCard(a1.uuid)).toMatchObject({ uuid: a1.uuid });
    expect(await harness.appliedMigrations(config)).toEqual(migrations.map((m) => m.version));
  });

  it('lets two instances open one store at once, record into it, and report both', async () => {
    const config = await harness.freshConfig();
    const [one, two] = await Promise.all([open(config), open(config)]);
    await Promise.all([
      one.recordDecision(decision({ rulesEvaluated: [ruleA], rulesFired: [ruleA], cards: [card(ruleA)] })),
      two.recordDecision(decision({ rulesEvaluated: [ruleA], rulesFired: [], cards: [] })),
      two.recordDecision(decision({ rulesEvaluated: [ruleA], rulesFired: [ruleA], cards: [card(ruleA)] })),
    ]);

    expect(await one.ruleReport({})).toEqual([expect.objectContaining({ evaluated: 3, fired: 2, shown: 2 })]);
    expect(await two.ruleReport({})).toEqual(await one.ruleReport({}));
    expect(await harness.appliedMigrations(config)).toEqual(migrations.map((m) => m.version));
  });

  it('rejects a decision whose time is not an instant, writing nothing', async () => {
    const store = await fresh();
    const bad = card(ruleA);
    await expect(store.recordDecision(decision({ time: 'yesterday', cards: [bad] }))).rejects.toThrow(/not a valid instant/);
    expect(await store.findIssuedCard(bad.uuid)).toBeUndefined();
  });

  describe('JWT replay cache (rememberJti)', () => {
    const t0 = new Date('2030-01-01T00:00:00Z');
    const at = (seconds: number): Date => new Date(t0.getTime() + seconds * 1000);

    it('answers fresh once and replayed while the first record is unexpired', async () => {
      const store = await fresh();
      expect(await store.rememberJti('iss-a|jti-1', at(300), t0)).toBe('fresh');
      expect(await store.rememberJti('iss-a|jti-1', at(300), at(10))).toBe('replayed');
      expect(await store.rememberJti('iss-a|jti-1', at(900), at(299))).toBe('replayed');
      expect(await store.rememberJti('iss-b|jti-1', at(300), t0)).toBe('fresh');
    });

    it('takes over an expired record: the id is fresh again, then replayed until the new expiry', async () => {
      const store = await fresh();
      expect(await store.rememberJti('k', at(60), t0)).toBe('fresh');
      expect(await store.rememberJti('k', at(200), at(60))).toBe('fresh');
      expect(await store.rememberJti('k', at(300), at(199))).toBe('replayed');
    });

    it('is shared by two stores open on one database and survives reopening (restart)', async () => {
      const config = await harness.freshConfig();
      const [one, two] = await Promise.all([open(config), open(config)]);
      expect(await one.rememberJti('shared', at(300), t0)).toBe('fresh');
      expect(await two.rememberJti('shared', at(300), at(1))).toBe('replayed');
      await one.close();
      await two.close();
      const again = await open(config);
      expect(await again.rememberJti('shared', at(300), at(2))).toBe('replayed');
    });

    it('lets exactly one of many concurrent attempts with one id through, across two stores', async () => {
      const config = await harness.freshConfig();
      const [one, two] = await Promise.all([open(config), open(config)]);
      const verdicts = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? one : two).rememberJti('race', at(300), t0)));
      expect(verdicts.filter((v) => v === 'fresh')).toHaveLength(1);
      expect(verdicts.filter((v) => v === 'replayed')).toHaveLength(19);
    });

    it(`deletes expired ids every ${REPLAY_SWEEP_EVERY} new ids and at purge, keeping unexpired ones`, async () => {
      const config = await harness.freshConfig();
      const store = await open(config);
      expect(await store.rememberJti('expires-soon', at(60), t0)).toBe('fresh');
      for (let i = 1; i < REPLAY_SWEEP_EVERY - 1; i++) await store.rememberJti(`live-${i}`, at(3600), at(120));
      expect(await countJtis(config)).toBe(REPLAY_SWEEP_EVERY - 1);
      // This is the sweep's turn: the expired id goes, every unexpired one stays refused.
      await store.rememberJti('last', at(3600), at(120));
      expect(await countJtis(config)).toBe(REPLAY_SWEEP_EVERY - 1);
      expect(await store.rememberJti('live-1', at(3600), at(121))).toBe('replayed');

      const purgeConfig = await harness.freshConfig();
      const other = await open(purgeConfig);
      await other.rememberJti('long-gone', new Date('2000-01-01T00:00:00Z'), new Date('1999-12-31T23:55:00Z'));
      await other.rememberJti('far-future', at(3600), t0);
      expect(await countJtis(purgeConfig)).toBe(2);
      expect(await other.purgeDecisions(new Date('2000-01-01T00:00:00Z'))).toBe(0);
      expect(await countJtis(purgeConfig)).toBe(1);
      expect(await other.rememberJti('far-future', at(3600), at(5))).toBe('replayed');
    }, 60_000);
  });
});

/** Rows in jwt_replay, read behind the store's back. */
async function countJtis(config: StoreConfig): Promise<number> {
  if (config.kind === 'sqlite') {
    const db = new Database(config.file, { readonly: true });
    try {
      return (db.prepare('SELECT COUNT(*) AS n FROM jwt_replay').get() as { n: number }).n;
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: config.databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>('SELECT COUNT(*) AS n FROM jwt_replay');
    return Number(rows[0]?.n);
  } finally {
    await client.end();
  }
}

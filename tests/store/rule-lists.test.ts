import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RuleRef } from '../../src/rules/rule-file.ts';
import type { DecisionRecord, DecisionStore } from '../../src/store/decision-store.ts';
import { migrations } from '../../src/store/migrations/migration-list.ts';
import { card, decision } from '../support/decision-fixtures.ts';
import { evaluationCounts, expectedEvaluationCounts } from '../support/evaluation-model.ts';
import { countRows, type RawStoreSql } from '../support/raw-store-sql.ts';
import { postgresHarness, sqliteHarness, suiteStores } from '../support/store-harness.ts';

const rule = (id: string, version = '1.0.0'): RuleRef => ({ id, version });
const patientViewRules = Array.from({ length: 54 }, (_, i) => rule(`pv-rule-${String(i).padStart(2, '0')}`, `1.${i % 3}.0`));

describe.each([sqliteHarness(), postgresHarness()])('rule lists on $name', (harness) => {
  const { open, raw } = suiteStores(harness);

  it('writes the evaluated rules once per list: a decision adds one decision row, its fired rows and its cards', async () => {
    const config = await harness.freshConfig();
    const store = await open(config);
    const sql = await raw(config);
    const fired = patientViewRules[7] as RuleRef;
    const typical = (): DecisionRecord =>
      decision({ rulesEvaluated: patientViewRules.map((r) => ({ ...r })), rulesFired: [fired], cards: [card(fired)] });

    await store.recordDecision(typical());
    expect(await countRows(sql, 'rule_fires')).toBe(1);
    expect(await countRows(sql, 'rule_list_rules')).toBe(54);
    for (let i = 0; i < 9; i++) await store.recordDecision(typical());

    expect(await countRows(sql, 'decisions')).toBe(10);
    expect(await countRows(sql, 'rule_fires')).toBe(10);
    expect(await countRows(sql, 'issued_cards')).toBe(10);
    expect(await countRows(sql, 'rule_lists')).toBe(1);
    expect(await countRows(sql, 'rule_list_rules')).toBe(54);
    const report = await store.ruleReport({});
    expect(report).toHaveLength(54);
    expect(report.find((r) => r.ruleId === fired.id)).toMatchObject({ evaluated: 10, fired: 10, shown: 10 });
    expect(report.filter((r) => r.evaluated === 10)).toHaveLength(54);
  });

  it('counts per rule-set version and hook exactly, whatever list each decision evaluated', async () => {
    const config = await harness.freshConfig();
    const store = await open(config);
    const [a, b, c, a2] = [rule('a'), rule('b'), rule('c'), rule('a', '2.0.0')];
    const decisions = [
      decision({ time: '2025-01-05T10:00:00Z', ruleSetVersion: 'v1', hook: 'patient-view', rulesEvaluated: [a, b, c], rulesFired: [a] }),
      decision({ time: '2025-01-06T10:00:00Z', ruleSetVersion: 'v1', hook: 'patient-view', rulesEvaluated: [c, b, a], rulesFired: [] }),
      decision({ time: '2025-01-07T10:00:00Z', ruleSetVersion: 'v1', hook: 'order-select', rulesEvaluated: [b], rulesFired: [b] }),
      // An error call: same version and hook, nothing evaluated.
      decision({ time: '2025-01-08T10:00:00Z', ruleSetVersion: 'v1', hook: 'patient-view', rulesEvaluated: [], rulesFired: [] }),
      decision({
        time: '2025-02-01T10:00:00Z',
        ruleSetVersion: 'v2',
        hook: 'patient-view',
        rulesEvaluated: [a2, b, c],
        rulesFired: [a2, c],
      }),
      decision({ time: '2025-02-02T10:00:00Z', ruleSetVersion: 'v2', hook: 'order-select', rulesEvaluated: [b, c], rulesFired: [c] }),
      decision({ time: '2025-02-03T10:00:00Z', ruleSetVersion: 'v2', hook: 'patient-view', rulesEvaluated: [a2, b, c], rulesFired: [] }),
    ];
    for (const d of decisions) await store.recordDecision(d);

    expect(evaluationCounts(await store.ruleReport({}))).toEqual([
      ['a', '1.0.0', 2, 1],
      ['a', '2.0.0', 2, 1],
      ['b', '1.0.0', 6, 1],
      ['c', '1.0.0', 5, 2],
    ]);
    const january = { from: new Date('2025-01-01T00:00:00Z'), to: new Date('2025-02-01T00:00:00Z') };
    expect(evaluationCounts(await store.ruleReport(january))).toEqual([
      ['a', '1.0.0', 2, 1],
      ['b', '1.0.0', 3, 1],
      ['c', '1.0.0', 2, 0],
    ]);
    for (const range of [{}, january, { from: new Date('2025-01-06T10:00:00Z'), to: new Date('2025-02-02T10:00:00Z') }]) {
      expect(evaluationCounts(await store.ruleReport(range))).toEqual(expectedEvaluationCounts(decisions, range));
    }
  });

  it('counts a fired rule missing from rulesEvaluated as evaluated, first time and later', async () => {
    const store = await open(await harness.freshConfig());
    const [a, b] = [rule('a'), rule('b')];
    await store.recordDecision(decision({ rulesEvaluated: [a], rulesFired: [b], cards: [card(b)] }));
    expect(evaluationCounts(await store.ruleReport({}))).toEqual([
      ['a', '1.0.0', 1, 0],
      ['b', '1.0.0', 1, 1],
    ]);

    await store.recordDecision(decision({ rulesEvaluated: [a], rulesFired: [] }));
    await store.recordDecision(decision({ rulesEvaluated: [a], rulesFired: [b, b] }));
    expect(evaluationCounts(await store.ruleReport({}))).toEqual([
      ['a', '1.0.0', 3, 0],
      ['b', '1.0.0', 2, 2],
    ]);
  });

  it('purges decisions with their fired rows and cards, keeping the rule lists', async () => {
    const config = await harness.freshConfig();
    const store = await open(config);
    const sql = await raw(config);
    const [a, b] = [rule('a'), rule('b')];
    await store.recordDecision(
      decision({ time: '2024-01-01T00:00:00Z', rulesEvaluated: [a, b], rulesFired: [a, b], cards: [card(a)], shadowCards: [card(b)] }),
    );
    await store.recordDecision(decision({ time: '2025-06-01T00:00:00Z', rulesEvaluated: [a, b], rulesFired: [b], cards: [card(b)] }));

    expect(await store.purgeDecisions(new Date('2025-01-01T00:00:00Z'))).toBe(1);

    expect(await countRows(sql, 'rule_fires')).toBe(1);
    expect(await countRows(sql, 'issued_cards')).toBe(1);
    expect(await countRows(sql, 'rule_lists')).toBe(1);
    expect(await countRows(sql, 'rule_list_rules')).toBe(2);
    expect(evaluationCounts(await store.ruleReport({}))).toEqual([
      ['a', '1.0.0', 1, 0],
      ['b', '1.0.0', 1, 1],
    ]);
  });

  it('matches the per-decision definition for any mix of versions, hooks, lists and fired rules, across two instances', async () => {
    const config = await harness.freshConfig();
    const stores = [await open(config), await open(config)];
    const pool = [rule('r1'), rule('r1', '1.1.0'), rule('r2'), rule('r3', '2.0.0'), rule('r4'), rule('r5')];
    const usual = {
      'v1|patient-view': pool.slice(0, 4),
      'v1|order-select': pool.slice(2),
      'v2|patient-view': pool.slice(1),
      'v2|order-select': [],
    };
    const oneDecision = fc.record({
      version: fc.constantFrom('v1', 'v2'),
      hook: fc.constantFrom('patient-view', 'order-select'),
      evaluated: fc.option(fc.array(fc.constantFrom(...pool), { maxLength: 7 }), { freq: 2 }),
      fired: fc.array(fc.constantFrom(...pool), { maxLength: 3 }),
      minute: fc.integer({ min: 0, max: 1439 }),
      instance: fc.integer({ min: 0, max: 1 }),
    });
    let day = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(oneDecision, { minLength: 1, maxLength: 12 }), async (drawn) => {
        const start = Date.UTC(2030, 0, 1) + day++ * 86_400_000;
        const decisions = drawn.map((d) => ({
          record: decision({
            time: new Date(start + d.minute * 60_000).toISOString(),
            ruleSetVersion: d.version,
            hook: d.hook,
            rulesEvaluated: d.evaluated ?? usual[`${d.version}|${d.hook}` as keyof typeof usual],
            rulesFired: d.fired,
          }),
          store: stores[d.instance] as DecisionStore,
        }));
        for (const { record, store } of decisions) await store.recordDecision(record);
        const records = decisions.map((d) => d.record);
        for (const range of [
          { from: new Date(start), to: new Date(start + 86_400_000) },
          { from: new Date(start + 6 * 3_600_000), to: new Date(start + 18 * 3_600_000) },
        ]) {
          expect(evaluationCounts(await (stores[0] as DecisionStore).ruleReport(range))).toEqual(expectedEvaluationCounts(records, range));
        }
      }),
      { numRuns: 25, seed: 20261122 },
    );
  }, 60_000);

  it('migrates decisions written one row per evaluated rule (migration 003) to the same report', async () => {
    const config = await harness.freshConfig();
    const sql = await raw(config);
    await sql.migrate(migrations.filter((m) => m.version <= 3));
    const [a, b, c, a2] = [rule('a'), rule('b'), rule('c'), rule('a', '2.0.0')];
    const old = [
      oldDecision('d1', '2025-01-05T10:00:00Z', 'v1', 'patient-view', [a, b, c], [a]),
      oldDecision('d2', '2025-01-06T10:00:00Z', 'v1', 'patient-view', [a, b, c], []),
      oldDecision('d3', '2025-01-07T10:00:00Z', 'v1', 'order-select', [b], [b]),
      oldDecision('d4', '2025-01-08T10:00:00Z', 'v1', 'patient-view', [], []),
      oldDecision('d5', '2025-01-09T10:00:00Z', 'v1', 'patient-view', [a, b], [b]),
      oldDecision('d6', '2025-02-01T10:00:00Z', 'v2', 'patient-view', [a2, b, c], [a2, c]),
      oldDecision('d7', '2025-02-03T10:00:00Z', 'v2', 'patient-view', [a2, b, c], []),
    ];
    for (const d of old) await writeOldDecision(sql, d);
    await sql.run(
      `INSERT INTO issued_cards (uuid, decision_id, service_id, issued_at, rule_id, rule_version, topic, indicator, summary, shadow)
      VALUES ('card-d1', 'd1', 'ctc-advisor', '2025-01-05T10:00:00.000Z', 'a', '1.0.0', 't', 'info', 's', ?)`,
      [sql.dialect === 'postgres' ? false : 0],
    );
    const ranges = [{}, { from: new Date('2025-01-06T00:00:00Z'), to: new Date('2025-02-02T00:00:00Z') }];
    const before = [];
    for (const range of ranges) before.push(await oldEvaluationCounts(sql, range));
    expect(before[0]).toEqual([
      ['a', '1.0.0', 3, 1],
      ['a', '2.0.0', 2, 1],
      ['b', '1.0.0', 6, 2],
      ['c', '1.0.0', 4, 1],
    ]);

    const store = await open(config);

    expect(await harness.appliedMigrations(config)).toEqual(migrations.map((m) => m.version));
    for (const [i, range] of ranges.entries()) expect(evaluationCounts(await store.ruleReport(range))).toEqual(before[i]);
    expect((await store.ruleReport({})).find((r) => r.ruleVersion === '1.0.0' && r.ruleId === 'a')).toMatchObject({ shown: 1 });
    expect(await countRows(sql, 'rule_lists')).toBe(5);
    expect(await countRows(sql, 'rule_fires')).toBe(5);
    await expect(sql.rows('SELECT 1 FROM rule_evaluations')).rejects.toThrow(/rule_evaluations/);

    // A new decision with a migrated list (in another order) uses it; the counts go on from there.
    const next = decision({
      time: '2025-03-01T00:00:00Z',
      ruleSetVersion: 'v1',
      hook: 'patient-view',
      rulesEvaluated: [c, a, b],
      rulesFired: [c],
    });
    await store.recordDecision(next);
    expect(await countRows(sql, 'rule_lists')).toBe(5);
    expect(evaluationCounts(await store.ruleReport({}))).toEqual([
      ['a', '1.0.0', 4, 1],
      ['a', '2.0.0', 2, 1],
      ['b', '1.0.0', 7, 2],
      ['c', '1.0.0', 5, 2],
    ]);
  });
});

interface OldDecision {
  readonly id: string;
  readonly time: string;
  readonly version: string;
  readonly hook: string;
  readonly evaluated: readonly RuleRef[];
  readonly fired: readonly RuleRef[];
}

function oldDecision(id: string, time: string, version: string, hook: string, evaluated: RuleRef[], fired: RuleRef[]): OldDecision {
  return { id, time: new Date(time).toISOString(), version, hook, evaluated, fired };
}

/** As the store wrote a decision up to migration 003: one rule_evaluations row per evaluated rule. */
async function writeOldDecision(sql: RawStoreSql, d: OldDecision): Promise<void> {
  await sql.run(
    `INSERT INTO decisions (id, decided_at, service_id, hook, hook_instance, patient_pseudonym, rule_set_version, data_source,
    status_code, duration_ms, data_quality_notes) VALUES (?, ?, 'ctc-advisor', ?, 'hi', NULL, ?, 'prefetch', 200, 1.5, '[]')`,
    [d.id, d.time, d.hook, d.version],
  );
  for (const r of d.evaluated) {
    const fired = d.fired.some((f) => f.id === r.id && f.version === r.version);
    await sql.run('INSERT INTO rule_evaluations (decision_id, rule_id, rule_version, fired) VALUES (?, ?, ?, ?)', [
      d.id,
      r.id,
      r.version,
      sql.dialect === 'postgres' ? fired : Number(fired),
    ]);
  }
}

/** The report's evaluated/fired query as it was up to migration 003. */
async function oldEvaluationCounts(
  sql: RawStoreSql,
  range: { from?: Date; to?: Date },
): Promise<(readonly [string, string, number, number])[]> {
  const fired = sql.dialect === 'postgres' ? 'COUNT(*) FILTER (WHERE e.fired)' : 'SUM(e.fired)';
  const rows = await sql.rows<{ rule_id: string; rule_version: string; evaluated: unknown; fired: unknown }>(
    `SELECT e.rule_id, e.rule_version, COUNT(*) AS evaluated, ${fired} AS fired
     FROM rule_evaluations e JOIN decisions d ON d.id = e.decision_id
     WHERE d.decided_at >= ? AND d.decided_at < ? GROUP BY e.rule_id, e.rule_version`,
    [
      range.from?.toISOString() ?? (sql.dialect === 'postgres' ? '-infinity' : ''),
      range.to?.toISOString() ?? (sql.dialect === 'postgres' ? 'infinity' : '~'),
    ],
  );
  return rows
    .map((r) => [r.rule_id, r.rule_version, Number(r.evaluated), Number(r.fired)] as const)
    .sort((x, y) => x[0].localeCompare(y[0]) || x[1].localeCompare(y[1]));
}

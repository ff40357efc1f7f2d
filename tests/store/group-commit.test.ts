import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { DecisionRecord } from '../../src/store/decision-store.ts';
import { openStore } from '../../src/store/open-store.ts';
import { openSqliteStore, type SqliteDecisionStore } from '../../src/store/sqlite-store.ts';
import { card, decision } from '../support/decision-fixtures.ts';

const fired = { id: 'ctc-count-high', version: '1.2.0' };
const silent = { id: 'dtc-persistent', version: '1.0.0' };
const evaluated = [fired, silent];

/** SQLite stores under a temp directory, removed after each test. */
function tempStores() {
  const dirs: string[] = [];
  const stores: SqliteDecisionStore[] = [];
  return {
    open(): { store: SqliteDecisionStore; file: string; dir: string } {
      const dir = mkdtempSync(join(tmpdir(), 'ctc-group-commit-'));
      dirs.push(dir);
      const file = join(dir, 'ctc-advisor.sqlite');
      const store = openSqliteStore(dir, file);
      stores.push(store);
      return { store, file, dir };
    },
    async cleanup(): Promise<void> {
      await Promise.all(stores.splice(0).map((s) => s.close()));
      for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
}

function storedIds(file: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT id FROM decisions ORDER BY id').all() as { id: string }[]).map((r) => r.id);
  } finally {
    db.close();
  }
}

function count(file: string, table: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

const aDecision = (overrides: Partial<DecisionRecord> = {}): DecisionRecord =>
  decision({ rulesEvaluated: evaluated, rulesFired: [fired], cards: [card(fired)], ...overrides });

describe('SQLite group commit (several decisions, one commit)', () => {
  const temp = tempStores();
  afterEach(() => temp.cleanup());

  it('writes every decision of a group, with its fired rules and cards, and one rule list for all', () => {
    const { store, file } = temp.open();
    const group = [aDecision(), aDecision(), aDecision()];
    expect(store.recordDecisionGroup(group)).toEqual([undefined, undefined, undefined]);
    expect(storedIds(file)).toEqual(group.map((d) => d.id).sort());
    expect(count(file, 'rule_fires')).toBe(3);
    expect(count(file, 'issued_cards')).toBe(3);
    // The list is new to this store in the group's first decision and found again by the two others.
    expect(count(file, 'rule_lists')).toBe(1);
    expect(count(file, 'rule_list_rules')).toBe(evaluated.length);
  });

  it('leaves out only the decision that fails (bad time, duplicate id); the others commit', async () => {
    const { store, file } = temp.open();
    const first = aDecision();
    const duplicate = aDecision({ id: first.id });
    const badTime = aDecision({ time: 'yesterday' });
    const last = aDecision();
    const outcomes = store.recordDecisionGroup([first, badTime, duplicate, last]);

    expect(outcomes[0]).toBeUndefined();
    expect(outcomes[1]?.message).toMatch(/decision time/);
    expect(outcomes[2]?.message).toMatch(/UNIQUE constraint failed: decisions\.id/);
    expect(outcomes[3]).toBeUndefined();
    expect(storedIds(file)).toEqual([first.id, last.id].sort());
    // The duplicate's card rows went with its savepoint: only the two committed decisions' cards remain.
    expect(count(file, 'issued_cards')).toBe(2);
    expect(await store.ruleReport({})).toEqual([
      expect.objectContaining({ ruleId: fired.id, evaluated: 2, fired: 2, shown: 2 }),
      expect.objectContaining({ ruleId: silent.id, evaluated: 2, fired: 0, shown: 0 }),
    ]);
  });

  it('fails every decision when SQLite rolls the whole transaction back, and writes none of them', () => {
    const { store, file } = temp.open();
    // RAISE(ROLLBACK) ends the transaction itself, as a full disk or an I/O error can.
    const db = new Database(file);
    db.exec(`CREATE TRIGGER roll_back_all BEFORE INSERT ON decisions WHEN NEW.hook_instance = 'roll-back-all'
      BEGIN SELECT RAISE(ROLLBACK, 'the whole transaction was rolled back'); END`);
    db.close();

    const group = [aDecision(), aDecision({ hookInstance: 'roll-back-all' }), aDecision()];
    const outcomes = store.recordDecisionGroup(group);
    expect(outcomes).toHaveLength(3);
    for (const outcome of outcomes) expect(outcome?.message).toMatch(/whole transaction was rolled back/);
    expect(storedIds(file)).toEqual([]);
    expect(count(file, 'rule_lists')).toBe(0);

    // The rule list the failed group created was rolled back with it and must not be remembered:
    // the next decision with the same list writes it again.
    const next = aDecision();
    expect(store.recordDecisionGroup([next, aDecision()])).toEqual([undefined, undefined]);
    expect(count(file, 'rule_lists')).toBe(1);
    expect(count(file, 'decisions')).toBe(2);
  });

  it('a group of one is a plain write: its error is returned, nothing is thrown', () => {
    const { store, file } = temp.open();
    expect(store.recordDecisionGroup([aDecision({ time: 'not a time' })])[0]?.message).toMatch(/decision time/);
    const ok = aDecision();
    expect(store.recordDecisionGroup([ok])).toEqual([undefined]);
    expect(storedIds(file)).toEqual([ok.id]);
  });

  it('through the worker thread: calls sent together fail alone and the rest are stored', async () => {
    const { dir, file } = temp.open();
    const store = await openStore({ kind: 'sqlite', dataDir: dir, file, retentionDays: 30 });
    const good = Array.from({ length: 9 }, () => aDecision());
    try {
      const bad = aDecision({ time: 'not a time' });
      // Issued in one turn: they reach the worker as batches of several decisions.
      const calls = [...good.slice(0, 5), bad, ...good.slice(5)].map((d) =>
        store.recordDecision(d).then(
          () => 'stored',
          (e: Error) => e.message,
        ),
      );
      const results = await Promise.all(calls);
      expect(results.filter((r) => r === 'stored')).toHaveLength(9);
      expect(results[5]).toMatch(/decision time/);
    } finally {
      await store.close();
    }
    expect(storedIds(file)).toEqual(good.map((d) => d.id).sort());
  });
});

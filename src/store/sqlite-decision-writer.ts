import type BetterSqlite3 from 'better-sqlite3';
import type { RuleRef } from '../rules/rule-file.ts';
import type { DecisionRecord, IssuedCard } from './decision-store.ts';
import { decisionValues, isoInstant } from './record-rows.ts';
import { distinctRules, KnownRuleLists, listedRules, matchStoredList } from './rule-lists.ts';

interface SqliteDecisionWriter {
  /** One decision in its own transaction; throws when it was not written. */
  write(record: DecisionRecord): void;
  /**
   * Group commit: the decisions in one IMMEDIATE transaction, each in its own savepoint, so one that
   * fails (a bad time, a duplicate id) is left out alone and the others still commit. Answers per
   * decision `undefined` (committed) or the error that kept it out; when the commit itself fails,
   * every decision gets that error and none is written.
   */
  writeAll(records: readonly DecisionRecord[]): readonly (Error | undefined)[];
}

/** A rule list first written inside a transaction, remembered once that transaction has committed. */
interface NewList {
  readonly ruleSetVersion: string;
  readonly hook: string;
  readonly rules: readonly RuleRef[];
  readonly id: number;
}

/**
 * Writes a decision: its row (pointing at its rule list), one row per fired rule and per card. The
 * evaluated rules are written once per list, the first time this store meets it, in an IMMEDIATE
 * transaction so that the look-up and the insert hold the write lock together.
 */
export function sqliteDecisionWriter(db: BetterSqlite3.Database): SqliteDecisionWriter {
  const insertDecision = db.prepare(`INSERT INTO decisions (id, decided_at, service_id, hook, hook_instance, patient_pseudonym,
    rule_set_version, rule_list, data_source, status_code, duration_ms, data_quality_notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertFire = db.prepare('INSERT INTO rule_fires (decision_id, rule_id, rule_version) VALUES (?, ?, ?) ON CONFLICT DO NOTHING');
  const insertCard = db.prepare(`INSERT INTO issued_cards (uuid, decision_id, service_id, issued_at, rule_id, rule_version, topic,
    indicator, summary, shadow, offered) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const selectLists = db.prepare(`SELECT l.id, m.rule_id, m.rule_version FROM rule_lists l
    LEFT JOIN rule_list_rules m ON m.rule_list = l.id WHERE l.rule_set_version = ? AND l.hook = ?`);
  const insertList = db.prepare('INSERT INTO rule_lists (rule_set_version, hook) VALUES (?, ?)');
  const insertMember = db.prepare('INSERT INTO rule_list_rules (rule_list, rule_id, rule_version) VALUES (?, ?, ?) ON CONFLICT DO NOTHING');
  const known = new KnownRuleLists();

  const insertCards = (record: DecisionRecord, time: string, cards: readonly IssuedCard[], shadow: 0 | 1): void => {
    for (const c of cards)
      insertCard.run(
        c.uuid,
        record.id,
        record.serviceId,
        time,
        c.ruleId,
        c.ruleVersion,
        c.topic,
        c.indicator,
        c.summary,
        shadow,
        c.offered ? JSON.stringify(c.offered) : null,
      );
  };
  const writeRows = (record: DecisionRecord, time: string, list: number): void => {
    insertDecision.run(...decisionValues(record, time, list));
    for (const rule of record.rulesFired) insertFire.run(record.id, rule.id, rule.version);
    insertCards(record, time, record.cards, 0);
    insertCards(record, time, record.shadowCards, 1);
  };
  const findOrCreateList = (record: DecisionRecord, rules: readonly RuleRef[]): number => {
    const rows = selectLists.all(record.ruleSetVersion, record.hook) as {
      id: number;
      rule_id: string | null;
      rule_version: string | null;
    }[];
    const found = matchStoredList(rows, rules);
    if (found !== undefined) return found;
    const id = Number(insertList.run(record.ruleSetVersion, record.hook).lastInsertRowid);
    for (const rule of distinctRules(rules)) insertMember.run(id, rule.id, rule.version);
    return id;
  };

  const write = db.transaction(writeRows);
  const writeWithList = db.transaction((record: DecisionRecord, time: string, rules: readonly RuleRef[]): number => {
    const list = findOrCreateList(record, rules);
    writeRows(record, time, list);
    return list;
  });

  /** Writes the record inside the caller's transaction, or in its own when there is none (nested ones are savepoints). */
  const writeOne = (record: DecisionRecord): NewList | undefined => {
    const time = isoInstant(record.time, 'decision time');
    const rules = listedRules(record);
    const list = known.idOf(record.ruleSetVersion, record.hook, rules);
    if (list !== undefined) {
      write(record, time, list);
      return undefined;
    }
    return { ruleSetVersion: record.ruleSetVersion, hook: record.hook, rules, id: writeWithList.immediate(record, time, rules) };
  };
  // Remembered only once committed: a rolled-back list must not be referenced later.
  // Two decisions of one group can meet the same new list; it is remembered once.
  const remember = (list: NewList | undefined): void => {
    if (list && known.idOf(list.ruleSetVersion, list.hook, list.rules) === undefined)
      known.remember(list.ruleSetVersion, list.hook, list.rules, list.id);
  };

  const writeGroup = db.transaction((records: readonly DecisionRecord[]) => {
    const outcomes: (Error | undefined)[] = [];
    const lists: NewList[] = [];
    for (const record of records) {
      try {
        const list = writeOne(record);
        if (list) lists.push(list);
        outcomes.push(undefined);
      } catch (error) {
        // Some errors (a full disk, an I/O error) make SQLite roll the whole transaction back: nothing is left to commit.
        if (!db.inTransaction) throw error;
        outcomes.push(asError(error));
      }
    }
    return { outcomes, lists };
  });

  const writeSingle = (record: DecisionRecord): void => remember(writeOne(record));
  return {
    write: writeSingle,
    writeAll(records) {
      // One decision needs no savepoint: its own transaction is the same commit.
      if (records.length === 1) {
        try {
          writeSingle(records[0] as DecisionRecord);
          return [undefined];
        } catch (error) {
          return [asError(error)];
        }
      }
      try {
        const { outcomes, lists } = writeGroup.immediate(records);
        for (const list of lists) remember(list);
        return outcomes;
      } catch (error) {
        return records.map(() => asError(error));
      }
    },
  };
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

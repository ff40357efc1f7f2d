import type { Pool, PoolClient } from 'pg';
import type { RuleRef } from '../rules/rule-file.ts';
import type { DecisionRecord } from './decision-store.ts';
import { cardRows, decisionValues, isoInstant } from './record-rows.ts';
import { distinctRules, KnownRuleLists, listedRules, matchStoredList } from './rule-lists.ts';

/** Arbitrary constant shared by every instance: "CTC_LIST" folded into a bigint. */
const RULE_LIST_LOCK_KEY = 4_354_341_748;

// One statement, one round trip, one commit: the fired rules and cards ride along as JSON.
const INSERT_DECISION = `
WITH d AS (
  INSERT INTO decisions (id, decided_at, service_id, hook, hook_instance, patient_pseudonym, rule_set_version, rule_list, data_source,
    status_code, duration_ms, data_quality_notes)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id, decided_at, service_id
), f AS (
  INSERT INTO rule_fires (decision_id, rule_id, rule_version)
  SELECT DISTINCT d.id, r.id, r.version FROM d, jsonb_to_recordset($13::jsonb) AS r(id text, version text)
), c AS (
  INSERT INTO issued_cards (uuid, decision_id, service_id, issued_at, rule_id, rule_version, topic, indicator, summary, shadow, offered)
  SELECT c.uuid, d.id, d.service_id, d.decided_at, c."ruleId", c."ruleVersion", c.topic, c.indicator, c.summary, c.shadow, c.offered
  FROM d, jsonb_to_recordset($14::jsonb) AS c(uuid text, "ruleId" text, "ruleVersion" text, topic text, indicator text, summary text, shadow boolean, offered jsonb)
)
SELECT id FROM d`;

const SELECT_LISTS = `SELECT l.id, m.rule_id, m.rule_version FROM rule_lists l
  LEFT JOIN rule_list_rules m ON m.rule_list = l.id WHERE l.rule_set_version = $1 AND l.hook = $2`;
const INSERT_MEMBERS = `INSERT INTO rule_list_rules (rule_list, rule_id, rule_version)
  SELECT $1, r.id, r.version FROM jsonb_to_recordset($2::jsonb) AS r(id text, version text) ON CONFLICT DO NOTHING`;

/**
 * Writes a decision: one statement once its rule list is known to this instance; the first time,
 * one transaction that finds or creates the list under an advisory lock (so instances sharing the
 * database create it once) and then writes the decision.
 */
export function postgresDecisionWriter(pool: Pool): (record: DecisionRecord) => Promise<void> {
  const known = new KnownRuleLists();

  const params = (record: DecisionRecord, list: number): unknown[] => [
    ...decisionValues(record, isoInstant(record.time, 'decision time'), list),
    JSON.stringify(record.rulesFired),
    JSON.stringify(cardRows(record)),
  ];

  const findOrCreateList = async (client: PoolClient, record: DecisionRecord, rules: readonly RuleRef[]): Promise<number> => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [RULE_LIST_LOCK_KEY]);
    const { rows } = await client.query<{ id: string; rule_id: string | null; rule_version: string | null }>(SELECT_LISTS, [
      record.ruleSetVersion,
      record.hook,
    ]);
    const found = matchStoredList(rows, rules);
    if (found !== undefined) return found;
    const inserted = await client.query<{ id: string }>('INSERT INTO rule_lists (rule_set_version, hook) VALUES ($1, $2) RETURNING id', [
      record.ruleSetVersion,
      record.hook,
    ]);
    const id = Number(inserted.rows[0]?.id);
    await client.query(INSERT_MEMBERS, [id, JSON.stringify(distinctRules(rules))]);
    return id;
  };

  return async (record) => {
    const rules = listedRules(record);
    const list = known.idOf(record.ruleSetVersion, record.hook, rules);
    if (list !== undefined) {
      await pool.query(INSERT_DECISION, params(record, list));
      return;
    }
    // Checked before the transaction so a bad time takes no lock.
    isoInstant(record.time, 'decision time');
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const id = await findOrCreateList(client, record, rules);
      await client.query(INSERT_DECISION, params(record, id));
      await client.query('COMMIT');
      // Remembered only once committed: a rolled-back list must not be referenced later.
      known.remember(record.ruleSetVersion, record.hook, rules, id);
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };
}

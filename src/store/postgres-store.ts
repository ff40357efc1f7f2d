import pg from 'pg';
import type { Logger } from 'pino';
import type { FeedbackItem } from '../validate/feedback-validator.ts';
import type { DecisionRecord, DecisionStore, FoundCard, ReportRange, RuleReportRow } from './decision-store.ts';
import { REPLAY_SWEEP_EVERY, type JtiVerdict } from './jwt-replay-policy.ts';
import { postgresDecisionWriter } from './postgres-decision-writer.ts';
import { migratePostgres } from './postgres-migrate.ts';
import { feedbackRow, foundCard, isoInstant, missingCards } from './record-rows.ts';
import { assembleRuleReport, type ReportParts } from './rule-report.ts';
import { REPORT_SQL } from './postgres-report-sql.ts';
import type { CardLookupRow } from './record-rows.ts';
import { UnknownCardsError } from './unknown-cards-error.ts';

const PURGE_BATCH = 5000;

const SELECT_CARDS = `SELECT uuid, rule_id, rule_version, topic, indicator, summary, service_id, decision_id, issued_at, offered
  FROM issued_cards WHERE uuid = ANY($1::text[]) AND NOT shadow`;

const INSERT_FEEDBACK = `INSERT INTO feedback (card_uuid, service_id, rule_id, rule_version, card_issued_at, outcome, outcome_at,
  received_at, accepted_suggestions, override_system, override_code, override_display, override_comment, item)
  SELECT f."cardUuid", $1, c.rule_id, c.rule_version, c.issued_at, f.outcome, f."outcomeAt", $2, f."acceptedSuggestions"::jsonb,
    f."overrideSystem", f."overrideCode", f."overrideDisplay", f."overrideComment", f.item::jsonb
  FROM jsonb_to_recordset($3::jsonb) AS f("cardUuid" text, outcome text, "outcomeAt" text, "acceptedSuggestions" text,
    "overrideSystem" text, "overrideCode" text, "overrideDisplay" text, "overrideComment" text, item text)
  JOIN issued_cards c ON c.uuid = f."cardUuid"`;

// Atomic under concurrency (the primary key decides); an expired record of the key is taken over.
const INSERT_JTI = `INSERT INTO jwt_replay (key, expires_at) VALUES ($1, $2)
  ON CONFLICT (key) DO UPDATE SET expires_at = EXCLUDED.expires_at WHERE jwt_replay.expires_at <= $3`;
const SWEEP_JTIS = 'DELETE FROM jwt_replay WHERE expires_at <= $1';

/** The shared back end for several instances; durability is PostgreSQL's commit (synchronous_commit=on). */
export async function openPostgresStore(databaseUrl: string, logger?: Logger): Promise<DecisionStore> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  pool.on('error', (error) => logger?.error({ err: error, store: 'postgres' }, 'idle database connection failed'));
  try {
    await migratePostgres(pool, logger);
  } catch (error) {
    await pool.end();
    throw error;
  }

  const writeDecision = postgresDecisionWriter(pool);
  let closed = false;
  let jtisInserted = 0;
  return {
    kind: 'postgres',
    async recordDecision(record: DecisionRecord): Promise<void> {
      await writeDecision(record);
    },
    async findIssuedCard(uuid: string): Promise<FoundCard | undefined> {
      const { rows } = await pool.query<CardLookupRow>(SELECT_CARDS, [[uuid]]);
      const row = rows[0];
      return row ? foundCard(row) : undefined;
    },
    async recordFeedback(serviceId: string, items: readonly FeedbackItem[], receivedAt: Date): Promise<{ stored: number }> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        // FOR SHARE holds the cards against a concurrent purge until the feedback is committed.
        const { rows } = await client.query<CardLookupRow>(`${SELECT_CARDS} AND service_id = $2 FOR SHARE`, [
          [...new Set(items.map((item) => item.card))],
          serviceId,
        ]);
        const missing = missingCards(items, new Set(rows.map((row) => row.uuid)));
        if (missing.length > 0) throw new UnknownCardsError(missing);
        const result = await client.query(INSERT_FEEDBACK, [
          serviceId,
          isoInstant(receivedAt, 'receivedAt'),
          JSON.stringify(items.map(feedbackRow)),
        ]);
        await client.query('COMMIT');
        return { stored: result.rowCount ?? 0 };
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async ruleReport(range: ReportRange): Promise<readonly RuleReportRow[]> {
      const params = [range.from ? isoInstant(range.from, 'from') : '-infinity', range.to ? isoInstant(range.to, 'to') : 'infinity'];
      const [evaluations, fires, cards, outcomes, reasons] = await Promise.all([
        pool.query(REPORT_SQL.evaluations, params),
        pool.query(REPORT_SQL.fires, params),
        pool.query(REPORT_SQL.cards, params),
        pool.query(REPORT_SQL.outcomes, params),
        pool.query(REPORT_SQL.reasons, params),
      ]);
      const parts = {
        evaluations: evaluations.rows,
        fires: fires.rows,
        cards: cards.rows,
        outcomes: outcomes.rows,
        reasons: reasons.rows,
      } as ReportParts;
      return assembleRuleReport(parts);
    },
    async purgeDecisions(olderThan: Date): Promise<number> {
      const cutoff = isoInstant(olderThan, 'olderThan');
      let total = 0;
      for (;;) {
        const { rowCount } = await pool.query(
          `DELETE FROM decisions WHERE id IN (SELECT id FROM decisions WHERE decided_at < $1 LIMIT ${PURGE_BATCH})`,
          [cutoff],
        );
        total += rowCount ?? 0;
        if ((rowCount ?? 0) < PURGE_BATCH) break;
      }
      await pool.query(SWEEP_JTIS, [new Date().toISOString()]);
      return total;
    },
    async rememberJti(key: string, expiresAt: Date, now: Date = new Date()): Promise<JtiVerdict> {
      const at = isoInstant(now, 'now');
      const { rowCount } = await pool.query(INSERT_JTI, [key, isoInstant(expiresAt, 'expiresAt'), at]);
      if ((rowCount ?? 0) === 0) return 'replayed';
      if (++jtisInserted % REPLAY_SWEEP_EVERY === 0) await pool.query(SWEEP_JTIS, [at]);
      return 'fresh';
    },
    // A lost connection fails its own query and the pool opens a new one; only a closed pool stays down.
    unavailable: () => (closed ? 'the PostgreSQL pool is closed' : undefined),
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

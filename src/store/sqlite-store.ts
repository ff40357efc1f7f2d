import { mkdirSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { Logger } from 'pino';
import type { FeedbackItem } from '../validate/feedback-validator.ts';
import type { DecisionRecord, DecisionStore, FoundCard, ReportRange, RuleReportRow } from './decision-store.ts';
import { REPLAY_SWEEP_EVERY, type JtiVerdict } from './jwt-replay-policy.ts';
import { feedbackRow, foundCard, isoInstant, missingCards } from './record-rows.ts';
import { assembleRuleReport, type ReportParts } from './rule-report.ts';
import { sqliteDecisionWriter } from './sqlite-decision-writer.ts';
import { migrateSqlite } from './sqlite-migrate.ts';
import type { CardLookupRow } from './record-rows.ts';
import { UnknownCardsError } from './unknown-cards-error.ts';

const PURGE_BATCH = 5000;

/** The in-thread SQLite store, with the group commit its worker thread uses for a batch of decisions. */
export interface SqliteDecisionStore extends DecisionStore {
  /** Several decisions in one commit (see SqliteDecisionWriter.writeAll); per decision, undefined or its error. */
  recordDecisionGroup(records: readonly DecisionRecord[]): readonly (Error | undefined)[];
}

/**
 * The embedded default. WAL with synchronous=NORMAL: a commit is in the WAL before the call is
 * answered, so an acknowledged record survives a killed service process; only an OS crash or power
 * cut can lose the commits since the last checkpoint. FULL (one fsync per call, on the event loop)
 * measured 4 ms median and 13–54 ms p99 per call on the bench machine (docs/performance.md);
 * deployments that need power-cut durability use PostgreSQL.
 */
export function openSqliteStore(dataDir: string, file: string, logger?: Logger): SqliteDecisionStore {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  try {
    migrateSqlite(db, logger);
  } catch (error) {
    // E.g. a released migration edited: start-up stops, and the file is not left open.
    db.close();
    throw error;
  }

  const selectCard = db.prepare(`SELECT uuid, rule_id, rule_version, topic, indicator, summary, service_id, decision_id, issued_at, offered
    FROM issued_cards WHERE uuid = ? AND shadow = 0`);
  const insertFeedback = db.prepare(`INSERT INTO feedback (card_uuid, service_id, rule_id, rule_version, card_issued_at, outcome,
    outcome_at, received_at, accepted_suggestions, override_system, override_code, override_display, override_comment, item)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  // An expired record of the same key is taken over: the id is new again, as in the memory cache.
  const insertJti = db.prepare(`INSERT INTO jwt_replay (key, expires_at) VALUES (?, ?)
    ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at WHERE jwt_replay.expires_at <= ?`);
  const sweepJtis = db.prepare('DELETE FROM jwt_replay WHERE expires_at <= ?');
  let jtisInserted = 0;
  const purgeBatch = db.prepare(`DELETE FROM decisions WHERE id IN (SELECT id FROM decisions WHERE decided_at < ? LIMIT ${PURGE_BATCH})`);

  const writeDecision = sqliteDecisionWriter(db);

  const writeFeedback = db.transaction((serviceId: string, items: readonly FeedbackItem[], receivedAt: string): number => {
    const known = new Map<string, CardLookupRow>();
    for (const uuid of new Set(items.map((item) => item.card))) {
      const card = selectCard.get(uuid) as CardLookupRow | undefined;
      if (card && card.service_id === serviceId) known.set(uuid, card);
    }
    const missing = missingCards(items, new Set(known.keys()));
    if (missing.length > 0) throw new UnknownCardsError(missing);
    for (const item of items) {
      const card = known.get(item.card) as CardLookupRow;
      const f = feedbackRow(item);
      insertFeedback.run(
        f.cardUuid,
        serviceId,
        card.rule_id,
        card.rule_version,
        card.issued_at,
        f.outcome,
        f.outcomeAt,
        receivedAt,
        f.acceptedSuggestions,
        f.overrideSystem,
        f.overrideCode,
        f.overrideDisplay,
        f.overrideComment,
        f.item,
      );
    }
    return items.length;
  });

  const reportQueries = {
    // Decisions in range counted per rule list first, then spread over the list's rules.
    evaluations: db.prepare(`SELECT m.rule_id, m.rule_version, SUM(n.decisions) AS evaluated
      FROM (SELECT rule_list, COUNT(*) AS decisions FROM decisions WHERE decided_at >= ? AND decided_at < ? GROUP BY rule_list) n
      JOIN rule_list_rules m ON m.rule_list = n.rule_list GROUP BY m.rule_id, m.rule_version`),
    fires: db.prepare(`SELECT f.rule_id, f.rule_version, COUNT(*) AS fired
      FROM decisions d JOIN rule_fires f ON f.decision_id = d.id
      WHERE d.decided_at >= ? AND d.decided_at < ? GROUP BY f.rule_id, f.rule_version`),
    cards: db.prepare(`SELECT rule_id, rule_version, SUM(1 - shadow) AS shown, SUM(shadow) AS shadow_fires
      FROM issued_cards WHERE issued_at >= ? AND issued_at < ? GROUP BY rule_id, rule_version`),
    outcomes: db.prepare(`SELECT rule_id, rule_version,
        COUNT(DISTINCT CASE WHEN outcome = 'accepted' THEN card_uuid END) AS accepted,
        COUNT(DISTINCT CASE WHEN outcome = 'overridden' THEN card_uuid END) AS overridden,
        COUNT(DISTINCT CASE WHEN outcome = 'overridden' AND override_comment IS NOT NULL THEN card_uuid END) AS comments
      FROM feedback WHERE card_issued_at >= ? AND card_issued_at < ? GROUP BY rule_id, rule_version`),
    reasons: db.prepare(`SELECT rule_id, rule_version, override_system, override_code, MAX(override_display) AS override_display,
        COUNT(DISTINCT card_uuid) AS count
      FROM feedback WHERE outcome = 'overridden' AND override_code IS NOT NULL AND card_issued_at >= ? AND card_issued_at < ?
      GROUP BY rule_id, rule_version, override_system, override_code`),
  };
  const report = db.transaction(
    (from: string, to: string): ReportParts => ({
      evaluations: reportQueries.evaluations.all(from, to) as ReportParts['evaluations'],
      fires: reportQueries.fires.all(from, to) as ReportParts['fires'],
      cards: reportQueries.cards.all(from, to) as ReportParts['cards'],
      outcomes: reportQueries.outcomes.all(from, to) as ReportParts['outcomes'],
      reasons: reportQueries.reasons.all(from, to) as ReportParts['reasons'],
    }),
  );

  return {
    kind: 'sqlite',
    async recordDecision(record: DecisionRecord): Promise<void> {
      writeDecision.write(record);
    },
    recordDecisionGroup: (records) => writeDecision.writeAll(records),
    async findIssuedCard(uuid: string): Promise<FoundCard | undefined> {
      const row = selectCard.get(uuid) as CardLookupRow | undefined;
      return row ? foundCard(row) : undefined;
    },
    async recordFeedback(serviceId: string, items: readonly FeedbackItem[], receivedAt: Date): Promise<{ stored: number }> {
      return { stored: writeFeedback(serviceId, items, isoInstant(receivedAt, 'receivedAt')) };
    },
    async ruleReport(range: ReportRange): Promise<readonly RuleReportRow[]> {
      // '' sorts before and '~' after every ISO instant, standing in for an open end.
      const from = range.from ? isoInstant(range.from, 'from') : '';
      const to = range.to ? isoInstant(range.to, 'to') : '~';
      return assembleRuleReport(report(from, to));
    },
    async purgeDecisions(olderThan: Date): Promise<number> {
      const cutoff = isoInstant(olderThan, 'olderThan');
      let total = 0;
      // Small batches keep each write lock short, so service calls are not held up by a big purge.
      for (;;) {
        const { changes } = purgeBatch.run(cutoff);
        total += changes;
        if (changes < PURGE_BATCH) break;
      }
      sweepJtis.run(new Date().toISOString());
      return total;
    },
    async rememberJti(key: string, expiresAt: Date, now: Date = new Date()): Promise<JtiVerdict> {
      const at = isoInstant(now, 'now');
      const { changes } = insertJti.run(key, isoInstant(expiresAt, 'expiresAt'), at);
      if (changes === 0) return 'replayed';
      if (++jtisInserted % REPLAY_SWEEP_EVERY === 0) sweepJtis.run(at);
      return 'fresh';
    },
    unavailable: () => (db.open ? undefined : 'the SQLite database is closed'),
    async close(): Promise<void> {
      if (db.open) db.close();
    },
  };
}

import type { OfferedChoices } from '../validate/feedback-against-card.ts';
import type { FeedbackItem } from '../validate/feedback-validator.ts';
import type { DecisionRecord, FoundCard, IssuedCard } from './decision-store.ts';

/** Flat rows both back ends insert; computed once here so the dialects cannot drift apart. */

/** An issued card as both back ends select it (snake_case columns). */
export interface CardLookupRow {
  uuid: string;
  rule_id: string;
  rule_version: string;
  topic: string;
  indicator: FoundCard['indicator'];
  summary: string;
  service_id: string;
  decision_id: string;
  issued_at?: string;
  /** JSON text (SQLite) or parsed JSONB (PostgreSQL); null for cards recorded before it was kept. */
  offered?: string | OfferedChoices | null;
}

interface CardRow extends IssuedCard {
  readonly shadow: boolean;
}

interface FeedbackRow {
  readonly cardUuid: string;
  readonly outcome: FeedbackItem['outcome'];
  readonly outcomeAt: string;
  readonly acceptedSuggestions: string;
  readonly overrideSystem: string | null;
  readonly overrideCode: string | null;
  readonly overrideDisplay: string | null;
  readonly overrideComment: string | null;
  readonly item: string;
}

/** Normalises to `toISOString()` so SQLite's text comparison orders instants correctly. */
export function isoInstant(value: string | Date, what: string): string {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) throw new TypeError(`${what} is not a valid instant: ${String(value)}`);
  return date.toISOString();
}

/**
 * The decisions row's values in its column order (id, decided_at, service_id, hook, hook_instance,
 * patient_pseudonym, rule_set_version, rule_list, data_source, status_code, duration_ms, data_quality_notes).
 */
export function decisionValues(record: DecisionRecord, time: string, list: number): unknown[] {
  return [
    record.id,
    time,
    record.serviceId,
    record.hook,
    record.hookInstance,
    record.patientPseudonym,
    record.ruleSetVersion,
    list,
    record.dataSource,
    record.statusCode,
    record.durationMs,
    JSON.stringify(record.dataQualityNotes),
  ];
}

export function cardRows(record: DecisionRecord): CardRow[] {
  return [
    ...record.cards.map((card) => ({ ...pickCard(card), shadow: false })),
    ...record.shadowCards.map((card) => ({ ...pickCard(card), shadow: true })),
  ];
}

function pickCard(card: IssuedCard): IssuedCard {
  const { uuid, ruleId, ruleVersion, topic, indicator, summary, offered } = card;
  return { uuid, ruleId, ruleVersion, topic, indicator, summary, ...(offered ? { offered } : {}) };
}

/** The card as findIssuedCard answers it, from either back end's row. */
export function foundCard(row: CardLookupRow): FoundCard {
  const offered = typeof row.offered === 'string' ? (JSON.parse(row.offered) as OfferedChoices) : (row.offered ?? undefined);
  return {
    uuid: row.uuid,
    ruleId: row.rule_id,
    ruleVersion: row.rule_version,
    topic: row.topic,
    indicator: row.indicator,
    summary: row.summary,
    serviceId: row.service_id,
    decisionId: row.decision_id,
    ...(offered ? { offered } : {}),
  };
}

export function feedbackRow(item: FeedbackItem): FeedbackRow {
  const reason = item.overrideReason?.reason;
  return {
    cardUuid: item.card,
    outcome: item.outcome,
    outcomeAt: item.outcomeTimestamp,
    acceptedSuggestions: JSON.stringify((item.acceptedSuggestions ?? []).map((s) => s.id)),
    overrideSystem: reason?.system ?? null,
    overrideCode: reason?.code ?? null,
    overrideDisplay: reason?.display ?? null,
    overrideComment: item.overrideReason?.userComment ?? null,
    item: JSON.stringify(item),
  };
}

/** Card uuids of the request that are not in the known set, each once, in request order. */
export function missingCards(items: readonly FeedbackItem[], known: ReadonlySet<string>): string[] {
  return [...new Set(items.map((item) => item.card))].filter((uuid) => !known.has(uuid));
}

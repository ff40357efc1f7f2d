import type { RuleRef } from '../rules/rule-file.ts';
import type { OfferedChoices } from '../validate/feedback-against-card.ts';
import type { FeedbackItem } from '../validate/feedback-validator.ts';
import type { JtiVerdict } from './jwt-replay-policy.ts';

/**
 * The memory of the service: what it told whom, on which rule version, and what the
 * clinician did with it. One interface, two back ends (SQLite embedded, PostgreSQL shared).
 */

/** A card the service returned (or, when shadow, would have returned). CDS Hooks 2.0 §Card. */
export interface IssuedCard {
  readonly uuid: string;
  readonly ruleId: string;
  readonly ruleVersion: string;
  readonly topic: string;
  readonly indicator: 'info' | 'warning' | 'critical';
  readonly summary: string;
  /** What the card offered, checked against feedback; absent on cards recorded before it was kept. */
  readonly offered?: OfferedChoices;
}

export interface DataQualityNote {
  readonly code: string;
  readonly message: string;
}

export type DataSource = 'prefetch' | 'fhir-fallback' | 'mixed' | 'none';

/** One service call, written once; `id` is chosen by the caller (unique per call). */
export interface DecisionRecord {
  readonly id: string;
  /** ISO-8601 instant of the call. */
  readonly time: string;
  readonly serviceId: string;
  readonly hook: string;
  readonly hookInstance: string;
  readonly patientPseudonym: string | null;
  readonly ruleSetVersion: string;
  readonly rulesEvaluated: readonly RuleRef[];
  readonly rulesFired: readonly RuleRef[];
  readonly shadowCards: readonly IssuedCard[];
  readonly cards: readonly IssuedCard[];
  readonly dataQualityNotes: readonly DataQualityNote[];
  readonly dataSource: DataSource;
  readonly statusCode: number;
  readonly durationMs: number;
}

/** A card found for feedback: never a shadow card, since those were not shown. */
export type FoundCard = IssuedCard & { readonly serviceId: string; readonly decisionId: string };

export interface OverrideReasonCount {
  readonly system: string | null;
  readonly code: string;
  readonly display: string | null;
  readonly count: number;
}

/**
 * How one rule version did over a range. Counts of evaluated/fired/shown/shadowFires follow
 * the decision time; accepted/overridden count distinct cards issued in the range, so a client
 * that resends feedback does not inflate them.
 */
export interface RuleReportRow {
  readonly ruleId: string;
  readonly ruleVersion: string;
  readonly evaluated: number;
  readonly fired: number;
  readonly shown: number;
  readonly accepted: number;
  readonly overridden: number;
  readonly overrideReasons: readonly OverrideReasonCount[];
  /** Overridden cards whose feedback carried a free-text comment (the text stays in the store). */
  readonly overrideComments: number;
  readonly shadowFires: number;
}

/** Half-open range [from, to) on the decision (card issue) time; either end may be open. */
export interface ReportRange {
  readonly from?: Date;
  readonly to?: Date;
}

export interface DecisionStore {
  readonly kind: 'sqlite' | 'postgres';
  /** Resolves once the record is durable (committed); the service answers only after that. */
  recordDecision(record: DecisionRecord): Promise<void>;
  findIssuedCard(uuid: string): Promise<FoundCard | undefined>;
  /** All or nothing; rejects with UnknownCardsError, writing nothing, if any card is not this service's. */
  recordFeedback(serviceId: string, items: readonly FeedbackItem[], receivedAt: Date): Promise<{ stored: number }>;
  ruleReport(range: ReportRange): Promise<readonly RuleReportRow[]>;
  /** Deletes decisions (with their fired rules and cards) older than the cutoff; feedback and rule lists stay. Also drops expired token ids. */
  purgeDecisions(olderThan: Date): Promise<number>;
  /**
   * The shared JWT replay cache: records `key` (an opaque id without NUL characters) until
   * `expiresAt`. 'fresh' the first time, 'replayed' while an earlier record of it has not expired,
   * whichever instance made it. Atomic: of two concurrent calls with one key, one is 'fresh'.
   */
  rememberJti(key: string, expiresAt: Date, now?: Date): Promise<JtiVerdict>;
  /** Why the store cannot serve (a dead store thread, a closed database), or undefined while it can. For `/healthz`. */
  unavailable(): string | undefined;
  close(): Promise<void>;
}

import { randomUUID } from 'node:crypto';
import type { RuleRef } from '../../src/rules/rule-file.ts';
import type { DecisionRecord, IssuedCard } from '../../src/store/decision-store.ts';
import type { FeedbackItem } from '../../src/validate/feedback-validator.ts';

export function card(rule: RuleRef, overrides: Partial<IssuedCard> = {}): IssuedCard {
  return {
    uuid: randomUUID(),
    ruleId: rule.id,
    ruleVersion: rule.version,
    topic: 'ctc-prognosis',
    indicator: 'info',
    summary: `Advice from ${rule.id}`,
    ...overrides,
  };
}

export function decision(overrides: Partial<DecisionRecord> = {}): DecisionRecord {
  return {
    id: randomUUID(),
    time: '2025-03-10T12:00:00.000Z',
    serviceId: 'ctc-advisor',
    hook: 'patient-view',
    hookInstance: randomUUID(),
    patientPseudonym: 'p_0123456789abcdef01234567',
    ruleSetVersion: 'rules@abc123',
    rulesEvaluated: [],
    rulesFired: [],
    shadowCards: [],
    cards: [],
    dataQualityNotes: [],
    dataSource: 'prefetch',
    statusCode: 200,
    durationMs: 12.5,
    ...overrides,
  };
}

export function accepted(cardUuid: string, at = '2025-03-10T12:05:00Z'): FeedbackItem {
  return { card: cardUuid, outcome: 'accepted', acceptedSuggestions: [{ id: randomUUID() }], outcomeTimestamp: at };
}

export function overridden(cardUuid: string, code: string | undefined, comment?: string): FeedbackItem {
  return {
    card: cardUuid,
    outcome: 'overridden',
    overrideReason: {
      ...(code ? { reason: { system: 'http://example.org/override-reasons', code, display: `Reason ${code}` } } : {}),
      ...(comment ? { userComment: comment } : {}),
    },
    outcomeTimestamp: '2025-03-10T12:06:00Z',
  };
}

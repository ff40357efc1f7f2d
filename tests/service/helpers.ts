import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { validateResponse } from '../../src/validate/cds-hooks-validators.ts';
import { PROJECT_ROOT } from '../../src/config/config.ts';

export const PATIENT_VIEW = '/cds-services/ctc-advisor-patient-view';
export const ORDER_SELECT = '/cds-services/ctc-advisor-order-select';

export function requestFixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'fhir-fixtures/requests', `${name}.json`), 'utf8')) as Record<string, unknown>;
}

/** Every card returned in any test must pass the strict card schema (uuid, summary <140, topic, no nulls or empties). */
export function expectValidCdsResponse(body: unknown): void {
  const result = validateResponse(body);
  expect(result.ok ? [] : result.problems).toEqual([]);
  for (const card of (body as { cards: { uuid?: string; indicator: string; source: { topic?: unknown } }[] }).cards) {
    expect(card.uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(card.indicator).not.toBe('critical');
    expect(card.source.topic).toBeDefined();
  }
}

export function ruleIdsOf(body: unknown): string[] {
  return (body as { cards: { extension: Record<string, { id: string }> }[] }).cards.map(
    (c) => c.extension['org.ctc-advisor.rule']?.id ?? '?',
  );
}

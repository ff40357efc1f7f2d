import { readdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config/config.ts';
import { loadRuleSet, type RuleSet } from '../../src/rules/rule-set.ts';
import { loadServiceRegistry, type ServiceRegistry } from '../../src/services/service-registry.ts';
import { handleServiceCall } from '../../src/service-call.ts';
import { offlinePipeline, requestFromFile } from '../../src/simulate/offline-pipeline.ts';
import { validateResponse } from '../../src/validate/cds-hooks-validators.ts';
import { findForbiddenLanguage } from '../../src/rules/safety-language.ts';
import type { Card } from '../../src/validate/cds-hooks-types.ts';

const TOPICS = [
  'ctc-count-prognosis', 'ctc-count-setting', 'ctc-trend', 'ctc-method-caveat', 'ctc-low-count-caveat', 'ctc-cluster', 'pdl1-ctc',
  'dtc-at-diagnosis', 'dtc-persistence', 'dtc-bisphosphonate-context', 'dtc-receptor-discordance', 'organotropism',
  'blood-microenvironment', 'test-ordering', 'data-quality',
];

const fixtures = (dir: string) => readdirSync(path.join(PROJECT_ROOT, 'fhir-fixtures', dir)).filter((f) => f.endsWith('.json')).map((f) => path.join('fhir-fixtures', dir, f));
const cases = [
  ...fixtures('patients').map((f) => ({ file: f, hook: 'patient-view' as const })),
  ...fixtures('requests').map((f) => ({ file: f, hook: (f.includes('order-select') ? 'order-select' : 'patient-view') as 'patient-view' | 'order-select' })),
];

let ruleSet: RuleSet;
let services: ServiceRegistry;
beforeAll(() => {
  ruleSet = loadRuleSet(path.join(PROJECT_ROOT, 'rules'));
  services = loadServiceRegistry(path.join(PROJECT_ROOT, 'cds-hooks'));
});

/**
 * Issue 4's safety walk: every fixture through the real pipeline, every card checked against the
 * principles: schema, topic vocabulary, rule id/version, references, no therapy-change advice,
 * no reassurance, never critical, suggestions without actions.
 */
describe.each(cases)('$file ($hook)', ({ file, hook }) => {
  it('produces only cards that keep the safety principles', async () => {
    const { serviceId, body } = requestFromFile(path.join(PROJECT_ROOT, file), hook, services);
    const { response, trace } = await handleServiceCall(offlinePipeline(ruleSet, services, new Date('2026-06-01T00:00:00Z')), serviceId, body);
    expect(validateResponse(response)).toMatchObject({ ok: true });
    for (const card of [...response.cards, ...trace.shadowCards] as Card[]) {
      const rule = card.extension?.['org.ctc-advisor.rule'] as { id: string; version: string } | undefined;
      expect(rule?.id, card.summary).toBeTruthy();
      expect(rule?.version).toMatch(/^\d+\.\d+\.\d+$/);
      expect(card.indicator).not.toBe('critical');
      expect(TOPICS).toContain(card.source.topic?.code);
      expect(card.detail).toMatch(/\*\*References\*\*\n\n1\. /);
      expect(card.links?.some((l) => /doi\.org|pubmed|ncbi/.test(l.url))).toBe(true);
      expect(findForbiddenLanguage(`${card.summary}\n${card.detail ?? ''}`)).toEqual([]);
      for (const s of card.suggestions ?? []) expect(s.actions ?? []).toEqual([]);
    }
  });
});

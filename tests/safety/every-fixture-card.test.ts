import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Bundle } from 'fhir/r4';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config/config.ts';
import { loadRuleSet, type RuleSet } from '../../src/rule-set/rule-set.ts';
import { loadServiceRegistry, type ServiceRegistry } from '../../src/services/service-registry.ts';
import { handleServiceCall } from '../../src/service-call.ts';
import { offlinePipeline, requestFromFile } from '../../src/simulate/offline-pipeline.ts';
import { requestFromBundle } from '../../src/simulate/ehr-request.ts';
import { validateResponse } from '../../src/validate/cds-hooks-validators.ts';
import { findForbiddenLanguage } from '../../src/rules/safety-language.ts';
import type { Card } from '../../src/validate/cds-hooks-types.ts';
import type { HookName } from '../../src/rules/rule-file.ts';
import { DETAIL_MAX_WORDS, wordCount } from '../../src/cards/render-detail.ts';
import { EVIDENCE_LINK_LABEL } from '../../src/cards/render-card.ts';
import { internalIdentifiersIn } from './card-language.ts';

const TOPICS = [
  'ctc-count-prognosis',
  'ctc-count-setting',
  'ctc-trend',
  'ctc-method-caveat',
  'ctc-low-count-caveat',
  'ctc-cluster',
  'pdl1-ctc',
  'dtc-at-diagnosis',
  'dtc-persistence',
  'dtc-bisphosphonate-context',
  'dtc-receptor-discordance',
  'organotropism',
  'blood-microenvironment',
  'test-ordering',
  'data-quality',
];

const fixtures = (dir: string) =>
  readdirSync(path.join(PROJECT_ROOT, 'fhir-fixtures', dir))
    .filter((f) => f.endsWith('.json') && f !== 'expectations.json')
    .map((f) => path.join('fhir-fixtures', dir, f));
const bundles = [...fixtures('patients'), ...fixtures('patients/mcode')];
const WALK_TIME = '2026-06-01T00:00:00Z';
const ruleSet: RuleSet = loadRuleSet(path.join(PROJECT_ROOT, 'rules'));
const cases = [
  ...bundles.map((file) => ({ file, hook: 'patient-view' as HookName, at: WALK_TIME, draftCtcOrder: false })),
  // Both hooks for every patient: order-select with a CTC enumeration as the selected draft order.
  ...bundles.map((file) => ({ file, hook: 'order-select' as HookName, at: WALK_TIME, draftCtcOrder: true })),
  ...fixtures('requests').map((file) => ({
    file,
    hook: (file.includes('order-select') ? 'order-select' : 'patient-view') as HookName,
    at: WALK_TIME,
    draftCtcOrder: false,
  })),
  // A rule whose firing case needs another evaluation time (e.g. a draw years after surgery) is walked at that time too.
  ...ruleSet.rules.flatMap(({ rule }) =>
    rule.tests.flatMap((test) =>
      test.expect === 'fires' && test.at !== undefined && Date.parse(test.at) !== Date.parse(WALK_TIME)
        ? [{ file: test.fixture, hook: test.hook ?? rule.hooks[0] ?? 'patient-view', at: test.at, draftCtcOrder: false }]
        : [],
    ),
  ),
];

/** An order-select call for a patient Bundle: a draft CTC enumeration order, selected. */
function orderSelectFor(file: string): { serviceId: string; body: Record<string, unknown> } {
  const bundle = JSON.parse(readFileSync(path.join(PROJECT_ROOT, file), 'utf8')) as Bundle;
  const service = services.services.find((s) => s.hook === 'order-select');
  if (!service) throw new Error('no order-select service');
  const patientId = bundle.entry?.find((e) => e.resource?.resourceType === 'Patient')?.resource?.id ?? '';
  const order = {
    resourceType: 'ServiceRequest',
    id: 'draft-ctc',
    status: 'draft',
    intent: 'order',
    subject: { reference: `Patient/${patientId}` },
    code: {
      coding: [
        {
          system: 'https://ctc-advisor.org/fhir/CodeSystem/liquid-biopsy',
          code: 'ctc-count',
          display: 'CTC enumeration per 7.5 mL whole blood',
        },
      ],
    },
  };
  const draftOrders = { resourceType: 'Bundle', type: 'collection', entry: [{ resource: order }] } as unknown as Bundle;
  return { serviceId: service.id, body: requestFromBundle(bundle, service, { draftOrders, selections: ['ServiceRequest/draft-ctc'] }) };
}

let services: ServiceRegistry;
/** Rule ids whose cards the walk checked, so the last test can show the walk reached every rule. */
const checked = new Set<string>();
beforeAll(() => {
  services = loadServiceRegistry(path.join(PROJECT_ROOT, 'cds-hooks'));
});

/**
 * Issue 4's safety walk: every fixture through the real pipeline, every card checked against the
 * principles: schema, topic vocabulary, rule id/version, no therapy-change advice, no reassurance,
 * never critical. Issue 16 §1: the card shape (summary under 140 characters, detail within 120
 * words, advisory line, one evidence-page link and at most two reference links), clinician language
 * only, preliminary results named in the summary, and suggestions that do something (a draft Task
 * proposal, never an empty button).
 */
describe.each(cases)('$file ($hook, $at)', ({ file, hook, at, draftCtcOrder }) => {
  it('produces only cards that keep the safety principles', async () => {
    const { serviceId, body } = draftCtcOrder ? orderSelectFor(file) : requestFromFile(path.join(PROJECT_ROOT, file), hook, services);
    const { response, trace } = await handleServiceCall(offlinePipeline(ruleSet, services, new Date(at)), serviceId, body);
    expect(validateResponse(response)).toMatchObject({ ok: true });
    for (const card of [...response.cards, ...trace.shadowCards] as Card[]) {
      const rule = card.extension?.['org.ctc-advisor.rule'] as { id: string; version: string } | undefined;
      expect(rule?.id, card.summary).toBeTruthy();
      checked.add(rule?.id ?? '');
      expect(rule?.version).toMatch(/^\d+\.\d+\.\d+$/);
      expect(card.indicator).not.toBe('critical');
      expect(TOPICS).toContain(card.source.topic?.code);
      expect(findForbiddenLanguage(`${card.summary}\n${card.detail ?? ''}`)).toEqual([]);
      // Card shape
      expect(card.summary.length, card.summary).toBeLessThan(140);
      expect(wordCount(card.detail ?? ''), `${rule?.id}: ${card.detail}`).toBeLessThanOrEqual(DETAIL_MAX_WORDS);
      expect(card.detail).toMatch(/^\*\*Patient data:\*\* .+\n\n\*\*Evidence:\*\* .+\*\(level [A-E], [^)]+\)\*/);
      expect(card.detail).toMatch(/\*Advisory only[^*]*\*$/);
      expect(card.detail).not.toMatch(/\.\.(?!\.)/);
      const evidenceLinks = (card.links ?? []).filter((l) => l.label === EVIDENCE_LINK_LABEL);
      expect(evidenceLinks).toEqual([{ label: EVIDENCE_LINK_LABEL, url: card.source.url, type: 'absolute' }]);
      expect(card.source.url).toMatch(new RegExp(`^https?://[^/]+/rules/${rule?.id}$`));
      // At most two reference links; the SMART timeline link (issue 19) is not a reference and comes at most once.
      expect((card.links ?? []).filter((l) => l.label !== EVIDENCE_LINK_LABEL && l.type !== 'smart').length).toBeLessThanOrEqual(2);
      expect((card.links ?? []).filter((l) => l.type === 'smart').length).toBeLessThanOrEqual(1);
      // Clinician language only
      const texts = [
        card.summary,
        card.detail ?? '',
        ...(card.links ?? []).map((l) => l.label),
        ...(card.suggestions ?? []).map((s) => s.label),
      ];
      for (const text of texts) expect(internalIdentifiersIn(text), text).toEqual([]);
      // A preliminary result says so first
      if (/\bpreliminary\b/.test(card.detail?.split('\n\n')[0] ?? '')) expect(card.summary).toMatch(/^Preliminary: /);
      // Suggestions that do something: a draft Task proposal for a clinician to confirm
      for (const s of card.suggestions ?? []) {
        expect(s.actions, s.label).toHaveLength(1);
        expect(s.actions?.[0]).toMatchObject({
          type: 'create',
          resource: { resourceType: 'Task', status: 'draft', intent: 'proposal', description: s.label },
        });
      }
    }
  });
});

describe('the walk', () => {
  it('checked a card of every active rule that has a test case expecting it to fire', () => {
    const firing = ruleSet.rules
      .filter(({ rule }) => rule.status === 'active' && rule.tests.some((t) => t.expect === 'fires'))
      .map(({ rule }) => rule.id);
    expect(firing.length).toBeGreaterThan(0);
    expect(firing.filter((id) => !checked.has(id))).toEqual([]);
  });
});

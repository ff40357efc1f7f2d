import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config/config.ts';
import { loadRuleSet, type RuleSet } from '../../src/rule-set/rule-set.ts';
import { loadServiceRegistry, type ServiceRegistry } from '../../src/services/service-registry.ts';
import { handleServiceCall } from '../../src/service-call.ts';
import { offlinePipeline, requestFromFile } from '../../src/simulate/offline-pipeline.ts';
import type { Card } from '../../src/validate/cds-hooks-types.ts';

/**
 * patient-view prefetches ServiceRequests only to resolve the orders results were drawn for
 * (`referenceData`): an EHR that does not send them gets no data-gap card for it, and a result whose
 * order is missing says so where it matters (several primaries).
 */
let ruleSet: RuleSet;
let services: ServiceRegistry;
beforeAll(() => {
  ruleSet = loadRuleSet(path.join(PROJECT_ROOT, 'rules'));
  services = loadServiceRegistry(path.join(PROJECT_ROOT, 'cds-hooks'));
});

async function call(fixture: string, drop: readonly string[]) {
  const { serviceId, body } = requestFromFile(path.join(PROJECT_ROOT, 'fhir-fixtures/patients', fixture), 'patient-view', services);
  const prefetch = { ...(body.prefetch as Record<string, unknown>) };
  for (const key of drop) delete prefetch[key];
  const { response } = await handleServiceCall(offlinePipeline(ruleSet, services, new Date('2026-06-01T00:00:00Z')), serviceId, {
    ...body,
    prefetch,
  });
  return (response.cards as Card[]).map((c) => {
    const rule = c.extension?.['org.ctc-advisor.rule'] as { id: string } | undefined;
    if (!rule) throw new Error(`a card without its rule extension: ${c.summary}`);
    return rule.id;
  });
}

describe('reference data (serviceRequests)', () => {
  it('is a prefetch key of patient-view', () => {
    expect(services.get('ctc-advisor-patient-view')?.prefetch.serviceRequests).toBe('ServiceRequest?patient={{context.patientId}}');
  });

  it('missing from prefetch, with no FHIR server: the same cards, no data-gap card', async () => {
    expect(await call('mbc-ctc-12-cellsearch.json', ['serviceRequests'])).toEqual(await call('mbc-ctc-12-cellsearch.json', []));
    expect(await call('mbc-ctc-12-cellsearch.json', ['serviceRequests'])).not.toContain('data-quality-unusable-results');
  });

  it('an optional key that is not reference data still gives its data-gap card', async () => {
    expect(await call('mbc-ctc-12-cellsearch.json', ['procedures'])).toContain('data-quality-unusable-results');
  });
});

import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config/config.ts';
import { loadRuleSet, type RuleSet } from '../../src/rule-set/rule-set.ts';
import { loadServiceRegistry, type ServiceRegistry } from '../../src/services/service-registry.ts';
import { handleServiceCall } from '../../src/service-call.ts';
import { offlinePipeline, requestFromFile } from '../../src/simulate/offline-pipeline.ts';

/** Issue 16 §1: an order-select card names the order in the EHR's own words, escaped like any patient text. */
let ruleSet: RuleSet;
let services: ServiceRegistry;
beforeAll(() => {
  ruleSet = loadRuleSet(path.join(PROJECT_ROOT, 'rules'));
  services = loadServiceRegistry(path.join(PROJECT_ROOT, 'cds-hooks'));
});

async function orderCardDetails(text: string | undefined): Promise<string> {
  const { serviceId, body } = requestFromFile(
    path.join(PROJECT_ROOT, 'fhir-fixtures/requests/early-breast-ctc-12-cellsearch.order-select.json'),
    'order-select',
    services,
  );
  const copy = structuredClone(body) as { context: { draftOrders: { entry: { resource: { code: { text?: string } } }[] } } };
  for (const e of copy.context.draftOrders.entry) {
    if (text === undefined) delete e.resource.code.text;
    else e.resource.code.text = text;
  }
  const { response } = await handleServiceCall(
    offlinePipeline(ruleSet, services, new Date('2026-03-01T00:00:00Z')),
    serviceId,
    copy as unknown as Record<string, unknown>,
  );
  return response.cards.map((c) => c.detail ?? '').join('\n');
}

describe('the selected order on an order-select card', () => {
  it("is named in the EHR's words", async () => {
    expect(await orderCardDetails('Circulating tumour cells, CellSearch (send-out)')).toContain(
      'Selected order: Circulating tumour cells, CellSearch (send-out)',
    );
  });

  it('falls back to the test in words when the order carries no text', async () => {
    const details = await orderCardDetails(undefined);
    expect(details).toMatch(/Selected order: [A-Za-z]/);
    expect(details).not.toContain('ctc-enumeration');
  });
});

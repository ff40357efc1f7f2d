import { readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import type { Bundle } from 'fhir/r4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config/config.ts';
import { loadServiceRegistry } from '../../src/services/service-registry.ts';
import { requestFromBundle } from '../../src/simulate/ehr-request.ts';
import { validateResponse } from '../../src/validate/cds-hooks-validators.ts';
import type { Card } from '../../src/validate/cds-hooks-types.ts';
import { SMART_LINK_LABEL } from '../../src/cards/smart-link.ts';
import { SMART_APP_EXTENSION } from '../../src/http/routes/discovery.ts';
import { startTestService, type TestService } from '../support/test-service.ts';

const BASE = 'https://ctc-advisor.example.org';
const CALL = '/cds-services/ctc-advisor-patient-view';

function fixture(name: string): Bundle {
  return JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'fhir-fixtures', 'patients', `${name}.json`), 'utf8')) as Bundle;
}

function ruleOf(card: Card): string | undefined {
  return (card.extension?.['org.ctc-advisor.rule'] as { id?: string } | undefined)?.id;
}

/** Issue 19: the CDS Hooks 2.0 response carries the timeline as a SMART link (https://cds-hooks.hl7.org/2.0/#link). */
describe('the SMART timeline link in a CDS Hooks response', () => {
  let test: TestService;

  beforeAll(async () => {
    test = await startTestService({ env: { CTC_PUBLIC_BASE_URL: BASE } });
  });

  afterAll(async () => {
    await test?.close();
  });

  async function cardsFor(name: string): Promise<Card[]> {
    const service = loadServiceRegistry(test.config.server.servicesDir).get('ctc-advisor-patient-view');
    if (!service) throw new Error('no patient-view service');
    const response = await request(test.app)
      .post(CALL)
      .set('authorization', await test.bearer(CALL))
      .send(requestFromBundle(fixture(name), service));
    expect(response.status).toBe(200);
    expect(validateResponse(response.body)).toMatchObject({ ok: true });
    return (response.body as { cards: Card[] }).cards;
  }

  it('a CTC count card links the timeline: type smart, the launch URL, appContext a string naming the series and the rule', async () => {
    const card = (await cardsFor('mbc-ctc-12-cellsearch')).find((c) => ruleOf(c) === 'mbc-cellsearch-ctc-elevated');
    const smart = card?.links?.filter((l) => l.type === 'smart') ?? [];
    expect(smart).toHaveLength(1);
    const [link] = smart;
    expect(link).toEqual({ label: SMART_LINK_LABEL, url: `${BASE}/smart/launch`, type: 'smart', appContext: expect.any(String) });
    expect(typeof link?.appContext).toBe('string');
    const version = test.service.rules.current().byId.get('mbc-cellsearch-ctc-elevated')?.rule.version;
    expect(JSON.parse(link?.appContext ?? 'null')).toEqual({ focus: 'ctc', ruleId: 'mbc-cellsearch-ctc-elevated', ruleVersion: version });
    // The evidence link stays first and absolute; the SMART link is added, not swapped in.
    expect(card?.links?.[0]).toMatchObject({ type: 'absolute', url: `${BASE}/rules/mbc-cellsearch-ctc-elevated` });
  });

  it('only cards about CTC or DTC results carry it, each at most once', async () => {
    let smartCards = 0;
    let otherCards = 0;
    const focuses = new Set<string>();
    for (const name of [
      'mbc-ctc-12-cellsearch',
      'ctc-liver-cluster-present',
      'ctc-mbc-baseline-4-then-9',
      'dtc-crc-positive',
      'dtc-ebc-bisphosphonate',
      'blood-mbc-nlr-with-ctc',
      'blood-mcrc-aspirin-ctc',
    ]) {
      for (const card of await cardsFor(name)) {
        const topic = card.source.topic?.code ?? '';
        const links = (card.links ?? []).filter((l) => l.type === 'smart');
        const aboutResults = /^(ctc|dtc)-/.test(topic) || topic === 'pdl1-ctc';
        expect(links.length, `${ruleOf(card)} (${topic})`).toBe(aboutResults ? 1 : 0);
        if (links[0]) {
          const context = JSON.parse(links[0].appContext ?? '{}') as { ruleId?: string; focus?: string };
          expect(context.ruleId).toBe(ruleOf(card));
          focuses.add(context.focus ?? '');
        }
        smartCards += links.length;
        otherCards += links.length === 0 ? 1 : 0;
      }
    }
    // Both sides were seen: cards with the link (CTC and DTC focus) and cards without it (e.g. organotropism).
    expect(smartCards).toBeGreaterThan(1);
    expect(otherCards).toBeGreaterThan(0);
    expect([...focuses].sort()).toEqual(expect.arrayContaining(['ctc', 'dtc']));
  });

  it('discovery tells the EHR which client id, launch URL, redirect URI and scopes to register', async () => {
    const response = await request(test.app)
      .get('/cds-services')
      .set('authorization', await test.bearer('/cds-services'));
    expect(response.status).toBe(200);
    const services = (response.body as { services: { extension?: Record<string, unknown> }[] }).services;
    expect(services.length).toBeGreaterThan(0);
    for (const service of services) {
      expect(service.extension?.[SMART_APP_EXTENSION]).toEqual({
        client_id: 'ctc-advisor-timeline',
        launch_uri: `${BASE}/smart/launch`,
        redirect_uris: [`${BASE}/smart/app`],
        scope:
          'launch openid fhirUser patient/Patient.r patient/Observation.rs patient/Condition.rs patient/MedicationRequest.rs patient/MedicationAdministration.rs patient/Procedure.rs',
        registration: `${BASE}/smart/client.json`,
      });
    }
  });
});

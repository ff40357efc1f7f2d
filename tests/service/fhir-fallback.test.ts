import { readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import type { Bundle, FhirResource } from 'fhir/r4';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../support/test-service.ts';
import { startFhirServer, type LoopbackFhirServer } from '../support/fhir-server.ts';
import { fhirAuthorization } from '../support/fhir-authorization.ts';
import { PROJECT_ROOT } from '../../src/config/config.ts';
import { expectValidCdsResponse, PATIENT_VIEW, requestFixture, ruleIdsOf } from './helpers.ts';

const ACCESS_TOKEN = 'ehr-issued-access-token-123';
const bundle = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'fhir-fixtures/patients/mbc-ctc-12-cellsearch.json'), 'utf8')) as Bundle;

let t: TestService;
let fhir: LoopbackFhirServer;
beforeAll(async () => {
  fhir = await startFhirServer({
    resources: (bundle.entry ?? []).map((e) => e.resource as FhirResource),
    requiredBearerToken: ACCESS_TOKEN,
  });
  t = await startTestService({ now: () => new Date('2026-03-01T00:00:00Z') });
});
afterAll(async () => {
  await t.close();
  await fhir.stop();
});
beforeEach(() => fhir.setFault({ kind: 'none' }));

function withFhirServer(prefetch: Record<string, unknown> | undefined): Record<string, unknown> {
  const { prefetch: _p, ...base } = requestFixture('mbc-ctc-12-cellsearch.patient-view');
  return {
    ...base,
    ...(prefetch ? { prefetch } : {}),
    fhirServer: fhir.baseUrl,
    fhirAuthorization: fhirAuthorization(ACCESS_TOKEN, 'mbc-ctc-12-cellsearch'),
  };
}

const fullPrefetch = () => requestFixture('mbc-ctc-12-cellsearch.patient-view').prefetch as Record<string, unknown>;

async function callAndSeen(body: Record<string, unknown>) {
  const before = fhir.requests.length;
  const res = await request(t.app)
    .post(PATIENT_VIEW)
    .set('Authorization', await t.bearer(PATIENT_VIEW))
    .send(body);
  return { res, seen: fhir.requests.slice(before) };
}

describe('FHIR fallback against a real loopback FHIR server', () => {
  it('no prefetch at all: every key is fetched with the bearer token and the rule fires', async () => {
    const { res, seen } = await callAndSeen(withFhirServer(undefined));
    expect(res.status).toBe(200);
    expectValidCdsResponse(res.body);
    expect(ruleIdsOf(res.body)).toContain('mbc-cellsearch-ctc-elevated');
    expect(seen.map((r) => r.url.split('?')[0])).toEqual(
      expect.arrayContaining(['/fhir/R4/Observation', '/fhir/R4/Condition', '/fhir/R4/Patient/mbc-ctc-12-cellsearch']),
    );
    expect(seen.every((r) => r.authorization === `Bearer ${ACCESS_TOKEN}`)).toBe(true);
  });

  it.each([
    [
      'absent',
      (p: Record<string, unknown>) => {
        delete p.observations;
      },
    ],
    [
      'null',
      (p: Record<string, unknown>) => {
        p.observations = null;
      },
    ],
    [
      'an OperationOutcome',
      (p: Record<string, unknown>) => {
        p.observations = { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'timeout' }] };
      },
    ],
  ])('observations prefetch %s → only that key is fetched, with the token', async (_label, mutate) => {
    const prefetch = fullPrefetch();
    mutate(prefetch);
    const { res, seen } = await callAndSeen(withFhirServer(prefetch));
    expect(res.status).toBe(200);
    expect(ruleIdsOf(res.body)).toContain('mbc-cellsearch-ctc-elevated');
    expect(seen).toHaveLength(1);
    expect(seen[0]?.url).toMatch(/^\/fhir\/R4\/Observation\?patient=mbc-ctc-12-cellsearch/);
    expect(seen[0]?.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
  });

  it('a prefetch Bundle with a next link is completed from the server', async () => {
    const prefetch = fullPrefetch();
    const observations = prefetch.observations as Bundle;
    prefetch.observations = {
      ...observations,
      entry: [],
      link: [{ relation: 'next', url: `${fhir.baseUrl}/Observation?patient=mbc-ctc-12-cellsearch&_count=1&_offset=0` }],
    };
    const { res, seen } = await callAndSeen(withFhirServer(prefetch));
    expect(res.status).toBe(200);
    expect(ruleIdsOf(res.body)).toContain('mbc-cellsearch-ctc-elevated');
    expect(seen.length).toBeGreaterThanOrEqual(1);
  });

  it('required data unobtainable from the server (500) → 412 naming the key', async () => {
    fhir.setFault({ kind: 'status', status: 500 });
    const prefetch = fullPrefetch();
    delete prefetch.observations;
    const { res } = await callAndSeen(withFhirServer(prefetch));
    expect(res.status).toBe(412);
    // The same words for every cause (issue 17 item 9); the status goes to the log only.
    expect(res.body.problems).toEqual([
      { path: '/prefetch/observations', message: 'prefetch was absent; the FHIR server could not be read' },
    ]);
  });

  it('an optional key that fails becomes a data-gap card instead of a 412', async () => {
    fhir.setFault({ kind: 'status', status: 500 });
    const prefetch = fullPrefetch();
    delete prefetch.procedures;
    const { res } = await callAndSeen(withFhirServer(prefetch));
    expect(res.status).toBe(200);
    expectValidCdsResponse(res.body);
    expect(ruleIdsOf(res.body)).toEqual(expect.arrayContaining(['mbc-cellsearch-ctc-elevated', 'data-quality-unusable-results']));
  });

  it('a wrong access token is refused by the FHIR server → 412, and the service stays healthy', async () => {
    const body = withFhirServer(undefined);
    (body.fhirAuthorization as Record<string, unknown>).access_token = 'wrong';
    const { res } = await callAndSeen(body);
    expect(res.status).toBe(412);
    const ok = await callAndSeen(withFhirServer(undefined));
    expect(ok.res.status).toBe(200);
  });
});

import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../support/test-service.ts';
import { startFhirServer, type LoopbackFhirServer } from '../support/fhir-server.ts';
import { validateRequest, validateResponse } from '../../src/validate/cds-hooks-validators.ts';
import {
  FHIR_ACCESS_TOKEN,
  PATIENT_VIEW_PATH,
  fallbackRequest,
  heavyPatient,
  prefetchRequest,
  typicalPatient,
} from '../../bench/payloads.ts';
import { allResources } from '../../bench/synthetic-patient.ts';

// Keeps `npm run bench` from rotting: what it sends must stay a valid request the service answers.
let t: TestService;
let fhir: LoopbackFhirServer;
const typical = typicalPatient();
beforeAll(async () => {
  t = await startTestService({ env: { CTC_BODY_LIMIT_BYTES: String(32 * 1024 * 1024) } });
  fhir = await startFhirServer({ resources: allResources(typical), requiredBearerToken: FHIR_ACCESS_TOKEN });
});
afterAll(async () => {
  await t.close();
  await fhir.stop();
});

describe('bench payloads', () => {
  it('typical, heavy and fallback requests are valid CDS Hooks requests that the service answers with 200', async () => {
    expect(typical.observations).toHaveLength(40);
    expect(typical.conditions).toHaveLength(5);
    expect(typical.medicationRequests.length + typical.medicationAdministrations.length + typical.procedures.length).toBe(10);
    const heavy = prefetchRequest('heavy', heavyPatient());
    expect(heavy.observations).toBe(2_000);
    for (const payload of [prefetchRequest('typical', typical), heavy, fallbackRequest('fhir-fallback', typical, fhir.baseUrl)]) {
      const body = JSON.parse(payload.body) as object;
      const valid = validateRequest(body);
      expect(valid.ok ? [] : valid.problems, payload.name).toEqual([]);
      const res = await request(t.app)
        .post(PATIENT_VIEW_PATH)
        .set('Authorization', await t.bearer(PATIENT_VIEW_PATH))
        .send(body);
      expect(res.status, `${payload.name}: ${JSON.stringify(res.body).slice(0, 300)}`).toBe(200);
      const response = validateResponse(res.body);
      expect(response.ok ? [] : response.problems, payload.name).toEqual([]);
    }
  });
});

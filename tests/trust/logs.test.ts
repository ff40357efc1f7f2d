import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../support/test-service.ts';
import { freeLoopbackPort } from '../support/free-port.ts';
import { captureLogs } from '../support/log-capture.ts';
import { fhirAuthorization } from '../support/fhir-authorization.ts';

/**
 * Item 4 of issue 6: one structured line per call, and no PHI in the logs by default. The
 * fixture carries a name, a birth date, free text, narrative and a raw patient id that must
 * never appear in any log line (at trace level, so nothing hides below the threshold).
 */
const PATH = '/cds-services/ctc-advisor-patient-view';
const PATIENT_ID = 'phi-raw-id-7788';
const PHI = {
  family: 'Quartermaine',
  given: 'Zebulon',
  birthDate: '1937-07-23',
  note: 'FREE-TEXT patient says the rash began after the ferry',
  narrative: 'NARRATIVE Zebulon has a history of',
  conditionText: 'Ductal carcinoma, left breast, per Dr Haversham',
  accessToken: 'fhir-access-token-PHI-2b7c',
};

function phiRequest(hookInstance: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const subject = { reference: `Patient/${PATIENT_ID}` };
  return {
    hook: 'patient-view',
    hookInstance,
    context: { userId: 'Practitioner/example-oncologist', patientId: PATIENT_ID },
    prefetch: {
      patient: {
        resourceType: 'Patient',
        id: PATIENT_ID,
        birthDate: PHI.birthDate,
        name: [{ family: PHI.family, given: [PHI.given] }],
        text: { status: 'generated', div: `<div>${PHI.narrative}</div>` },
      },
      conditions: {
        resourceType: 'Bundle',
        type: 'searchset',
        entry: [
          {
            resource: {
              resourceType: 'Condition',
              id: 'c1',
              subject,
              code: { coding: [{ system: 'http://snomed.info/sct', code: '254837009' }], text: PHI.conditionText },
              clinicalStatus: { coding: [{ code: 'active' }] },
              stage: [{ summary: { coding: [{ system: 'https://ctc-advisor.org/fhir/CodeSystem/disease-setting', code: 'metastatic' }] } }],
            },
          },
        ],
      },
      observations: {
        resourceType: 'Bundle',
        type: 'searchset',
        entry: [
          {
            resource: {
              resourceType: 'Observation',
              id: 'o1',
              status: 'final',
              subject,
              code: { coding: [{ system: 'https://ctc-advisor.org/fhir/CodeSystem/liquid-biopsy', code: 'ctc-count' }] },
              effectiveDateTime: '2025-01-10',
              valueQuantity: { value: 12, unit: 'CTC/7.5 mL' },
              method: { coding: [{ system: 'https://ctc-advisor.org/fhir/CodeSystem/assay-method', code: 'cellsearch' }] },
              note: [{ text: PHI.note }],
            },
          },
        ],
      },
    },
    ...overrides,
  };
}

describe('call logs', () => {
  describe('by default (patient ids pseudonymized)', () => {
    const logs = captureLogs('trace');
    let service: TestService;
    const jwts: string[] = [];
    const calls: { hookInstance: string; status: number }[] = [];

    beforeAll(async () => {
      service = await startTestService({ logger: logs.logger });
      const refused = `http://127.0.0.1:${await freeLoopbackPort()}/fhir`;
      const fallbackAuth = {
        fhirServer: refused,
        fhirAuthorization: fhirAuthorization(PHI.accessToken),
      };
      const bodies: [string, Record<string, unknown>][] = [
        ['0e2f5a6c-1111-4aaa-8bbb-000000000001', {}],
        // Optional keys fall back to a refused server: a data-gap note, still 200.
        ['0e2f5a6c-1111-4aaa-8bbb-000000000002', fallbackAuth],
        // Required keys missing and no server: 412.
        ['0e2f5a6c-1111-4aaa-8bbb-000000000003', { prefetch: { patient: null } }],
        // Refused by the validator: 400.
        ['0e2f5a6c-1111-4aaa-8bbb-000000000004', { hook: 'order-select' }],
      ];
      for (const [hookInstance, overrides] of bodies) {
        const header = await service.bearer(PATH);
        jwts.push(header.slice('Bearer '.length));
        const res = await request(service.app).post(PATH).set('Authorization', header).send(phiRequest(hookInstance, overrides));
        calls.push({ hookInstance, status: res.status });
      }
    });
    afterAll(() => service.close());

    it('the calls answered as intended', () => {
      expect(calls.map((c) => c.status)).toEqual([200, 200, 412, 400]);
    });

    it('writes exactly one cds-call line per call, with hookInstance, service, status, duration, rule-set version and rules fired', () => {
      const lines = logs.records().filter((l) => l.event === 'cds-call');
      expect(lines.map((l) => [l.hookInstance, l.status])).toEqual(calls.map((c) => [c.hookInstance, c.status]));
      for (const line of lines) {
        expect(line).toMatchObject({ service: 'ctc-advisor-patient-view', app: 'ctc-advisor', durationMs: expect.any(Number) });
      }
      const version = service.service.rules.current().version;
      const [ok] = lines;
      expect(ok).toMatchObject({
        ruleSetVersion: version,
        rulesFired: expect.arrayContaining([expect.stringMatching(/^[a-z0-9-]+@\d+\.\d+\.\d+$/)]),
      });
    });

    it('every line is valid JSON with unique keys', () => {
      for (const raw of logs.text().split('\n').filter(Boolean)) {
        const keys = [...raw.matchAll(/"([^"]+)":/g)].map((m) => m[1]);
        const topLevel = Object.keys(JSON.parse(raw) as object);
        expect(keys.filter((k) => topLevel.includes(k as string)).length, raw).toBe(
          new Set(keys.filter((k) => topLevel.includes(k as string))).size,
        );
      }
    });

    it('contains no name, birth date, free text, narrative, raw patient id, access token or JWT', () => {
      const text = logs.text();
      expect(text.length).toBeGreaterThan(0);
      for (const secret of [...Object.values(PHI), PATIENT_ID, ...jwts, ...jwts.map((j) => j.split('.')[2] ?? 'x')])
        expect(text).not.toContain(secret);
    });

    it('pseudonymizes the patient id (same id, same pseudonym)', () => {
      const patients = logs
        .records()
        .filter((l) => l.event === 'cds-call' && l.status === 200)
        .map((l) => l.patient);
      expect(patients).toEqual([expect.stringMatching(/^p_[0-9a-f]{24}$/), patients[0]]);
    });
  });

  it('logs the patient id in the clear only with CTC_PATIENT_ID_MODE=clear', async () => {
    const logs = captureLogs('info');
    const service = await startTestService({ logger: logs.logger, env: { CTC_PATIENT_ID_MODE: 'clear' } });
    try {
      const res = await request(service.app)
        .post(PATH)
        .set('Authorization', await service.bearer(PATH))
        .send(phiRequest('0e2f5a6c-1111-4aaa-8bbb-000000000005'));
      expect(res.status).toBe(200);
      expect(logs.records().find((l) => l.event === 'cds-call')).toMatchObject({ patient: PATIENT_ID });
      for (const secret of [PHI.family, PHI.birthDate, PHI.note]) expect(logs.text()).not.toContain(secret);
    } finally {
      await service.close();
    }
  });
});

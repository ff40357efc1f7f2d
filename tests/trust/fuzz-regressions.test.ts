import { describe, expect, it } from 'vitest';
import { Terminology, type TerminologyFile } from '../../src/normalize/terminology.ts';
import { callPipeline, problemsWith, realPipelineDeps } from './support/pipeline.ts';
import { ORDER_SELECT, PATIENT_VIEW } from './support/request-arbitraries.ts';

/**
 * Every crash the hostile-input suite found, kept forever as the exact JSON that broke the
 * service. Each names the fix; none may ever answer 5xx again.
 */
const deps = realPipelineDeps({ deadlineMs: 500 });

const patientView = (prefetch: string) =>
  `{"hook":"patient-view","hookInstance":"00000000-0000-4000-8000-000000000000","context":{"userId":"Practitioner/example-oncologist","patientId":"fuzz-patient-1"},"prefetch":${prefetch}}`;

async function call(serviceId: string, text: string) {
  const outcome = await callPipeline(deps, serviceId, JSON.parse(text));
  expect(problemsWith(outcome)).toBeUndefined();
  return outcome;
}

function dataGapNotes(body: unknown): string[] {
  const cards = (body as { cards: { detail?: string }[] }).cards;
  return cards.flatMap((c) => (c.detail ?? '').split('\n')).filter((line) => line.includes('not well-formed FHIR R4'));
}

describe('fuzz regressions', () => {
  it('#1 a null coding in a MedicationAdministration (TypeError in Terminology.lookup) → 200, the resource reported as malformed', async () => {
    const text = patientView(
      '{"conditions":{"resourceType":"Bundle"},"observations":{"resourceType":"Bundle"},"medicationAdministrations":{"resourceType":"Bundle","entry":[{"resource":{"medicationCodeableConcept":{"coding":[null]},"resourceType":"MedicationAdministration"}}]}}',
    );
    const outcome = await call(PATIENT_VIEW.id, text);
    expect(outcome.status).toBe(200);
    expect(dataGapNotes(outcome.body)).toEqual([expect.stringContaining('medicationAdministrations data held 1 resource(s)')]);
  });

  it('#2 a null stage in a Condition (TypeError in cancer.ts stageOf) → 200, the resource reported as malformed', async () => {
    const text = patientView(
      '{"conditions":{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"Condition","stage":[null]}}]},"observations":{"resourceType":"Bundle"}}',
    );
    const outcome = await call(PATIENT_VIEW.id, text);
    expect(outcome.status).toBe(200);
    expect(dataGapNotes(outcome.body)).toEqual([
      expect.stringContaining('conditions data held 1 resource(s) that are not well-formed FHIR R4 (first: /stage/0 must be an object)'),
    ]);
  });

  it('#3 a null coding in a selected draft order (context, not gathered) → 200 with no crash', async () => {
    const text = `{"hook":"order-select","hookInstance":"00000000-0000-4000-8000-000000000000","context":{"userId":"Practitioner/example-oncologist","patientId":"fuzz-patient-1","selections":["ServiceRequest/sr-1"],"draftOrders":{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"ServiceRequest","id":"sr-1","code":{"coding":[null,{"toString":1}]}}}]}},"prefetch":{"conditions":{"resourceType":"Bundle"}}}`;
    const outcome = await call(ORDER_SELECT.id, text);
    expect(outcome.status).toBe(200);
  });

  it('Terminology.lookup treats a non-array or null items as no coding', () => {
    const file: TerminologyFile = {
      version: '1',
      canonicalBase: 'urn:x',
      concepts: { order: { t: { description: 'd', codings: [{ system: 's', code: 'c' }] } } },
      units: {},
    };
    const terminology = new Terminology(file);
    const hostile: unknown[] = [{ coding: 'x' }, 'abc', 42, [null, 7, 'c'], [{ system: 's', code: 'c' }]];
    expect(hostile.map((codings) => terminology.lookup('order', codings as never))).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      't',
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { formatProblem, validateRequest } from '../../src/validate/cds-hooks-validators.ts';
import { orderSelectContext, patientViewRequest } from './examples.ts';

// Every body here is a valid CDS Hooks 2.0 request an EHR may send; refusing one with 400 would
// silently switch the service off for that EHR.
function problems(body: unknown): string[] {
  const result = validateRequest(body);
  return result.ok ? [] : result.problems.map(formatProblem);
}

function withContext(patch: Record<string, unknown>, base = patientViewRequest()): Record<string, unknown> {
  return { ...base, context: { ...(base.context as object), ...patch } };
}

describe('validateRequest accepts valid EHR requests', () => {
  it.each(['Practitioner/1', 'PractitionerRole/A2340113', 'Patient/p1', 'RelatedPerson/rp-1.2'])('patient-view userId %s', (userId) => {
    expect(problems(withContext({ userId }))).toEqual([]);
  });

  it('a patient-view context without encounterId, and one with extra members and an extension', () => {
    const body = patientViewRequest();
    delete (body.context as Record<string, unknown>).encounterId;
    expect(problems(body)).toEqual([]);
    expect(problems(withContext({ 'org.example.note': 'x', extension: { 'org.example.ctx': { a: 1 } } }))).toEqual([]);
  });

  it('an order-select context with encounterId and the PractitionerRole user', () => {
    const body = { ...patientViewRequest(), hook: 'order-select', context: { ...orderSelectContext(), encounterId: 'enc.1' } };
    expect(problems(body)).toEqual([]);
  });

  it('hookInstance as an upper-case UUID or with the urn:uuid: prefix', () => {
    expect(problems({ ...patientViewRequest(), hookInstance: 'D1577C69-DFBE-44AD-BA6D-3E05E953B2EA' })).toEqual([]);
    expect(problems({ ...patientViewRequest(), hookInstance: 'urn:uuid:d1577c69-dfbe-44ad-ba6d-3e05e953b2ea' })).toEqual([]);
  });

  it('every prefetch value null, an OperationOutcome, an empty searchset and no prefetch at all', () => {
    expect(problems({ ...patientViewRequest(), prefetch: { patient: null, conditions: null } })).toEqual([]);
    const outcome = { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'processing' }] };
    expect(
      problems({
        ...patientViewRequest(),
        prefetch: { conditions: outcome, observations: { resourceType: 'Bundle', type: 'searchset', total: 0 } },
      }),
    ).toEqual([]);
    const body = patientViewRequest();
    delete body.prefetch;
    expect(problems(body)).toEqual([]);
  });

  it('fhirAuthorization without patient (user/ scopes only) and an http loopback fhirServer', () => {
    const body = patientViewRequest();
    const { patient: _omitted, ...auth } = body.fhirAuthorization as Record<string, unknown>;
    expect(
      problems({ ...body, fhirServer: 'http://127.0.0.1:8080/fhir', fhirAuthorization: { ...auth, scope: 'user/Patient.read' } }),
    ).toEqual([]);
  });

  it('no fhirServer and no fhirAuthorization (prefetch only)', () => {
    const body = patientViewRequest();
    delete body.fhirServer;
    delete body.fhirAuthorization;
    expect(problems(body)).toEqual([]);
  });
});

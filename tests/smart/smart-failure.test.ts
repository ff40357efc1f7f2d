import { describe, expect, it } from 'vitest';
import { authorizationFailure, failureOf, missingReadScopes, missingScopesFailure } from '../../src/smart/smart-failure.ts';

const FHIR = 'https://ehr.example.org/fhir';
const NOW = 1_800_000_000;

/** An error shaped as fhirclient's HttpError. */
function httpError(status: number): Error {
  return Object.assign(new Error(`${status} status\nURL: ${FHIR}/Observation`), { name: 'HttpError', status });
}

describe('what the SMART app says when it cannot draw the timeline (issue 19)', () => {
  it('reads v2 and v1 scopes alike and names the types it may not read', () => {
    const v2 = 'launch openid fhirUser patient/Patient.r patient/Observation.rs patient/Condition.rs';
    expect(missingReadScopes(v2, ['Observation', 'Condition', 'Procedure'])).toEqual(['Procedure']);
    expect(missingReadScopes('launch patient/Observation.read patient/Condition.read', ['Observation', 'Condition'])).toEqual([]);
    expect(missingReadScopes('patient/*.read', ['Observation'])).toEqual([]);
    expect(missingReadScopes('patient/*.cruds', ['Observation'])).toEqual([]);
    // Read without search, or search without read, cannot list a patient's results.
    expect(missingReadScopes('patient/Observation.r patient/Condition.s', ['Observation', 'Condition'])).toEqual([
      'Observation',
      'Condition',
    ]);
    expect(missingReadScopes('patient/Observation.rs?category=laboratory', ['Observation'])).toEqual([]);
    expect(missingReadScopes('', ['Observation'])).toEqual(['Observation']);
    expect(missingReadScopes('patient/ObservationX.rs', ['Observation'])).toEqual(['Observation']);
  });

  it('missing scopes: says which results and who can grant them', () => {
    const failure = missingScopesFailure(['Observation']);
    expect(failure.kind).toBe('missing-scopes');
    expect(failure.message).toContain('granted no read access to Observation');
    expect(failure.message).toContain('without the patient\u2019s lab results');
    expect(failure.message).toContain('EHR administrator');
  });

  it('a denied authorization says nothing was read; another error quotes the server', () => {
    const denied = authorizationFailure('access_denied', 'The user declined.');
    expect(denied).toMatchObject({ kind: 'denied', title: 'Access to the chart was not granted' });
    expect(denied.message).toContain('nothing was read');
    const other = authorizationFailure('invalid_scope', 'unknown scope');
    expect(other.kind).toBe('authorization-error');
    expect(other.message).toContain('“invalid_scope” (unknown scope)');
  });

  it('a 401 after the token expired is an expired session; before, a refused token', () => {
    expect(failureOf(httpError(401), { fhirBase: FHIR, expiresAt: NOW - 1, nowSeconds: NOW })).toMatchObject({
      kind: 'expired',
      title: 'Your session with the EHR has expired',
    });
    const refused = failureOf(httpError(401), { fhirBase: FHIR, expiresAt: NOW + 300, nowSeconds: NOW });
    expect(refused.kind).toBe('token-refused');
    expect(refused.message).toContain(`The EHR’s FHIR server (${FHIR}) answered 401 Unauthorized`);
  });

  it('403, other statuses, an unreachable server, a page opened without launch, anything else', () => {
    const ctx = { fhirBase: FHIR, expiresAt: undefined, nowSeconds: NOW };
    expect(failureOf(httpError(403), ctx).kind).toBe('forbidden');
    expect(failureOf(httpError(503), ctx)).toMatchObject({ kind: 'fhir-error', message: expect.stringContaining('answered HTTP 503') });
    expect(failureOf(new TypeError('Failed to fetch'), ctx)).toMatchObject({
      kind: 'unreachable',
      message: expect.stringContaining(`could not connect to the EHR’s FHIR server (${FHIR})`),
    });
    expect(failureOf(new Error("No 'state' parameter found. Please (re)launch the app."), ctx).kind).toBe('not-launched');
    const odd = failureOf(new Error('boom\nstack'), ctx);
    expect(odd).toMatchObject({ kind: 'unexpected' });
    expect(odd.message).toContain('Something unexpected happened: boom.');
    // Every failure has words to show: never a blank page.
    for (const f of [odd, failureOf('x', ctx), failureOf(undefined, ctx)]) expect(f.title.length * f.message.length).toBeGreaterThan(0);
  });
});

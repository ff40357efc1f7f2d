import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toJsonText } from './support/json-text.ts';
import { anyResource, bundleOf, PATIENT_ID } from './support/fhir-arbitraries.ts';
import { hostileValue } from './support/hostile-values.ts';
import { callPipeline, problemsWith, realPipelineDeps } from './support/pipeline.ts';
import { startScriptedServer, type ScriptedServer } from './support/scripted-server.ts';
import { checkCase, FUZZ_RUNS, fuzzParameters } from './support/fuzz-settings.ts';
import { Tally } from './support/tally.ts';
import { fhirAuthorization } from '../support/fhir-authorization.ts';

/**
 * The FHIR fallback against a real loopback server that answers with generated Bundles and
 * resources (odd entries, `next` links to itself, to another origin, to junk), raw junk and odd
 * statuses. A second "trap" server stands for another origin: the bearer token must never reach it.
 * Seed and count: support/fuzz-settings.ts.
 */
describe('hostile FHIR server responses during fallback', () => {
  let fhir: ScriptedServer;
  let trap: ScriptedServer;
  beforeAll(async () => {
    [fhir, trap] = await Promise.all([startScriptedServer(), startScriptedServer()]);
  });
  afterAll(async () => {
    await Promise.all([fhir.stop(), trap.stop()]);
  });

  it(`answers 412, or 200 with valid cards, and never leaks the token (${FUZZ_RUNS.fhirResponses} cases)`, async () => {
    const deps = realPipelineDeps({ deadlineMs: 500, maxPages: 5 });
    const nextUrl = fc.constantFrom(
      () => `${fhir.origin}/fhir/Observation?page=2`,
      () => `${trap.origin}/fhir/Observation?page=2`,
      () => 'Observation?page=3',
      () => 'HTTP://[::1',
      () => 'javascript:alert(1)',
    );
    const page = fc
      .tuple(bundleOf(anyResource), fc.option(nextUrl, { freq: 2 }))
      // Plain generated objects only (not the Entries/RawJson stand-ins for hostile JSON).
      .map(([bundle, next]) =>
        next && bundle !== null && typeof bundle === 'object' && Object.getPrototypeOf(bundle) === Object.prototype
          ? { ...(bundle as object), link: [{ relation: 'next', url: next() }] }
          : bundle,
      );
    const answer = fc.record({
      status: fc.constantFrom(200, 200, 200, 200, 201, 204, 301, 400, 401, 403, 404, 410, 429, 500, 503),
      contentType: fc.constantFrom('application/fhir+json', 'application/json', 'text/html', 'application/octet-stream'),
      body: fc.oneof(
        { weight: 6, arbitrary: page.map(toJsonText) },
        { weight: 2, arbitrary: anyResource.map(toJsonText) },
        { weight: 1, arbitrary: hostileValue.map(toJsonText) },
        { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 100 }) },
      ),
    });
    const tally = new Tally();
    await fc.assert(
      fc.asyncProperty(answer, fc.boolean(), async (scripted, withPrefetchedRequiredData) => {
        fhir.answer = scripted;
        const body = {
          hook: 'patient-view',
          hookInstance: '00000000-0000-4000-8000-000000000000',
          fhirServer: `${fhir.origin}/fhir`,
          fhirAuthorization: fhirAuthorization('secret-access-token'),
          context: { userId: 'Practitioner/example-oncologist', patientId: PATIENT_ID },
          prefetch: withPrefetchedRequiredData
            ? { conditions: { resourceType: 'Bundle', type: 'searchset' }, observations: { resourceType: 'Bundle', type: 'searchset' } }
            : {},
        };
        await checkCase(`${scripted.status} ${scripted.contentType} ${scripted.body}`, async () => {
          const outcome = await callPipeline(deps, 'ctc-advisor-patient-view', body);
          tally.add(outcome.status);
          expect(problemsWith(outcome)).toBeUndefined();
          expect([200, 412]).toContain(outcome.status);
          if (withPrefetchedRequiredData) expect(outcome.status).toBe(200);
        });
      }),
      fuzzParameters(FUZZ_RUNS.fhirResponses),
    );
    expect(trap.hits).toEqual([]);
    expect(fhir.hits.every((h) => h.authorization === 'Bearer secret-access-token')).toBe(true);
    expect(tally.count(200), tally.toString()).toBeGreaterThan(0);
    expect(tally.count(412), tally.toString()).toBeGreaterThan(0);
  }, 240_000);
});

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Resource } from 'fhir/r4';
import { readFileSync } from 'node:fs';
import { startFhirServer, type LoopbackFhirServer } from '../support/fhir-server.ts';
import { freeLoopbackPort } from '../support/free-port.ts';
import { toJsonText } from './support/json-text.ts';
import { callPipeline, objectPrototypeKeys, problemsWith, realPipelineDeps } from './support/pipeline.ts';
import { PATIENT_VIEW, patientViewContext, requestBody } from './support/request-arbitraries.ts';
import { checkCase, FUZZ_RUNS, fuzzParameters } from './support/fuzz-settings.ts';
import { Tally } from './support/tally.ts';

/**
 * patient-view through the real pipeline (validate → gather → normalize → evaluate → cards) with
 * generated contexts, prefetch Bundles and FHIR resources. Seed and count: support/fuzz-settings.ts.
 */
describe('hostile patient-view requests', () => {
  let fhir: LoopbackFhirServer;
  let fhirServers: string[];

  beforeAll(async () => {
    const bundle = JSON.parse(readFileSync(new URL('../../fhir-fixtures/patients/mbc-ctc-12-cellsearch.json', import.meta.url), 'utf8')) as { entry: { resource: Resource }[] };
    fhir = await startFhirServer({ resources: bundle.entry.map((e) => e.resource) });
    fhirServers = [fhir.baseUrl, `http://127.0.0.1:${await freeLoopbackPort()}/fhir`, 'urn:example:fhir', 'a:b'];
  });
  afterAll(() => fhir.stop());

  it(`never answers 5xx, crashes or hangs (${FUZZ_RUNS.patientView} cases)`, async () => {
    const deps = realPipelineDeps({ deadlineMs: 500 });
    const tally = new Tally();
    const prototypeBefore = objectPrototypeKeys();
    await fc.assert(
      fc.asyncProperty(requestBody(PATIENT_VIEW, patientViewContext, { fhirServers }), async (generated) => {
        const text = toJsonText(generated);
        await checkCase(text, async () => {
          const outcome = await callPipeline(deps, PATIENT_VIEW.id, JSON.parse(text));
          tally.add(outcome.status);
          expect(problemsWith(outcome)).toBeUndefined();
        });
      }),
      fuzzParameters(FUZZ_RUNS.patientView),
    );
    expect(objectPrototypeKeys()).toBe(prototypeBefore);
    // The generators must reach the rules, not only the validator.
    expect(tally.count(200), tally.toString()).toBeGreaterThan(FUZZ_RUNS.patientView * 0.15);
    expect(tally.count(412), tally.toString()).toBeGreaterThan(0);
  }, 240_000);
});

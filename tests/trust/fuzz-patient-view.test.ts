import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Resource } from 'fhir/r4';
import { readFileSync } from 'node:fs';
import { startFhirServer, type LoopbackFhirServer } from '../support/fhir-server.ts';
import { freeLoopbackPort } from '../support/free-port.ts';
import { PATIENT_VIEW, patientViewContext, requestBody } from './support/request-arbitraries.ts';
import { FUZZ_RUNS } from './support/fuzz-settings.ts';
import { fuzzPipeline } from './support/fuzz-pipeline.ts';

/**
 * patient-view through the real pipeline (validate → gather → normalize → evaluate → cards) with
 * generated contexts, prefetch Bundles and FHIR resources. Seed and count: support/fuzz-settings.ts.
 */
describe('hostile patient-view requests', () => {
  let fhir: LoopbackFhirServer;
  let fhirServers: string[];

  beforeAll(async () => {
    const bundle = JSON.parse(
      readFileSync(new URL('../../fhir-fixtures/patients/mbc-ctc-12-cellsearch.json', import.meta.url), 'utf8'),
    ) as { entry: { resource: Resource }[] };
    fhir = await startFhirServer({ resources: bundle.entry.map((e) => e.resource) });
    fhirServers = [fhir.baseUrl, `http://127.0.0.1:${await freeLoopbackPort()}/fhir`, 'urn:example:fhir', 'a:b'];
  });
  afterAll(() => fhir.stop());

  it(`never answers 5xx, crashes or hangs (${FUZZ_RUNS.patientView} cases)`, async () => {
    const bodies = requestBody(PATIENT_VIEW, patientViewContext, { fhirServers });
    const tally = await fuzzPipeline(
      bodies.map((body) => ({ serviceId: PATIENT_VIEW.id, body })),
      FUZZ_RUNS.patientView,
    );
    // The generators must reach the rules, not only the validator.
    expect(tally.count(200), tally.toString()).toBeGreaterThan(FUZZ_RUNS.patientView * 0.15);
    expect(tally.count(412), tally.toString()).toBeGreaterThan(0);
  }, 240_000);
});

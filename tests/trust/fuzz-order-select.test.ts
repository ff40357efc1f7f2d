import { describe, expect, it } from 'vitest';
import { freeLoopbackPort } from '../support/free-port.ts';
import { ORDER_SELECT, orderSelectContext, requestBody } from './support/request-arbitraries.ts';
import { FUZZ_RUNS } from './support/fuzz-settings.ts';
import { fuzzPipeline } from './support/fuzz-pipeline.ts';

/** order-select with generated selections and draft orders (which bypass gather). Seed and count: support/fuzz-settings.ts. */
describe('hostile order-select requests', () => {
  it(`never answers 5xx, crashes or hangs (${FUZZ_RUNS.orderSelect} cases)`, async () => {
    const fhirServers = [`http://127.0.0.1:${await freeLoopbackPort()}/fhir`, 'urn:example:fhir'];
    const bodies = requestBody(ORDER_SELECT, orderSelectContext, { fhirServers });
    const tally = await fuzzPipeline(
      bodies.map((body) => ({ serviceId: ORDER_SELECT.id, body })),
      FUZZ_RUNS.orderSelect,
    );
    expect(tally.count(200), tally.toString()).toBeGreaterThan(FUZZ_RUNS.orderSelect * 0.1);
  }, 240_000);
});

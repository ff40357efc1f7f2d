import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toJsonText } from './support/json-text.ts';
import { callPipeline, objectPrototypeKeys, problemsWith, realPipelineDeps } from './support/pipeline.ts';
import { ORDER_SELECT, orderSelectContext, requestBody } from './support/request-arbitraries.ts';
import { freeLoopbackPort } from '../support/free-port.ts';
import { checkCase, FUZZ_RUNS, fuzzParameters } from './support/fuzz-settings.ts';
import { Tally } from './support/tally.ts';

/** order-select with generated selections and draft orders (which bypass gather). Seed and count: support/fuzz-settings.ts. */
describe('hostile order-select requests', () => {
  it(`never answers 5xx, crashes or hangs (${FUZZ_RUNS.orderSelect} cases)`, async () => {
    const deps = realPipelineDeps({ deadlineMs: 500 });
    const fhirServers = [`http://127.0.0.1:${await freeLoopbackPort()}/fhir`, 'urn:example:fhir'];
    const tally = new Tally();
    const prototypeBefore = objectPrototypeKeys();
    await fc.assert(
      fc.asyncProperty(requestBody(ORDER_SELECT, orderSelectContext, { fhirServers }), async (generated) => {
        const text = toJsonText(generated);
        await checkCase(text, async () => {
          const outcome = await callPipeline(deps, ORDER_SELECT.id, JSON.parse(text));
          tally.add(outcome.status);
          expect(problemsWith(outcome)).toBeUndefined();
        });
      }),
      fuzzParameters(FUZZ_RUNS.orderSelect),
    );
    expect(objectPrototypeKeys()).toBe(prototypeBefore);
    expect(tally.count(200), tally.toString()).toBeGreaterThan(FUZZ_RUNS.orderSelect * 0.1);
  }, 240_000);
});

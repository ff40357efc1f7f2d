import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toJsonText } from './support/json-text.ts';
import { hostileValue } from './support/hostile-values.ts';
import { fixtureRequests, mutatedFixture } from './support/fixture-mutations.ts';
import { callPipeline, objectPrototypeKeys, problemsWith, realPipelineDeps } from './support/pipeline.ts';
import { checkCase, FUZZ_RUNS, fuzzParameters } from './support/fuzz-settings.ts';
import { Tally } from './support/tally.ts';

/**
 * Whole request bodies: any JSON value at all, and every ready fixture request with one to three
 * mutations anywhere in its tree (a value replaced, a member deleted, a prototype key added, an
 * array doubled). Seed and count: support/fuzz-settings.ts.
 */
describe('hostile request envelopes', () => {
  const fixtures = fixtureRequests();
  const serviceIds = ['ctc-advisor-patient-view', 'ctc-advisor-order-select', 'nope', '__proto__', 'constructor', ''];

  it(`never answers 5xx, crashes or hangs (${FUZZ_RUNS.envelope} cases)`, async () => {
    const deps = realPipelineDeps({ deadlineMs: 500 });
    const tally = new Tally();
    const prototypeBefore = objectPrototypeKeys();
    const cases = fc.oneof(
      { weight: 1, arbitrary: fc.record({ serviceId: fc.constantFrom(...serviceIds), body: hostileValue }) },
      { weight: 4, arbitrary: mutatedFixture(fixtures) },
    );
    await fc.assert(
      fc.asyncProperty(cases, async ({ serviceId, body }) => {
        const text = toJsonText(body);
        await checkCase(`${serviceId} ${text}`, async () => {
          const outcome = await callPipeline(deps, serviceId, JSON.parse(text));
          tally.add(outcome.status);
          expect(problemsWith(outcome)).toBeUndefined();
        });
      }),
      fuzzParameters(FUZZ_RUNS.envelope),
    );
    expect(objectPrototypeKeys()).toBe(prototypeBefore);
    expect(tally.count(200), tally.toString()).toBeGreaterThan(FUZZ_RUNS.envelope * 0.2);
  }, 240_000);
});

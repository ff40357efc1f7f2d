import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hostileValue } from './support/hostile-values.ts';
import { fixtureRequests, mutatedFixture } from './support/fixture-mutations.ts';
import { FUZZ_RUNS } from './support/fuzz-settings.ts';
import { fuzzPipeline } from './support/fuzz-pipeline.ts';

/**
 * Whole request bodies: any JSON value at all, and every ready fixture request with one to three
 * mutations anywhere in its tree (a value replaced, a member deleted, a prototype key added, an
 * array doubled). Seed and count: support/fuzz-settings.ts.
 */
describe('hostile request envelopes', () => {
  const fixtures = fixtureRequests();
  const serviceIds = ['ctc-advisor-patient-view', 'ctc-advisor-order-select', 'nope', '__proto__', 'constructor', ''];

  it(`never answers 5xx, crashes or hangs (${FUZZ_RUNS.envelope} cases)`, async () => {
    const cases = fc.oneof(
      { weight: 1, arbitrary: fc.record({ serviceId: fc.constantFrom(...serviceIds), body: hostileValue }) },
      { weight: 4, arbitrary: mutatedFixture(fixtures) },
    );
    const tally = await fuzzPipeline(cases, FUZZ_RUNS.envelope);
    expect(tally.count(200), tally.toString()).toBeGreaterThan(FUZZ_RUNS.envelope * 0.2);
  }, 240_000);
});

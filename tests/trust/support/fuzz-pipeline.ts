import fc from 'fast-check';
import { expect } from 'vitest';
import { toJsonText } from './json-text.ts';
import { callPipeline, objectPrototypeKeys, problemsWith, realPipelineDeps } from './pipeline.ts';
import { checkCase, fuzzParameters } from './fuzz-settings.ts';
import { Tally } from './tally.ts';

interface PipelineCase {
  readonly serviceId: string;
  readonly body: unknown;
}

/**
 * Sends `runs` generated cases, as JSON text, through the real pipeline: each must meet the fuzz
 * oracle within the time bound, and Object.prototype must come out untouched. The statuses come
 * back so a suite can prove its cases reached the rules, not only the validator.
 */
export async function fuzzPipeline(cases: fc.Arbitrary<PipelineCase>, runs: number): Promise<Tally> {
  const deps = realPipelineDeps({ deadlineMs: 500 });
  const tally = new Tally();
  const prototypeBefore = objectPrototypeKeys();
  await fc.assert(
    fc.asyncProperty(cases, async ({ serviceId, body }) => {
      const text = toJsonText(body);
      await checkCase(`${serviceId} ${text}`, async () => {
        const outcome = await callPipeline(deps, serviceId, JSON.parse(text));
        tally.add(outcome.status);
        expect(problemsWith(outcome)).toBeUndefined();
      });
    }),
    fuzzParameters(runs),
  );
  expect(objectPrototypeKeys()).toBe(prototypeBefore);
  return tally;
}

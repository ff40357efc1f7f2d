import type fc from 'fast-check';

/**
 * One fixed seed for the whole hostile-input suite, so CI replays the same cases every run.
 * docs/testing.md lists the files and counts; a failure prints the seed and path to replay it.
 */
export const FUZZ_SEED = 20_260_606;

/** Generated cases per property. The total (≥ 10,000) is asserted in fuzz-budget.test.ts. */
export const FUZZ_RUNS = {
  envelope: 2_500,
  patientView: 3_500,
  orderSelect: 2_000,
  fhirResponses: 1_500,
  http: 500,
} as const;

/** Per-case bound: no single call may take longer, whatever it was sent. */
const CASE_TIME_BOUND_MS = 3_000;

export function fuzzParameters<T>(numRuns: number): fc.Parameters<T> {
  return { seed: FUZZ_SEED, numRuns, endOnFailure: false, verbose: 0 };
}

/** Rejects when `work` outlives the bound, so a hang fails the case instead of the whole file. */
async function withinBound<T>(work: Promise<T>, ms = CASE_TIME_BOUND_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the case took longer than ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, limit]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs one case; a failure carries the JSON text that broke it, ready to paste into fuzz-regressions.test.ts. */
export async function checkCase(text: string, run: () => Promise<void>): Promise<void> {
  try {
    await withinBound(run());
  } catch (error) {
    const cause = error instanceof Error ? `${error.message}\n${error.stack?.split('\n').slice(1, 6).join('\n') ?? ''}` : String(error);
    throw new Error(`${cause}\nbody (${text.length} chars): ${text.length > 4_000 ? `${text.slice(0, 4_000)}…` : text}`);
  }
}

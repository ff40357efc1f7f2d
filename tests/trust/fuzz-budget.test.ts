import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FUZZ_RUNS, FUZZ_SEED } from './support/fuzz-settings.ts';

/** The bar: at least 10,000 generated cases per run, with the seed and count documented. */
describe('fuzz budget', () => {
  it('runs at least 10,000 generated cases in total', () => {
    expect(Object.values(FUZZ_RUNS).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(10_000);
  });

  it('docs/testing.md states the seed and every count', () => {
    const doc = readFileSync(new URL('../../docs/testing.md', import.meta.url), 'utf8');
    expect(doc).toContain(String(FUZZ_SEED));
    for (const [name, runs] of Object.entries(FUZZ_RUNS))
      expect(doc, name).toMatch(new RegExp(`${name}\\b.*\\b${runs.toLocaleString('en-US')}\\b`));
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GOLDEN_PATH, SNAPSHOT_TIMES, pictureSnapshots, type PictureSnapshot } from '../../scripts/picture-snapshot.ts';

const REGENERATE = 'If the change is intended, regenerate with `npx tsx scripts/generate-picture-golden.ts` and review the diff.';
const golden = JSON.parse(readFileSync(GOLDEN_PATH, 'utf8')) as PictureSnapshot[];

/**
 * Gather + normalize must turn every committed fixture into the same facts and the same data-quality
 * notes, in the same order, as when the golden file was written. Speed-ups must not move any of it.
 */
describe('clinical picture snapshot', async () => {
  const current = await pictureSnapshots();

  it('covers every fixture at both evaluation times, as the golden file does', () => {
    expect(
      current.map((s) => `${s.name} @ ${s.at}`),
      REGENERATE,
    ).toEqual(golden.map((s) => `${s.name} @ ${s.at}`));
    expect(new Set(golden.map((s) => s.at))).toEqual(new Set(SNAPSHOT_TIMES));
    expect(golden.filter((s) => s.name.startsWith('requests/')).length).toBeGreaterThan(100);
    expect(golden.filter((s) => s.name.startsWith('patients/')).length).toBeGreaterThan(100);
  });

  it.each(golden.map((g, i) => [`${g.name} @ ${g.at}`, i] as const))('%s: same facts, notes and gather outcome', (_, i) => {
    const want = golden[i] as PictureSnapshot;
    const got = current[i];
    expect(got, REGENERATE).toEqual(want);
    // toEqual ignores member order; the JSON the service logs and returns does not.
    expect(JSON.stringify(got), REGENERATE).toBe(JSON.stringify(want));
  });
});

import { writeFileSync } from 'node:fs';
import { GOLDEN_PATH, pictureSnapshots } from './picture-snapshot.ts';

/**
 * Writes tests/normalize/picture-snapshot.golden.json from the current code. Run it only when a
 * change to the clinical picture, facts or notes is intended, and review the diff:
 *   npx tsx scripts/generate-picture-golden.ts
 */
const snapshots = await pictureSnapshots();
// One snapshot per line: a diff names the fixture and time that changed.
writeFileSync(GOLDEN_PATH, `[\n${snapshots.map((s) => JSON.stringify(s)).join(',\n')}\n]\n`);
console.log(`${snapshots.length} snapshots written to ${GOLDEN_PATH}`);

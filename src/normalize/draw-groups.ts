import type { Reading } from './observation-readings.ts';

/**
 * Readings from one blood or marrow draw: the components of one panel, or separate Observations with
 * the same clinical time. Groups come out oldest first.
 */
export function groupByDraw(readings: readonly Reading[]): Reading[][] {
  const groups = new Map<string, Reading[]>();
  for (const r of readings) {
    const key = r.time;
    const group = groups.get(key);
    if (group) group.push(r);
    else groups.set(key, [r]);
  }
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, g]) => g);
}

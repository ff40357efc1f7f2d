import type { Reading } from './reading.ts';
import { parseInstant } from './instant.ts';

/**
 * Readings of one result: one draw (clinical time) measured by one assay on one specimen — the
 * components of one panel, or separate Observations sharing time, assay and specimen. Two assays at
 * one time are two results: a CellSearch cluster count of 0 and an ISET "clusters present" from the
 * same tube must not become one contradictory record (issue 15 item 6).
 *
 * A reading that states no assay (or no specimen) joins the result at its time that states one when
 * exactly one does, since labs often code the method on one Observation of a draw only. When two or
 * more are stated it cannot be told which it belongs to, so it stays a result of its own (assay
 * unknown): it is never given a platform it did not state.
 *
 * Groups come out oldest first; groups of one time in the order their first reading arrived.
 */
export function groupByDraw(readings: readonly Reading[]): Reading[][] {
  const byTime = new Map<number, Reading[]>();
  for (const r of readings) {
    const same = byTime.get(r.timeMs);
    if (same) same.push(r);
    else byTime.set(r.timeMs, [r]);
  }
  const out: Reading[][] = [];
  for (const [, atTime] of [...byTime.entries()].sort(([a], [b]) => a - b)) out.push(...splitByAssay(atTime));
  return out;
}

function splitByAssay(atTime: readonly Reading[]): Reading[][] {
  const platform = (r: Reading): string | undefined => r.assayCode ?? r.assay;
  const assay = onlyOne(atTime.map(platform));
  const assayOf = (r: Reading): string => platform(r) ?? assay ?? '';
  const specimens = new Map<string, string | undefined>();
  for (const key of new Set(atTime.map(assayOf))) {
    specimens.set(key, onlyOne(atTime.filter((r) => assayOf(r) === key).map((r) => (r.specimen === 'unknown' ? undefined : r.specimen))));
  }
  const groups = new Map<string, Reading[]>();
  for (const r of atTime) {
    const a = assayOf(r);
    const key = `${a}|${r.specimen === 'unknown' ? (specimens.get(a) ?? 'unknown') : r.specimen}`;
    const group = groups.get(key);
    if (group) group.push(r);
    else groups.set(key, [r]);
  }
  return [...groups.values()];
}

/** The assay a result's readings state (one of them may be all that does): what groupByDraw grouped them by. */
export function statedAssay(draw: readonly Reading[]): string | undefined {
  return draw.find((r) => r.assay !== undefined)?.assay;
}

/** The one stated value, or undefined when none or several are stated. */
function onlyOne(values: readonly (string | undefined)[]): string | undefined {
  const stated = new Set(values.filter((v): v is string => v !== undefined));
  return stated.size === 1 ? [...stated][0] : undefined;
}

/**
 * Results of one series ordered oldest first and, within one draw time, by `rank` ascending: facts
 * read the last result as "latest", so at a draw measured by several assays the one that found
 * something is the one rules see (a negative on one platform does not refute a finding on another);
 * every result stays in the series.
 */
export function orderByDrawThenRank<T extends { readonly date: string }>(results: readonly T[], rank: (result: T) => number): T[] {
  const at = new Map(results.map((r) => [r, parseInstant(r.date)] as const));
  return results
    .map((r, i) => ({ r, i }))
    .sort((a, b) => (at.get(a.r) as number) - (at.get(b.r) as number) || rank(a.r) - rank(b.r) || a.i - b.i)
    .map(({ r }) => r);
}

/** The results of the latest draw time (one per assay), in series order. */
export function latestDraw<T extends { readonly date: string }>(series: readonly T[]): readonly T[] {
  const last = series.at(-1);
  if (!last) return [];
  const ms = parseInstant(last.date);
  return series.filter((r) => parseInstant(r.date) === ms);
}

/** The latest result of the same assay drawn before this one: trends compare like with like, never two assays of one draw. */
export function previousOnSameAssay<T extends { readonly date: string; readonly assay: string }>(
  series: readonly T[],
  latest: T,
): T | undefined {
  const ms = parseInstant(latest.date);
  return series.findLast((r) => r.assay === latest.assay && parseInstant(r.date) < ms);
}

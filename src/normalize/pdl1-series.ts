import type { Terminology } from './terminology.ts';
import type { DataQualityNote } from './data-quality.ts';
import { baseRef, type Reading } from './reading.ts';
import { isQualitative, presenceOf } from './reading-presence.ts';
import { assayClass, type AssayClass } from './ctc-series.ts';
import { groupByDraw, orderByDrawThenRank, previousOnSameAssay, statedAssay } from './draw-groups.ts';
import type { TimelineClock, TimePoint } from './time-points.ts';
import { trendOf, type Trend } from './trend.ts';
import type { Writable } from './writable.ts';

/** PD-L1-positive CTCs from one draw by one assay: a count, a fraction of CTCs, a qualitative result, or several. */
export interface Pdl1Result {
  readonly resource: string;
  readonly date: string;
  readonly positiveCount?: number;
  readonly fractionPercent?: number;
  /** A result with no number: `ctc-pdl1-pos-present`, or a Positive/Negative answer sent on the count or fraction code. */
  readonly qualitative?: 'detected' | 'not detected';
  /** PD-L1-positive CTCs found: a count or fraction above 0, or a qualitative positive. */
  readonly present: boolean;
  readonly reported: string;
  readonly assay: AssayClass;
  readonly timePoint: TimePoint;
  readonly preliminary: boolean;
}

const PDL1 = new Set(['ctc-pdl1-pos-count', 'ctc-pdl1-pos-fraction', 'ctc-pdl1-pos-present']);

export function buildPdl1Series(
  readings: readonly Reading[],
  terminology: Terminology,
  clock: TimelineClock,
  notes: DataQualityNote[],
): Pdl1Result[] {
  const out: Pdl1Result[] = [];
  for (const draw of groupByDraw(readings.filter((r) => PDL1.has(r.concept)))) {
    const countReading = draw.find((r) => r.concept === 'ctc-pdl1-pos-count');
    const fractionReading = draw.find((r) => r.concept === 'ctc-pdl1-pos-fraction');
    // A coded Positive/Negative on the count or fraction code is a qualitative result, not a number that is missing.
    const count = isQualitative(countReading) ? undefined : definite(countReading, undefined, notes);
    const fraction = isQualitative(fractionReading) ? undefined : definite(fractionReading, '%', notes);
    const qualitativeReading =
      draw.find((r) => r.concept === 'ctc-pdl1-pos-present') ?? [countReading, fractionReading].find(isQualitative);
    const said = qualitativeReading ? presenceOf(qualitativeReading, 'PD-L1+ CTC result', notes) : undefined;
    if (count === undefined && fraction === undefined && said === undefined) continue;
    const first = draw[0] as Reading;
    const result: Partial<Writable<Pdl1Result>> = { resource: baseRef(first.ref), date: first.time };
    if (count !== undefined) result.positiveCount = count;
    if (fraction !== undefined) result.fractionPercent = fraction;
    if (said !== undefined) result.qualitative = said ? 'detected' : 'not detected';
    result.present = (count ?? 0) > 0 || (fraction ?? 0) > 0 || said === true;
    result.reported = draw.map((r) => r.text).join('; ');
    result.assay = assayClass(statedAssay(draw), terminology).assay;
    result.timePoint = clock.timePoint(first.time, terminology.setting('followUpAfterMonths'));
    result.preliminary = draw.some((r) => r.preliminary);
    out.push(result as Pdl1Result);
  }
  // At one draw: detected with a number, then detected qualitatively, then not detected.
  return orderByDrawThenRank(out, (r) => (!r.present ? 0 : r.positiveCount !== undefined || r.fractionPercent !== undefined ? 2 : 1));
}

/** Latest vs the previous result on the same assay: count when both have one, else the fraction; a qualitative result has no trend. */
export function pdl1Trend(series: readonly Pdl1Result[]): Trend {
  const latest = series.at(-1);
  const previous = latest && previousOnSameAssay(series, latest);
  if (!previous || !latest) return 'unknown';
  if (previous.positiveCount !== undefined && latest.positiveCount !== undefined)
    return trendOf(previous.positiveCount, latest.positiveCount);
  return trendOf(previous.fractionPercent, latest.fractionPercent);
}

/** A number the reading states exactly: no `<` bound, and for fractions a percent unit. */
function definite(reading: Reading | undefined, unit: '%' | undefined, notes: DataQualityNote[]): number | undefined {
  const q = reading?.quantity;
  if (!reading) return undefined;
  if (!q || typeof q.value !== 'number' || q.value < 0) {
    notes.push({
      code: 'missing-value',
      message: `${reading.ref}: no numeric PD-L1+ CTC value; it was not used.`,
      resource: reading.ref,
      family: 'ctc-pdl1',
    });
    return undefined;
  }
  const given = q.code ?? q.unit;
  if (unit === '%' && given !== undefined && given !== '%') {
    notes.push({
      code: 'unknown-unit',
      message: `${reading.ref}: PD-L1+ CTC fraction in "${given}" is not a percentage; it was not used.`,
      resource: reading.ref,
      family: 'ctc-pdl1',
    });
    return undefined;
  }
  if (q.comparator === '<' || q.comparator === '<=') {
    notes.push({
      code: 'censored-value',
      message: `${reading.ref}: "${reading.text}" is below a bound, not a value.`,
      resource: reading.ref,
      family: 'ctc-pdl1',
    });
    return undefined;
  }
  return q.value;
}

import type { Terminology } from './terminology.ts';
import type { DataQualityNote } from './data-quality.ts';
import type { Reading } from './observation-readings.ts';
import { assayClass, type AssayClass } from './ctc-series.ts';
import { groupByDraw } from './draw-groups.ts';
import type { TimelineClock, TimePoint } from './time-points.ts';
import { trendOf, type Trend } from './trend.ts';
import type { Writable } from './writable.ts';

/** PD-L1-positive CTCs from one draw: a count, a fraction of CTCs, or both. */
export interface Pdl1Result {
  readonly resource: string;
  readonly date: string;
  readonly positiveCount?: number;
  readonly fractionPercent?: number;
  readonly present: boolean;
  readonly reported: string;
  readonly assay: AssayClass;
  readonly timePoint: TimePoint;
  readonly preliminary: boolean;
}

export function buildPdl1Series(readings: readonly Reading[], terminology: Terminology, clock: TimelineClock, notes: DataQualityNote[]): Pdl1Result[] {
  const out: Pdl1Result[] = [];
  const wanted = readings.filter((r) => r.concept === 'ctc-pdl1-pos-count' || r.concept === 'ctc-pdl1-pos-fraction');
  for (const draw of groupByDraw(wanted)) {
    const count = definite(draw.find((r) => r.concept === 'ctc-pdl1-pos-count'), undefined, notes);
    const fraction = definite(draw.find((r) => r.concept === 'ctc-pdl1-pos-fraction'), '%', notes);
    if (count === undefined && fraction === undefined) continue;
    const first = draw[0] as Reading;
    const result: Partial<Writable<Pdl1Result>> = { resource: first.ref.replace(/ \(component .*\)$/, ''), date: first.time };
    if (count !== undefined) result.positiveCount = count;
    if (fraction !== undefined) result.fractionPercent = fraction;
    result.present = (count ?? 0) > 0 || (fraction ?? 0) > 0;
    result.reported = draw.map((r) => r.text).join('; ');
    result.assay = assayClass(first.assay, terminology).assay;
    result.timePoint = clock.timePoint(first.timeMs, terminology.setting('followUpAfterMonths'));
    result.preliminary = draw.some((r) => r.preliminary);
    out.push(result as Pdl1Result);
  }
  return out;
}

/** Count when both results have one, else the fraction. */
export function pdl1Trend(series: readonly Pdl1Result[]): Trend {
  const [previous, latest] = [series.at(-2), series.at(-1)];
  if (!previous || !latest) return 'unknown';
  if (previous.positiveCount !== undefined && latest.positiveCount !== undefined) return trendOf(previous.positiveCount, latest.positiveCount);
  return trendOf(previous.fractionPercent, latest.fractionPercent);
}

/** A number the reading states exactly: no `<` bound, and for fractions a percent unit. */
function definite(reading: Reading | undefined, unit: '%' | undefined, notes: DataQualityNote[]): number | undefined {
  const q = reading?.quantity;
  if (!reading) return undefined;
  if (!q || typeof q.value !== 'number' || q.value < 0) {
    notes.push({ code: 'missing-value', message: `${reading.ref}: no numeric PD-L1+ CTC value; it was not used.`, resource: reading.ref, family: 'ctc-pdl1' });
    return undefined;
  }
  const given = q.code ?? q.unit;
  if (unit === '%' && given !== undefined && given !== '%') {
    notes.push({ code: 'unknown-unit', message: `${reading.ref}: PD-L1+ CTC fraction in "${given}" is not a percentage; it was not used.`, resource: reading.ref, family: 'ctc-pdl1' });
    return undefined;
  }
  if (q.comparator === '<' || q.comparator === '<=') {
    notes.push({ code: 'censored-value', message: `${reading.ref}: "${reading.text}" is below a bound, not a value.`, resource: reading.ref, family: 'ctc-pdl1' });
    return undefined;
  }
  return q.value;
}

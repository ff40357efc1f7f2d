import type { Terminology } from './terminology.ts';
import type { DataQualityNote } from './data-quality.ts';
import { baseRef, type Reading } from './reading.ts';
import { isQualitative } from './reading-presence.ts';
import type { TherapyTimeline } from './therapy-timeline.ts';
import { dtcCountPer2M } from './ctc-units.ts';
import { groupByDraw, orderByDrawThenRank, statedAssay } from './draw-groups.ts';
import { monthsBetween, TimelineClock, type DtcTimePoint } from './time-points.ts';
import type { Writable } from './writable.ts';

export type DtcMethod = 'immunocytochemistry' | 'rt-pcr' | 'other' | 'unknown';
export type DtcStatus = 'positive' | 'negative' | 'unknown';

/** One bone-marrow aspirate: DTC result, count, method and the DTC phenotype where measured. */
export interface DtcResult {
  readonly resource: string;
  readonly date: string;
  readonly result: DtcStatus;
  readonly countPer2M?: number;
  readonly method: DtcMethod;
  readonly timePoint: DtcTimePoint;
  readonly monthsAfterTherapyEnd?: number;
  readonly er: DtcStatus;
  readonly her2: DtcStatus;
  readonly reported: string;
  readonly preliminary: boolean;
}

const DTC = new Set(['dtc-bm-present', 'dtc-bm-count', 'dtc-er-status', 'dtc-her2-status']);
const METHOD: Readonly<Record<string, DtcMethod>> = { 'dtc-immunocytochemistry': 'immunocytochemistry', 'dtc-rt-pcr': 'rt-pcr' };

export function buildDtcSeries(
  readings: readonly Reading[],
  terminology: Terminology,
  clock: TimelineClock,
  notes: DataQualityNote[],
): DtcResult[] {
  const out: DtcResult[] = [];
  const usable = readings.filter((r) => {
    if (!DTC.has(r.concept)) return false;
    if (r.specimen !== 'blood') return true;
    notes.push({
      code: 'conflicting-results',
      message: `${r.ref}: a bone-marrow DTC code on a blood specimen; it was not used.`,
      resource: r.ref,
      family: 'dtc',
    });
    return false;
  });
  for (const draw of groupByDraw(usable)) {
    const first = draw[0] as Reading;
    const countReading = draw.find((r) => r.concept === 'dtc-bm-count');
    let count: number | undefined;
    // A coded Positive/Negative sent on the count code is the DTC result, not a count without a number.
    const countIsAnswer = isQualitative(countReading);
    if (countReading && !countIsAnswer) {
      const converted = dtcCountPer2M(countReading.quantity, terminology);
      if (!converted.ok)
        notes.push({
          code: converted.reason,
          message: `${countReading.ref}: DTC count not usable — ${converted.detail}.`,
          resource: countReading.ref,
          family: 'dtc',
        });
      else if (converted.comparator === '<' || converted.comparator === '<=')
        notes.push({
          code: 'censored-value',
          message: `${countReading.ref}: DTC count "${countReading.text}" is below a bound, not a count.`,
          resource: countReading.ref,
          family: 'dtc',
        });
      else count = converted.value;
    }
    const presentReading = draw.find((r) => r.concept === 'dtc-bm-present');
    const stated = statusOf(presentReading ?? (countIsAnswer ? countReading : undefined));
    const result: DtcStatus = stated !== 'unknown' ? stated : count !== undefined ? (count > 0 ? 'positive' : 'negative') : 'unknown';
    const end = clock.timeline.lastSystemicEnd;
    const assay = statedAssay(draw);
    const dtc: Partial<Writable<DtcResult>> = { resource: baseRef(first.ref), date: first.time, result };
    if (count !== undefined) dtc.countPer2M = count;
    dtc.method = assay ? (METHOD[assay] ?? 'other') : 'unknown';
    dtc.timePoint = clock.dtcTimePoint(first.time, terminology.setting('followUpAfterMonths'));
    if (end && first.time > end) dtc.monthsAfterTherapyEnd = monthsBetween(end, first.time);
    dtc.er = statusOf(draw.find((r) => r.concept === 'dtc-er-status'));
    dtc.her2 = statusOf(draw.find((r) => r.concept === 'dtc-her2-status'));
    dtc.reported = draw.map((r) => r.text).join('; ');
    dtc.preliminary = draw.some((r) => r.preliminary);
    out.push(dtc as DtcResult);
  }
  // Two methods on one aspirate: a positive ranks last, so it is the result "latest" facts read.
  return orderByDrawThenRank(out, (r) => (r.result === 'positive' ? 2 : r.result === 'negative' ? 1 : 0));
}

/** Positive at two or more time points after treatment began (Braun/Janni-style persistence). */
export function persistentPositives(series: readonly DtcResult[], timeline: TherapyTimeline): readonly DtcResult[] {
  // The clock's own rule, so persistence and dtcTimePoint agree on a sample at surgery (the day its offset states).
  const clock = new TimelineClock(timeline);
  const after = series.filter((r) => r.result === 'positive' && !clock.beforeTreatment(r.date));
  return new Set(after.map((r) => r.date.slice(0, 10))).size >= 2 ? after : [];
}

function statusOf(reading: Reading | undefined): DtcStatus {
  if (!reading) return 'unknown';
  if (reading.boolean !== undefined) return reading.boolean ? 'positive' : 'negative';
  return reading.answer === 'positive' || reading.answer === 'negative' ? reading.answer : 'unknown';
}

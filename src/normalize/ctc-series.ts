import type { Terminology } from './terminology.ts';
import type { DataQualityNote } from './data-quality.ts';
import type { Reading, SpecimenKind } from './reading.ts';
import { ctcCountPer7_5mL, exactCellSearchCount } from './ctc-units.ts';
import type { TimelineClock, TimePoint } from './time-points.ts';
import type { Writable } from './writable.ts';

export type AssayClass = 'cellsearch' | 'other-ctc-platform' | 'unknown';

/** One usable CTC enumeration, normalized to a count per 7.5 mL whole blood. */
export interface CtcResult {
  readonly resource: string;
  readonly date: string;
  /** The normalized value; with a comparator it is a bound, not a count (see `definite`). */
  readonly countPer7_5mL: number;
  readonly comparator?: string;
  /** False for `<`/`<=` values: the count is below a bound, so it must not meet "≥ threshold" conditions. */
  readonly definite: boolean;
  /** True when the count was rescaled from another blood volume (per mL, per 2 mL, "in 10 mL"): an estimate, not a 7.5 mL draw. */
  readonly volumeConverted: boolean;
  /**
   * True when countPer7_5mL is the count of a 7.5 mL draw: reported per 7.5 mL, or a CellSearch
   * result reported per mL whose value × 7.5 is a whole number within rounding (CellSearch always
   * analyses 7.5 mL; see exactCellSearchCount). Cut-offs defined on 7.5 mL draws apply only then.
   */
  readonly exactPer7_5mL: boolean;
  readonly reported: string;
  readonly assay: AssayClass;
  readonly assayLabel: string;
  readonly specimen: SpecimenKind;
  readonly preliminary: boolean;
  readonly timePoint: TimePoint;
  /** Days from the start of the therapy line the result belongs to (negative = before it). */
  readonly daysFromTherapyStart?: number;
}

export function buildCtcSeries(
  readings: readonly Reading[],
  terminology: Terminology,
  clock: TimelineClock,
  notes: DataQualityNote[],
): CtcResult[] {
  const series: CtcResult[] = [];
  for (const reading of readings) {
    if (reading.concept !== 'ctc-count') continue;
    const count = ctcCountPer7_5mL(reading.quantity, terminology);
    if (!count.ok) {
      notes.push({
        code: count.reason,
        message: `${reading.ref}: CTC count not usable — ${count.detail}.`,
        resource: reading.ref,
        family: 'ctc',
      });
      continue;
    }
    const assay = assayClass(reading.assay, terminology);
    if (assay.assay === 'unknown') {
      notes.push({
        code: 'missing-assay',
        message: `${reading.ref}: the CTC assay is not stated; assay-specific thresholds were not applied.`,
        resource: reading.ref,
        family: 'ctc',
      });
    }
    const definite = count.comparator !== '<' && count.comparator !== '<=';
    if (!definite) {
      notes.push({
        code: 'censored-value',
        message: `${reading.ref}: CTC count reported as "${reading.text}" is below a bound, not a count; thresholds were not applied to it.`,
        resource: reading.ref,
        family: 'ctc',
      });
    }
    const daysFromTherapyStart = clock.daysFromLineStart(reading.time);
    const result: Partial<Writable<CtcResult>> = { resource: reading.ref, date: reading.time, countPer7_5mL: count.value };
    if (count.comparator) result.comparator = count.comparator;
    result.definite = definite;
    result.volumeConverted = count.volumeConverted;
    const exact =
      count.volumeConverted && definite && assay.assay === 'cellsearch' && typeof reading.quantity?.value === 'number'
        ? exactCellSearchCount(reading.quantity.value, count.factor)
        : undefined;
    if (exact !== undefined) result.countPer7_5mL = exact;
    result.exactPer7_5mL = !count.volumeConverted || exact !== undefined;
    result.reported = reading.text;
    result.assay = assay.assay;
    result.assayLabel = assay.label;
    result.specimen = reading.specimen;
    result.preliminary = reading.preliminary;
    result.timePoint = clock.timePoint(reading.time, terminology.setting('followUpAfterMonths'));
    if (daysFromTherapyStart !== undefined) result.daysFromTherapyStart = daysFromTherapyStart;
    series.push(result as CtcResult);
  }
  return series;
}

/** The platform decides which cut-offs apply; DTC methods are not CTC platforms. */
export function assayClass(assay: string | undefined, terminology: Terminology): { assay: AssayClass; label: string } {
  if (assay === 'cellsearch' || assay === 'other-ctc-platform') {
    return { assay, label: terminology.describe('assay', assay)?.split(' (')[0] ?? assay };
  }
  return { assay: 'unknown', label: 'assay not stated' };
}

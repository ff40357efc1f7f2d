import type { Terminology } from './terminology.ts';
import type { DataQualityNote } from './data-quality.ts';
import type { Reading } from './observation-readings.ts';
import { convertCount } from './ctc-units.ts';
import { assayClass, type AssayClass } from './ctc-series.ts';
import { groupByDraw } from './draw-groups.ts';
import type { TimelineClock, TimePoint } from './time-points.ts';
import type { Writable } from './writable.ts';

/** One CTC-cluster result: presence and/or count from one draw, with the cluster definition used. */
export interface ClusterResult {
  readonly resource: string;
  readonly date: string;
  readonly present?: boolean;
  /** Clusters per sample, as reported. */
  readonly count?: number;
  /** Only when the unit says per 2 mL (the pancreatic-cancer design, catalog E036). */
  readonly countPer2mL?: number;
  readonly reported: string;
  /** Cells per cluster in the lab's definition (≥2 or ≥3); CellSearch defines clusters as ≥3 cells (seed 001). */
  readonly minCells?: number;
  readonly minCellsSource?: 'reported' | 'assay-definition';
  readonly assay: AssayClass;
  readonly timePoint: TimePoint;
  readonly preliminary: boolean;
}

const CLUSTER = new Set(['ctc-cluster-count', 'ctc-cluster-present', 'ctc-cluster-cells']);

export function buildClusterSeries(readings: readonly Reading[], terminology: Terminology, clock: TimelineClock, notes: DataQualityNote[]): ClusterResult[] {
  const out: ClusterResult[] = [];
  for (const draw of groupByDraw(readings.filter((r) => CLUSTER.has(r.concept)))) {
    const countReading = draw.find((r) => r.concept === 'ctc-cluster-count');
    const presentReading = draw.find((r) => r.concept === 'ctc-cluster-present');
    const cellsReading = draw.find((r) => r.concept === 'ctc-cluster-cells');
    const first = draw[0] as Reading;
    let count: number | undefined;
    let per2mL: number | undefined;
    if (countReading) {
      const q = countReading.quantity;
      const unitless = q !== undefined && q.code === undefined && q.unit === undefined;
      const converted = unitless ? { ok: true as const, value: q.value ?? Number.NaN, factor: 1 } : convertCount(q, terminology.units('ctc-cluster-count'), 'perMl');
      if (!converted.ok || !Number.isFinite(converted.value)) {
        const detail = converted.ok ? 'no numeric value' : converted.detail;
        notes.push({ code: converted.ok ? 'missing-value' : converted.reason, message: `${countReading.ref}: CTC cluster count not usable — ${detail}.`, resource: countReading.ref, family: 'ctc-cluster' });
      } else if (q?.comparator === '<' || q?.comparator === '<=') {
        notes.push({ code: 'censored-value', message: `${countReading.ref}: cluster count "${countReading.text}" is below a bound, not a count.`, resource: countReading.ref, family: 'ctc-cluster' });
      } else {
        count = q?.value;
        // A per-mL factor of 0.5 is the allow-list's "per 2 mL" unit, the volume the cut-offs use.
        if (converted.factor === 0.5) per2mL = count;
      }
    }
    const said = presentReading?.boolean ?? (presentReading?.answer === 'positive' ? true : presentReading?.answer === 'negative' ? false : undefined);
    const present = said ?? (count !== undefined ? count > 0 : undefined);
    if (present === undefined && count === undefined) continue;
    const assay = assayClass(first.assay, terminology).assay;
    const reportedCells = cellsReading?.quantity?.value;
    const minCells = typeof reportedCells === 'number' ? reportedCells : assay === 'cellsearch' ? 3 : undefined;
    const result: Partial<Writable<ClusterResult>> = { resource: first.ref.replace(/ \(component .*\)$/, ''), date: first.time };
    if (present !== undefined) result.present = present;
    if (count !== undefined) result.count = count;
    if (per2mL !== undefined) result.countPer2mL = per2mL;
    result.reported = draw.map((r) => r.text).join('; ');
    if (minCells !== undefined) {
      result.minCells = minCells;
      result.minCellsSource = typeof reportedCells === 'number' ? 'reported' : 'assay-definition';
    }
    result.assay = assay;
    result.timePoint = clock.timePoint(first.timeMs, terminology.setting('followUpAfterMonths'));
    result.preliminary = draw.some((r) => r.preliminary);
    out.push(result as ClusterResult);
  }
  return out;
}

export type ClusterTrend = 'rising' | 'falling' | 'stable' | 'appeared' | 'unknown';

/** Latest vs previous: "appeared" when none were found before and some are now. */
export function clusterTrend(series: readonly ClusterResult[]): ClusterTrend {
  const latest = series.at(-1);
  const previous = series.at(-2);
  if (!latest || !previous || latest.present === undefined || previous.present === undefined) return 'unknown';
  if (!previous.present && latest.present) return 'appeared';
  if (previous.present && !latest.present) return 'falling';
  if (latest.count !== undefined && previous.count !== undefined) {
    return latest.count > previous.count ? 'rising' : latest.count < previous.count ? 'falling' : 'stable';
  }
  return 'stable';
}

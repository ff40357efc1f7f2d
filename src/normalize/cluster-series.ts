import type { Terminology, UnitEntry } from './terminology.ts';
import type { DataQualityNote } from './data-quality.ts';
import { baseRef, type Reading } from './reading.ts';
import { isQualitative, presenceOf } from './reading-presence.ts';
import { convertCount } from './ctc-units.ts';
import { assayClass, type AssayClass } from './ctc-series.ts';
import { groupByDraw, orderByDrawThenRank, previousOnSameAssay, statedAssay } from './draw-groups.ts';
import type { TimelineClock, TimePoint } from './time-points.ts';
import type { Writable } from './writable.ts';

/** One CTC-cluster result: presence and/or count from one draw by one assay, with the cluster definition used. */
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
  /**
   * A CellSearch result whose stated definition is below CellSearch's own ≥3 cells (seed 001, catalog
   * E026): a 2-cell aggregate is not a CellSearch cluster, so its presence and count are not cluster
   * findings (the facts ctc.cluster.present, count and countPer2mL leave it out; see clusterFinding).
   */
  readonly belowDefinition?: boolean;
  /** Smallest and largest cluster seen in this sample, cells per cluster: observed sizes, never the definition. */
  readonly minSize?: number;
  readonly maxSize?: number;
  readonly assay: AssayClass;
  readonly timePoint: TimePoint;
  readonly preliminary: boolean;
}

/**
 * `ctc-cluster-cells` is the lab's cluster definition (the fewest cells an aggregate needs to count);
 * `ctc-cluster-size-min`/`-max` are the smallest and largest cluster observed in the sample.
 */
const CLUSTER = new Set(['ctc-cluster-count', 'ctc-cluster-present', 'ctc-cluster-cells', 'ctc-cluster-size-min', 'ctc-cluster-size-max']);

export function buildClusterSeries(
  readings: readonly Reading[],
  terminology: Terminology,
  clock: TimelineClock,
  notes: DataQualityNote[],
): ClusterResult[] {
  const out: ClusterResult[] = [];
  for (const draw of groupByDraw(readings.filter((r) => CLUSTER.has(r.concept)))) {
    const first = draw[0] as Reading;
    const assay = assayClass(statedAssay(draw), terminology).assay;
    const found = clusterFindings(draw, terminology, notes);
    if (found.present === undefined && found.count === undefined) continue;
    const reportedCells = draw.find((r) => r.concept === 'ctc-cluster-cells')?.quantity?.value;
    const minCells = typeof reportedCells === 'number' ? reportedCells : assay === 'cellsearch' ? 3 : undefined;
    const result: Partial<Writable<ClusterResult>> = { resource: baseRef(first.ref), date: first.time };
    if (found.present !== undefined) result.present = found.present;
    if (found.count !== undefined) result.count = found.count;
    if (found.per2mL !== undefined) result.countPer2mL = found.per2mL;
    result.reported = draw.map((r) => r.text).join('; ');
    if (minCells !== undefined) {
      result.minCells = minCells;
      result.minCellsSource = typeof reportedCells === 'number' ? 'reported' : 'assay-definition';
      if (assay === 'cellsearch' && minCells < 3) result.belowDefinition = true;
    }
    const minSize = clusterSize(
      draw.find((r) => r.concept === 'ctc-cluster-size-min'),
      terminology,
      notes,
    );
    const maxSize = clusterSize(
      draw.find((r) => r.concept === 'ctc-cluster-size-max'),
      terminology,
      notes,
    );
    if (minSize !== undefined) result.minSize = minSize;
    if (maxSize !== undefined) result.maxSize = maxSize;
    result.assay = assay;
    result.timePoint = clock.timePoint(first.time, terminology.setting('followUpAfterMonths'));
    result.preliminary = draw.some((r) => r.preliminary);
    out.push(result as ClusterResult);
  }
  return orderByDrawThenRank(out, clusterRank);
}

/** At one draw, a cluster found (on its platform's definition) ranks above one found outside it, above none found. */
function clusterRank(r: ClusterResult): number {
  if (r.present !== true) return r.present === false ? 1 : 0;
  return r.belowDefinition ? 2 : 3;
}

interface ClusterFindings {
  readonly present?: boolean;
  readonly count?: number;
  readonly per2mL?: number;
}

/**
 * Presence and count of one draw. A coded Positive/Negative on the count code is read as presence,
 * not dropped. An explicit presence result wins over a count that contradicts it, and the count is
 * then left out (with a note), so no result says "present" and "0 clusters" at once.
 */
function clusterFindings(draw: readonly Reading[], terminology: Terminology, notes: DataQualityNote[]): ClusterFindings {
  const countReading = draw.find((r) => r.concept === 'ctc-cluster-count');
  const presentReading = draw.find((r) => r.concept === 'ctc-cluster-present');
  let said = presentReading ? presenceOf(presentReading, 'CTC cluster result', notes) : undefined;
  let count: number | undefined;
  let per2mL: number | undefined;
  if (countReading && isQualitative(countReading)) {
    said ??= presenceOf(countReading, 'CTC cluster result', notes);
  } else if (countReading) {
    const q = countReading.quantity;
    const converted = usableNumber(countReading, terminology.units('ctc-cluster-count'), 'CTC cluster count', notes);
    if (converted === undefined) {
      // Not a number: usableNumber left the note.
    } else if (q?.comparator === '<' || q?.comparator === '<=') {
      notes.push({
        code: 'censored-value',
        message: `${countReading.ref}: cluster count "${countReading.text}" is below a bound, not a count.`,
        resource: countReading.ref,
        family: 'ctc-cluster',
      });
    } else if (said !== undefined && said !== (q?.value ?? 0) > 0) {
      notes.push({
        code: 'conflicting-results',
        message: `${countReading.ref}: cluster count "${countReading.text}" contradicts the presence result of the same draw and assay ("${presentReading?.text}"); the count was not used.`,
        resource: countReading.ref,
        family: 'ctc-cluster',
      });
    } else {
      count = q?.value;
      // A per-mL factor of 0.5 is the allow-list's "per 2 mL" unit, the volume the cut-offs use.
      if (converted.factor === 0.5) per2mL = count;
    }
  }
  const present = said ?? (count !== undefined ? count > 0 : undefined);
  return {
    ...(present !== undefined ? { present } : {}),
    ...(count !== undefined ? { count } : {}),
    ...(per2mL !== undefined ? { per2mL } : {}),
  };
}

/** Cells in the smallest or largest cluster: a number of at least 2 (a cluster is two cells or more), unitless or an allow-listed unit. */
function clusterSize(reading: Reading | undefined, terminology: Terminology, notes: DataQualityNote[]): number | undefined {
  if (!reading) return undefined;
  const q = reading.quantity;
  const converted = usableNumber(reading, terminology.units('ctc-cluster-size'), 'CTC cluster size', notes);
  if (converted === undefined) return undefined;
  if (q?.comparator !== undefined || converted.value < 2 || !Number.isInteger(converted.value)) {
    notes.push({
      code: 'missing-value',
      message: `${reading.ref}: "${reading.text}" is not a cluster size (a whole number of cells, at least 2); it was not used.`,
      resource: reading.ref,
      family: 'ctc-cluster',
    });
    return undefined;
  }
  return converted.value;
}

/**
 * The number a cluster reading carries (clusters, or cells per cluster): a unitless value as it is, or
 * a value in an allow-listed unit read per mL. A note (family ctc-cluster) and undefined when there is
 * no finite, non-negative number or the unit is not on the list.
 */
export function usableNumber(
  reading: Reading,
  units: readonly UnitEntry[],
  what: string,
  notes: DataQualityNote[],
): { readonly value: number; readonly factor: number } | undefined {
  const q = reading.quantity;
  const unitless = q !== undefined && q.code === undefined && q.unit === undefined;
  const converted = unitless ? { ok: true as const, value: q.value ?? Number.NaN, factor: 1 } : convertCount(q, units, 'perMl');
  if (converted.ok && Number.isFinite(converted.value) && converted.value >= 0) return converted;
  const detail = converted.ok ? 'no numeric value' : converted.detail;
  notes.push({
    code: converted.ok ? 'missing-value' : converted.reason,
    message: `${reading.ref}: ${what} not usable — ${detail}.`,
    resource: reading.ref,
    family: 'ctc-cluster',
  });
  return undefined;
}

/** A result as a cluster finding: undefined for a CellSearch result below CellSearch's ≥3-cell definition (not a cluster). */
export function clusterFinding(r: ClusterResult | undefined): ClusterResult | undefined {
  return r?.belowDefinition ? undefined : r;
}

type ClusterTrend = 'rising' | 'falling' | 'stable' | 'appeared' | 'unknown';

/** Latest vs the previous result on the same assay: "appeared" when none were found before and some are now. */
export function clusterTrend(series: readonly ClusterResult[]): ClusterTrend {
  const latest = series.at(-1);
  const previous = latest && previousOnSameAssay(series, latest);
  if (!latest || !previous || latest.present === undefined || previous.present === undefined) return 'unknown';
  // A below-definition CellSearch aggregate is neither a cluster nor its absence: no trend through it.
  if (latest.belowDefinition || previous.belowDefinition) return 'unknown';
  if (!previous.present && latest.present) return 'appeared';
  if (previous.present && !latest.present) return 'falling';
  if (latest.count !== undefined && previous.count !== undefined) {
    return latest.count > previous.count ? 'rising' : latest.count < previous.count ? 'falling' : 'stable';
  }
  return 'stable';
}

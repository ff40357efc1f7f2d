import type { Terminology } from './terminology.ts';
import type { DataQualityNote } from './data-quality.ts';
import { baseRef, type Reading } from './reading.ts';
import { isQualitative, presenceOf } from './reading-presence.ts';
import { usableNumber } from './cluster-series.ts';
import { groupByDraw, orderByDrawThenRank } from './draw-groups.ts';
import type { Writable } from './writable.ts';

/** Neutrophil–CTC clusters from one draw by one assay: research assays report presence, some a count. */
export interface NeutrophilClusterResult {
  readonly resource: string;
  readonly date: string;
  readonly present: boolean;
  /** Neutrophil–CTC clusters per sample, as reported. */
  readonly count?: number;
}

const NEUTROPHIL = new Set(['ctc-neutrophil-cluster-present', 'ctc-neutrophil-cluster-count']);

export function buildNeutrophilClusterSeries(
  readings: readonly Reading[],
  terminology: Terminology,
  notes: DataQualityNote[],
): NeutrophilClusterResult[] {
  const out: NeutrophilClusterResult[] = [];
  for (const draw of groupByDraw(readings.filter((r) => NEUTROPHIL.has(r.concept)))) {
    const presentReading = draw.find((r) => r.concept === 'ctc-neutrophil-cluster-present');
    const countReading = draw.find((r) => r.concept === 'ctc-neutrophil-cluster-count');
    const qualitative = presentReading ?? (isQualitative(countReading) ? countReading : undefined);
    const said = qualitative ? presenceOf(qualitative, 'neutrophil–CTC cluster result', notes) : undefined;
    let count = countReading && !isQualitative(countReading) ? neutrophilCount(countReading, terminology, notes) : undefined;
    if (count !== undefined && said !== undefined && said !== count > 0) {
      notes.push({
        code: 'conflicting-results',
        message: `${countReading?.ref}: neutrophil–CTC cluster count "${countReading?.text}" contradicts the presence result of the same draw and assay ("${presentReading?.text}"); the count was not used.`,
        resource: countReading?.ref ?? '',
        family: 'ctc-cluster',
      });
      count = undefined;
    }
    const present = said ?? (count !== undefined ? count > 0 : undefined);
    if (present === undefined) continue;
    const first = draw[0] as Reading;
    const result: Partial<Writable<NeutrophilClusterResult>> = { resource: baseRef(first.ref), date: first.time, present };
    if (count !== undefined) result.count = count;
    out.push(result as NeutrophilClusterResult);
  }
  return orderByDrawThenRank(out, (r) => (r.present ? 1 : 0));
}

/** A definite number of clusters: unitless or an allow-listed unit, no `<` bound. */
function neutrophilCount(reading: Reading, terminology: Terminology, notes: DataQualityNote[]): number | undefined {
  const q = reading.quantity;
  if (usableNumber(reading, terminology.units('ctc-neutrophil-cluster-count'), 'neutrophil–CTC cluster count', notes) === undefined)
    return undefined;
  if (q?.comparator === '<' || q?.comparator === '<=') {
    notes.push({
      code: 'censored-value',
      message: `${reading.ref}: neutrophil–CTC cluster count "${reading.text}" is below a bound, not a count.`,
      resource: reading.ref,
      family: 'ctc-cluster',
    });
    return undefined;
  }
  return q?.value;
}

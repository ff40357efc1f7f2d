import type { Quantity } from 'fhir/r4';
import type { Terminology } from './terminology.ts';
import type { DataQualityNote } from './data-quality.ts';
import type { Reading } from './reading.ts';
import { trendOf, type Trend } from './trend.ts';

export interface LabValue {
  readonly resource: string;
  readonly date: string;
  readonly value: number;
}

export interface LabPicture {
  /** Neutrophil-to-lymphocyte ratio from the latest day with both absolute counts. */
  readonly nlr?: { readonly value: number; readonly date: string };
  readonly psa: readonly LabValue[];
  readonly psaTrend: Trend;
}

/** Absolute counts to 10⁹/L (= 10³/µL); relative (%) counts cannot make an NLR and are refused. */
const CELL_UNITS: Readonly<Record<string, number>> = {
  '10*3/uL': 1,
  '10*9/L': 1,
  '10*3/mm3': 1,
  '/uL': 0.001,
  '/mm3': 0.001,
  '10*6/L': 0.001,
};
const PSA_UNITS: Readonly<Record<string, number>> = { 'ng/mL': 1, 'ug/L': 1, 'ng/dL': 0.01 };

export function buildLabPicture(readings: readonly Reading[], terminology: Terminology, notes: DataQualityNote[]): LabPicture {
  const neutrophils = values(readings, 'neutrophils', CELL_UNITS, notes);
  const lymphocytes = values(readings, 'lymphocytes', CELL_UNITS, notes);
  // The latest lymphocyte count above zero per day, looked up from the latest neutrophil count back.
  const lymphocytesByDay = new Map<string, LabValue>();
  for (const l of lymphocytes) if (l.value > 0) lymphocytesByDay.set(l.date.slice(0, 10), l);
  let nlr: LabPicture['nlr'];
  for (let i = neutrophils.length - 1; i >= 0; i--) {
    const n = neutrophils[i] as LabValue;
    const day = n.date.slice(0, 10);
    const l = lymphocytesByDay.get(day);
    if (l) {
      nlr = { value: Math.round((n.value / l.value) * 100) / 100, date: day };
      break;
    }
  }
  const psa = values(readings, 'psa', PSA_UNITS, notes);
  const psaTrend = trendOf(psa.at(-2)?.value, psa.at(-1)?.value, terminology.setting('trendStableFraction'));
  return nlr ? { nlr, psa, psaTrend } : { psa, psaTrend };
}

function values(
  readings: readonly Reading[],
  concept: string,
  units: Readonly<Record<string, number>>,
  notes: DataQualityNote[],
): LabValue[] {
  const out: LabValue[] = [];
  for (const r of readings) {
    if (r.concept !== concept) continue;
    const factor = factorOf(r.quantity, units);
    if (factor === undefined || typeof r.quantity?.value !== 'number') {
      notes.push({
        code: 'unknown-unit',
        message: `${r.ref}: ${concept} "${r.text}" is not in a unit on the allow-list; it was not used.`,
        resource: r.ref,
        family: 'lab',
      });
      continue;
    }
    if (r.quantity.comparator === '<' || r.quantity.comparator === '<=') {
      notes.push({
        code: 'censored-value',
        message: `${r.ref}: ${concept} "${r.text}" is below a bound; it was not used as a value.`,
        resource: r.ref,
        family: 'lab',
      });
      continue;
    }
    out.push({ resource: r.ref, date: r.time, value: Math.round(r.quantity.value * factor * 1000) / 1000 });
  }
  return out;
}

function factorOf(q: Quantity | undefined, units: Readonly<Record<string, number>>): number | undefined {
  const code = q?.code ?? q?.unit;
  return code !== undefined ? units[code] : undefined;
}

import type { Quantity } from 'fhir/r4';
import type { Terminology, UnitEntry } from './terminology.ts';

type UnitResult =
  | {
      readonly ok: true;
      readonly value: number;
      readonly comparator?: string /** What the reported value was multiplied by. */;
      readonly factor: number;
    }
  | { readonly ok: false; readonly reason: 'unknown-unit' | 'ambiguous-unit' | 'missing-value'; readonly detail: string };

/** A CTC count per 7.5 mL, and whether it was rescaled from another blood volume (then it is an estimate, not a 7.5 mL draw). */
type CtcCountResult =
  | { readonly ok: true; readonly value: number; readonly comparator?: string; readonly factor: number; readonly volumeConverted: boolean }
  | Extract<UnitResult, { ok: false }>;

const UCUM = 'http://unitsofmeasure.org';
type Scale = 'per7_5mL' | 'per2M' | 'perMl';

/**
 * CTC counts to "per 7.5 mL whole blood", the volume CellSearch cut-offs are defined on.
 * Only units on the terminology map's allow-list convert; anything else is unusable, never guessed.
 * `/(7.5.mL)` is a known trap: valid UCUM, but it means per 35 mL (fhir-terminology.md §1.5).
 */
export function ctcCountPer7_5mL(quantity: Quantity | undefined, terminology: Terminology): CtcCountResult {
  const converted = convertCount(quantity, terminology.units('ctc-count'), 'per7_5mL');
  if (converted.ok) return withVolume(converted, converted.factor !== 1);
  if (converted.reason !== 'unknown-unit' || !quantity) return converted;
  const volume = statedVolume(typeof quantity.unit === 'string' ? quantity.unit : undefined);
  if (!volume || typeof quantity.value !== 'number') return converted;
  return withVolume(withComparator(round((quantity.value * 7.5) / volume), 7.5 / volume, quantity.comparator), volume !== 7.5);
}

/** `{ ...converted, volumeConverted }` written out: withComparator gives a comparator member only when there is one. */
function withVolume(converted: Extract<UnitResult, { ok: true }>, volumeConverted: boolean): CtcCountResult {
  const { value, comparator, factor } = converted;
  return comparator ? { ok: true, value, comparator, factor, volumeConverted } : { ok: true, value, factor, volumeConverted };
}

/**
 * Half the last place of a per-mL value reported to two decimals (±0.005 per mL) times 7.5: the
 * rounding a lab's per-mL figure can carry once scaled back to the 7.5 mL draw.
 */
const EXACT_PER_7_5ML_TOLERANCE = 0.04;

/**
 * CellSearch always analyses 7.5 mL of blood, so a CellSearch count the lab reported per mL is that
 * draw's count divided by 7.5. When the reported value × 7.5 is a whole number within the rounding of
 * a two-decimal report (2 per mL → 15; 1.87 per mL → 14.03 → 14), the conversion is exact and that
 * whole number is the count of the 7.5 mL draw. Any other factor or remainder: undefined (an estimate).
 */
export function exactCellSearchCount(reportedValue: number, factor: number): number | undefined {
  if (factor !== 7.5 || !Number.isFinite(reportedValue)) return undefined;
  const scaled = reportedValue * 7.5;
  const whole = Math.round(scaled);
  return Math.abs(scaled - whole) <= EXACT_PER_7_5ML_TOLERANCE ? whole : undefined;
}

/** DTC counts to "per 2×10⁶ nucleated bone-marrow cells" (`{DTC}/(2.10*6)`). */
export function dtcCountPer2M(quantity: Quantity | undefined, terminology: Terminology): UnitResult {
  return convertCount(quantity, terminology.units('dtc-count'), 'per2M');
}

/**
 * A count against a family's allow-list. UCUM codes are compared without `{annotations}`, so
 * `{CTC}/(75.10*-1.mL)` and `/(75.10*-1.mL)` are one unit; unit text is only used without a UCUM code.
 */
export function convertCount(quantity: Quantity | undefined, entries: readonly UnitEntry[], scale: Scale): UnitResult {
  if (!quantity || typeof quantity.value !== 'number' || !Number.isFinite(quantity.value) || quantity.value < 0) {
    return { ok: false, reason: 'missing-value', detail: 'no numeric value' };
  }
  const match = matchUnit(quantity, entries);
  if (match === 'trap')
    return {
      ok: false,
      reason: 'ambiguous-unit',
      detail: `UCUM "${quantity.code}" means per 35 mL (7 × 5 mL), not per 7.5 mL; write /(75.10*-1.mL)`,
    };
  const factor = match?.[scale];
  if (match && (factor !== undefined || scale === 'perMl'))
    return withComparator(round(quantity.value * (factor ?? 1)), factor ?? 1, quantity.comparator);
  return { ok: false, reason: 'unknown-unit', detail: `unit ${shown(quantity)} is not on the allow-list` };
}

/** The allow-list entry for a Quantity's unit, or 'trap' for the decimal-factor UCUM mistake. */
function matchUnit(quantity: Quantity, entries: readonly UnitEntry[]): UnitEntry | 'trap' | undefined {
  const code = typeof quantity.code === 'string' ? quantity.code.trim() : undefined;
  const unit = typeof quantity.unit === 'string' ? quantity.unit.trim() : undefined;
  if (code && quantity.system === UCUM) {
    const bare = stripAnnotations(code);
    if (/\(\d+\.\d+\.[a-zA-Z]+\)/.test(bare)) return 'trap';
    const byCode = entries.find((e) => e.system === UCUM && e.code !== undefined && stripAnnotations(e.code) === bare);
    if (byCode) return byCode;
    if (bare !== '' && bare !== '1') return undefined;
  } else if (code && quantity.system) {
    return entries.find((e) => e.system === quantity.system && e.code === code);
  }
  if (!unit) return undefined;
  return entries.find((e) => e.unitText !== undefined && normalizeText(e.unitText) === normalizeText(unit));
}

/** Without a '{' there is nothing to strip: the check spares a regex replace per allow-list entry per result. */
function stripAnnotations(code: string): string {
  if (!code.includes('{')) return code;
  const bare = code.replace(/\{[^}]*\}/g, '');
  return bare === '' ? code : bare;
}

function withComparator(value: number, factor: number, comparator: string | undefined): Extract<UnitResult, { ok: true }> {
  return comparator ? { ok: true, value, comparator, factor } : { ok: true, value, factor };
}

function shown(quantity: Quantity): string {
  const code = typeof quantity.code === 'string' ? quantity.code : undefined;
  const unit = typeof quantity.unit === 'string' ? quantity.unit : undefined;
  // A UCUM system without a code names no unit: say so rather than print "undefined".
  const coded = code === undefined ? undefined : quantity.system === UCUM ? `UCUM "${code}"` : code;
  return [coded, unit ? `"${unit}"` : undefined].filter(Boolean).join(' / ') || 'none';
}

/** "cells in 7.5 mL", "CTC per 10 mL", "count/7.5mL": a count with the blood volume stated in words. */
function statedVolume(unit: string | undefined): number | undefined {
  if (!unit) return undefined;
  const m = /^(?:ctcs?|cells?|count|#)?\s*(?:\/|per|in)\s*(\d+(?:\.\d+)?)\s*ml(?:\s+(?:whole\s+)?blood)?$/i.exec(unit.trim());
  if (!m?.[1]) return undefined;
  const volume = Number(m[1]);
  return volume > 0 && volume <= 100 ? volume : undefined;
}

function normalizeText(s: string): string {
  return s.toLowerCase().replace(/\s+/g, '');
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

import type { Quantity } from 'fhir/r4';
import type { Terminology } from './terminology.ts';

export type UnitResult =
  | { readonly ok: true; readonly per7_5mL: number; readonly comparator?: string }
  | { readonly ok: false; readonly reason: 'unknown-unit' | 'ambiguous-unit' | 'missing-value'; readonly detail: string };

const UCUM = 'http://unitsofmeasure.org';

/**
 * CTC counts to "per 7.5 mL whole blood", the volume CellSearch cut-offs are defined on.
 * Only units on the terminology map's allow-list convert; anything else is unusable, never guessed.
 * `/(7.5.mL)` is a known trap: valid UCUM, but it means per 35 mL (fhir-terminology.md §1.5).
 */
export function ctcCountPer7_5mL(quantity: Quantity | undefined, terminology: Terminology): UnitResult {
  if (!quantity || typeof quantity.value !== 'number' || !Number.isFinite(quantity.value) || quantity.value < 0) {
    return { ok: false, reason: 'missing-value', detail: 'no numeric value' };
  }
  const { value, comparator } = quantity;
  const code = typeof quantity.code === 'string' ? quantity.code : undefined;
  const unit = typeof quantity.unit === 'string' ? quantity.unit.trim() : undefined;
  if (quantity.system === UCUM && code === '/(7.5.mL)') {
    return { ok: false, reason: 'ambiguous-unit', detail: 'UCUM "/(7.5.mL)" means per 35 mL, not per 7.5 mL' };
  }
  const entries = terminology.units('ctc-count');
  const byCode = code && quantity.system ? entries.find((e) => e.system === quantity.system && e.code === code) : undefined;
  const byText = unit ? entries.find((e) => e.unitText !== undefined && normalizeText(e.unitText) === normalizeText(unit)) : undefined;
  const match = byCode ?? (quantity.system ? undefined : byText) ?? (byCode === undefined && !code ? byText : undefined);
  if (match?.per7_5mL !== undefined) {
    const per7_5mL = round(value * match.per7_5mL);
    return comparator ? { ok: true, per7_5mL, comparator } : { ok: true, per7_5mL };
  }
  const volume = statedVolume(unit);
  if (volume) {
    const per7_5mL = round((value * 7.5) / volume);
    return comparator ? { ok: true, per7_5mL, comparator } : { ok: true, per7_5mL };
  }
  const shown = [quantity.system === UCUM ? `UCUM "${code}"` : code, unit ? `"${unit}"` : undefined].filter(Boolean).join(' / ') || 'none';
  return { ok: false, reason: 'unknown-unit', detail: `unit ${shown} is not on the allow-list` };
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

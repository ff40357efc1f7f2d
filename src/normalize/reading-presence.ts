import type { DataQualityNote } from './data-quality.ts';
import { familyOf, type Reading } from './reading.ts';

/** A qualitative result sent on a number code: a coded answer or a boolean, and no quantity. Read as presence, not dropped. */
export function isQualitative(reading: Reading | undefined): boolean {
  return reading !== undefined && reading.quantity === undefined && (reading.answer !== undefined || reading.boolean !== undefined);
}

/**
 * Detected (true), not detected (false) or, with a note, neither: a boolean, or a coded answer
 * (Positive/Negative, SNOMED Present/Absent). "Unknown" or an uncoded answer is never read as absent.
 */
export function presenceOf(reading: Reading, what: string, notes: DataQualityNote[]): boolean | undefined {
  if (reading.boolean !== undefined) return reading.boolean;
  if (reading.answer === 'positive') return true;
  if (reading.answer === 'negative') return false;
  notes.push({
    code: 'missing-value',
    message: `${reading.ref}: ${what} "${reading.text}" says neither detected nor not detected; it was not used.`,
    resource: reading.ref,
    family: familyOf(reading.concept),
  });
  return undefined;
}

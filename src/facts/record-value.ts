import { inWords, presence, timePointInWords } from './fact-words.ts';

/** A picture object as a `record` fact value (cards format it; conditions rarely test it), or null. */
export function asRecord(value: object | undefined): Readonly<Record<string, unknown>> | null {
  return value === undefined ? null : (value as Readonly<Record<string, unknown>>);
}

/** A field of a record as a card shows it: its key and the words that introduce its value. */
export type RecordField = readonly [key: string, label: string];

/**
 * "DTC positive, 3 cells per 2×10⁶ marrow cells, 2025-07-15, after therapy": the present fields in
 * reading order, labelled and in words for clinicians (ids through fact-words.ts, booleans as
 * present/absent, the time point as words); no resource id (clinician language only, issue 16).
 */
export function describeRecord(record: Readonly<Record<string, unknown>>, fields: readonly RecordField[]): string {
  const parts = fields
    // An unstated method or platform is said once, in words; other unknown fields are left out.
    .filter(
      ([key]) => record[key] !== undefined && record[key] !== null && (record[key] !== 'unknown' || key === 'timePoint' || key === 'assay'),
    )
    .map(([key, label]) => {
      const raw = record[key];
      const value =
        key === 'date'
          ? String(raw).slice(0, 10)
          : key === 'timePoint'
            ? timePointInWords(String(raw))
            : key === 'assay' && raw === 'unknown'
              ? 'assay not stated'
              : typeof raw === 'boolean'
                ? presence(raw)
                : typeof raw === 'string'
                  ? inWords(raw)
                  : String(raw);
      return label.includes('{}') ? label.replace('{}', value) : `${label}${value}`;
    });
  if (record.preliminary === true) parts.push('preliminary');
  return parts.join(', ');
}

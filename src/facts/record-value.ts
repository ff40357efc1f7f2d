/** A picture object as a `record` fact value (cards format it; conditions rarely test it), or null. */
export function asRecord(value: object | undefined): Readonly<Record<string, unknown>> | null {
  return value === undefined ? null : (value as Readonly<Record<string, unknown>>);
}

/** A field of a record as a card shows it: its key and the words that introduce its value. */
export type RecordField = readonly [key: string, label: string];

/**
 * "positive · 3 cells per 2×10⁶ marrow cells · 2025-07-15 · time point: after-therapy (Observation/x)":
 * the present fields in reading order, labelled for clinicians, the source resource last.
 */
export function describeRecord(record: Readonly<Record<string, unknown>>, fields: readonly RecordField[]): string {
  const parts = fields
    .filter(([key]) => record[key] !== undefined && record[key] !== null)
    .map(([key, label]) => {
      const value = key === 'date' ? String(record[key]).slice(0, 10) : String(record[key]);
      return label.includes('{}') ? label.replace('{}', value) : `${label}${value}`;
    });
  const source = typeof record.resource === 'string' ? ` (${record.resource})` : '';
  return `${parts.join(' · ')}${source}`;
}

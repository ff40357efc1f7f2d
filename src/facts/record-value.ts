/** A picture object as a `record` fact value (cards format it; conditions rarely test it), or null. */
export function asRecord(value: object | undefined): Readonly<Record<string, unknown>> | null {
  return value === undefined ? null : (value as Readonly<Record<string, unknown>>);
}

/** "result: positive · countPer2M: 3 · date: 2025-07-15" — the named fields that are present, for cards. */
export function describeRecord(record: Readonly<Record<string, unknown>>, keys: readonly string[]): string {
  return keys
    .filter((k) => record[k] !== undefined && record[k] !== null)
    .map((k) => `${k}: ${k === 'date' ? String(record[k]).slice(0, 10) : String(record[k])}`)
    .join(' · ');
}

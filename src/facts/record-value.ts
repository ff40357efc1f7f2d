/** A picture object as a `record` fact value (cards format it; conditions rarely test it), or null. */
export function asRecord(value: object | undefined): Readonly<Record<string, unknown>> | null {
  return value === undefined ? null : (value as Readonly<Record<string, unknown>>);
}

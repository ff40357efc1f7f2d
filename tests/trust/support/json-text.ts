/**
 * Generated values are turned into JSON *text* and parsed back, exactly as express.json does, so
 * the pipeline sees what a socket could deliver: own `__proto__` keys, `1e999` parsed as Infinity,
 * lone surrogates, numbers beyond 2^53.
 */

/** A JSON token written verbatim (a number literal JSON.stringify could not produce). */
export class RawJson {
  constructor(readonly text: string) {}
}

/** An object given as ordered entries, so keys like `__proto__` become own properties after parsing. */
export class Entries {
  constructor(readonly entries: readonly (readonly [string, unknown])[]) {}
}

/** An array or object nested `depth` levels deep, built without recursion (no stack to blow here). */
export class Nested {
  constructor(
    readonly depth: number,
    readonly kind: 'array' | 'object',
  ) {}
}

export function toJsonText(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (value instanceof Nested) {
    const [open, close] = value.kind === 'array' ? ['[', ']'] : ['{"a":', '}'];
    return `${open.repeat(value.depth)}0${close.repeat(value.depth)}`;
  }
  if (value instanceof Entries) return `{${value.entries.map(([k, v]) => `${JSON.stringify(k)}:${toJsonText(v)}`).join(',')}}`;
  if (Array.isArray(value)) return `[${value.map(toJsonText).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${JSON.stringify(k)}:${toJsonText(v)}`)
      .join(',')}}`;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return 'null';
  return JSON.stringify(value) ?? 'null';
}

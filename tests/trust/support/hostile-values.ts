import fc from 'fast-check';
import { Entries, Nested, RawJson } from './json-text.ts';

/** Keys that have broken JavaScript services before: prototype pollution and shadowed builtins. */
export const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'then'] as const;

/** Strings that look like something else: numbers, dates, ids, templates, markup, control characters. */
const WEIRD_STRINGS = [
  '',
  ' ',
  '\u0000',
  '\uD800',
  '\uFEFF',
  'e\u0301',
  '\u202Etxt',
  '😀'.repeat(40),
  'NaN',
  'Infinity',
  '-Infinity',
  '-0',
  '1e999',
  '0x1F',
  '12',
  '12.0',
  ' 12 ',
  '1,5',
  'null',
  'undefined',
  'true',
  '[]',
  '{}',
  '2024-02-30',
  '2023-13-01',
  '0000-00-00',
  '9999-12-31T23:59:60Z',
  '2024',
  '2024-06',
  '2024-06-01T25:61:00Z',
  '+275760-09-13T00:00:00.000Z',
  '-000001-01-01',
  '1969-12-31T23:59:59.999-14:00',
  'yesterday',
  '__proto__',
  'constructor',
  'Patient/',
  'Patient/../../x',
  'Patient/mbc-ctc-12-cellsearch',
  '#',
  '#dev',
  '{{context.patientId}}',
  '<script>alert(1)</script>',
  '**bold**',
  '%s%n',
  "'; DROP TABLE decisions; --",
  'a'.repeat(10_000),
  'http://169.254.169.254/latest',
  'urn:uuid:',
  'final',
  'FINAL',
  'entered-in-error',
] as const;

/** Number literals JSON.stringify would never write; JSON.parse turns them into edge values. */
const RAW_NUMBERS = [
  '1e999',
  '-1e999',
  '-0',
  '1e-400',
  '123456789012345678901234567890',
  '0.1e1',
  '-0.0',
  '9007199254740993',
  '1E+2',
] as const;

export const weirdString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...WEIRD_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
);

export const weirdNumber: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.constantFrom(0, -1, 4, 5, 12, 0.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER, Number.MIN_VALUE),
  fc.constantFrom(...RAW_NUMBERS).map((t) => new RawJson(t)),
  fc.constantFrom('12', 'NaN', '1e999', ' 5', '-0').map((s) => s as unknown),
);

const leaf: fc.Arbitrary<unknown> = fc.oneof(fc.constant(null), fc.boolean(), weirdNumber, weirdString);

const key = fc.oneof(
  { weight: 2, arbitrary: fc.string({ maxLength: 12 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      ...PROTO_KEYS,
      'resourceType',
      'entry',
      'resource',
      'coding',
      'code',
      'system',
      'value',
      'link',
      'url',
      'relation',
    ),
  },
);

/** Any JSON value, biased toward the shapes that break parsers and narrowers. */
export const hostileValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 5, arbitrary: leaf },
    { weight: 2, arbitrary: fc.array(tie('value'), { maxLength: 5 }) },
    { weight: 2, arbitrary: fc.array(fc.tuple(key, tie('value')), { maxLength: 5 }).map((e) => new Entries(e)) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.integer({ min: 50, max: 3_000 }), fc.constantFrom('array' as const, 'object' as const))
        .map(([d, k]) => new Nested(d, k)),
    },
  ),
})).value;

/** Mostly `valid`, sometimes anything else: wrong types where the code expects a shape. */
export function orHostile<T>(valid: fc.Arbitrary<T>, hostileWeight = 1): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 40, arbitrary: valid as fc.Arbitrary<unknown> },
    { weight: Math.max(1, Math.round(hostileWeight * 2)), arbitrary: hostileValue },
  );
}

/** An object with some of its members left out, and sometimes a prototype key added. */
export function partialRecord<T extends Record<string, unknown>>(model: { [K in keyof T]: fc.Arbitrary<T[K]> }): fc.Arbitrary<unknown> {
  return fc
    .tuple(
      fc.record(model, { requiredKeys: [] }),
      fc.oneof(
        { weight: 9, arbitrary: fc.constant(null) },
        { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...PROTO_KEYS), hostileValue) },
      ),
    )
    .map(([record, extra]) => (extra ? new Entries([...Object.entries(record), extra]) : record));
}

/** Usually every required member present (so cases get past validation), sometimes any subset. */
export function envelope<R extends Record<string, unknown>, O extends Record<string, unknown>>(
  required: { [K in keyof R]: fc.Arbitrary<R[K]> },
  optional: { [K in keyof O]: fc.Arbitrary<O[K]> },
): fc.Arbitrary<unknown> {
  const all = { ...required, ...optional } as { [K in keyof (R & O)]: fc.Arbitrary<(R & O)[K]> };
  return fc.oneof(
    { weight: 5, arbitrary: fc.record(all, { requiredKeys: Object.keys(required) as (keyof (R & O))[] }) },
    { weight: 1, arbitrary: partialRecord(all) },
  );
}

/** Repeats one generated item many times: the cheap way to a huge array. */
export function hugeArrayOf<T>(item: fc.Arbitrary<T>, min: number, max: number): fc.Arbitrary<T[]> {
  return fc.tuple(item, fc.integer({ min, max })).map(([x, n]) => Array.from({ length: n }, () => x));
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Terminology, type CodingLike, type ConceptCategory, type TerminologyFile } from '../../src/normalize/terminology.ts';
import { terminology } from './picture-helpers.ts';

/** The lookup as it was before the nested index: one Map keyed by "category|system|code", a linear prefix scan. */
function keyedLookup(file: TerminologyFile, category: ConceptCategory, codings: unknown): string | undefined {
  return keyedIndex(file)(category, codings);
}

/** The keyed map built once (the shipped map has thousands of codings: rebuilding it per lookup is too slow). */
function keyedIndex(file: TerminologyFile): (category: ConceptCategory, codings: unknown) => string | undefined {
  const exact = new Map<string, string>();
  const byCategory = new Map<string, { system: string; prefix: string; concept: string }[]>();
  for (const [c, concepts] of Object.entries(file.concepts)) {
    const prefixes: { system: string; prefix: string; concept: string }[] = [];
    for (const [concept, entry] of Object.entries(concepts ?? {})) {
      for (const coding of entry.codings ?? []) exact.set(`${c}|${coding.system}|${coding.code}`, concept);
      for (const p of entry.codePrefixes ?? []) prefixes.push({ ...p, concept });
    }
    prefixes.sort((a, b) => b.prefix.length - a.prefix.length);
    byCategory.set(c, prefixes);
  }
  return (category, codings) => lookupIn(exact, byCategory.get(category) ?? [], category, codings);
}

function lookupIn(
  exact: ReadonlyMap<string, string>,
  prefixes: readonly { system: string; prefix: string; concept: string }[],
  category: ConceptCategory,
  codings: unknown,
): string | undefined {
  if (!Array.isArray(codings)) return undefined;
  for (const coding of codings as (CodingLike | null)[]) {
    if (typeof coding?.system !== 'string' || typeof coding.code !== 'string') continue;
    const hit = exact.get(`${category}|${coding.system}|${coding.code}`);
    if (hit) return hit;
    const code = coding.code;
    const byPrefix = prefixes.find((p) => p.system === coding.system && code.startsWith(p.prefix));
    if (byPrefix) return byPrefix.concept;
  }
  return undefined;
}

const piece = fc.constantFrom('a', 'b', '|', 'a|b', 'C79', 'C79.5', '', 'x|');
const coding = fc.record({ system: piece, code: piece });
const CATEGORIES: readonly ConceptCategory[] = ['condition', 'metastasis-site'];
const file = fc
  .record({
    condition: fc.dictionary(
      fc.constantFrom('p', 'q', 'r'),
      fc.record({
        description: fc.constant('d'),
        codings: fc.array(coding, { maxLength: 3 }),
        codePrefixes: fc.array(fc.record({ system: piece, prefix: piece.filter((p) => p !== '') }), { maxLength: 2 }),
      }),
    ),
    'metastasis-site': fc.dictionary(
      fc.constantFrom('s', 't'),
      fc.record({ description: fc.constant('d'), codings: fc.array(coding, { maxLength: 3 }) }),
    ),
  })
  .map((concepts): TerminologyFile => ({ version: 't', canonicalBase: 'https://example.org', units: {}, concepts }));
const input = fc.oneof(
  fc.array(fc.oneof(coding, fc.constant(null), fc.record({ system: piece })), { maxLength: 4 }),
  fc.constant(undefined),
  fc.constant('not codings'),
);

describe('terminology index', () => {
  it('answers every lookup as the keyed map did, "|" inside a system or code included', () => {
    fc.assert(
      fc.property(file, fc.constantFrom(...CATEGORIES), input, (f, category, codings) => {
        expect(new Terminology(f).lookup(category, codings as CodingLike[])).toBe(keyedLookup(f, category, codings));
      }),
      { numRuns: 3000, seed: 9 },
    );
  });

  it('answers every coding of the shipped map, in every category, as the keyed map did', () => {
    const categories = Object.keys(terminology.file.concepts) as ConceptCategory[];
    const keyed = keyedIndex(terminology.file);
    const codings = Object.values(terminology.file.concepts).flatMap((concepts) =>
      Object.values(concepts ?? {}).flatMap((e) => [
        ...(e.codings ?? []),
        ...(e.codePrefixes ?? []).map((p) => ({ system: p.system, code: `${p.prefix}9` })),
      ]),
    );
    expect(codings.length).toBeGreaterThan(100);
    for (const category of categories) {
      for (const c of codings) expect(terminology.lookup(category, [c]), `${category} ${c.system} ${c.code}`).toBe(keyed(category, [c]));
    }
  });
});

import fc from 'fast-check';
import { FACTS } from '../../src/facts/fact-catalog.ts';
import { CANCER_TYPES } from '../../src/facts/cancer-facts.ts';
import type { RuleSet } from '../../src/rule-set/rule-set.ts';
import type { FactValue } from '../../src/facts/fact-definition.ts';

/** Every catalog fact set to null: the base a random draw is laid over, so no fact is ever undefined. */
export function nullFacts(): Record<string, FactValue> {
  return Object.fromEntries(FACTS.map((f) => [f.name, null]));
}

/**
 * Random values for every fact a rule compares: the values the rules compare it with and their
 * neighbours, its value set, random values and null. With `oddValues`, one draw in ten is a value of
 * the wrong type (NaN, '5', [7], {} …) that the catalog would never produce.
 */
export function factArbitraries(ruleSet: RuleSet, options: { readonly oddValues?: boolean } = {}): Record<string, fc.Arbitrary<unknown>> {
  const literals = conditionLiterals(ruleSet);
  const odd = fc.constantFrom<unknown>(Number.NaN, '5', '7abc', 'abc', '', 0, -1, true, [], ['breast'], [7], {}, { a: 1 });
  const out: Record<string, fc.Arbitrary<unknown>> = {};
  for (const fact of FACTS) {
    const seen = literals.get(fact.name);
    if (!seen) continue;
    const pool = [...new Set([...(fact.values ?? []), ...seen.filter((v): v is string => typeof v === 'string')])];
    const numbers = seen.filter((v): v is number => typeof v === 'number');
    const usual: fc.Arbitrary<unknown> =
      fact.name === 'cancer.primaryTypes'
        ? fc.oneof(fc.subarray([...CANCER_TYPES]), fc.constant(null))
        : fact.type === 'string[]'
          ? fc.oneof(fc.subarray(pool), fc.constant(null))
          : fact.type === 'number'
            ? fc.oneof(fc.constantFrom(...numbers.flatMap((n) => [n - 1, n, n + 1])), fc.integer({ min: -5, max: 200 }), fc.constant(null))
            : fact.type === 'boolean'
              ? fc.oneof(fc.boolean(), fc.constant(null))
              : fc.oneof(fc.constantFrom(...(pool.length > 0 ? pool : ['x'])), fc.constant(null));
    out[fact.name] = options.oddValues ? fc.oneof({ arbitrary: usual, weight: 9 }, { arbitrary: odd, weight: 1 }) : usual;
  }
  return out;
}

/** Every value a loaded rule compares a fact with, by fact name (members of `in` lists included). */
function conditionLiterals(ruleSet: RuleSet): Map<string, unknown[]> {
  const out = new Map<string, unknown[]>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const child of node) walk(child);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    if (typeof n.fact === 'string') out.set(n.fact, [...(out.get(n.fact) ?? []), ...(Array.isArray(n.value) ? n.value : [n.value])]);
    for (const key of ['all', 'any', 'not'] as const) if (key in n) walk(n[key]);
  };
  for (const { rule } of ruleSet.rules) walk(rule.conditions);
  return out;
}

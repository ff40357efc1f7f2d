import { Engine } from 'json-rules-engine';
import { describe, expect, it } from 'vitest';
import { compileConditions } from '../../src/evaluate/compile-conditions.ts';
import { engineOperators, type OperatorLookup } from '../../src/evaluate/engine-operators.ts';

type Facts = Record<string, unknown>;
/** What a run came to: fired or not, or the error it failed with. */
type Outcome = { readonly fired: boolean } | { readonly threw: string };
interface Case {
  readonly name: string;
  readonly conditions: Record<string, unknown>;
  readonly facts: Facts;
}

/** json-rules-engine as the service configures it (rule-index.ts), one rule built from the tree. */
async function reference(c: Case): Promise<Outcome> {
  const engine = new Engine([], { allowUndefinedFacts: false, allowUndefinedConditions: false });
  engine.addRule({ name: 'r', priority: 1, conditions: c.conditions as never, event: { type: 'r' } });
  try {
    const { results } = await engine.run({ ...c.facts });
    return { fired: results.length === 1 };
  } catch (error) {
    return { threw: (error as Error).message };
  }
}

function compiled(c: Case, operators: OperatorLookup = engineOperators(new Engine())): Outcome {
  const holds = compileConditions(c.conditions, operators);
  try {
    return { fired: holds(c.facts as never) };
  } catch (error) {
    return { threw: (error as Error).message };
  }
}

const leaf = (operator: string, value: unknown, fact = 'x', extra: Facts = {}) => ({ all: [{ fact, operator, value, ...extra }] });
const ODD_NUMBERS: readonly unknown[] = [null, undefined, Number.NaN, '5', '7', '7abc', 'abc', '', true, [], [7], {}, Infinity, -0, 5, 6];
const NUMERIC = ['lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive'];

const CASES: readonly Case[] = [
  ...NUMERIC.flatMap((op) =>
    ODD_NUMBERS.map((x) => ({ name: `${op} 5 on ${String(JSON.stringify(x))}`, conditions: leaf(op, 5), facts: { x } })),
  ),
  ...['contains', 'doesNotContain'].flatMap((op) =>
    [['breast'], ['lung'], [], 'breast', null, undefined, { breast: true }, 5].map((x) => ({
      name: `${op} on ${String(JSON.stringify(x))}`,
      conditions: leaf(op, 'breast'),
      facts: { x },
    })),
  ),
  ...['equal', 'notEqual'].flatMap((op) =>
    [
      [null, null],
      [Number.NaN, Number.NaN],
      ['5', 5],
      [5, 5],
      [undefined, null],
      [['a'], ['a']],
    ].map(([x, v]) => ({
      name: `${op} ${String(JSON.stringify(v))} on ${String(JSON.stringify(x))}`,
      conditions: leaf(op, v),
      facts: { x },
    })),
  ),
  ...['in', 'notIn'].flatMap((op) =>
    [
      ['a', ['a', 'b']],
      ['c', ['a', 'b']],
      [null, [null]],
      ['b', 'abc'],
      [['a'], ['a']],
    ].map(([x, v]) => ({ name: `${op} ${JSON.stringify(v)} on ${JSON.stringify(x)}`, conditions: leaf(op, v), facts: { x } })),
  ),
  // Decorators, applied as OperatorMap#get applies them (outermost first).
  ...[
    ['everyFact:greaterThan', 5, [6, 7]],
    ['everyFact:greaterThan', 5, [6, 4]],
    ['everyFact:greaterThan', 5, []],
    ['everyFact:greaterThan', 5, null],
    ['everyFact:greaterThan', 5, 'x'],
    ['someFact:equal', 'a', ['b', 'a']],
    ['someFact:equal', 'a', 'a'],
    ['someValue:equal', ['a', 'b'], 'b'],
    ['someValue:equal', ['a', 'b'], 'c'],
    ['everyValue:lessThan', [5, 6], 4],
    ['everyValue:lessThan', [5, 6], 5],
    ['not:in', ['a'], 'a'],
    ['not:in', ['a'], 'b'],
    ['not:contains', 'a', 'a'],
    ['not:greaterThan', 5, null],
    ['swap:contains', ['a', 'b'], 'a'],
    ['swap:contains', 'a', ['a']],
    ['swap:in', 'b', 'abc'],
    ['swap:in', 'a', ['a']],
    ['not:someFact:equal', 'a', ['a']],
    ['everyFact:not:equal', 'a', ['b', 'c']],
    ['swap:not:in', 'z', ['a']],
    ['someFact:someValue:equal', ['x', 'y'], ['y']],
  ].map(([op, v, x]) => ({
    name: `${String(op)} ${JSON.stringify(v)} on ${JSON.stringify(x)}`,
    conditions: leaf(op as string, v),
    facts: { x },
  })),
  // Nesting and the engine's list rules: empty lists pass, a single member is its own result.
  { name: 'empty all', conditions: { all: [] }, facts: {} },
  { name: 'empty any', conditions: { any: [] }, facts: {} },
  { name: 'not of empty any', conditions: { not: { any: [] } }, facts: {} },
  {
    name: 'any of false and true',
    conditions: {
      any: [
        { fact: 'x', operator: 'equal', value: 1 },
        { fact: 'y', operator: 'equal', value: 2 },
      ],
    },
    facts: { x: 0, y: 2 },
  },
  {
    name: 'all with one false',
    conditions: {
      all: [
        { fact: 'x', operator: 'equal', value: 1 },
        { fact: 'y', operator: 'equal', value: 2 },
      ],
    },
    facts: { x: 0, y: 2 },
  },
  {
    name: 'not of all',
    conditions: {
      not: {
        all: [
          { fact: 'x', operator: 'equal', value: 1 },
          { fact: 'y', operator: 'equal', value: 2 },
        ],
      },
    },
    facts: { x: 1, y: 2 },
  },
  { name: 'not not', conditions: { not: { not: { fact: 'x', operator: 'lessThan', value: 3 } } }, facts: { x: null } },
  {
    name: 'all / any / not nested',
    conditions: {
      all: [
        { any: [{ not: { fact: 'x', operator: 'in', value: [1, 2] } }, { fact: 'y', operator: 'contains', value: 'a' }] },
        { not: { any: [] } },
      ],
    },
    facts: { x: 1, y: ['a'] },
  },
  {
    name: 'any / all / not nested',
    conditions: {
      any: [
        { all: [{ not: { fact: 'x', operator: 'in', value: [1, 2] } }, { fact: 'y', operator: 'contains', value: 'a' }] },
        { not: { all: [] } },
      ],
    },
    facts: { x: 3, y: ['a'] },
  },
  // path: JSONPath into a non-null object; any other fact value is compared as it is.
  { name: 'path into an object', conditions: leaf('greaterThan', 4, 'o', { path: '$.a.b' }), facts: { o: { a: { b: 5 } } } },
  { name: 'path with no match', conditions: leaf('equal', null, 'o', { path: '$.missing' }), facts: { o: { a: 1 } } },
  { name: 'path to several values', conditions: leaf('contains', 2, 'o', { path: '$[*].v' }), facts: { o: [{ v: 1 }, { v: 2 }] } },
  { name: 'path on a number fact', conditions: leaf('greaterThan', 4, 'o', { path: '$.a' }), facts: { o: 5 } },
  { name: 'path on a null fact', conditions: leaf('equal', null, 'o', { path: '$.a' }), facts: { o: null } },
  { name: 'path on a string fact', conditions: leaf('equal', 'abc', 'o', { path: '$.length' }), facts: { o: 'abc' } },
  // A value may name another fact (with a path of its own).
  { name: 'value is a fact', conditions: leaf('equal', { fact: 'y' }), facts: { x: 3, y: 3 } },
  { name: 'value is a fact, differs', conditions: leaf('lessThan', { fact: 'y' }), facts: { x: 3, y: 2 } },
  {
    name: 'value is a fact with a path',
    conditions: leaf('lessThanInclusive', { fact: 'y', path: '$.limit' }),
    facts: { x: 3, y: { limit: 3 } },
  },
  { name: 'value is a fact holding a list', conditions: leaf('in', { fact: 'y' }), facts: { x: 'b', y: ['a', 'b'] } },
  // Where json-rules-engine rejects the run, so must the compiled predicate.
  { name: 'in with a number value throws', conditions: leaf('in', 5), facts: { x: 5 } },
  { name: 'notIn with a null value throws', conditions: leaf('notIn', null), facts: { x: 5 } },
  { name: 'swap:in on a number fact throws', conditions: leaf('swap:in', 'a', 'x'), facts: { x: 5 } },
  { name: 'someValue with a string value throws', conditions: leaf('someValue:equal', 'abc'), facts: { x: 'a' } },
  { name: 'undefined fact throws', conditions: leaf('equal', 1, 'nope'), facts: { x: 1 } },
  { name: 'value names an undefined fact', conditions: leaf('equal', { fact: 'nope' }), facts: { x: 1 } },
  {
    name: 'a false member does not hide a throwing one (all)',
    conditions: {
      all: [
        { fact: 'x', operator: 'equal', value: 0 },
        { fact: 'x', operator: 'in', value: 5 },
      ],
    },
    facts: { x: 1 },
  },
  {
    name: 'a true member does not hide a throwing one (any)',
    conditions: { any: [{ fact: 'x', operator: 'equal', value: 1 }, { all: [{ fact: 'nope', operator: 'equal', value: 1 }] }] },
    facts: { x: 1 },
  },
  { name: 'a throwing member under not', conditions: { not: { fact: 'x', operator: 'in', value: 5 } }, facts: { x: 1 } },
  { name: 'a fact present as undefined is defined', conditions: leaf('equal', undefined), facts: { x: undefined } },
];

describe('compiled conditions against json-rules-engine, case by case', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    expect(compiled(c)).toEqual(await reference(c));
  });

  it('the cases hold both outcomes and the errors json-rules-engine raises', async () => {
    const outcomes = await Promise.all(CASES.map(reference));
    expect(outcomes.filter((o) => 'fired' in o && o.fired).length).toBeGreaterThan(40);
    expect(outcomes.filter((o) => 'fired' in o && !o.fired).length).toBeGreaterThan(40);
    const errors = outcomes.flatMap((o) => ('threw' in o ? [o.threw] : []));
    expect(errors).toContain('Undefined fact: nope');
    expect(errors.some((e) => /indexOf is not a function/.test(e))).toBe(true);
    expect(errors.length).toBe(9);
  });

  it('would catch a wrong operator: a comparison without its fact validator disagrees somewhere', async () => {
    const real = engineOperators(new Engine());
    const noValidator: OperatorLookup = (name) => (name === 'lessThan' ? (a, b) => (a as number) < (b as number) : real(name));
    const inclusive: OperatorLookup = (name) => real(name === 'greaterThan' ? 'greaterThanInclusive' : name);
    for (const wrong of [noValidator, inclusive]) {
      let disagreements = 0;
      for (const c of CASES) if (JSON.stringify(compiled(c, wrong)) !== JSON.stringify(await reference(c))) disagreements++;
      expect(disagreements).toBeGreaterThan(0);
    }
  });
});

describe('compiling', () => {
  const operators = engineOperators(new Engine());

  it('rejects at load what the rule schema does not allow, naming where', () => {
    expect(() => compileConditions({ all: [{ fact: 'x', operator: 'atLeast', value: 1 }] }, operators)).toThrow(
      'unknown operator "atLeast"',
    );
    expect(() => compileConditions({ all: [{ fact: 'x', operator: 'equal' }] }, operators)).toThrow(
      '/conditions/all/0: a condition needs "value"',
    );
    expect(() => compileConditions({ all: [{ condition: 'shared' }] }, operators)).toThrow('condition references are not supported');
    expect(() => compileConditions({ any: [{ fact: 'x', operator: 'equal', value: 1, priority: 2 }] }, operators)).toThrow(
      'priorities are not supported',
    );
    expect(() => compileConditions({ all: { fact: 'x', operator: 'equal', value: 1 } }, operators)).toThrow(
      '/conditions/all: must be an array',
    );
    expect(() => compileConditions({ not: [] }, operators)).toThrow('/conditions/not: cannot be an array');
    expect(() => compileConditions({ fact: 'x', operator: 'equal', value: 1 }, operators)).toThrow('the root must be');
  });

  it('stops at load if json-rules-engine no longer has the operator map it reads', () => {
    expect(() => engineOperators({} as Engine)).toThrow('json-rules-engine changed shape');
    expect(() => engineOperators({ operators: { get: () => ({}) } } as unknown as Engine)('equal')).toThrow('has no evaluate');
  });
});

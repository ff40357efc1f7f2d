import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Engine, Operator } from 'json-rules-engine';
import { describe, expect, it } from 'vitest';
import { engineOperators } from '../../src/evaluate/engine-operators.ts';

/** Said by every assertion here, so a failure after a json-rules-engine upgrade tells the reader where to look. */
const CHECK =
  'json-rules-engine changed shape: src/evaluate/engine-operators.ts and compile-conditions.ts mirror 7.3 and read the undocumented ' +
  'Engine#operators (an OperatorMap: `operators` a Map of Operator {name, cb, factValueValidator, evaluate}, `decorators` a Map, ' +
  'get(name) applying decorators). Compare the installed dist/operator-map.js, operator.js and operator-decorator.js with 7.3 ' +
  'before moving the ~7.3.1 pin in package.json';

const DEFAULT_OPERATORS = [
  'equal',
  'notEqual',
  'in',
  'notIn',
  'contains',
  'doesNotContain',
  'lessThan',
  'lessThanInclusive',
  'greaterThan',
  'greaterThanInclusive',
];
const DEFAULT_DECORATORS = ['someFact', 'someValue', 'everyFact', 'everyValue', 'swap', 'not'];

interface OperatorMapInternals {
  readonly operators: unknown;
  readonly decorators: unknown;
  get(name: string): unknown;
}

describe('the json-rules-engine internals the compiled evaluator reads', () => {
  it('the installed version is the 7.3 line the package.json pin names', () => {
    const require = createRequire(import.meta.url);
    const manifest = JSON.parse(readFileSync(require.resolve('json-rules-engine/package.json'), 'utf8')) as { version: string };
    expect(manifest.version, CHECK).toMatch(/^7\.3\./);
  });

  it('Engine#operators is an OperatorMap of Operator objects, decorated by get', () => {
    const map = (new Engine() as unknown as { operators?: OperatorMapInternals }).operators;
    if (!map) throw new Error(CHECK);
    expect(typeof map.get, CHECK).toBe('function');
    expect(map.operators, CHECK).toBeInstanceOf(Map);
    expect(map.decorators, CHECK).toBeInstanceOf(Map);
    const operators = map.operators as Map<string, unknown>;
    expect([...operators.keys()].sort(), CHECK).toEqual([...DEFAULT_OPERATORS].sort());
    for (const [name, operator] of operators) {
      expect(operator, `${CHECK} (operator "${name}")`).toBeInstanceOf(Operator);
      expect(operator, `${CHECK} (operator "${name}")`).toMatchObject({ name, cb: expect.any(Function), evaluate: expect.any(Function) });
    }
    expect([...(map.decorators as Map<string, unknown>).keys()].sort(), CHECK).toEqual([...DEFAULT_DECORATORS].sort());
    expect(map.get('everyFact:greaterThan'), CHECK).toMatchObject({ name: 'everyFact:greaterThan', evaluate: expect.any(Function) });
  });

  it('engineOperators accepts the real engine and compares as its operators do, validators and decorators included', () => {
    const lookup = engineOperators(new Engine());
    expect(lookup('greaterThan')(6, 5), CHECK).toBe(true);
    // null < 5 in JavaScript; the engine's number validator refuses null first.
    expect(lookup('lessThan')(null, 5), `${CHECK} (the number validator)`).toBe(false);
    expect(lookup('everyFact:greaterThan')([6, 7], 5), CHECK).toBe(true);
    expect(lookup('everyFact:greaterThan')([6, 4], 5), CHECK).toBe(false);
    expect(lookup('not:in')('a', ['b']), CHECK).toBe(true);
    expect(() => lookup('atLeast')).toThrow('unknown operator "atLeast"');
  });

  describe('a deliberately altered engine stops the load, saying what to check', () => {
    const operator = (name: string) => new Operator(name, (a: unknown, b: unknown) => a === b);
    it.each<[string, unknown]>([
      ['no operators property', undefined],
      ['operators as an array', [operator('equal')]],
      ['a plain Map of operators (get applies no decorators)', new Map([['equal', operator('equal')]])],
      ['get returning bare callbacks', { get: () => (a: unknown, b: unknown) => a === b }],
      ['get returning operators without evaluate', { get: (name: string) => ({ name, cb: () => true }) }],
      ['get returning operators under another name', { get: () => operator('equal') }],
    ])('%s', (_shape, operators) => {
      const fake = (operators === undefined ? {} : { operators }) as unknown as Engine;
      expect(() => engineOperators(fake)).toThrow(
        /^json-rules-engine changed shape: .+; the compiled evaluator .+ check the installed version/,
      );
    });
  });
});

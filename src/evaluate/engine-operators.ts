import type { Engine } from 'json-rules-engine';

/** A json-rules-engine operator, decorators applied: the fact-value validator, then the comparison. */
export type OperatorEvaluate = (factValue: unknown, jsonValue: unknown) => boolean;

/** Looks an operator up by its condition name (e.g. `everyFact:greaterThan`); throws for an unknown one. */
export type OperatorLookup = (name: string) => OperatorEvaluate;

interface OperatorShape {
  readonly name?: unknown;
  readonly evaluate: (factValue: unknown, jsonValue: unknown) => boolean;
}

interface OperatorMapShape {
  get(name: string): unknown;
}

/** What to look at when the check below fails: the pin, and the engine code the compiled evaluator mirrors. */
const SHAPE_HELP =
  'the compiled evaluator (src/evaluate/compile-conditions.ts) mirrors json-rules-engine 7.3 and reads its undocumented Engine#operators: ' +
  'check the installed version against the ~7.3.1 pin in package.json, and its dist/operator-map.js (get, decorators) and dist/operator.js ' +
  '(name, cb, evaluate) against src/evaluate/engine-operators.ts';

/** An operator and a decorated one every json-rules-engine 7 engine has: `get` must return both as operators. */
const PROBES = ['equal', 'not:equal'] as const;

/**
 * The engine's own OperatorMap (json-rules-engine 7: `engine.operators`, not in its typings), so the
 * compiled evaluator compares exactly as the engine does: same validators, decorators applied by the
 * same `get`. Checked here, at rule-set load, so a library that changed shape stops start-up, saying what to check.
 */
export function engineOperators(engine: Engine): OperatorLookup {
  const map: unknown = (engine as unknown as { readonly operators?: unknown }).operators;
  if (!isOperatorMap(map)) throw changedShape('Engine#operators is no longer an OperatorMap with get(name)');
  for (const name of PROBES) {
    const operator: unknown = map.get(name);
    if (!isOperator(operator)) throw changedShape(`Engine#operators.get("${name}") has no evaluate(factValue, jsonValue)`);
    if (operator.name !== name) throw changedShape(`Engine#operators.get("${name}") is named "${String(operator.name)}"`);
  }
  return (name) => {
    const operator: unknown = map.get(name);
    if (operator === null || operator === undefined) throw new Error(`unknown operator "${name}"`);
    if (!isOperator(operator)) throw changedShape(`operator "${name}" has no evaluate(factValue, jsonValue)`);
    return operator.evaluate.bind(operator);
  };
}

function changedShape(what: string): Error {
  return new Error(`json-rules-engine changed shape: ${what}; ${SHAPE_HELP}`);
}

function isOperatorMap(value: unknown): value is OperatorMapShape {
  return typeof value === 'object' && value !== null && typeof (value as { get?: unknown }).get === 'function';
}

function isOperator(value: unknown): value is OperatorShape {
  return typeof value === 'object' && value !== null && typeof (value as { evaluate?: unknown }).evaluate === 'function';
}

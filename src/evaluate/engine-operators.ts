import type { Engine } from 'json-rules-engine';

/** A json-rules-engine operator, decorators applied: the fact-value validator, then the comparison. */
export type OperatorEvaluate = (factValue: unknown, jsonValue: unknown) => boolean;

/** Looks an operator up by its condition name (e.g. `everyFact:greaterThan`); throws for an unknown one. */
export type OperatorLookup = (name: string) => OperatorEvaluate;

interface OperatorShape {
  readonly evaluate: (factValue: unknown, jsonValue: unknown) => boolean;
}

interface OperatorMapShape {
  get(name: string): unknown;
}

/**
 * The engine's own OperatorMap (json-rules-engine 7: `engine.operators`, not in its typings), so the
 * compiled evaluator compares exactly as the engine does: same validators, decorators applied by the
 * same `get`. Checked here, at rule-set load, so a library that changed shape stops start-up.
 */
export function engineOperators(engine: Engine): OperatorLookup {
  const map: unknown = (engine as unknown as { readonly operators?: unknown }).operators;
  if (!isOperatorMap(map)) throw new Error('json-rules-engine changed shape: Engine#operators is no longer an OperatorMap with get(name)');
  return (name) => {
    const operator: unknown = map.get(name);
    if (operator === null || operator === undefined) throw new Error(`unknown operator "${name}"`);
    if (!isOperator(operator)) throw new Error(`json-rules-engine changed shape: operator "${name}" has no evaluate(factValue, jsonValue)`);
    return operator.evaluate.bind(operator);
  };
}

function isOperatorMap(value: unknown): value is OperatorMapShape {
  return typeof value === 'object' && value !== null && typeof (value as { get?: unknown }).get === 'function';
}

function isOperator(value: unknown): value is OperatorShape {
  return typeof value === 'object' && value !== null && typeof (value as { evaluate?: unknown }).evaluate === 'function';
}

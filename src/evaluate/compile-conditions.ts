import { JSONPath } from 'jsonpath-plus';
import type { FactValue } from '../facts/fact-definition.ts';
import type { OperatorEvaluate, OperatorLookup } from './engine-operators.ts';

export type RuleFacts = Readonly<Record<string, FactValue>>;
/** A rule's conditions as one synchronous function of the facts: true when json-rules-engine would fire it. */
export type RulePredicate = (facts: RuleFacts) => boolean;

/** A compiled condition node; returns what json-rules-engine's node would resolve with. */
type CompiledNode = (facts: RuleFacts) => unknown;
type ConditionObject = Readonly<Record<string, unknown>>;
const BOOLEAN_OPERATORS = ['any', 'all', 'not'] as const;
type BooleanOperator = (typeof BOOLEAN_OPERATORS)[number];

/**
 * Compiles a rule's condition tree once, at rule-set load, mirroring json-rules-engine 7.3 (rule.js,
 * condition.js, almanac.js) step for step, so the service path needs no per-run clone, promise or event.
 * Facts are constants, so the only runtime state is the facts record itself.
 */
export function compileConditions(conditions: unknown, operators: OperatorLookup): RulePredicate {
  const root = asObject(conditions, '/conditions');
  const operator = booleanOperator(root);
  if (!operator) throw new Error('/conditions: the root must be "all", "any" or "not"');
  // Rule#evaluate resolves the root without evaluateCondition's `=== true`; the engine files it by truthiness.
  const top = compileBoolean(root, operator, '/conditions', operators);
  return (facts) => Boolean(top(facts));
}

/** Condition.booleanOperator: the first own key of any, all, not. */
function booleanOperator(node: ConditionObject): BooleanOperator | undefined {
  return BOOLEAN_OPERATORS.find((key) => Object.hasOwn(node, key));
}

/** Rule#evaluate's evaluateCondition: a boolean node passes only when its operator yields `true`. */
function compileNode(value: unknown, at: string, operators: OperatorLookup): CompiledNode {
  const node = asObject(value, at);
  // Priorities would split members into sets evaluated in turn; the rule schema allows none.
  if (Object.hasOwn(node, 'priority')) throw new Error(`${at}: condition priorities are not supported`);
  const operator = booleanOperator(node);
  if (operator) {
    const inner = compileBoolean(node, operator, at, operators);
    return (facts) => inner(facts) === true;
  }
  if (Object.hasOwn(node, 'condition')) throw new Error(`${at}: condition references are not supported`);
  for (const key of ['fact', 'operator', 'value'] as const)
    if (!Object.hasOwn(node, key)) throw new Error(`${at}: a condition needs "${key}"`);
  if (typeof node.operator !== 'string') throw new Error(`${at}/operator: must be a string`);
  return compileLeaf(node, operators(node.operator));
}

function compileBoolean(node: ConditionObject, operator: BooleanOperator, at: string, operators: OperatorLookup): CompiledNode {
  const members = node[operator];
  if (operator === 'not') {
    if (Array.isArray(members)) throw new Error(`${at}/not: cannot be an array`);
    const child = compileNode(members, `${at}/not`, operators);
    return (facts) => !child(facts);
  }
  if (!Array.isArray(members)) throw new Error(`${at}/${operator}: must be an array`);
  const children = members.map((member: unknown, i) => compileNode(member, `${at}/${operator}/${i}`, operators));
  // prioritizeAndRun: an empty list passes, a single member is its own result.
  if (children.length === 0) return () => true;
  if (children.length === 1) return children[0] as CompiledNode;
  // All members share one priority, so the engine evaluates every one (Promise.all) before combining:
  // no short-circuit, so a member that throws fails the run here too.
  if (operator === 'all') {
    return (facts) => {
      let passes = true;
      for (const child of children) if (child(facts) !== true) passes = false;
      return passes;
    };
  }
  return (facts) => {
    let passes = false;
    for (const child of children) if (child(facts) === true) passes = true;
    return passes;
  };
}

/** Condition#evaluate: the value (maybe a fact reference) and the fact (maybe a path into it), then the operator. */
function compileLeaf(node: ConditionObject, evaluate: OperatorEvaluate): CompiledNode {
  const readValue = valueReader(node.value);
  const readFact = factReader(node.fact, node.path);
  return (facts) => {
    const jsonValue = readValue(facts);
    return evaluate(readFact(facts), jsonValue);
  };
}

/** A condition value that names another fact (`{ "fact": …, "path"?: … }`), as Almanac#getValue tells it apart. */
interface FactReference {
  readonly fact?: unknown;
  readonly path?: unknown;
}

/** Almanac#getValue: an object with an own `fact` is a reference to another fact; anything else is a literal. */
export function factReferenceIn(value: unknown): FactReference | undefined {
  return value !== null && typeof value === 'object' && Object.hasOwn(value, 'fact') ? (value as FactReference) : undefined;
}

function valueReader(value: unknown): CompiledNode {
  const reference = factReferenceIn(value);
  return reference ? factReader(reference.fact, reference.path) : () => value;
}

/** Almanac#factValue with allowUndefinedFacts: false; a path applies only to a non-null object. */
function factReader(name: unknown, path: unknown): CompiledNode {
  const read = (facts: RuleFacts): unknown => {
    if (typeof name !== 'string' || !Object.hasOwn(facts, name))
      throw Object.assign(new Error(`Undefined fact: ${String(name)}`), { code: 'UNDEFINED_FACT' });
    return facts[name];
  };
  if (!path) return read;
  return (facts) => {
    const value = read(facts);
    return value !== null && typeof value === 'object' ? JSONPath({ path: path as string, json: value, wrap: false }) : value;
  };
}

function asObject(value: unknown, at: string): ConditionObject {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error(`${at}: a condition must be an object`);
  return value as ConditionObject;
}

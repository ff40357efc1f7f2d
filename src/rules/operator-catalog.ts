/**
 * The json-rules-engine operators a rule condition may use, with what they do. The one list behind
 * `rules check` (rule-set/rule-lint.ts) and the editor completion in rules/schema/rule.schema.json
 * (scripts/generate-rule-schema.ts).
 */
export const OPERATOR_DESCRIPTIONS: Readonly<Record<string, string>> = {
  equal: 'The fact equals the value (strict equality).',
  notEqual: 'The fact does not equal the value.',
  in: 'The fact is one of the values (value: an array).',
  notIn: 'The fact is none of the values (value: an array).',
  contains: 'The fact (an array, e.g. a string[] fact) contains the value.',
  doesNotContain: 'The fact (an array) does not contain the value.',
  lessThan: 'The fact (a number) is less than the value. A fact without data (null) fails.',
  lessThanInclusive: 'The fact (a number) is less than or equal to the value. A fact without data (null) fails.',
  greaterThan: 'The fact (a number) is greater than the value. A fact without data (null) fails.',
  greaterThanInclusive: 'The fact (a number) is greater than or equal to the value. A fact without data (null) fails.',
};

/** Operator decorators, written before the operator: `everyFact:greaterThan`, `not:in`. */
export const DECORATOR_DESCRIPTIONS: Readonly<Record<string, string>> = {
  someFact: 'at least one element of the fact (an array) passes',
  everyFact: 'every element of the fact (an array) passes',
  someValue: 'at least one element of the value (an array) passes',
  everyValue: 'every element of the value (an array) passes',
  not: 'the negation',
  swap: 'the fact and the value swapped',
};

export const OPERATORS: ReadonlySet<string> = new Set(Object.keys(OPERATOR_DESCRIPTIONS));
const DECORATORS: ReadonlySet<string> = new Set(Object.keys(DECORATOR_DESCRIPTIONS));

/** True for a base operator, optionally behind decorators (`not:swap:contains`). */
export function isKnownOperator(operator: string): boolean {
  const parts = operator.split(':');
  const base = parts.pop() ?? '';
  return OPERATORS.has(base) && parts.every((p) => DECORATORS.has(p));
}

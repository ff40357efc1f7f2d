import type { RuleCondition } from '../rules/rule-file.ts';
import { FACTS_BY_NAME } from '../facts/fact-catalog.ts';

const OPERATOR_WORDS: Readonly<Record<string, string>> = {
  equal: 'is',
  notEqual: 'is not',
  in: 'is one of',
  notIn: 'is none of',
  contains: 'includes',
  doesNotContain: 'does not include',
  lessThan: '<',
  lessThanInclusive: '≤',
  greaterThan: '>',
  greaterThanInclusive: '≥',
};

const DECORATOR_WORDS: Readonly<Record<string, string>> = {
  someFact: 'some of',
  everyFact: 'every one of',
  someValue: 'some value of',
  everyValue: 'every value of',
  not: 'not',
  swap: 'swapped',
};

/** A condition tree as nested lines of words, e.g. "Latest CTC count per 7.5 mL ≥ 5". */
export interface WordNode {
  readonly text: string;
  readonly children: readonly WordNode[];
}

export function conditionsInWords(node: RuleCondition): WordNode {
  if (node.all) return { text: 'all of', children: node.all.map(conditionsInWords) };
  if (node.any) return { text: 'any of', children: node.any.map(conditionsInWords) };
  if (node.not) return { text: 'not', children: [conditionsInWords(node.not)] };
  const fact = FACTS_BY_NAME.get(node.fact ?? '');
  const label = fact?.label ?? node.fact ?? '?';
  // A number compared with a number keeps its unit beside it ("Latest CTC count ≥ 5 per 7.5 mL").
  const unit = fact?.valueUnit && typeof node.value === 'number' ? ` ${fact.valueUnit}` : '';
  const parts = (node.operator ?? '').split(':');
  const base = parts.pop() ?? '';
  const decorators = parts.map((p) => DECORATOR_WORDS[p] ?? p).join(' ');
  const subject = `${decorators ? `${decorators} ` : ''}${label}${node.path ? ` (${node.path})` : ''}`;
  return { text: `${subject} ${OPERATOR_WORDS[base] ?? base} ${valueInWords(node.value)}${unit}`, children: [] };
}

function valueInWords(value: unknown): string {
  if (Array.isArray(value)) return value.map(valueInWords).join(', ');
  if (value && typeof value === 'object' && 'fact' in value)
    return FACTS_BY_NAME.get(String((value as { fact: unknown }).fact))?.label ?? String((value as { fact: unknown }).fact);
  return typeof value === 'string' ? value : JSON.stringify(value);
}

import type { ClinicalPicture } from '../normalize/clinical-picture.ts';
import { defineFacts, type FactDefinition, type FactValue } from './fact-definition.ts';
import { cancerFacts } from './cancer-facts.ts';
import { ctcFacts } from './ctc-facts.ts';
import { dataQualityFacts } from './data-quality-facts.ts';
import { orderFacts } from './order-facts.ts';

export const FACTS: readonly FactDefinition[] = defineFacts(cancerFacts, ctcFacts, orderFacts, dataQualityFacts);

export const FACTS_BY_NAME: ReadonlyMap<string, FactDefinition> = new Map(FACTS.map((f) => [f.name, f]));

/** Every fact, computed once per call; the engine receives these as constants. */
export function computeFacts(picture: ClinicalPicture): Record<string, FactValue> {
  const values: Record<string, FactValue> = {};
  for (const fact of FACTS) values[fact.name] = fact.derive(picture);
  return values;
}

export function formatFact(name: string, value: FactValue | undefined): string {
  if (value === null || value === undefined) return 'not recorded';
  const fact = FACTS_BY_NAME.get(name);
  if (fact?.format) return fact.format(value);
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'string' && fact?.type === 'date') return value.slice(0, 10);
  return String(value);
}

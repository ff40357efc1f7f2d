import type { ClinicalPicture } from '../normalize/clinical-picture.ts';
import { defineFacts, type FactDefinition, type FactValue } from './fact-definition.ts';
import { cancerFacts } from './cancer-facts.ts';
import { ctcFacts } from './ctc-facts.ts';
import { dataQualityFacts } from './data-quality-facts.ts';
import { orderFacts } from './order-facts.ts';
import { breastFacts } from './breast-facts.ts';
import { therapyFacts } from './therapy-facts.ts';
import { clusterFacts } from './cluster-facts.ts';
import { pdl1Facts } from './pdl1-facts.ts';
import { dtcFacts } from './dtc-facts.ts';
import { labFacts } from './lab-facts.ts';
import { inWords, yesNo } from './fact-words.ts';

export const FACTS: readonly FactDefinition[] = defineFacts(
  cancerFacts,
  breastFacts,
  therapyFacts,
  ctcFacts,
  clusterFacts,
  pdl1Facts,
  dtcFacts,
  labFacts,
  orderFacts,
  dataQualityFacts,
);

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
  // Closed value sets are ids for rules; a card reads them as words (fact-words.ts).
  const word = (v: unknown) => (fact?.values && typeof v === 'string' ? inWords(v) : String(v));
  if (Array.isArray(value)) return value.map(word).join(', ');
  if (typeof value === 'string' && fact?.type === 'date') return value.slice(0, 10);
  if (typeof value === 'boolean') return yesNo(value);
  return word(value);
}

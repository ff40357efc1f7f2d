import type { FactDefinition } from './fact-definition.ts';
import { withoutResourceIds } from './fact-words.ts';

const UNUSABLE = new Set([
  'entered-in-error',
  'unknown-unit',
  'ambiguous-unit',
  'missing-value',
  'missing-assay',
  'no-clinical-time',
  'data-absent',
  'future-date',
  'data-gap',
  'censored-value',
  'conflicting-results',
  'unknown-code',
]);

export const dataQualityFacts: readonly FactDefinition[] = [
  {
    name: 'dataQuality.unusableCount',
    label: 'Results not used',
    type: 'number',
    description:
      'Number of results that were dropped or could not be interpreted (unknown unit, entered in error, missing assay, no value, no time, a value reported only as a bound, an uncoded answer), plus data gaps from the FHIR server.',
    derive: (p) => p.notes.filter((n) => UNUSABLE.has(n.code)).length,
  },
  {
    name: 'dataQuality.unusableNotes',
    label: 'Why',
    type: 'string[]',
    description: 'The data-quality notes behind dataQuality.unusableCount, one sentence each.',
    derive: (p) => p.notes.filter((n) => UNUSABLE.has(n.code)).map((n) => n.message),
    format: (v) => (v as readonly string[]).map((m) => `\n- ${withoutResourceIds(m)}`).join(''),
  },
];

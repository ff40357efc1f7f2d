import type { FactDefinition } from './fact-definition.ts';

const PSA_TRENDS = ['rising', 'falling', 'stable', 'unknown'] as const;

export const labFacts: readonly FactDefinition[] = [
  {
    name: 'lab.nlr',
    label: 'Neutrophil-to-lymphocyte ratio',
    type: 'number',
    description: 'Neutrophil-to-lymphocyte ratio from absolute counts drawn on the same day (latest such day).',
    derive: (p) => p.labs.nlr?.value ?? null,
  },
  {
    name: 'lab.psa.latest',
    label: 'Latest PSA',
    type: 'number',
    unit: 'ng/mL',
    format: (v) => `${String(v)} ng/mL`,
    description: 'Latest usable serum PSA, ng/mL (LOINC 2857-1 or a mapped local code).',
    derive: (p) => p.labs.psa.at(-1)?.value ?? null,
  },
  {
    name: 'lab.psa.trend',
    label: 'PSA trend',
    type: 'string',
    values: PSA_TRENDS,
    description: 'Latest vs previous PSA: rising, falling, stable (within 10%); unknown with fewer than two.',
    derive: (p) => (p.labs.psa.length > 0 ? p.labs.psaTrend : null),
  },
];

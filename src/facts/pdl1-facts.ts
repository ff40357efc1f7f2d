import type { FactDefinition } from './fact-definition.ts';
import { pdl1Trend } from '../normalize/pdl1-series.ts';
import { asRecord, describeRecord } from './record-value.ts';

export const PDL1_TRENDS = ['rising', 'falling', 'stable', 'unknown'] as const;

export const pdl1Facts: readonly FactDefinition[] = [
  {
    name: 'ctc.pdl1.present',
    label: 'PD-L1+ CTCs present',
    type: 'boolean',
    description: 'Whether the latest PD-L1 CTC result reports at least one PD-L1-positive CTC.',
    derive: (p) => p.pdl1.at(-1)?.present ?? null,
  },
  {
    name: 'ctc.pdl1.positiveCount',
    label: 'PD-L1+ CTCs',
    type: 'number',
    description: 'Number of PD-L1-positive CTCs in the latest sample, as reported.',
    derive: (p) => p.pdl1.at(-1)?.positiveCount ?? null,
  },
  {
    name: 'ctc.pdl1.fractionPercent',
    label: 'PD-L1+ CTC fraction',
    type: 'number',
    unit: '%',
    description: 'Percent of CTCs that are PD-L1 positive in the latest sample.',
    derive: (p) => p.pdl1.at(-1)?.fractionPercent ?? null,
  },
  {
    name: 'ctc.pdl1.trend',
    label: 'PD-L1+ CTC trend',
    type: 'string',
    values: PDL1_TRENDS,
    description: 'Latest vs previous PD-L1+ CTC result (count, else fraction): rising, falling, stable; unknown with fewer than two.',
    derive: (p) => (p.pdl1.length > 0 ? pdl1Trend(p.pdl1) : null),
  },
  {
    name: 'ctc.pdl1.latest',
    label: 'Latest PD-L1+ CTC result',
    type: 'record',
    description: 'The most recent PD-L1+ CTC result, for display: count and/or fraction, assay, date, time point.',
    derive: (p) => asRecord(p.pdl1.at(-1)),
    format: (v) => describeRecord(v as Readonly<Record<string, unknown>>, [['positiveCount', '{} PD-L1+ CTCs'], ['fractionPercent', '{}% of CTCs PD-L1+'], ['assay', 'assay: '], ['date', ''], ['timePoint', 'time point: ']]),
  },
];

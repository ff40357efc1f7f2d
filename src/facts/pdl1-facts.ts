import type { FactDefinition } from './fact-definition.ts';
import { pdl1Trend, type Pdl1Result } from '../normalize/pdl1-series.ts';
import { asRecord, describeRecord } from './record-value.ts';
import { presence } from './fact-words.ts';

const PDL1_TRENDS = ['rising', 'falling', 'stable', 'unknown'] as const;

/** Presence from a number only: rules built on counts must not read a qualitative result as one. */
function numericPresent(result: Pdl1Result | undefined): boolean | null {
  if (!result || (result.positiveCount === undefined && result.fractionPercent === undefined)) return null;
  return (result.positiveCount ?? 0) > 0 || (result.fractionPercent ?? 0) > 0;
}

export const pdl1Facts: readonly FactDefinition[] = [
  {
    name: 'ctc.pdl1.present',
    label: 'PD-L1+ CTCs by count',
    type: 'boolean',
    format: (v) => presence(v === true),
    description:
      'Whether the latest PD-L1 CTC result counts at least one PD-L1-positive CTC (a count or fraction above 0); null when that result is qualitative only. For presence from a count or a qualitative result, use ctc.pdl1.detected.',
    derive: (p) => numericPresent(p.pdl1.at(-1)),
  },
  {
    name: 'ctc.pdl1.detected',
    label: 'PD-L1+ CTCs',
    type: 'boolean',
    format: (v) => presence(v === true),
    description:
      'Whether the latest PD-L1 CTC result reports PD-L1-positive CTCs: a count or fraction above 0, or a qualitative positive (code ctc-pdl1-pos-present, or Positive/Present sent on the count code). False for zero or a negative/absent result; an Unknown answer is not a result. When several assays reported on the latest draw, true if any detected them.',
    derive: (p) => p.pdl1.at(-1)?.present ?? null,
  },
  {
    name: 'ctc.pdl1.positiveCount',
    label: 'PD-L1+ CTC count',
    type: 'number',
    description: 'Number of PD-L1-positive CTCs in the latest sample, as reported.',
    derive: (p) => p.pdl1.at(-1)?.positiveCount ?? null,
  },
  {
    name: 'ctc.pdl1.fractionPercent',
    label: 'PD-L1+ CTC fraction',
    type: 'number',
    unit: '%',
    format: (v) => `${String(v)}%`,
    description: 'Percent of CTCs that are PD-L1 positive in the latest sample.',
    derive: (p) => p.pdl1.at(-1)?.fractionPercent ?? null,
  },
  {
    name: 'ctc.pdl1.trend',
    label: 'PD-L1+ CTC trend',
    type: 'string',
    values: PDL1_TRENDS,
    description:
      'Latest vs previous PD-L1+ CTC result on the same assay (count, else fraction): rising, falling, stable; unknown with fewer than two such numbers (a qualitative result has no trend).',
    derive: (p) => (p.pdl1.length > 0 ? pdl1Trend(p.pdl1) : null),
  },
  {
    name: 'ctc.pdl1.latest',
    label: 'Latest PD-L1+ CTC result',
    type: 'record',
    description:
      'The most recent PD-L1+ CTC result, for display: count and/or fraction or the qualitative result, assay, date, time point.',
    derive: (p) => asRecord(p.pdl1.at(-1)),
    format: (v) =>
      describeRecord(v as Readonly<Record<string, unknown>>, [
        ['positiveCount', '{} PD-L1+ CTCs'],
        ['fractionPercent', '{}% of CTCs PD-L1+'],
        ['qualitative', 'PD-L1+ CTCs {} (qualitative result)'],
        ['assay', ''],
        ['date', ''],
        ['timePoint', ''],
      ]),
  },
];

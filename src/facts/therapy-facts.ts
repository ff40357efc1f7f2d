import type { FactDefinition } from './fact-definition.ts';
import { monthsBetween } from '../normalize/time-points.ts';

export const THERAPY_AGENTS = ['chemotherapy', 'abiraterone', 'bisphosphonate', 'aspirin', 'immune-checkpoint-inhibitor', 'radiotherapy', 'endocrine', 'anti-her2'] as const;

export const therapyFacts: readonly FactDefinition[] = [
  {
    name: 'therapy.systemicStart',
    label: 'Systemic therapy start',
    type: 'date',
    description: 'Start of the first systemic therapy on record (chemotherapy, anti-HER2, checkpoint inhibitor, abiraterone; endocrine therapy runs for years and does not define the timeline).',
    derive: (p) => p.therapy.firstSystemicStart ?? null,
  },
  {
    name: 'therapy.systemicEnd',
    label: 'Systemic therapy end',
    type: 'date',
    description: 'End of the last line of systemic therapy (same classes as therapy.systemicStart); null while it is ongoing or none is recorded.',
    derive: (p) => p.therapy.lastSystemicEnd ?? null,
  },
  {
    name: 'therapy.surgeryDate',
    label: 'Cancer surgery',
    type: 'date',
    description: 'Date of the first completed cancer surgery Procedure (terminology concept cancer-surgery).',
    derive: (p) => p.therapy.surgeryDate ?? null,
  },
  {
    name: 'therapy.neoadjuvant',
    label: 'Neoadjuvant therapy',
    type: 'boolean',
    description: 'Systemic therapy started before the surgery date; null when either date is missing.',
    derive: (p) => (p.therapy.surgeryDate && p.therapy.firstSystemicStart ? p.therapy.firstSystemicStart < p.therapy.surgeryDate : null),
  },
  {
    name: 'therapy.adjuvant',
    label: 'Adjuvant therapy',
    type: 'boolean',
    description: 'Systemic therapy started after the surgery date; null when either date is missing.',
    derive: (p) => (p.therapy.surgeryDate && p.therapy.firstSystemicStart ? p.therapy.systemic.some((s) => s.start > (p.therapy.surgeryDate as string)) : null),
  },
  {
    name: 'therapy.monthsSinceSystemicEnd',
    label: 'Months since systemic therapy ended',
    type: 'number',
    unit: 'mo',
    description: 'Whole months from the end of the last systemic therapy to the evaluation time; null while therapy is ongoing.',
    derive: (p) => (p.therapy.lastSystemicEnd ? Math.max(0, monthsBetween(p.therapy.lastSystemicEnd, p.evaluatedAt)) : null),
  },
  {
    name: 'therapy.agents',
    label: 'Therapy classes on record',
    type: 'string[]',
    values: THERAPY_AGENTS,
    description: 'Therapy classes on record (medication, procedure) via the terminology map: chemotherapy, abiraterone, bisphosphonate, aspirin, checkpoint inhibitor, radiotherapy, endocrine, anti-HER2.',
    derive: (p) => p.therapy.agents,
  },
];

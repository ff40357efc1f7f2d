import type { FactDefinition } from './fact-definition.ts';

const RECEPTOR_STATUSES = ['positive', 'negative', 'unknown'] as const;
const HER2_STATUSES = ['positive', 'negative', 'equivocal', 'unknown'] as const;
const BREAST_SUBTYPES = ['luminal-a', 'luminal-b', 'luminal-her2', 'her2-enriched', 'triple-negative', 'basal-like', 'unknown'] as const;

export const breastFacts: readonly FactDefinition[] = [
  {
    name: 'breast.er',
    label: 'Oestrogen receptor (ER)',
    type: 'string',
    values: RECEPTOR_STATUSES,
    description:
      'ER status of the primary breast tumour from the latest usable receptor result (LOINC 85337-4, 16112-5 or a mapped local code).',
    derive: (p) => (p.breast.reported ? p.breast.er : null),
  },
  {
    name: 'breast.pr',
    label: 'Progesterone receptor (PR)',
    type: 'string',
    values: RECEPTOR_STATUSES,
    description:
      'PR status of the primary breast tumour from the latest usable receptor result (LOINC 85339-0, 16113-3 or a mapped local code).',
    derive: (p) => (p.breast.reported ? p.breast.pr : null),
  },
  {
    name: 'breast.her2',
    label: 'HER2 status',
    type: 'string',
    values: HER2_STATUSES,
    description: 'HER2 status: IHC 3+ or ISH amplified = positive; IHC 0/1+ = negative; IHC 2+ without an ISH result = equivocal.',
    derive: (p) => (p.breast.reported ? p.breast.her2 : null),
  },
  {
    name: 'breast.ki67Percent',
    label: 'Ki-67',
    type: 'number',
    unit: '%',
    format: (v) => `${String(v)}%`,
    description:
      'Ki-67 proliferation index of the primary breast tumour, percent of tumour nuclei (LOINC 85330-9 or 29593-1, or a mapped local code).',
    derive: (p) => p.breast.ki67Percent ?? null,
  },
  {
    name: 'breast.subtype',
    label: 'Breast cancer subtype (IHC surrogate)',
    type: 'string',
    values: BREAST_SUBTYPES,
    description:
      'IHC surrogate intrinsic subtype per seed 003 from ER, PR, HER2, Ki-67 (configured cut point) and CK5/6/EGFR; unknown when a needed marker is missing.',
    derive: (p) => (p.breast.reported ? p.breast.subtype : null),
  },
];

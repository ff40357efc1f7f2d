import type { FactDefinition } from './fact-definition.ts';

export const CANCER_TYPES = ['breast', 'prostate', 'colorectal', 'nsclc', 'sclc', 'gastric', 'pancreatic', 'liver', 'renal', 'melanoma', 'head-and-neck'] as const;
export const SETTINGS = ['early', 'locally-advanced', 'metastatic', 'unknown'] as const;
export const METASTATIC_SITES = ['bone', 'brain', 'liver', 'lung', 'lymph-node', 'unspecified'] as const;
export const NODAL_STATUSES = ['positive', 'negative', 'unknown'] as const;

export const cancerFacts: readonly FactDefinition[] = [
  {
    name: 'cancer.primaryTypes',
    label: 'Primary cancer',
    type: 'string[]',
    values: CANCER_TYPES,
    description: 'Primary cancer types from active, confirmed Condition codes (SNOMED CT / ICD-10 via the terminology map).',
    derive: (p) => p.cancer.primaryTypes,
    format: (v) => (v as readonly string[]).join(', ') || 'none recorded',
  },
  {
    name: 'cancer.setting',
    label: 'Disease setting',
    type: 'string',
    values: SETTINGS,
    description: 'Disease setting: metastatic when a distant metastasis Condition or a metastatic stage is recorded (lymph-node involvement alone does not count); early or locally advanced only from an explicit stage; otherwise unknown (never assumed).',
    derive: (p) => p.cancer.setting,
  },
  {
    name: 'cancer.metastaticSites',
    label: 'Known metastatic sites',
    type: 'string[]',
    values: METASTATIC_SITES,
    description: 'Metastatic sites from secondary-malignancy Conditions (lymph-node may be regional); unspecified when only a metastatic stage says so.',
    derive: (p) => p.cancer.metastaticSites,
    format: (v) => (v as readonly string[]).join(', ') || 'none recorded',
  },
  {
    name: 'cancer.prostateCastrationResistant',
    label: 'Castration-resistant prostate cancer',
    type: 'boolean',
    description: 'Whether a castration-resistant prostate cancer Condition is recorded; null when no prostate cancer is recorded.',
    derive: (p) => (p.cancer.primaryTypes.includes('prostate') ? p.cancer.castrationResistant : null),
  },
  {
    name: 'cancer.positiveNodeCount',
    label: 'Positive regional lymph nodes',
    type: 'number',
    description: 'Number of positive axillary/regional lymph nodes from the latest nodes-positive Observation.',
    derive: (p) => p.cancer.positiveNodeCount ?? null,
  },
  {
    name: 'cancer.nodalStatus',
    label: 'Nodal status',
    type: 'string',
    values: NODAL_STATUSES,
    description: 'Regional nodal status from the positive-node count (0 = negative), else positive when a lymph-node secondary Condition exists; otherwise unknown.',
    derive: (p) => p.cancer.nodalStatus,
  },
];

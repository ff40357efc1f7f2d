import type { FactDefinition } from './fact-definition.ts';
import { inWords, siteInWords } from './fact-words.ts';

/**
 * `lung`: lung cancer whose type (small cell or not) is not stated; `other`: any other malignant
 * primary. Both count as primaries when results are attributed; no cancer-specific rule gates on them.
 */
export const CANCER_TYPES = [
  'breast',
  'prostate',
  'colorectal',
  'nsclc',
  'sclc',
  'lung',
  'gastric',
  'pancreatic',
  'liver',
  'renal',
  'melanoma',
  'head-and-neck',
  'other',
] as const;
const SETTINGS = ['early', 'locally-advanced', 'metastatic', 'unknown'] as const;
const METASTATIC_SITES = ['bone', 'brain', 'liver', 'lung', 'lymph-node', 'other', 'unspecified'] as const;
const ATTRIBUTIONS = ['single-primary', 'named', 'ambiguous', 'no-primary'] as const;
const NODAL_STATUSES = ['positive', 'negative', 'unknown'] as const;

export const cancerFacts: readonly FactDefinition[] = [
  {
    name: 'cancer.primaryTypes',
    label: 'Primary cancers recorded',
    type: 'string[]',
    values: CANCER_TYPES,
    description:
      'Every active primary cancer type from confirmed Condition codes (SNOMED CT / ICD-10 via the terminology map; a SecondaryCancerCondition is never a primary). A liver malignancy not stated as primary or secondary, and a malignancy whose site is not stated, count only when no other primary is recorded; blood cancers are not listed (a CTC is CD45-negative, so they never compete for a tumour-cell result). Gate rules on cancer.type, not on this list: a patient may have several primaries.',
    derive: (p) => p.cancer.primaryTypes,
    format: (v) => (v as readonly string[]).map(inWords).join(', ') || 'none recorded',
  },
  {
    name: 'cancer.type',
    label: 'Primary cancer',
    type: 'string',
    values: CANCER_TYPES,
    description:
      "The primary cancer the tumour-cell results (CTC, clusters, PD-L1, DTC) and the selected orders belong to: the only active primary, or, with several, the one the results name (Observation.focus, the order's reason through basedOn, a related-condition extension; for orders, ServiceRequest.reasonReference/reasonCode). Null when no primary is recorded or the results do not say which of several they belong to (see cancer.attribution). Every cancer-specific rule gates on this fact.",
    derive: (p) => p.cancer.subject ?? null,
  },
  {
    name: 'cancer.attribution',
    label: 'How results were tied to a primary cancer',
    type: 'string',
    values: ATTRIBUTIONS,
    description:
      'single-primary: one active primary; named: several, and the results name one; ambiguous: several, and the results name none or more than one (cancer.type is null and unattributed results feed no series); no-primary: no primary cancer recorded.',
    derive: (p) => p.cancer.attribution,
  },
  {
    name: 'cancer.unattributedCount',
    label: 'Results not tied to a primary cancer',
    type: 'number',
    description:
      'Tumour-cell results set aside because they cannot be tied to cancer.type (several primaries and the result names none, or names another), plus selected orders that name none of several primaries.',
    derive: (p) => p.cancer.setAside.size + p.cancer.unattributedOrders,
  },
  {
    name: 'cancer.setting',
    label: 'Disease setting',
    type: 'string',
    values: SETTINGS,
    description:
      'Disease setting of cancer.type. Metastatic when a distant SecondaryCancerCondition belongs to it (named by its related-primary extension, or the only primary), or a stage says so: AJCC stage group IV or M1 (Condition.stage.summary, stage.assessment Observations, staging Observations whose focus is the Condition); metastatic evidence wins over an M0 or lower stage (a data-quality note says so). Locally advanced from stage group III, early from stage group I–II (the most advanced stated); M0 alone leaves it unknown. Lymph-node involvement alone is not metastatic. A distant metastasis of unstated origin beside several primaries makes it unknown. Null-safe: unknown, never assumed.',
    derive: (p) => p.cancer.setting,
  },
  {
    name: 'cancer.metastaticSites',
    label: 'Known metastatic sites',
    type: 'string[]',
    values: METASTATIC_SITES,
    description:
      'Metastatic sites of cancer.type from SecondaryCancerConditions (lymph-node may be regional); unspecified when only a metastatic stage says so.',
    derive: (p) => p.cancer.metastaticSites,
    format: (v) => (v as readonly string[]).map(siteInWords).join(', ') || 'none recorded',
  },
  {
    name: 'cancer.prostateCastrationResistant',
    label: 'Castration-resistant prostate cancer',
    type: 'boolean',
    description:
      'Whether cancer.type is prostate and castration resistance is recorded (SNOMED castration-resistant prostate cancer, or ICD-10-CM Z19.2 hormone-resistant malignancy status when prostate is the only primary); null when cancer.type is not prostate.',
    derive: (p) => (p.cancer.subject === 'prostate' ? p.cancer.castrationResistant : null),
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
    description:
      'Regional nodal status from the positive-node count (0 = negative), else positive when a lymph-node secondary Condition exists; otherwise unknown.',
    derive: (p) => p.cancer.nodalStatus,
  },
];

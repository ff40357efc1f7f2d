/**
 * How a card names the values of the closed value sets (issue 16 §1: clinician language only): rules
 * compare with the lower-case ids, clinicians read words. Ids missing here read as themselves with
 * hyphens as spaces; a test over every fixture's cards keeps ids such as "during-therapy" out.
 */
const WORDS: Readonly<Record<string, string>> = {
  // cancer types
  nsclc: 'non-small cell lung cancer',
  sclc: 'small cell lung cancer',
  lung: 'lung cancer (type not stated)',
  'head-and-neck': 'head and neck cancer',
  breast: 'breast cancer',
  prostate: 'prostate cancer',
  colorectal: 'colorectal cancer',
  gastric: 'gastric cancer',
  pancreatic: 'pancreatic cancer',
  liver: 'liver cancer',
  renal: 'renal cancer',
  melanoma: 'melanoma',
  other: 'other',
  // assays and methods
  cellsearch: 'CellSearch',
  'other-ctc-platform': 'another CTC platform (not CellSearch)',
  'rt-pcr': 'RT-PCR',
  // time points
  baseline: 'at baseline',
  'after-first-cycle': 'after the first cycle of therapy',
  'during-therapy': 'during therapy',
  'after-therapy': 'after therapy',
  'pre-neoadjuvant': 'before neoadjuvant therapy',
  'post-neoadjuvant': 'after neoadjuvant therapy',
  'pre-surgery': 'before surgery',
  'post-surgery': 'after surgery',
  'follow-up': 'at follow-up',
  diagnosis: 'at diagnosis',
  // breast subtypes and markers
  'luminal-a': 'luminal A',
  'luminal-b': 'luminal B',
  'luminal-her2': 'luminal HER2',
  'her2-enriched': 'HER2-enriched',
  'triple-negative': 'triple-negative',
  'basal-like': 'basal-like',
  er: 'ER',
  her2: 'HER2',
  // settings, sites, therapy classes
  'locally-advanced': 'locally advanced',
  'lymph-node': 'lymph node',
  'immune-checkpoint-inhibitor': 'immune checkpoint inhibitor',
  'anti-her2': 'anti-HER2 therapy',
  'recorded-intent': 'recorded intent',
  // orders: the display of the order concept
  'ctc-enumeration': 'CTC enumeration',
  'dtc-bone-marrow': 'bone-marrow DTC test',
  unknown: 'not stated',
};

/** Where a cancer type is named as a place (metastatic sites), it is the organ, not the cancer. */
const SITE_WORDS: Readonly<Record<string, string>> = {
  liver: 'liver',
  lung: 'lung',
  other: 'other',
  unspecified: 'site not specified',
  'lymph-node': 'lymph node',
};

export function inWords(value: string): string {
  return WORDS[value] ?? value.replace(/-/g, ' ');
}

export function siteInWords(value: string): string {
  return SITE_WORDS[value] ?? inWords(value);
}

/** A time point as it reads after a result: "at baseline", "during therapy", "time point not stated". */
export function timePointInWords(value: string): string {
  return value === 'unknown' ? 'time point not stated' : inWords(value);
}

export function presence(value: boolean): string {
  return value ? 'present' : 'absent';
}

export function yesNo(value: boolean): string {
  return value ? 'yes' : 'no';
}

const REFERENCE =
  /\b(Observation|Condition|Procedure|ServiceRequest|MedicationRequest|MedicationStatement|MedicationAdministration|DiagnosticReport|Specimen|Encounter|Patient)\/[A-Za-z0-9\-.]{1,64}/g;
const REFERENCE_WORDS: Readonly<Record<string, string>> = {
  Observation: 'a result',
  Condition: 'a diagnosis',
  Procedure: 'a procedure',
  ServiceRequest: 'an order',
  DiagnosticReport: 'a report',
  Specimen: 'a specimen',
  MedicationRequest: 'a medication record',
  MedicationStatement: 'a medication record',
  MedicationAdministration: 'a medication record',
};

/** A data-quality sentence without FHIR resource ids ("Observation/ctc-1: …" → "A result: …"). */
export function withoutResourceIds(sentence: string): string {
  const replaced = sentence.replace(REFERENCE, (_m, type: string) => REFERENCE_WORDS[type] ?? 'a record');
  return replaced.charAt(0).toUpperCase() + replaced.slice(1);
}

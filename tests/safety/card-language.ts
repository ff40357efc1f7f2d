import { FACTS } from '../../src/facts/fact-catalog.ts';

/** Hyphenated value-set ids that are also plain English ("head-and-neck cancer", "bone-marrow DTCs"). */
const ENGLISH = new Set(['head-and-neck', 'lymph-node', 'bone-marrow', 'triple-negative', 'basal-like', 'follow-up']);

/** Every closed value-set id that only code uses ("during-therapy", "other-ctc-platform", "ctc-enumeration"). */
const INTERNAL_IDS: readonly string[] = [...new Set(FACTS.flatMap((f) => f.values ?? []))].filter(
  (v) => v.includes('-') && !ENGLISH.has(v),
);

/**
 * Issue 16 §1, clinician language only: what must never reach a summary, a detail, a link label or a
 * suggestion label. Each entry: a name for the failure message and the pattern.
 */
const INTERNAL_PATTERNS: readonly (readonly [string, RegExp])[] = [
  ['a source-review id (seed-004-sai-2018)', /\bseed-\d{3}\b/],
  ['a review-internal reference number (ref 133)', /\bref \d+\b/],
  ['a note about the supplied source text', /supplied review text/i],
  ['project jargon about the sources (the seed says, catalog rule note)', /\bthe seeds?\b|\bcatalog\b/i],
  ['a terminology code (ICD-10-CM Z19.2, SNOMED CT)', /\bICD-10|\bSNOMED\b|\b[A-Z]\d{2}\.\d\b/],
  ['a boolean', /\b(true|false)\b/],
  [
    'a FHIR resource id (Observation/ctc-1)',
    /\b(Observation|Condition|Patient|Procedure|ServiceRequest|Medication[A-Za-z]*|DiagnosticReport|Specimen|Encounter|Task|Bundle)\/[A-Za-z0-9.-]+/,
  ],
  ['a cancer-type id (nsclc, sclc)', /\b(nsclc|sclc)\b/],
  ['a rule id footer (Rule x v1.0.0)', /\bRule [a-z0-9-]+ v\d/],
  ['a unit in the label, away from its value (CTC clusters per 2 mL: 31)', /\b(per (2|7\.5) mL|months|weeks|days): \d/],
  ['a citation that lost its surname particle (de et al.)', /\b(de|van|von|der|den|le|la|di|da|du|dos|del) et al\./],
  ...INTERNAL_IDS.map(
    (id) => [`the value-set id "${id}"`, new RegExp(`(?<![\\w-])${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w-])`)] as const,
  ),
];

/** The internal identifiers a clinician-facing text contains, by name. */
export function internalIdentifiersIn(text: string): string[] {
  return INTERNAL_PATTERNS.filter(([, pattern]) => pattern.test(text)).map(([name]) => name);
}

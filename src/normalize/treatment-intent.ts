import type { CodeableConcept, Extension } from 'fhir/r4';

/** Why a therapy was given, as far as the record states it. */
export type TreatmentIntent = 'neoadjuvant' | 'adjuvant' | 'curative' | 'palliative';

/** mCODE STU2+ `procedure-intent` and its STU1 predecessor `treatment-intent`; both carry a SNOMED intent. */
const INTENT_EXTENSIONS: readonly string[] = [
  'http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-procedure-intent',
  'http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-treatment-intent',
];

const SNOMED = 'http://snomed.info/sct';

/**
 * SNOMED CT intent qualifiers. Curative and palliative are the mCODE TreatmentIntentVS 1.0.1 expansion
 * (shared/reference/mcode). Neo-adjuvant and adjuvant are not in that value set: [S] the same codes with
 * the same displays appear in several independent public FHIR artefacts (German MII ConceptMap, NZ
 * ACT-NOW regimen intent, hl7germany therapeutic intent); not checked against a SNOMED release.
 */
const INTENT_CODES: Readonly<Record<string, TreatmentIntent>> = {
  '373847000': 'neoadjuvant', // Neo-adjuvant - intent (qualifier value) [S]
  '373846009': 'adjuvant', // Adjuvant - intent (qualifier value) [S]
  '373808002': 'curative', // Curative - procedure intent (mCODE TreatmentIntentVS)
  '363676003': 'palliative', // Palliative - procedure intent (mCODE TreatmentIntentVS)
};

/** `MedicationRequest.category` text accepted without a SNOMED code (whole text, case and spacing ignored). */
const INTENT_WORDS: Readonly<Record<string, TreatmentIntent>> = {
  neoadjuvant: 'neoadjuvant',
  'neo-adjuvant': 'neoadjuvant',
  adjuvant: 'adjuvant',
  curative: 'curative',
  palliative: 'palliative',
};

interface IntentCarrier {
  readonly extension?: readonly Extension[];
  readonly category?: CodeableConcept | readonly CodeableConcept[];
}

/**
 * The intent a MedicationRequest, MedicationAdministration or Procedure records: an mCODE intent
 * extension first, else a `category` coded with a SNOMED intent or whose text is one intent word
 * (MedicationRequest.category is a list, MedicationAdministration.category and Procedure.category one concept).
 */
export function recordedIntent(resource: IntentCarrier): TreatmentIntent | undefined {
  for (const ext of resource.extension ?? []) {
    if (!INTENT_EXTENSIONS.includes(ext.url)) continue;
    const intent = intentOf(ext.valueCodeableConcept, false);
    if (intent) return intent;
  }
  const categories =
    resource.category === undefined ? [] : Array.isArray(resource.category) ? resource.category : [resource.category as CodeableConcept];
  for (const category of categories) {
    const intent = intentOf(category, true);
    if (intent) return intent;
  }
  return undefined;
}

function intentOf(concept: CodeableConcept | undefined, words: boolean): TreatmentIntent | undefined {
  if (!concept || typeof concept !== 'object') return undefined;
  for (const coding of concept.coding ?? []) {
    if (coding?.system === SNOMED && typeof coding.code === 'string' && INTENT_CODES[coding.code]) return INTENT_CODES[coding.code];
  }
  if (!words || typeof concept.text !== 'string') return undefined;
  return INTENT_WORDS[concept.text.trim().toLowerCase().replace(/\s+/g, ' ')];
}

/**
 * A result that was dropped or doubted, and why. Notes travel to the cards (never silently
 * dropped data, issue 3 §6), to the decision log and to `explain`.
 */
export interface DataQualityNote {
  readonly code: DataQualityCode;
  readonly message: string;
  /** `Type/id` of the resource concerned, when there is one. */
  readonly resource?: string;
  /** The fact family the dropped value would have fed, e.g. `ctc`. */
  readonly family?: string;
}

export type DataQualityCode =
  | 'entered-in-error'
  | 'not-a-result'
  | 'preliminary'
  | 'data-absent'
  | 'no-clinical-time'
  | 'issued-used-as-time'
  | 'unknown-unit'
  | 'ambiguous-unit'
  | 'missing-value'
  | 'missing-assay'
  | 'duplicate'
  | 'unknown-code'
  | 'future-date'
  | 'data-gap'
  | 'censored-value'
  | 'conflicting-results'
  /** A cancer code that may or may not be a primary, or a status code whose cancer is not stated. */
  | 'uncertain-primary'
  /** Stage and metastasis records disagree; the metastatic evidence was used. */
  | 'conflicting-stage'
  /** A tumour-cell result that cannot be tied to the primary cancer the rules speak about. */
  | 'unattributed-result'
  /** A resource in a pre-R4 shape: read as far as it safely can be. */
  | 'older-fhir-form';

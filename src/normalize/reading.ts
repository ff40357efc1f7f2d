import type { Quantity } from 'fhir/r4';

export type SpecimenKind = 'blood' | 'bone-marrow' | 'unknown';

/** One value of a mapped concept: a whole Observation, or one `component` of a panel. */
export interface Reading {
  /** The terminology map's observation concept, e.g. `ctc-count`, `er-status`. */
  readonly concept: string;
  /** `Observation/id`, or `Observation/id (component ki67)` for a panel member. */
  readonly ref: string;
  readonly time: string;
  /** `time` as epoch ms. */
  readonly timeMs: number;
  readonly preliminary: boolean;
  readonly quantity?: Quantity;
  /** Answer concept of a coded value (valueCodeableConcept) or of `interpretation` when no value is coded. */
  readonly answer?: string;
  readonly boolean?: boolean;
  readonly hasValue: boolean;
  /** Assay concept from `method` or the (contained or delivered) Device's type. */
  readonly assay?: string;
  /** The coding that named the assay, `system|code`: tells two platforms of one assay concept apart (ISET, a microfluidic chip). */
  readonly assayCode?: string;
  readonly specimen: SpecimenKind;
  readonly text: string;
}

const FAMILY: Readonly<Record<string, string>> = {
  'ctc-count': 'ctc',
  'dtc-bm-present': 'dtc',
  'dtc-bm-count': 'dtc',
  'dtc-er-status': 'dtc',
  'dtc-her2-status': 'dtc',
  neutrophils: 'lab',
  lymphocytes: 'lab',
  psa: 'lab',
  'nodes-positive': 'cancer',
};

/** The fact family a concept feeds, for data-quality notes. */
export function familyOf(concept: string): string {
  if (FAMILY[concept]) return FAMILY[concept];
  if (concept.startsWith('ctc-cluster')) return 'ctc-cluster';
  if (concept.startsWith('ctc-pdl1')) return 'ctc-pdl1';
  if (concept.startsWith('ctc-neutrophil')) return 'ctc-cluster';
  return 'breast';
}

/** The Observation a reading came from (a component reading is `Observation/id (component …)`). */
export function baseRef(readingRef: string): string {
  const cut = readingRef.indexOf(' (component ');
  return cut === -1 ? readingRef : readingRef.slice(0, cut);
}

import type { CodeableConcept, Coding, FhirResource, Observation, ObservationComponent, Quantity, Reference, Resource } from 'fhir/r4';
import type { Terminology } from './terminology.ts';
import type { ResourceIndex } from './resource-index.ts';
import type { DataQualityNote } from './data-quality.ts';
import { acceptObservation } from './observation-hygiene.ts';

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

/** A qualitative result sent on a number code: a coded answer or a boolean, and no quantity. Read as presence, not dropped. */
export function isQualitative(reading: Reading | undefined): boolean {
  return reading !== undefined && reading.quantity === undefined && (reading.answer !== undefined || reading.boolean !== undefined);
}

/**
 * Detected (true), not detected (false) or, with a note, neither: a boolean, or a coded answer
 * (Positive/Negative, SNOMED Present/Absent). "Unknown" or an uncoded answer is never read as absent.
 */
export function presenceOf(reading: Reading, what: string, notes: DataQualityNote[]): boolean | undefined {
  if (reading.boolean !== undefined) return reading.boolean;
  if (reading.answer === 'positive') return true;
  if (reading.answer === 'negative') return false;
  notes.push({
    code: 'missing-value',
    message: `${reading.ref}: ${what} "${reading.text}" says neither detected nor not detected; it was not used.`,
    resource: reading.ref,
    family: familyOf(reading.concept),
  });
  return undefined;
}

/**
 * Every mapped value in the Observations, after status/time hygiene (once per Observation).
 * Components share the parent's subject, time, method and specimen (fhir-terminology.md §3.5).
 * Observations whose code and components map to nothing are not ours and leave no note.
 */
export function collectReadings(
  observations: readonly Observation[],
  delivered: ResourceIndex,
  terminology: Terminology,
  at: Date,
  notes: DataQualityNote[],
): Reading[] {
  const readings: Reading[] = [];
  for (const obs of observations) {
    const top = terminology.lookup('observation', obs.code?.coding);
    // Most Observations have no components: they share one empty list instead of mapping a new one.
    const parts =
      obs.component == null
        ? NO_PARTS
        : obs.component.map((c) => ({ component: c, concept: terminology.lookup('observation', c.code?.coding) }));
    const first = top ?? parts.find((p) => p.concept)?.concept;
    if (!first) continue;
    const accepted = acceptObservation(obs, familyOf(first), at, notes);
    if (!accepted) continue;
    const assay = assayOf(obs, delivered, terminology);
    const shared: Shared = {
      time: accepted.time,
      timeMs: accepted.timeMs,
      preliminary: accepted.preliminary,
      specimen: specimenOf(obs, delivered, terminology),
      assay: assay?.concept,
      assayCode: assay?.code,
    };
    const interpretation = terminology.lookup(
      'answer',
      obs.interpretation?.flatMap((i) => i.coding ?? []),
    );
    if (top && hasValue(obs)) {
      readings.push(readingOf(top, accepted.ref, shared, obs, terminology, interpretation));
    } else if (top && !parts.some((p) => p.concept)) {
      notes.push({
        code: 'missing-value',
        message: `${accepted.ref} carries no value; it was not used.`,
        resource: accepted.ref,
        family: familyOf(top),
      });
    }
    for (const { component, concept } of parts) {
      if (!concept) continue;
      const ref = `${accepted.ref} (component ${concept})`;
      if (component.dataAbsentReason) {
        const reason =
          component.dataAbsentReason.text ??
          component.dataAbsentReason.coding?.[0]?.display ??
          component.dataAbsentReason.coding?.[0]?.code ??
          'not stated';
        notes.push({
          code: 'data-absent',
          message: `${ref} carries no value (reason given: ${reason}).`,
          resource: accepted.ref,
          family: familyOf(concept),
        });
        continue;
      }
      if (!hasValue(component)) {
        notes.push({
          code: 'missing-value',
          message: `${ref} carries no value; it was not used.`,
          resource: accepted.ref,
          family: familyOf(concept),
        });
        continue;
      }
      const own = terminology.lookup(
        'answer',
        component.interpretation?.flatMap((i) => i.coding ?? []),
      );
      readings.push(readingOf(concept, ref, shared, component, terminology, own));
    }
  }
  return readings.sort((a, b) => a.time.localeCompare(b.time));
}

const NO_PARTS: readonly { readonly component: ObservationComponent; readonly concept: string | undefined }[] = [];

/** What an Observation's components share with it. */
type Shared = Pick<Reading, 'time' | 'timeMs' | 'preliminary' | 'specimen' | 'assay' | 'assayCode'>;

interface ValueCarrier {
  readonly valueQuantity?: Quantity;
  readonly valueCodeableConcept?: CodeableConcept;
  readonly valueBoolean?: boolean;
  readonly valueInteger?: number;
  readonly valueString?: string;
}

function hasValue(v: ValueCarrier): boolean {
  return (
    v.valueQuantity !== undefined ||
    v.valueCodeableConcept !== undefined ||
    v.valueBoolean !== undefined ||
    v.valueInteger !== undefined ||
    v.valueString !== undefined
  );
}

/**
 * Every member is written, in one order, so all readings share one object shape (a spread of
 * optional members gave each reading its own, and was most of this file's time). valueInteger
 * becomes a unitless Quantity, so unit checks refuse it unless a volume is known.
 */
function readingOf(
  concept: string,
  ref: string,
  shared: Shared,
  v: ValueCarrier,
  terminology: Terminology,
  interpretation: string | undefined,
): Reading {
  const quantity = v.valueQuantity ?? (typeof v.valueInteger === 'number' ? { value: v.valueInteger } : undefined);
  const answer = terminology.lookup('answer', v.valueCodeableConcept?.coding) ?? (v.valueCodeableConcept ? undefined : interpretation);
  // A plain numeric quantity's text cannot fail, so it is written only if a note or a result shows it.
  const text = quantity && plainQuantity(quantity) ? undefined : textOf(v, quantity);
  return new ObservationReading(concept, ref, shared, quantity, answer, v.valueBoolean, text);
}

/**
 * A reading whose quantity text (a number formatted into a string) is written on first use: most
 * readings (blood counts, chemistry) feed values only, and formatting every one was a sixth of collecting them.
 */
class ObservationReading implements Reading {
  readonly time: string;
  readonly timeMs: number;
  readonly preliminary: boolean;
  readonly specimen: SpecimenKind;
  readonly assay: string | undefined;
  readonly assayCode: string | undefined;
  readonly hasValue = true;
  private written: string | undefined;

  constructor(
    readonly concept: string,
    readonly ref: string,
    shared: Shared,
    readonly quantity: Quantity | undefined,
    readonly answer: string | undefined,
    readonly boolean: boolean | undefined,
    text: string | undefined,
  ) {
    this.time = shared.time;
    this.timeMs = shared.timeMs;
    this.preliminary = shared.preliminary;
    this.specimen = shared.specimen;
    this.assay = shared.assay;
    this.assayCode = shared.assayCode;
    this.written = text;
  }

  get text(): string {
    return (this.written ??= quantityText(this.quantity as Quantity));
  }
}

/** Members that are text, numbers or absent: formatting them later gives what formatting them now would. */
function plainQuantity(q: Quantity): boolean {
  return (
    isTextOrAbsent(q.comparator) &&
    (q.value === undefined || q.value === null || typeof q.value === 'number') &&
    isTextOrAbsent(q.unit) &&
    isTextOrAbsent(q.code)
  );
}

function isTextOrAbsent(v: unknown): boolean {
  return v === undefined || v === null || typeof v === 'string';
}

function quantityText(quantity: Quantity): string {
  return `${quantity.comparator ?? ''}${quantity.value ?? '?'} ${quantity.unit ?? quantity.code ?? ''}`.trim();
}

function textOf(v: ValueCarrier, quantity: Quantity | undefined): string {
  if (quantity) return quantityText(quantity);
  if (v.valueCodeableConcept)
    return v.valueCodeableConcept.text ?? v.valueCodeableConcept.coding?.map((c) => c.display ?? c.code).join(', ') ?? 'coded value';
  if (v.valueBoolean !== undefined) return v.valueBoolean ? 'yes' : 'no';
  return v.valueString ?? 'no value';
}

/** A contained resource (`#id`) or one delivered alongside (`Type/id`, absolute or relative). */
function resolve(ref: Reference | undefined, obs: Observation, delivered: ResourceIndex): FhirResource | undefined {
  const target = ref?.reference;
  if (!target) return undefined;
  const hit = target.startsWith('#') ? containedWith(obs, target.slice(1)) : delivered.find(target);
  return hit as FhirResource | undefined;
}

/** The first contained resource with this id (compared as text, as `#${id}` always was), without a string per candidate. */
function containedWith(obs: Observation, id: string): Resource | undefined {
  return obs.contained?.find((r) => (typeof r.id === 'string' ? r.id === id : `${r.id}` === id));
}

function specimenOf(obs: Observation, delivered: ResourceIndex, terminology: Terminology): SpecimenKind {
  const specimen = resolve(obs.specimen, obs, delivered);
  const hit = specimen?.resourceType === 'Specimen' ? terminology.lookup('specimen', specimen.type?.coding) : undefined;
  return hit === 'blood' || hit === 'bone-marrow' ? hit : 'unknown';
}

function assayOf(obs: Observation, delivered: ResourceIndex, terminology: Terminology): { concept: string; code: string } | undefined {
  const byMethod = assayCoding(obs.method?.coding, terminology);
  if (byMethod) return byMethod;
  const device = resolve(obs.device, obs, delivered);
  return device?.resourceType === 'Device' ? assayCoding(device.type?.coding, terminology) : undefined;
}

/** The first coding that maps to an assay concept, with the concept. */
function assayCoding(codings: readonly Coding[] | undefined, terminology: Terminology): { concept: string; code: string } | undefined {
  if (!Array.isArray(codings)) return undefined;
  for (const coding of codings) {
    const concept = terminology.lookup('assay', [coding]);
    if (concept) return { concept, code: `${coding.system}|${coding.code}` };
  }
  return undefined;
}

import type { CodeableConcept, Quantity } from 'fhir/r4';
import type { Reading, SpecimenKind } from './reading.ts';
import type { Terminology } from './terminology.ts';

/** What an Observation's components share with it. */
export type SharedFields = Pick<Reading, 'time' | 'timeMs' | 'preliminary' | 'specimen' | 'assay' | 'assayCode'>;

/** The value[x] members an Observation and a component have in common. */
interface ValueCarrier {
  readonly valueQuantity?: Quantity;
  readonly valueCodeableConcept?: CodeableConcept;
  readonly valueBoolean?: boolean;
  readonly valueInteger?: number;
  readonly valueString?: string;
}

export function hasValue(v: ValueCarrier): boolean {
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
export function readingOf(
  concept: string,
  ref: string,
  shared: SharedFields,
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
    shared: SharedFields,
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
    this.written ??= quantityText(this.quantity as Quantity);
    return this.written;
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

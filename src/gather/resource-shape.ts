import { Ajv, type ValidateFunction } from 'ajv';
import type { Resource } from 'fhir/r4';

/**
 * FHIR R4 cardinality and primitive types of the elements src/normalize reads, so a resource that
 * reaches the clinical picture really has the shape its `fhir/r4` type promises (an array where
 * the spec says 0..*, a string where it says string). Conformant resources always pass; unknown
 * elements are allowed. Add an element here when normalize starts reading it.
 */
type Schema = Readonly<Record<string, unknown>>;

const str: Schema = { type: 'string' };
const bool: Schema = { type: 'boolean' };
const num: Schema = { type: 'number' };
const int: Schema = { type: 'integer' };
const obj = (properties: Record<string, Schema>): Schema => ({ type: 'object', properties });
const arr = (items: Schema): Schema => ({ type: 'array', items });

const coding = obj({ system: str, version: str, code: str, display: str, userSelected: bool });
const cc = obj({ coding: arr(coding), text: str });
const quantity = obj({ value: num, comparator: str, unit: str, system: str, code: str });
const ref = obj({ reference: str, type: str, display: str });
const period = obj({ start: str, end: str });
const annotation = obj({ text: str, time: str, authorString: str });
const range = obj({ low: quantity, high: quantity });
const referenceRange = obj({ low: quantity, high: quantity, type: cc, appliesTo: arr(cc), text: str });
const values = { valueQuantity: quantity, valueCodeableConcept: cc, valueString: str, valueBoolean: bool, valueInteger: int, valueRange: range, valueRatio: obj({ numerator: quantity, denominator: quantity }), valueDateTime: str, valuePeriod: period, valueTime: str };
const dosage = obj({ text: str, timing: obj({ event: arr(str), repeat: obj({ boundsPeriod: period, boundsDuration: quantity, frequency: int, period: num, periodUnit: str }), code: cc }), route: cc });

const BY_TYPE: Readonly<Record<string, Record<string, Schema>>> = {
  Observation: {
    status: str, category: arr(cc), code: cc, subject: ref, focus: arr(ref), encounter: ref, effectiveDateTime: str, effectivePeriod: period, effectiveInstant: str, issued: str,
    ...values, dataAbsentReason: cc, interpretation: arr(cc), note: arr(annotation), bodySite: cc, method: cc, specimen: ref, device: ref, referenceRange: arr(referenceRange),
    hasMember: arr(ref), derivedFrom: arr(ref), component: arr(obj({ code: cc, ...values, dataAbsentReason: cc, interpretation: arr(cc), referenceRange: arr(referenceRange) })),
  },
  Condition: {
    clinicalStatus: cc, verificationStatus: cc, category: arr(cc), severity: cc, code: cc, bodySite: arr(cc), subject: ref, onsetDateTime: str, onsetPeriod: period, onsetString: str,
    abatementDateTime: str, recordedDate: str, stage: arr(obj({ summary: cc, assessment: arr(ref), type: cc })), evidence: arr(obj({ code: arr(cc), detail: arr(ref) })), note: arr(annotation),
  },
  MedicationRequest: { status: str, intent: str, category: arr(cc), medicationCodeableConcept: cc, medicationReference: ref, subject: ref, authoredOn: str, dosageInstruction: arr(dosage), note: arr(annotation) },
  MedicationAdministration: { status: str, category: cc, medicationCodeableConcept: cc, medicationReference: ref, subject: ref, effectiveDateTime: str, effectivePeriod: period, dosage: obj({ text: str, route: cc, dose: quantity }) },
  Procedure: { status: str, category: cc, code: cc, subject: ref, performedDateTime: str, performedPeriod: period, performedString: str, bodySite: arr(cc), outcome: cc, note: arr(annotation) },
  Patient: { gender: str, birthDate: str, name: arr(obj({ family: str, given: arr(str), text: str })), deceasedBoolean: bool, deceasedDateTime: str },
  Specimen: { type: cc, subject: ref, receivedTime: str, collection: obj({ collectedDateTime: str, collectedPeriod: period, bodySite: cc, method: cc }) },
  Device: { type: cc, deviceName: arr(obj({ name: str, type: str })), modelNumber: str },
};

const base = { resourceType: { type: 'string', minLength: 1 }, id: str, meta: obj({ versionId: str, lastUpdated: str }), text: obj({ status: str, div: str }) };
const byType = Object.entries(BY_TYPE).map(([type, properties]) => ({ if: { properties: { resourceType: { const: type } } }, then: { properties } }));
// dom-2: contained resources hold no contained resources, so one level is all there is (and no recursion to exhaust).
// Contained resources are rare, so they keep the if/then per type; top-level resources dispatch below.
const CONTAINED_ID = 'contained-resource';
const containedResource = { $id: CONTAINED_ID, type: 'object', required: ['resourceType'], properties: base, not: { required: ['contained'] }, allOf: byType };
// Every type's validator refers to the one contained-resource schema, and inlineRefs: false keeps ajv from
// inlining it, so it is compiled once, not once per type (nine times was ≈1–2 s of start-up).
const resourceSchema = (properties: Record<string, Schema>) => ({ type: 'object', required: ['resourceType'], properties: { ...base, ...properties, contained: arr({ $ref: CONTAINED_ID }) } });

// strictNumbers: 1e999 parses as Infinity, which is no FHIR decimal.
const ajv = new Ajv({ allErrors: false, strict: false, strictNumbers: true, inlineRefs: false, schemas: [containedResource] });
/** One validator per resource type, compiled at module load: a resource is checked against its own type's elements only. */
const BY_RESOURCE_TYPE: ReadonlyMap<string, ValidateFunction<Resource>> = new Map(Object.entries(BY_TYPE).map(([type, properties]) => [type, ajv.compile<Resource>(resourceSchema(properties))]));
/** Other types (and values that are no resource at all): the common elements only. */
const anyResource: ValidateFunction<Resource> = ajv.compile<Resource>(resourceSchema({}));

/** Undefined for a well-formed resource; else where it breaks FHIR's shape (a JSON pointer, never a value). */
export function resourceShapeProblem(value: unknown): string | undefined {
  const type = (value as { resourceType?: unknown } | null)?.resourceType;
  const validate = (typeof type === 'string' && BY_RESOURCE_TYPE.get(type)) || anyResource;
  if (validate(value)) return undefined;
  const error = validate.errors?.[0];
  return `${error?.instancePath || '/'} ${error?.message ?? 'is not a FHIR resource'}`;
}

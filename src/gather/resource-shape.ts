import { Ajv, type ValidateFunction } from 'ajv';
import { problemsFromAjv } from '../validate/problems-from-ajv.ts';
import { formatPointedProblem } from '../validate/validation-result.ts';

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
const values = {
  valueQuantity: quantity,
  valueCodeableConcept: cc,
  valueString: str,
  valueBoolean: bool,
  valueInteger: int,
  valueRange: range,
  valueRatio: obj({ numerator: quantity, denominator: quantity }),
  valueDateTime: str,
  valuePeriod: period,
  valueTime: str,
};
const dosage = obj({
  text: str,
  timing: obj({
    event: arr(str),
    repeat: obj({ boundsPeriod: period, boundsDuration: quantity, frequency: int, period: num, periodUnit: str }),
    code: cc,
  }),
  route: cc,
});

/** Each checked type's own elements (exported so the equivalence test can rebuild the previous validator). */
export const RESOURCE_ELEMENTS: Readonly<Record<string, Record<string, Schema>>> = {
  Observation: {
    status: str,
    category: arr(cc),
    code: cc,
    subject: ref,
    focus: arr(ref),
    encounter: ref,
    effectiveDateTime: str,
    effectivePeriod: period,
    effectiveInstant: str,
    issued: str,
    ...values,
    dataAbsentReason: cc,
    interpretation: arr(cc),
    note: arr(annotation),
    bodySite: cc,
    method: cc,
    specimen: ref,
    device: ref,
    referenceRange: arr(referenceRange),
    hasMember: arr(ref),
    derivedFrom: arr(ref),
    component: arr(obj({ code: cc, ...values, dataAbsentReason: cc, interpretation: arr(cc), referenceRange: arr(referenceRange) })),
  },
  Condition: {
    clinicalStatus: cc,
    verificationStatus: cc,
    category: arr(cc),
    severity: cc,
    code: cc,
    bodySite: arr(cc),
    subject: ref,
    onsetDateTime: str,
    onsetPeriod: period,
    onsetString: str,
    abatementDateTime: str,
    recordedDate: str,
    stage: arr(obj({ summary: cc, assessment: arr(ref), type: cc })),
    evidence: arr(obj({ code: arr(cc), detail: arr(ref) })),
    note: arr(annotation),
  },
  MedicationRequest: {
    status: str,
    intent: str,
    category: arr(cc),
    medicationCodeableConcept: cc,
    medicationReference: ref,
    subject: ref,
    authoredOn: str,
    dosageInstruction: arr(dosage),
    note: arr(annotation),
  },
  MedicationAdministration: {
    status: str,
    category: cc,
    medicationCodeableConcept: cc,
    medicationReference: ref,
    subject: ref,
    effectiveDateTime: str,
    effectivePeriod: period,
    dosage: obj({ text: str, route: cc, dose: quantity }),
  },
  Procedure: {
    status: str,
    category: cc,
    code: cc,
    subject: ref,
    performedDateTime: str,
    performedPeriod: period,
    performedString: str,
    bodySite: arr(cc),
    outcome: cc,
    note: arr(annotation),
  },
  Patient: {
    gender: str,
    birthDate: str,
    name: arr(obj({ family: str, given: arr(str), text: str })),
    deceasedBoolean: bool,
    deceasedDateTime: str,
  },
  Specimen: {
    type: cc,
    subject: ref,
    receivedTime: str,
    collection: obj({ collectedDateTime: str, collectedPeriod: period, bodySite: cc, method: cc }),
  },
  Device: { type: cc, deviceName: arr(obj({ name: str, type: str })), modelNumber: str },
};

/** Elements every resource has. */
export const COMMON_ELEMENTS: Readonly<Record<string, Schema>> = {
  resourceType: { type: 'string', minLength: 1 },
  id: str,
  meta: obj({ versionId: str, lastUpdated: str }),
  text: obj({ status: str, div: str }),
};

// dom-2: contained resources hold no contained resources, so one level is all there is (and no recursion to exhaust).
// The keywords and their order decide which problem ajv names first (`not` and `allOf` before `required`
// and `properties`), so every contained schema below keeps them as the original if/then schema had them.
const containedSchema = (allOf?: readonly Schema[]) => ({
  type: 'object',
  required: ['resourceType'],
  properties: COMMON_ELEMENTS,
  not: { required: ['contained'] },
  ...(allOf && { allOf }),
});
// Each type's contained elements are compiled once and referred to (inlineRefs: false), not copied into every schema that needs them.
const containedElements = (type: string) => ({ $ref: `contained-${type}` });
const elementSchemas = Object.entries(RESOURCE_ELEMENTS).map(([type, properties]) => ({ $id: `contained-${type}`, properties }));
const ifThenByType = Object.keys(RESOURCE_ELEMENTS).map((type) => ({
  if: { properties: { resourceType: { const: type } } },
  // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keyword, read by ajv, never awaited.
  then: containedElements(type),
}));
// Top-level schemas check `contained` only as an array, and last, so every other member's problem comes first.
const resourceSchema = (properties: Record<string, Schema>) => ({
  type: 'object',
  required: ['resourceType'],
  properties: { ...COMMON_ELEMENTS, ...properties, contained: { type: 'array' } },
});

// strictNumbers: 1e999 parses as Infinity, which is no FHIR decimal.
const ajv = new Ajv({ allErrors: false, strict: false, strictNumbers: true, inlineRefs: false, schemas: elementSchemas });
const byType = (validator: (type: string, properties: Record<string, Schema>) => ValidateFunction): ReadonlyMap<string, ValidateFunction> =>
  new Map(Object.entries(RESOURCE_ELEMENTS).map(([type, properties]) => [type, validator(type, properties)]));
/** One validator per resource type: a resource is checked against its own type's elements only. */
const BY_RESOURCE_TYPE = byType((_type, properties) => ajv.compile(resourceSchema(properties)));
/** Other types (and values that are no resource at all): the common elements only. */
const anyResource = ajv.compile(resourceSchema({}));
/** A contained resource of a known type: of the if/then schema's branches only its own `then` could fail. */
const CONTAINED_BY_TYPE = byType((type) => ajv.compile(containedSchema([containedElements(type)])));
/** A contained resource with an unknown string type: no `if` matches, so no `then` applies. */
const anyContained = ajv.compile(containedSchema());
/** Anything else in `contained` (no or non-string resourceType, not an object) meets the if/then schema itself. */
const oddContained = ajv.compile(containedSchema(ifThenByType));

/** Undefined for a well-formed resource; else where it breaks FHIR's shape (a JSON pointer, never a value). */
export function resourceShapeProblem(value: unknown): string | undefined {
  const type = (value as { resourceType?: unknown } | null)?.resourceType;
  const validate = (typeof type === 'string' && BY_RESOURCE_TYPE.get(type)) || anyResource;
  if (!validate(value)) return describe(validate, '');
  // The resource passed, so it is an object and `contained` is absent or an array.
  const contained = (value as { contained?: unknown }).contained;
  if (!Array.isArray(contained)) return undefined;
  for (let i = 0; i < contained.length; i++) {
    const item: unknown = contained[i];
    const validateItem = containedValidator(item);
    if (!validateItem(item)) return describe(validateItem, `/contained/${i}`);
  }
  return undefined;
}

function containedValidator(item: unknown): ValidateFunction {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return oddContained;
  const type = (item as { resourceType?: unknown }).resourceType;
  if (typeof type !== 'string') return oddContained;
  return CONTAINED_BY_TYPE.get(type) ?? anyContained;
}

/** The first problem, in the words every schema check uses: `/stage/0 must be an object`. */
function describe(validate: ValidateFunction, at: string): string {
  const [first] = problemsFromAjv(validate.errors, at);
  return formatPointedProblem(first ?? { path: at, message: 'is not a FHIR resource' });
}

import { Ajv, type ValidateFunction } from 'ajv';
import { COMMON_ELEMENTS, RESOURCE_ELEMENTS } from '../../../src/gather/resource-shape.ts';
import { problemsFromAjv } from '../../../src/validate/problems-from-ajv.ts';
import { formatPointedProblem } from '../../../src/validate/validation-result.ts';

/**
 * The shape check as it was before contained resources dispatched on their type (commit 66dae53):
 * one contained schema whose allOf holds an if/then per type, referred to by every top-level schema.
 * Built from the same element tables, so the equivalence test compares designs, not tables.
 */
const arr = (items: unknown) => ({ type: 'array', items });
const byType = Object.entries(RESOURCE_ELEMENTS).map(([type, properties]) => ({
  if: { properties: { resourceType: { const: type } } },
  // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keyword; the object is a schema for ajv, never awaited
  then: { properties },
}));
const CONTAINED_ID = 'contained-resource';
const containedResource = {
  $id: CONTAINED_ID,
  type: 'object',
  required: ['resourceType'],
  properties: COMMON_ELEMENTS,
  not: { required: ['contained'] },
  allOf: byType,
};
const resourceSchema = (properties: Record<string, unknown>) => ({
  type: 'object',
  required: ['resourceType'],
  properties: { ...COMMON_ELEMENTS, ...properties, contained: arr({ $ref: CONTAINED_ID }) },
});

const ajv = new Ajv({ allErrors: false, strict: false, strictNumbers: true, inlineRefs: false, schemas: [containedResource] });
const BY_RESOURCE_TYPE: ReadonlyMap<string, ValidateFunction> = new Map(
  Object.entries(RESOURCE_ELEMENTS).map(([type, properties]) => [type, ajv.compile(resourceSchema(properties))]),
);
const anyResource = ajv.compile(resourceSchema({}));

export function legacyResourceShapeProblem(value: unknown): string | undefined {
  const type = (value as { resourceType?: unknown } | null)?.resourceType;
  const validate = (typeof type === 'string' && BY_RESOURCE_TYPE.get(type)) || anyResource;
  if (validate(value)) return undefined;
  // Worded as the service words them now, so the comparison is of which problem is named.
  const [first] = problemsFromAjv(validate.errors);
  return formatPointedProblem(first ?? { path: '', message: 'is not a FHIR resource' });
}

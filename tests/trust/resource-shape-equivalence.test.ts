import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { heavyPatient, typicalPatient } from '../../bench/payloads.ts';
import type { SyntheticPatient } from '../../bench/synthetic-patient.ts';
import { PROJECT_ROOT } from '../../src/config/config.ts';
import { COMMON_ELEMENTS, RESOURCE_ELEMENTS, resourceShapeProblem } from '../../src/gather/resource-shape.ts';
import { hostileValue, orHostile, PROTO_KEYS, weirdNumber, weirdString } from './support/hostile-values.ts';
import { toJsonText } from './support/json-text.ts';
import { legacyResourceShapeProblem } from './support/legacy-resource-shape.ts';

/**
 * The shape check's text goes into data-gap notes, so the per-type contained validators must name
 * exactly the problem the old if/then contained schema named, for every input.
 */
const SEED = 20_261_130;
const RUNS = 6_000;
const TYPES = Object.keys(RESOURCE_ELEMENTS);

/** Every object with a resourceType anywhere in a JSON value: bundle entries, prefetch values, contained items. */
function resourcesIn(value: unknown, found: unknown[] = []): unknown[] {
  if (Array.isArray(value)) for (const v of value) resourcesIn(v, found);
  else if (value !== null && typeof value === 'object') {
    if ('resourceType' in value) found.push(value);
    for (const v of Object.values(value)) resourcesIn(v, found);
  }
  return found;
}

function jsonFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? jsonFiles(path.join(dir, e.name)) : e.name.endsWith('.json') ? [path.join(dir, e.name)] : [],
  );
}

const benchResources = (p: SyntheticPatient): unknown[] =>
  resourcesIn(
    JSON.parse(
      JSON.stringify([
        p.patient,
        ...p.conditions,
        ...p.observations,
        ...p.medicationRequests,
        ...p.medicationAdministrations,
        ...p.procedures,
      ]),
    ),
  );

/** Values shaped by the element schema (so cases get past the top level), each member sometimes hostile. */
function shaped(schema: Readonly<Record<string, unknown>>): fc.Arbitrary<unknown> {
  const { type, properties, items } = schema as {
    type?: string;
    properties?: Record<string, Record<string, unknown>>;
    items?: Record<string, unknown>;
  };
  if (type === 'string') return weirdString;
  if (type === 'number' || type === 'integer') return weirdNumber;
  if (type === 'boolean') return fc.boolean();
  if (type === 'array' && items) return fc.array(orHostile(shaped(items), 3), { maxLength: 3 });
  if (type === 'object' && properties) return elementsOf(properties);
  return hostileValue;
}

function elementsOf(properties: Readonly<Record<string, Readonly<Record<string, unknown>>>>): fc.Arbitrary<Record<string, unknown>> {
  const members = Object.entries(properties).map(([k, s]) => fc.tuple(fc.constant(k), orHostile(shaped(s), 3)));
  const none: fc.Arbitrary<[string, unknown][]> = fc.constant([]);
  return fc
    .subarray(members, { maxLength: Math.min(4, members.length) })
    .chain((picked) => (picked.length ? fc.tuple(...picked) : none))
    .map((entries) => Object.fromEntries(entries));
}

const resourceType = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom(...TYPES) },
  { weight: 2, arbitrary: fc.constantFrom('', 'Bundle', 'Medication', 'observation', 'Observation ', ...PROTO_KEYS) },
  { weight: 1, arbitrary: hostileValue },
);

/** A resource of any type: its own elements, the common ones, and extras; sometimes a mismatched type's elements. */
const resourceBody = fc
  .tuple(
    resourceType,
    fc.constantFrom(...TYPES),
    fc.boolean(),
    elementsOf(COMMON_ELEMENTS),
    fc.array(fc.tuple(fc.oneof(weirdString, fc.constantFrom(...PROTO_KEYS)), hostileValue), { maxLength: 2 }),
  )
  .chain(([rt, elementsType, matching, common, extras]) => {
    const own = typeof rt === 'string' && RESOURCE_ELEMENTS[rt] && matching ? rt : elementsType;
    const ownElements = RESOURCE_ELEMENTS[own];
    if (!ownElements) throw new Error(`no element table for ${own}`);
    return elementsOf(ownElements).map((elements) => ({ rt, body: { ...Object.fromEntries(extras), ...common, ...elements } }));
  });

const withType = (drop: boolean) => resourceBody.map(({ rt, body }) => (drop ? body : { ...body, resourceType: rt }));

/** Contained items of every kind: each type, unknown or missing or non-string types, non-objects, nested contained. */
const containedItem: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 10, arbitrary: withType(false) },
  { weight: 2, arbitrary: withType(true) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(withType(false), fc.oneof(fc.array(withType(false), { maxLength: 2 }), hostileValue))
      .map(([r, contained]) => ({ ...r, contained })),
  },
  { weight: 2, arbitrary: hostileValue },
  { weight: 1, arbitrary: fc.constantFrom(null, 0, 5, '', 'Specimen', true, [], [{ resourceType: 'Specimen' }]) },
);

const hostileResource: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.tuple(withType(false), fc.array(containedItem, { maxLength: 4 })).map(([r, contained]) => ({ ...r, contained })),
  },
  { weight: 1, arbitrary: fc.tuple(withType(false), hostileValue).map(([r, contained]) => ({ ...r, contained })) },
  { weight: 1, arbitrary: withType(false) },
  { weight: 1, arbitrary: containedItem },
);

function expectSame(values: readonly unknown[]): number {
  const differences = values
    .map((v) => ({ v, legacy: legacyResourceShapeProblem(v), now: resourceShapeProblem(v) }))
    .filter((d) => d.legacy !== d.now);
  expect(differences.slice(0, 5).map((d) => ({ value: JSON.stringify(d.v)?.slice(0, 500), legacy: d.legacy, now: d.now }))).toEqual([]);
  return values.length;
}

describe('resourceShapeProblem names the same first problem as the if/then contained schema did', () => {
  it('for every resource and contained resource in every file of fhir-fixtures/', () => {
    const values = jsonFiles(path.join(PROJECT_ROOT, 'fhir-fixtures')).flatMap((f) => resourcesIn(JSON.parse(readFileSync(f, 'utf8'))));
    expect(values.filter((v) => Array.isArray((v as { contained?: unknown }).contained)).length).toBeGreaterThan(20);
    expect(expectSame(values)).toBeGreaterThan(1_000);
  });

  it("for the bench's typical and heavy patients", () => {
    const until = new Date('2026-11-22T00:00:00Z');
    expect(expectSame([...benchResources(typicalPatient(until)), ...benchResources(heavyPatient(until))])).toBeGreaterThan(2_000);
  });

  it.each<[string, unknown]>([
    ['contained within contained (dom-2)', { resourceType: 'Observation', contained: [{ resourceType: 'Device', contained: [] }] }],
    [
      'a contained item without resourceType but with a bad Specimen element',
      { resourceType: 'Observation', contained: [{ type: 'blood', id: 3 }] },
    ],
    ['a number in contained', { resourceType: 'Observation', contained: [5] }],
    ['null in contained', { resourceType: 'Observation', contained: [null] }],
    ['an array in contained', { resourceType: 'Observation', contained: [[{ resourceType: 'Specimen' }]] }],
    ['a numeric contained resourceType', { resourceType: 'Observation', contained: [{ resourceType: 7, type: 'x' }] }],
    ['an empty contained resourceType', { resourceType: 'Observation', contained: [{ resourceType: '', id: 1 }] }],
    [
      'an unknown contained type with a bad id',
      { resourceType: 'Observation', contained: [{ resourceType: 'Medication', id: 1, code: 'x' }] },
    ],
    ['"constructor" as contained type', { resourceType: 'Observation', contained: [{ resourceType: 'constructor', type: 1, id: 2 }] }],
    [
      'a type element before a bad id (allOf before properties)',
      { resourceType: 'Observation', contained: [{ resourceType: 'Specimen', id: 3, type: 'blood' }] },
    ],
    [
      'the second item failing',
      { resourceType: 'Observation', contained: [{ resourceType: 'Specimen' }, { resourceType: 'Device', deviceName: {} }] },
    ],
    [
      'a bad member and a bad contained item (contained is last)',
      { resourceType: 'Observation', status: 1, contained: [{ resourceType: 'Specimen', type: 'blood' }] },
    ],
    ['contained that is no array', { resourceType: 'Condition', contained: { resourceType: 'Specimen' } }],
    ['contained on an unknown type', { resourceType: 'Medication', contained: [{ resourceType: 'Specimen', type: [] }] }],
    ['contained on no resource type', { contained: [{ resourceType: 'Specimen', type: [] }] }],
  ])('for %s', (_name, value) => {
    expect(resourceShapeProblem(value)).toBe(legacyResourceShapeProblem(value));
    expect(resourceShapeProblem(value)).toBeDefined();
  });

  it(`for ${RUNS.toLocaleString('en')} hostile resources (seed ${SEED})`, () => {
    const seen = { wellFormed: 0, containedProblem: 0, otherProblem: 0 };
    fc.assert(
      fc.property(hostileResource, (generated) => {
        const value: unknown = JSON.parse(toJsonText(generated));
        const now = resourceShapeProblem(value);
        expect(now, toJsonText(generated).slice(0, 2_000)).toBe(legacyResourceShapeProblem(value));
        if (now === undefined) seen.wellFormed += 1;
        else if (now.startsWith('/contained/')) seen.containedProblem += 1;
        else seen.otherProblem += 1;
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    // The generator must reach every branch, or the comparison proves little.
    expect(seen.wellFormed).toBeGreaterThan(RUNS / 50);
    expect(seen.containedProblem).toBeGreaterThan(RUNS / 10);
    expect(seen.otherProblem).toBeGreaterThan(RUNS / 10);
  });
});

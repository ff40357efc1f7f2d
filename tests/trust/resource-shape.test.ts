import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config/config.ts';
import { resourceShapeProblem } from '../../src/gather/resource-shape.ts';

/** The gather boundary's FHIR R4 shape check: conformant data passes, wrong shapes are named. */
describe('resourceShapeProblem', () => {
  it('passes every resource in every patient fixture (conformant data is never dropped)', () => {
    const dir = path.join(PROJECT_ROOT, 'fhir-fixtures', 'patients');
    const problems: string[] = [];
    let checked = 0;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      const bundle = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as { entry?: { resource: unknown }[] };
      for (const { resource } of bundle.entry ?? []) {
        checked += 1;
        const problem = resourceShapeProblem(resource);
        if (problem) problems.push(`${file}: ${problem}`);
      }
    }
    expect(checked).toBeGreaterThan(100);
    expect(problems).toEqual([]);
  });

  it.each([
    ['a null coding', { resourceType: 'Condition', code: { coding: [null] } }, '/code/coding/0 must be an object'],
    ['a stage that is not an array', { resourceType: 'Condition', stage: { summary: {} } }, '/stage must be an array'],
    ['a numeric id', { resourceType: 'Observation', id: 7 }, '/id must be a string'],
    [
      'Infinity (1e999) as a value',
      JSON.parse('{"resourceType":"Observation","valueQuantity":{"value":1e999}}') as unknown,
      '/valueQuantity/value must be a number',
    ],
    ['a value as a string', { resourceType: 'Observation', valueQuantity: { value: '12' } }, '/valueQuantity/value must be a number'],
    [
      'an object where a date goes',
      { resourceType: 'Observation', effectiveDateTime: { toString: 1 } },
      '/effectiveDateTime must be a string',
    ],
    [
      'contained within contained (dom-2)',
      { resourceType: 'Observation', contained: [{ resourceType: 'Device', contained: [] }] },
      '/contained/0 must NOT be valid',
    ],
    [
      'a contained Specimen with a string type',
      { resourceType: 'Observation', contained: [{ resourceType: 'Specimen', type: 'blood' }] },
      '/contained/0/type must be an object',
    ],
    ['no resourceType', { id: 'x' }, '/resourceType is required'],
  ])('names %s', (_name, resource, expected) => {
    expect(resourceShapeProblem(resource)).toBe(expected);
  });

  it('allows elements it does not know (extensions, future fields)', () => {
    expect(
      resourceShapeProblem({
        resourceType: 'Observation',
        status: 'final',
        extension: [{ url: 'x', valueString: 'y' }],
        futureField: { a: [1] },
      }),
    ).toBeUndefined();
  });
});

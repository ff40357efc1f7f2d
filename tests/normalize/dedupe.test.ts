import fc from 'fast-check';
import type { Resource } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { dedupeResources } from '../../src/normalize/dedupe.ts';

/** The dedupe as it was before slots by type and id: one Map keyed by the "Type/id" text. */
function keyedDedupe(resources: readonly Resource[]): { unique: Resource[]; duplicates: string[] } {
  const byKey = new Map<string, Resource>();
  const aliases = new Map<string, string>();
  const duplicates: string[] = [];
  const anonymous: Resource[] = [];
  for (const resource of resources) {
    if (!resource.id) {
      anonymous.push(resource);
      continue;
    }
    const identifiers = (resource as { identifier?: unknown }).identifier;
    const ids = Array.isArray(identifiers)
      ? identifiers
          .filter((i): i is { system: string; value: string } => typeof i?.system === 'string' && typeof i?.value === 'string')
          .map((i) => `${resource.resourceType}|${i.system}|${i.value}`)
      : [];
    const known = ids.map((i) => aliases.get(i)).find((k) => k !== undefined);
    const key = known ?? `${resource.resourceType}/${resource.id}`;
    for (const i of ids) aliases.set(i, key);
    const seen = byKey.get(key);
    if (!seen) {
      byKey.set(key, resource);
      continue;
    }
    duplicates.push(key);
    const va = Number(resource.meta?.versionId);
    const vb = Number(seen.meta?.versionId);
    const newer =
      Number.isFinite(va) && Number.isFinite(vb) && va !== vb
        ? va > vb
        : (resource.meta?.lastUpdated ?? '') > (seen.meta?.lastUpdated ?? '');
    if (newer) byKey.set(key, resource);
  }
  return { unique: [...byKey.values(), ...anonymous], duplicates };
}

const resource = fc.record(
  {
    resourceType: fc.constantFrom('Observation', 'Condition', 'Observation/a', 'Observation/a/b', 'a', 'a/b'),
    id: fc.constantFrom('a', 'b', 'a/b', 'b/c', '1', '', undefined, 1 as unknown as string),
    identifier: fc.array(fc.record({ system: fc.constantFrom('s', 't', undefined), value: fc.constantFrom('1', '2', undefined) }), {
      maxLength: 2,
    }),
    meta: fc.record({
      versionId: fc.constantFrom('1', '2', 'x', undefined),
      lastUpdated: fc.constantFrom('2024-01-01', '2025-01-01', undefined),
    }),
  },
  { requiredKeys: ['resourceType'] },
) as fc.Arbitrary<Resource>;

describe('dedupeResources', () => {
  it('keeps the newer copy, under the first key, and reports each repeat', () => {
    const first = { resourceType: 'Observation', id: 'x', meta: { versionId: '1' } } as Resource;
    const second = { resourceType: 'Observation', id: 'x', meta: { versionId: '2' } } as Resource;
    const other = { resourceType: 'Condition', id: 'x' } as Resource;
    expect(dedupeResources([first, other, second])).toEqual({ unique: [second, other], duplicates: ['Observation/x'] });
  });

  it('gives the same resources, in the same order, and the same duplicate keys as the "Type/id" keyed map', () => {
    fc.assert(
      fc.property(fc.array(resource, { maxLength: 12 }), (resources) => {
        const got = dedupeResources(resources);
        const want = keyedDedupe(resources);
        expect(got.duplicates).toEqual(want.duplicates);
        expect(got.unique.length).toBe(want.unique.length);
        for (const [i, r] of got.unique.entries()) expect(r).toBe(want.unique[i]);
      }),
      { numRuns: 5_000 },
    );
  });
});

import type { Resource } from 'fhir/r4';

/**
 * The same resource can arrive twice (prefetch plus fallback, or a server that repeats a page), or a
 * lab can resend one result under a new id with the same business identifier.
 * Keep one per Type/id (or Type + identifier): the latest meta.versionId / lastUpdated wins.
 */
export function dedupeResources(resources: readonly Resource[]): { unique: Resource[]; duplicates: string[] } {
  const byKey = new Map<string, Resource>();
  const aliases = new Map<string, string>();
  const duplicates: string[] = [];
  const anonymous: Resource[] = [];
  for (const resource of resources) {
    if (!resource.id) {
      anonymous.push(resource);
      continue;
    }
    const ids = identifiersOf(resource);
    const known = ids.map((i) => aliases.get(i)).find((k) => k !== undefined);
    const key = known ?? `${resource.resourceType}/${resource.id}`;
    for (const i of ids) aliases.set(i, key);
    const seen = byKey.get(key);
    if (!seen) {
      byKey.set(key, resource);
      continue;
    }
    duplicates.push(key);
    if (newer(resource, seen)) byKey.set(key, resource);
  }
  return { unique: [...byKey.values(), ...anonymous], duplicates };
}

function newer(a: Resource, b: Resource): boolean {
  const va = Number(a.meta?.versionId);
  const vb = Number(b.meta?.versionId);
  if (Number.isFinite(va) && Number.isFinite(vb) && va !== vb) return va > vb;
  return (a.meta?.lastUpdated ?? '') > (b.meta?.lastUpdated ?? '');
}

function identifiersOf(resource: Resource): string[] {
  const identifiers = (resource as { identifier?: unknown }).identifier;
  if (!Array.isArray(identifiers)) return [];
  return identifiers
    .filter((i): i is { system: string; value: string } => typeof i?.system === 'string' && typeof i?.value === 'string')
    .map((i) => `${resource.resourceType}|${i.system}|${i.value}`);
}

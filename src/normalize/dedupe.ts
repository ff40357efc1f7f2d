import type { Resource } from 'fhir/r4';

/**
 * The same resource can arrive twice (prefetch plus fallback, or a server that repeats a page).
 * Keep one per Type/id: the latest meta.versionId / lastUpdated wins.
 */
export function dedupeResources(resources: readonly Resource[]): { unique: Resource[]; duplicates: string[] } {
  const byKey = new Map<string, Resource>();
  const duplicates: string[] = [];
  const anonymous: Resource[] = [];
  for (const resource of resources) {
    if (!resource.id) {
      anonymous.push(resource);
      continue;
    }
    const key = `${resource.resourceType}/${resource.id}`;
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

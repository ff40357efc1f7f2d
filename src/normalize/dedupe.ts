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
    const key = (ids && knownAlias(ids, aliases)) ?? `${resource.resourceType}/${resource.id}`;
    if (ids) for (const i of ids) aliases.set(i, key);
    const seen = byKey.get(key);
    if (!seen) {
      byKey.set(key, resource);
      continue;
    }
    duplicates.push(key);
    if (newer(resource, seen)) byKey.set(key, resource);
  }
  const unique = Array.from(byKey.values());
  for (const resource of anonymous) unique.push(resource);
  return { unique, duplicates };
}

/** The key an earlier resource with one of these identifiers was kept under. */
function knownAlias(ids: readonly string[], aliases: ReadonlyMap<string, string>): string | undefined {
  for (const i of ids) {
    const key = aliases.get(i);
    if (key !== undefined) return key;
  }
  return undefined;
}

function newer(a: Resource, b: Resource): boolean {
  const va = Number(a.meta?.versionId);
  const vb = Number(b.meta?.versionId);
  if (Number.isFinite(va) && Number.isFinite(vb) && va !== vb) return va > vb;
  return (a.meta?.lastUpdated ?? '') > (b.meta?.lastUpdated ?? '');
}

/** "Type|system|value" per usable identifier; undefined when there is none (most resources), so nothing is allocated. */
function identifiersOf(resource: Resource): string[] | undefined {
  const identifiers = (resource as { identifier?: unknown }).identifier;
  if (!Array.isArray(identifiers)) return undefined;
  let keys: string[] | undefined;
  for (const i of identifiers as readonly ({ system?: unknown; value?: unknown } | null | undefined)[]) {
    if (typeof i?.system === 'string' && typeof i.value === 'string') (keys ??= []).push(`${resource.resourceType}|${i.system}|${i.value}`);
  }
  return keys;
}

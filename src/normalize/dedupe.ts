import type { Resource } from 'fhir/r4';
import { entryOf } from '../util/map-entry.ts';

/** The `Type/id` key a resource is kept under, and the resource once one is kept. */
interface Slot {
  readonly type: string;
  readonly id: string;
  resource: Resource | undefined;
}

/**
 * The same resource can arrive twice (prefetch plus fallback, or a server that repeats a page), or a
 * lab can resend one result under a new id with the same business identifier.
 * Keep one per Type/id (or Type + identifier): the latest meta.versionId / lastUpdated wins.
 */
export function dedupeResources(resources: readonly Resource[]): { unique: Resource[]; duplicates: string[] } {
  // Slots by type, then id: the `Type/id` text split at its first '/', so no key string is built per resource.
  const byKey = new Map<string, Map<string, Slot>>();
  const slots: Slot[] = [];
  const aliases = new Map<string, Slot>();
  const duplicates: string[] = [];
  const anonymous: Resource[] = [];
  for (const resource of resources) {
    if (!resource.id) {
      anonymous.push(resource);
      continue;
    }
    const ids = identifiersOf(resource);
    const known = ids && knownSlot(ids, aliases);
    const slot = known ?? slotOf(resource, byKey, slots);
    if (ids) for (const i of ids) aliases.set(i, slot);
    if (!slot.resource) {
      slot.resource = resource;
      continue;
    }
    duplicates.push(`${slot.type}/${slot.id}`);
    if (newer(resource, slot.resource)) slot.resource = resource;
  }
  const unique = slots.map((s) => s.resource as Resource);
  for (const resource of anonymous) unique.push(resource);
  return { unique, duplicates };
}

/**
 * The slot for this resource's `Type/id`, new and empty when none is kept yet (the caller fills it). The text is split at
 * its first '/': a type and an id for every usual resource, and one key per distinct text for any other.
 */
function slotOf(resource: Resource, byKey: Map<string, Map<string, Slot>>, slots: Slot[]): Slot {
  let type: string = resource.resourceType;
  let id = typeof resource.id === 'string' ? resource.id : `${resource.id}`;
  if (typeof type !== 'string' || type.includes('/')) {
    const key = `${resource.resourceType}/${resource.id}`;
    const at = key.indexOf('/');
    type = key.slice(0, at);
    id = key.slice(at + 1);
  }
  const ofType = entryOf(byKey, type, () => new Map());
  let slot = ofType.get(id);
  if (!slot) {
    slot = { type, id, resource: undefined };
    ofType.set(id, slot);
    slots.push(slot);
  }
  return slot;
}

/** The slot an earlier resource with one of these identifiers was kept in. */
function knownSlot(ids: readonly string[], aliases: ReadonlyMap<string, Slot>): Slot | undefined {
  for (const i of ids) {
    const slot = aliases.get(i);
    if (slot !== undefined) return slot;
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
    if (typeof i?.system === 'string' && typeof i.value === 'string') {
      keys ??= [];
      keys.push(`${resource.resourceType}|${i.system}|${i.value}`);
    }
  }
  return keys;
}

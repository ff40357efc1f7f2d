import type { Resource } from 'fhir/r4';

/**
 * What a prefetch value tells us (CDS Hooks 2.0 §Prefetch): usable data, or a reason the service
 * must fetch the key itself. A missing key, null, an OperationOutcome and a Bundle with a `next`
 * link all mean "not (fully) satisfied".
 */
type PrefetchStatus =
  | { readonly kind: 'satisfied'; readonly resources: readonly Resource[]; readonly truncated?: boolean }
  | { readonly kind: 'partial'; readonly resources: readonly Resource[]; readonly next: string }
  | { readonly kind: 'unsatisfied'; readonly reason: 'absent' | 'null' | 'operation-outcome' | 'malformed' };

export function prefetchStatus(value: unknown, present: boolean, maxResources: number): PrefetchStatus {
  if (!present) return { kind: 'unsatisfied', reason: 'absent' };
  if (value === null) return { kind: 'unsatisfied', reason: 'null' };
  if (!isResource(value)) return { kind: 'unsatisfied', reason: 'malformed' };
  if (value.resourceType === 'OperationOutcome') return { kind: 'unsatisfied', reason: 'operation-outcome' };
  if (value.resourceType !== 'Bundle') return { kind: 'satisfied', resources: [value] };
  const resources = bundleResources(value, maxResources);
  const next = nextLink(value);
  const entries = (value as { entry?: unknown }).entry;
  // More entries than the cap: used up to the cap, and the response says data was cut.
  return next
    ? { kind: 'partial', resources, next }
    : { kind: 'satisfied', resources, truncated: Array.isArray(entries) && entries.length > maxResources };
}

export function bundleResources(bundle: unknown, maxResources: number): Resource[] {
  const entries = (bundle as { entry?: unknown }).entry;
  if (!Array.isArray(entries)) return [];
  const out: Resource[] = [];
  for (const entry of entries.slice(0, maxResources)) {
    const resource = (entry as { resource?: unknown } | null)?.resource;
    // An OperationOutcome inside a search Bundle is a search message, not patient data.
    if (isResource(resource) && resource.resourceType !== 'OperationOutcome') out.push(resource);
  }
  return out;
}

export function nextLink(bundle: unknown): string | undefined {
  const links = (bundle as { link?: unknown }).link;
  if (!Array.isArray(links)) return undefined;
  const next = links.find((l) => (l as { relation?: unknown } | null)?.relation === 'next') as { url?: unknown } | undefined;
  return typeof next?.url === 'string' && next.url.length > 0 ? next.url : undefined;
}

export function isResource(value: unknown): value is Resource {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as { resourceType?: unknown }).resourceType === 'string'
  );
}

import type { CdsRequest } from '../validate/cds-hooks-types.ts';

/** A draft order the clinician selected (order-select), before terminology mapping. */
export interface DraftOrder {
  readonly ref: string;
  readonly resource: Readonly<Record<string, unknown>>;
}

/**
 * order-select: only the orders named in `context.selections` are being decided on now; the rest of
 * draftOrders is background (hook definition, cds-hooks-library order-select).
 */
export function selectedOrders(request: CdsRequest): readonly DraftOrder[] {
  const { selections, draftOrders } = request.context as { selections?: unknown; draftOrders?: { entry?: unknown } };
  if (!Array.isArray(selections) || !Array.isArray(draftOrders?.entry)) return [];
  const wanted = new Set(selections.filter((s): s is string => typeof s === 'string'));
  const out: DraftOrder[] = [];
  for (const entry of draftOrders.entry as { resource?: { resourceType?: unknown; id?: unknown } }[]) {
    const resource = entry?.resource;
    if (!resource || typeof resource.resourceType !== 'string') continue;
    const ref = `${resource.resourceType}/${String(resource.id)}`;
    if (wanted.has(ref)) out.push({ ref, resource: resource as Readonly<Record<string, unknown>> });
  }
  return out;
}

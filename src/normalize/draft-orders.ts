import type { CdsRequest } from '../validate/cds-hooks-types.ts';

/** A draft order being decided on (selected at order-select, signed at order-sign), before terminology mapping. */
export interface DraftOrder {
  readonly ref: string;
  readonly resource: Readonly<Record<string, unknown>>;
}

/**
 * order-select: only the orders named in `context.selections` are being decided on now; the rest of
 * draftOrders is background (hook definition, cds-hooks-library order-select).
 * order-sign: every order in draftOrders is being signed, so all of them are (it has no selections).
 */
export function selectedOrders(request: CdsRequest): readonly DraftOrder[] {
  const { selections, draftOrders } = request.context as { selections?: unknown; draftOrders?: { entry?: unknown } };
  if (!Array.isArray(draftOrders?.entry)) return [];
  const signing = request.hook === 'order-sign';
  if (!signing && !Array.isArray(selections)) return [];
  const wanted = new Set(Array.isArray(selections) ? selections.filter((s): s is string => typeof s === 'string') : []);
  const out: DraftOrder[] = [];
  for (const entry of draftOrders.entry as { resource?: { resourceType?: unknown; id?: unknown } }[]) {
    const resource = entry?.resource;
    if (!resource || typeof resource.resourceType !== 'string') continue;
    const ref = `${resource.resourceType}/${String(resource.id)}`;
    if (signing || wanted.has(ref)) out.push({ ref, resource: resource as Readonly<Record<string, unknown>> });
  }
  return out;
}

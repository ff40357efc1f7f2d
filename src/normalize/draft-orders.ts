import type { CdsRequest, DraftOrdersBundle } from '../validate/cds-hooks-types.ts';

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
  switch (request.hook) {
    case 'patient-view':
      return [];
    case 'order-select': {
      const wanted = new Set(request.context.selections);
      return ordersIn(request.context.draftOrders).filter((order) => wanted.has(order.ref));
    }
    case 'order-sign':
      return ordersIn(request.context.draftOrders);
  }
}

function ordersIn(draftOrders: DraftOrdersBundle): DraftOrder[] {
  return draftOrders.entry.map(({ resource }) => ({ ref: `${resource.resourceType}/${String(resource.id)}`, resource }));
}

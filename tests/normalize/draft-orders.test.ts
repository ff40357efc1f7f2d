import { describe, expect, it } from 'vitest';
import { selectedOrders } from '../../src/normalize/draft-orders.ts';
import type { CdsRequest, DraftOrdersBundle } from '../../src/validate/cds-hooks-types.ts';

const draftOrders: DraftOrdersBundle = {
  resourceType: 'Bundle',
  entry: [
    { resource: { resourceType: 'ServiceRequest', id: 'ctc' } },
    { resource: { resourceType: 'MedicationRequest', id: 'letrozole' } },
  ],
};
const envelope = { hookInstance: 'd1577c69-dfbe-44ad-ba6d-3e05e953b2ea' };
const who = { userId: 'Practitioner/1', patientId: 'p1' };

/** Which draft orders are being decided on, by hook. */
describe('selectedOrders', () => {
  it('order-select: only the selected orders, in draftOrders order', () => {
    const request: CdsRequest = { ...envelope, hook: 'order-select', context: { ...who, selections: ['ServiceRequest/ctc'], draftOrders } };
    expect(selectedOrders(request).map((o) => o.ref)).toEqual(['ServiceRequest/ctc']);
  });

  it('order-sign: every draft order, each with its resource', () => {
    const request: CdsRequest = { ...envelope, hook: 'order-sign', context: { ...who, draftOrders } };
    expect(selectedOrders(request)).toEqual([
      { ref: 'ServiceRequest/ctc', resource: draftOrders.entry[0]?.resource },
      { ref: 'MedicationRequest/letrozole', resource: draftOrders.entry[1]?.resource },
    ]);
  });

  it('patient-view: none, even when the context carries order members it does not define', () => {
    const context = { ...who, selections: ['ServiceRequest/ctc'], draftOrders };
    const request: CdsRequest = { ...envelope, hook: 'patient-view', context };
    expect(selectedOrders(request)).toEqual([]);
  });
});

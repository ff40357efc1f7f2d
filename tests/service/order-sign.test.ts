import { readdirSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config/config.ts';
import { validateDiscovery } from '../../src/validate/cds-hooks-validators.ts';
import { startTestService, type TestService } from '../support/test-service.ts';
import { expectValidCdsResponse, ORDER_SELECT, requestFixture, ruleIdsOf } from './helpers.ts';

// issue 18: EHRs fire order-sign when the order is signed, and many integrate there rather than at
// order-select. The order-sign service runs the same ordering rules on every order in draftOrders.
const ORDER_SIGN = '/cds-services/ctc-advisor-order-sign';
const ORDER_SIGN_FIXTURES = readdirSync(path.join(PROJECT_ROOT, 'fhir-fixtures/requests'))
  .filter((f) => f.endsWith('.order-sign.json'))
  .map((f) => f.replace(/\.json$/, ''))
  .sort();

let t: TestService;
beforeAll(async () => {
  t = await startTestService({ now: () => new Date('2026-03-01T00:00:00Z') });
});
afterAll(async () => t.close());

const call = async (p: string, body: unknown) =>
  request(t.app)
    .post(p)
    .set('Authorization', await t.bearer(p))
    .send(body as object);

type DiscoveredService = {
  id: string;
  hook: string;
  prefetch: Record<string, string>;
  extension?: Record<string, { rules?: { id: string }[] }>;
};

describe('order-sign discovery', () => {
  it("publishes ctc-advisor-order-sign for the order-sign hook, with order-select's prefetch and rules", async () => {
    const res = await request(t.app)
      .get('/cds-services')
      .set('Authorization', await t.bearer('/cds-services'));
    expect(res.status).toBe(200);
    expect(validateDiscovery(res.body)).toMatchObject({ ok: true });
    const services = res.body.services as DiscoveredService[];
    const sign = services.find((s) => s.id === 'ctc-advisor-order-sign');
    const select = services.find((s) => s.id === 'ctc-advisor-order-select');
    expect(sign).toMatchObject({ hook: 'order-sign' });
    expect(sign?.prefetch).toEqual(select?.prefetch);
    expect(JSON.stringify(sign)).not.toContain('selections');
    const rulesOf = (s: DiscoveredService | undefined) =>
      (s?.extension?.['org.ctc-advisor.source-attributes']?.rules ?? []).map((r) => r.id).sort();
    expect(rulesOf(sign).length).toBeGreaterThan(0);
    expect(rulesOf(sign)).toEqual(rulesOf(select));
  });
});

describe('order-sign calls', () => {
  it('there are order-sign fixtures: one for every order-select fixture', () => {
    const selects = readdirSync(path.join(PROJECT_ROOT, 'fhir-fixtures/requests')).filter((f) => f.endsWith('.order-select.json'));
    expect(ORDER_SIGN_FIXTURES.length).toBe(selects.length);
    expect(ORDER_SIGN_FIXTURES.length).toBeGreaterThan(5);
  });

  it.each(ORDER_SIGN_FIXTURES)('%s: context without selections, the same cards as at order-select', async (name) => {
    const body = requestFixture(name);
    expect(body.hook).toBe('order-sign');
    expect(body.context).not.toHaveProperty('selections');
    const signed = await call(ORDER_SIGN, body);
    expect(signed.status).toBe(200);
    expectValidCdsResponse(signed.body);
    const selected = await call(ORDER_SELECT, requestFixture(name.replace(/\.order-sign$/, '.order-select')));
    expect(selected.status).toBe(200);
    expect(ruleIdsOf(signed.body).sort()).toEqual(ruleIdsOf(selected.body).sort());
  });

  it('the ordering advice fires at signing (early breast cancer, CTC enumeration)', async () => {
    const res = await call(ORDER_SIGN, requestFixture('early-breast-ctc-12-cellsearch.order-sign'));
    expect(res.status).toBe(200);
    expect(ruleIdsOf(res.body)).toContain('ctc-order-outside-cleared-indication');
  });

  it('every order being signed counts: a CTC order beside an unrelated one still gets the card', async () => {
    const body = requestFixture('early-breast-ctc-12-cellsearch.order-sign');
    const context = body.context as { draftOrders: { entry: unknown[] } };
    const unrelated = {
      resource: {
        resourceType: 'ServiceRequest',
        id: 'cbc-1',
        status: 'draft',
        intent: 'order',
        subject: { reference: 'Patient/early-breast-ctc-12-cellsearch' },
        code: { coding: [{ system: 'http://loinc.org', code: '58410-2', display: 'CBC panel' }] },
      },
    };
    const res = await call(ORDER_SIGN, {
      ...body,
      context: { ...context, draftOrders: { ...context.draftOrders, entry: [unrelated, ...context.draftOrders.entry] } },
    });
    expect(res.status).toBe(200);
    expect(ruleIdsOf(res.body)).toContain('ctc-order-outside-cleared-indication');
    // Only the unrelated order: nothing to say.
    const alone = await call(ORDER_SIGN, { ...body, context: { ...context, draftOrders: { ...context.draftOrders, entry: [unrelated] } } });
    expect(alone.status).toBe(200);
    expect(ruleIdsOf(alone.body)).not.toContain('ctc-order-outside-cleared-indication');
  });

  it('rejects an order-sign context without draftOrders (400, names the field)', async () => {
    const body = requestFixture('early-breast-ctc-12-cellsearch.order-sign');
    const { draftOrders: _d, ...context } = body.context as Record<string, unknown>;
    const res = await call(ORDER_SIGN, { ...body, context });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.problems)).toContain('/context/draftOrders');
  });

  it('an order-select request sent to the order-sign service is a hook mismatch (400)', async () => {
    const res = await call(ORDER_SIGN, requestFixture('early-breast-ctc-12-cellsearch.order-select'));
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('hook_mismatch');
  });
});

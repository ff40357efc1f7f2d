import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../support/test-service.ts';
import { validateDiscovery } from '../../src/validate/cds-hooks-validators.ts';
import { expectValidCdsResponse, ORDER_SELECT, PATIENT_VIEW, requestFixture, ruleIdsOf } from './helpers.ts';

let t: TestService;
beforeAll(async () => {
  t = await startTestService({ now: () => new Date('2026-03-01T00:00:00Z') });
});
afterAll(async () => t.close());

const call = async (path: string, body: unknown) =>
  request(t.app)
    .post(path)
    .set('Authorization', await t.bearer(path))
    .send(body as object);

describe('discovery', () => {
  it('lists both services from cds-hooks/*.json with prefetch and usageRequirements, and HTI-1 attributes in an extension', async () => {
    const res = await request(t.app)
      .get('/cds-services')
      .set('Authorization', await t.bearer('/cds-services'));
    expect(res.status).toBe(200);
    expect(validateDiscovery(res.body)).toMatchObject({ ok: true });
    const byHook = Object.fromEntries(
      (res.body.services as { hook: string; extension?: Record<string, { rules: { id: string; url: string }[] }> }[]).map((s) => [
        s.hook,
        s,
      ]),
    );
    expect(byHook['patient-view']).toMatchObject({
      id: 'ctc-advisor-patient-view',
      prefetch: { observations: 'Observation?patient={{context.patientId}}' },
    });
    expect(byHook['order-select']).toMatchObject({ id: 'ctc-advisor-order-select' });
    expect(JSON.stringify(res.body)).not.toContain('requiredData');
    const ext = byHook['patient-view']?.extension?.['org.ctc-advisor.source-attributes'];
    expect(ext?.rules.map((r) => r.id)).toContain('mbc-cellsearch-ctc-elevated');
  });

  it('refuses discovery without a token (401, no detail)', async () => {
    const res = await request(t.app).get('/cds-services');
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: 'unauthorized' });
  });
});

describe('patient-view with full prefetch: the CellSearch ≥5 rule in metastatic breast cancer', () => {
  it.each([
    ['mbc-ctc-12-cellsearch', true],
    ['mbc-ctc-5-cellsearch', true],
    ['mbc-ctc-4-cellsearch', false],
    ['mbc-ctc-12-other-assay', false],
    ['mcrpc-ctc-12-cellsearch', false],
    ['early-breast-ctc-12-cellsearch', false],
  ])('%s → fires: %s', async (fixture, fires) => {
    const res = await call(PATIENT_VIEW, requestFixture(`${fixture}.patient-view`));
    expect(res.status).toBe(200);
    expectValidCdsResponse(res.body);
    expect(ruleIdsOf(res.body).includes('mbc-cellsearch-ctc-elevated')).toBe(fires);
  });

  it('shows the patient data used, the references as absolute links and the rule id/version', async () => {
    const res = await call(PATIENT_VIEW, requestFixture('mbc-ctc-12-cellsearch.patient-view'));
    const card = (res.body.cards as { detail: string; links: { url: string; type: string }[]; extension: Record<string, unknown> }[]).find(
      (c) => JSON.stringify(c.extension).includes('mbc-cellsearch-ctc-elevated'),
    );
    expect(card?.detail).toMatch(/^\*\*Patient data:\*\* Latest CTC result: 12 CTC per 7\.5 mL whole blood, CellSearch, 2026-02-24/);
    expect(card?.detail.indexOf('**Patient data:**')).toBeLessThan(card?.detail.indexOf('**Main limitation:**') ?? -1);
    // The evidence page and the reference as absolute links; the timeline as the one SMART link (issue 19, tests/smart/).
    const absolute = card?.links.filter((l) => l.type !== 'smart') ?? [];
    expect(absolute.map((l) => l.url)).toEqual([
      expect.stringMatching(/^http:\/\/[^/]+\/rules\/mbc-cellsearch-ctc-elevated$/),
      'https://doi.org/10.1056/NEJMoa040766',
    ]);
    expect(absolute.every((l) => l.type === 'absolute')).toBe(true);
    expect(card?.links.filter((l) => l.type === 'smart').map((l) => l.url)).toEqual([
      expect.stringMatching(/^http:\/\/[^/]+\/smart\/launch$/),
    ]);
    expect(card?.extension['org.ctc-advisor.rule']).toEqual({ id: 'mbc-cellsearch-ctc-elevated', version: '1.4.0', status: 'active' });
    expect(res.body.extension['org.ctc-advisor.rule-set-version']).toMatch(/^[0-9a-f]{12}@/);
  });

  it('marks the cards as not to be cached and sends no ETag (a POST answer about one patient)', async () => {
    const res = await call(PATIENT_VIEW, requestFixture('mbc-ctc-12-cellsearch.patient-view'));
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers.etag).toBeUndefined();
  });

  it('a request with no prefetch member and no fhirServer cannot be served: 412 with a JSON explanation', async () => {
    const { prefetch: _drop, ...body } = requestFixture('mbc-ctc-12-cellsearch.patient-view');
    const res = await call(PATIENT_VIEW, body);
    expect(res.status).toBe(412);
    expect(res.body.error).toBe('precondition_failed');
    expect(res.body.problems.map((p: { path: string }) => p.path)).toEqual(
      expect.arrayContaining(['/prefetch/conditions', '/prefetch/observations']),
    );
  });
});

describe('order-select', () => {
  it('answers a CTC enumeration order in early breast cancer with a test-ordering card', async () => {
    const res = await call(ORDER_SELECT, requestFixture('early-breast-ctc-12-cellsearch.order-select'));
    expect(res.status).toBe(200);
    expectValidCdsResponse(res.body);
    expect(ruleIdsOf(res.body)).toContain('ctc-order-outside-cleared-indication');
  });

  it('rejects an order-select context without draftOrders (400, names the field)', async () => {
    const body = requestFixture('early-breast-ctc-12-cellsearch.order-select');
    const { draftOrders: _d, ...context } = body.context as Record<string, unknown>;
    const res = await call(ORDER_SELECT, { ...body, context });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.problems)).toContain('/context/draftOrders');
  });

  it('rejects a patient-view request sent to the order-select service (400 hook_mismatch)', async () => {
    const res = await call(ORDER_SELECT, requestFixture('mbc-ctc-12-cellsearch.patient-view'));
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('hook_mismatch');
  });
});

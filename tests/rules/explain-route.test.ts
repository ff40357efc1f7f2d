import { readFileSync } from 'node:fs';
import path from 'node:path';
import express from 'express';
import request from 'supertest';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config/config.ts';
import { loadRuleSet } from '../../src/rule-set/rule-set.ts';
import { loadServiceRegistry } from '../../src/services/service-registry.ts';
import { explainRouter } from '../../src/http/routes/explain.ts';
import { errorHandler } from '../../src/http/middleware/error-handler.ts';
import type { ExplainReport } from '../../src/explain/explain.ts';

const ruleSet = loadRuleSet(path.join(PROJECT_ROOT, 'rules'));
const app = express();
app.use(express.json({ limit: '5mb' }));
app.use(
  explainRouter({
    ruleSet: () => ruleSet,
    services: loadServiceRegistry(path.join(PROJECT_ROOT, 'cds-hooks')),
    publicBaseUrl: 'http://127.0.0.1',
  }),
);
app.use(errorHandler(pino({ level: 'silent' })));
const fixture = (file: string): unknown => JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'fhir-fixtures', file), 'utf8'));

/** POST /explain returns what `explain --json` prints, for the sandbox page. */
describe('POST /explain', () => {
  it('explains a Bundle at a given time: facts, rule condition trees, cards', async () => {
    const res = await request(app)
      .post('/explain')
      .send({ bundle: fixture('patients/mbc-ctc-12-cellsearch.json'), at: '2026-03-01' });
    expect(res.status).toBe(200);
    const report = res.body as ExplainReport;
    expect(report.ruleSetVersion).toBe(ruleSet.version);
    expect(report.evaluatedAt).toBe('2026-03-01T00:00:00.000Z');
    expect(report.rules.find((r) => r.id === 'mbc-cellsearch-ctc-elevated')).toMatchObject({
      fired: true,
      conditions: { kind: 'all', result: true },
    });
    expect(report.cards.length).toBeGreaterThan(0);
  });

  it('explains a ready CDS Hooks request for its hook', async () => {
    const res = await request(app)
      .post('/explain')
      .send({ request: fixture('requests/mbc-ctc-12-cellsearch.order-select.json') });
    expect(res.status).toBe(200);
    expect((res.body as ExplainReport).hook).toBe('order-select');
  });

  it.each([
    [{}, ''],
    [{ bundle: {}, request: {} }, ''],
    [{ bundle: { resourceType: 'Bundle' }, hook: 'order-sign' }, '/hook'],
    [{ bundle: { resourceType: 'Bundle' }, at: 'soon' }, '/at'],
    [{ bundle: { resourceType: 'Patient' } }, ''],
    [{ bundle: { resourceType: 'Bundle', entry: [] } }, ''],
  ])('400 with problems for %j', async (body, problemPath) => {
    const res = await request(app).post('/explain').send(body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'invalid_request', problems: [expect.objectContaining({ path: problemPath })] });
  });
});

import express from 'express';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyticsRouter } from '../../src/http/routes/analytics.ts';
import type { DecisionStore } from '../../src/store/decision-store.ts';
import { card, decision } from '../support/decision-fixtures.ts';
import { openTempSqliteStore } from '../support/sqlite-test-store.ts';

const rule = { id: 'ctc-count-high', version: '1.2.0' };
const token = 'admin-secret-token-for-tests';
const logger = pino({ level: 'silent' });

describe('GET /analytics/rules', () => {
  let store: DecisionStore;
  let dispose: () => Promise<void>;
  let app: express.Express;

  beforeAll(async () => {
    ({ store, dispose } = await openTempSqliteStore());
    await store.recordDecision(decision({ time: '2025-01-31T23:00:00Z', rulesEvaluated: [rule], rulesFired: [rule], cards: [card(rule)] }));
    await store.recordDecision(decision({ time: '2025-02-01T00:30:00Z', rulesEvaluated: [rule], rulesFired: [], cards: [] }));
    app = express();
    app.use(analyticsRouter({ store, adminToken: token, logger }));
  });
  afterAll(() => dispose());

  const get = (query = '') => request(app).get(`/analytics/rules${query}`).set('Authorization', `Bearer ${token}`);

  it('reports every rule version over all time with the admin token', async () => {
    const res = await get();
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      from: null,
      to: null,
      rules: [{ ruleId: rule.id, ruleVersion: rule.version, evaluated: 2, fired: 1, shown: 1 }],
    });
  });

  it('includes the whole `to` day and starts `from` at midnight UTC', async () => {
    const january = await get('?from=2025-01-01&to=2025-01-31');
    expect(january.body).toMatchObject({ from: '2025-01-01T00:00:00.000Z', to: '2025-02-01T00:00:00.000Z' });
    expect(january.body.rules).toEqual([expect.objectContaining({ evaluated: 1, fired: 1 })]);
    const february = await get('?from=2025-02-01');
    expect(february.body.rules).toEqual([expect.objectContaining({ evaluated: 1, fired: 0, shown: 0 })]);
  });

  it.each(['', 'Bearer wrong', `Bearer ${token}x`, `Basic ${token}`, token])('answers 401 to Authorization "%s"', async (header) => {
    const req = request(app).get('/analytics/rules');
    const res = header === '' ? await req : await req.set('Authorization', header);
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer');
    expect(res.body).toEqual({ error: 'unauthorized' });
  });

  it.each([
    '?from=2025-13-01',
    '?to=2025-02-30',
    '?from=yesterday',
    '?from=2025-02-01&to=2025-01-01',
    '?from=2025-01-01&from=2025-02-01',
    '?to=2025-01-01T00:00:00',
  ])('answers 400 to %s', async (query) => {
    const res = await get(query);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_range');
    expect(res.body.problems.length).toBeGreaterThan(0);
  });

  it('does not exist without a configured admin token', async () => {
    const closed = express().use(analyticsRouter({ store, adminToken: undefined, logger }));
    const res = await request(closed).get('/analytics/rules').set('Authorization', 'Bearer anything');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: 'not_found' });
  });
});

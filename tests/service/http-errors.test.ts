import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../support/test-service.ts';
import { PATIENT_VIEW, requestFixture } from './helpers.ts';

let t: TestService;
beforeAll(async () => {
  t = await startTestService({ env: { CTC_BODY_LIMIT_BYTES: '65536' } });
});
afterAll(async () => t.close());

describe('bad input gets a clear JSON 4xx', () => {
  it('malformed JSON → 400 invalid_json, JSON body, no stack trace', async () => {
    const res = await request(t.app)
      .post(PATIENT_VIEW)
      .set('Authorization', await t.bearer(PATIENT_VIEW))
      .set('Content-Type', 'application/json')
      .send('{"hook": "patient-view",');
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.body.error).toBe('invalid_json');
    // The whole body is the JSON pointer '' (RFC 6901), as in every other error; '/' would name a member called ''.
    expect(res.body.problems).toEqual([{ path: '', message: expect.any(String) }]);
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.(ts|js):\d+/);
  });

  it('a missing required field and a wrong type are named with their JSON pointer', async () => {
    const { hookInstance: _h, ...body } = requestFixture('mbc-ctc-12-cellsearch.patient-view');
    const res = await request(t.app)
      .post(PATIENT_VIEW)
      .set('Authorization', await t.bearer(PATIENT_VIEW))
      .send({ ...body, context: { ...(body.context as object), patientId: 42 } });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_request');
    const paths = (res.body.problems as { path: string }[]).map((p) => p.path);
    expect(paths).toContain('/hookInstance');
  });

  it('a wrong context (patientId not a string) → 400 naming /context/patientId', async () => {
    const body = requestFixture('mbc-ctc-12-cellsearch.patient-view');
    const res = await request(t.app)
      .post(PATIENT_VIEW)
      .set('Authorization', await t.bearer(PATIENT_VIEW))
      .send({ ...body, context: { ...(body.context as object), patientId: 42 } });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.problems)).toContain('/context/patientId');
  });

  it('unknown service → 404 JSON', async () => {
    const path = '/cds-services/no-such-service';
    const res = await request(t.app)
      .post(path)
      .set('Authorization', await t.bearer(path))
      .send(requestFixture('mbc-ctc-12-cellsearch.patient-view'));
    expect(res.status).toBe(404);
    expect(res.body.error).toBe('unknown_service');
  });

  it('body over the limit → 413 JSON', async () => {
    const body = { ...requestFixture('mbc-ctc-12-cellsearch.patient-view'), extension: { 'org.example.padding': 'x'.repeat(70_000) } };
    const res = await request(t.app)
      .post(PATIENT_VIEW)
      .set('Authorization', await t.bearer(PATIENT_VIEW))
      .send(body);
    expect(res.status).toBe(413);
    expect(res.body.error).toBe('payload_too_large');
  });

  it('a non-JSON content type → 415 JSON', async () => {
    const res = await request(t.app)
      .post(PATIENT_VIEW)
      .set('Authorization', await t.bearer(PATIENT_VIEW))
      .set('Content-Type', 'text/plain')
      .send('hello');
    expect(res.status).toBe(415);
    expect(res.body.error).toBe('unsupported_media_type');
  });

  it('unknown routes → 404 JSON, not HTML', async () => {
    const res = await request(t.app).get('/nope');
    expect(res.status).toBe(404);
    expect(res.body.error).toBe('not_found');
  });
});

describe('operability', () => {
  it('answers the CORS preflight allowing Authorization and Content-Type', async () => {
    const res = await request(t.app)
      .options(PATIENT_VIEW)
      .set('Origin', 'https://ehr.example.org')
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'authorization,content-type');
    expect(res.status).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['access-control-allow-headers']?.toLowerCase()).toContain('authorization');
    expect(res.headers['access-control-allow-headers']?.toLowerCase()).toContain('content-type');
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it('sets CORS headers on normal responses too', async () => {
    const res = await request(t.app).get('/healthz').set('Origin', 'https://ehr.example.org');
    expect(res.headers['access-control-allow-origin']).toBe('*');
  });

  it('/healthz reports the rule-set version', async () => {
    const res = await request(t.app).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', ruleSetVersion: t.service.rules.current().version, store: { status: 'ok' } });
  });
});

describe('when the decision store cannot serve', () => {
  it('/healthz answers 503 with the reason and service calls answer 500 with a JSON error, without crashing', async () => {
    // Authentication off: with it on, the store-backed replay cache refuses the token first (fails closed, 401).
    const own = await startTestService({ env: { CTC_AUTH: 'off' } });
    try {
      await own.service.store.close();
      const health = await request(own.app).get('/healthz');
      expect(health.status).toBe(503);
      expect(health.body).toMatchObject({
        status: 'unavailable',
        store: { status: 'unavailable', reason: expect.stringMatching(/closed/) },
      });
      const call = await request(own.app).post(PATIENT_VIEW).send(requestFixture('mbc-ctc-12-cellsearch.patient-view'));
      expect(call.status).toBe(500);
      expect(call.body).toMatchObject({ error: expect.any(String), message: expect.any(String) });
      expect(JSON.stringify(call.body)).not.toMatch(/at .*\.ts:\d+/);
    } finally {
      await own.close();
    }
  });
});

describe('authentication comes before the body is read', () => {
  it('an unauthenticated caller gets 401, not a parse error, even for malformed or oversized bodies', async () => {
    const malformed = await request(t.app).post(PATIENT_VIEW).set('Content-Type', 'application/json').send('{"hook": ');
    expect(malformed.status).toBe(401);
    const oversized = await request(t.app)
      .post(PATIENT_VIEW)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ pad: 'x'.repeat(70_000) }));
    expect(oversized.status).toBe(401);
    const feedback = await request(t.app).post(`${PATIENT_VIEW}/feedback`).set('Content-Type', 'application/json').send('not json');
    expect(feedback.status).toBe(401);
    const explain = await request(t.app).post('/explain').send({});
    expect(explain.status).toBe(401);
  });
});

import fc from 'fast-check';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../support/test-service.ts';
import { toJsonText } from './support/json-text.ts';
import { fixtureRequests, mutatedFixture } from './support/fixture-mutations.ts';
import { problemsWith } from './support/pipeline.ts';
import { checkCase, FUZZ_RUNS, fuzzParameters } from './support/fuzz-settings.ts';
import { Tally } from './support/tally.ts';

/**
 * The HTTP adapter's own surface: body parsing. Malformed JSON, wrong or odd content types and
 * charsets, oversized bodies, through the composed app (auth off, loopback only). Seed and count:
 * support/fuzz-settings.ts.
 */
const BODY_LIMIT = 64 * 1024;

const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'application/fhir+json',
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  '',
  'application/json, text/html',
  ';;;',
);

type Body = { kind: 'text'; text: string } | { kind: 'json'; text: string } | { kind: 'huge'; bytes: number };

describe('hostile HTTP bodies', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService({ env: { CTC_AUTH: 'off', CTC_BODY_LIMIT_BYTES: String(BODY_LIMIT), CTC_FHIR_DEADLINE_MS: '300' } });
  });
  afterAll(() => service.close());

  it('survives a valid request with a member nested a million levels deep (inside the body limit)', async () => {
    const big = await startTestService({ env: { CTC_AUTH: 'off' } });
    try {
      const [fixture] = fixtureRequests().filter((f) => f.file.startsWith('mbc-ctc-12-cellsearch.patient-view'));
      const deep = `${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}`;
      const text = JSON.stringify(fixture?.body).replace(/^\{/, `{"extension":{"x":${deep}},`);
      const res = await request(big.app).post('/cds-services/ctc-advisor-patient-view').set('Content-Type', 'application/json').send(text);
      expect(res.status).toBe(200);
      expect(problemsWith({ status: res.status, body: res.body as unknown })).toBeUndefined();
    } finally {
      await big.close();
    }
  });

  it(`answers JSON 4xx or a valid response, never 5xx (${FUZZ_RUNS.http} cases)`, async () => {
    const fixtures = fixtureRequests();
    const body: fc.Arbitrary<Body> = fc.oneof(
      { weight: 3, arbitrary: mutatedFixture(fixtures).map((m) => ({ kind: 'json' as const, text: toJsonText(m.body) })) },
      // Truncated or spliced JSON: everything a broken proxy or a half-written buffer could deliver.
      {
        weight: 3,
        arbitrary: fc.tuple(fc.constantFrom(...fixtures), fc.nat(), fc.string({ maxLength: 5 })).map(([f, cut, junk]) => {
          const t = JSON.stringify(f.body);
          return { kind: 'text' as const, text: t.slice(0, cut % t.length) + junk };
        }),
      },
      { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }).map((text) => ({ kind: 'text' as const, text })) },
      {
        weight: 1,
        arbitrary: fc
          .constantFrom(
            '',
            'null',
            '[]',
            '"x"',
            '1e999',
            '{"__proto__":{"polluted":true}}',
            '{"constructor":{"prototype":{"polluted":true}}}',
            '\uFEFF{}',
            '{"a":1,"a":2}',
          )
          .map((text) => ({ kind: 'text' as const, text })),
      },
      { weight: 1, arbitrary: fc.integer({ min: BODY_LIMIT + 1, max: BODY_LIMIT * 4 }).map((bytes) => ({ kind: 'huge' as const, bytes })) },
    );
    const serviceId = fc.constantFrom('ctc-advisor-patient-view', 'ctc-advisor-order-select', 'nope');
    const tally = new Tally();
    await fc.assert(
      fc.asyncProperty(serviceId, contentType, body, async (id, type, b) => {
        const text = b.kind === 'huge' ? `{"hook":"patient-view","pad":"${'x'.repeat(b.bytes)}"}` : b.text;
        await checkCase(`${id} ${type} ${text.slice(0, 2_000)}`, async () => {
          let call = request(service.app).post(`/cds-services/${id}`);
          if (type !== '') call = call.set('Content-Type', type);
          const res = await call.send(text);
          tally.add(res.status);
          expect(res.headers['content-type']).toMatch(/^application\/json/);
          expect(problemsWith({ status: res.status, body: res.body as unknown })).toBeUndefined();
          if (b.kind === 'huge' && /^application\/(fhir\+)?json(; charset=utf-8)?$/.test(type)) expect(res.status).toBe(413);
        });
      }),
      fuzzParameters(FUZZ_RUNS.http),
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    for (const status of [200, 400, 413, 415]) expect(tally.count(status), tally.toString()).toBeGreaterThan(0);
    // The service is still healthy after the storm.
    expect((await request(service.app).get('/healthz')).status).toBe(200);
  }, 240_000);
});

import { readFileSync } from 'node:fs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.ts';
import { startFhirServer, type LoopbackFhirServer } from '../support/fhir-server.ts';
import { startTestService, type TestService } from '../support/test-service.ts';
import { ACCESS_TOKEN, cardDetails, FIXTURE, fixtureResources, fullPrefetch, patientViewRequest } from './support/fhir-fault-setup.ts';
import { captureLogs } from '../support/log-capture.ts';

/** Item 5 of issue 6: every limit is configurable, documented in docs/limits.md, and enforced. */
const PATH = '/cds-services/ctc-advisor-patient-view';
const LIMITS = {
  CTC_BODY_LIMIT_BYTES: { key: 'bodyLimitBytes', fallback: 5 * 1024 * 1024, other: 65_536 },
  CTC_REQUEST_TIMEOUT_MS: { key: 'requestTimeoutMs', fallback: 10_000, other: 4_000 },
  CTC_FHIR_DEADLINE_MS: { key: 'fhirDeadlineMs', fallback: 2_000, other: 750 },
  CTC_MAX_RESOURCES_PER_KEY: { key: 'maxResourcesPerKey', fallback: 20_000, other: 500 },
  CTC_MAX_FHIR_PAGES: { key: 'maxFhirPages', fallback: 20, other: 3 },
} as const;

describe('limits', () => {
  let fhir: LoopbackFhirServer;
  beforeAll(async () => {
    fhir = await startFhirServer({ resources: fixtureResources(6), requiredBearerToken: ACCESS_TOKEN });
  });
  afterAll(() => fhir.stop());

  async function post(service: TestService, body: unknown) {
    return request(service.app)
      .post(PATH)
      .set('Authorization', await service.bearer(PATH))
      .set('Content-Type', 'application/json')
      .send(JSON.stringify(body));
  }

  it('defaults are the documented ones, each variable overrides its limit, and a bad value stops start-up naming it', () => {
    const defaults = loadConfig({}).server;
    const doc = readFileSync(new URL('../../docs/limits.md', import.meta.url), 'utf8');
    for (const [name, { key, fallback, other }] of Object.entries(LIMITS)) {
      expect(defaults[key], name).toBe(fallback);
      expect(doc, name).toMatch(new RegExp(`\\|\\s*\`${name}\`\\s*\\|\\s*${fallback.toLocaleString('en-US')}\\b`));
      expect(loadConfig({ [name]: String(other) }).server[key], name).toBe(other);
    }
    const bad = Object.fromEntries(Object.keys(LIMITS).map((name) => [name, 'lots']));
    expect(() => loadConfig(bad)).toThrow(ConfigError);
    try {
      loadConfig(bad);
    } catch (error) {
      for (const name of Object.keys(LIMITS)) expect((error as ConfigError).problems.join('\n')).toContain(name);
    }
  });

  describe('body size (CTC_BODY_LIMIT_BYTES)', () => {
    let service: TestService;
    beforeAll(async () => {
      service = await startTestService({ env: { CTC_BODY_LIMIT_BYTES: '4096' } });
    });
    afterAll(() => service.close());

    it('answers 413 JSON for a body over the limit, and parses one under it', async () => {
      const over = await post(service, { hook: 'patient-view', pad: 'x'.repeat(5_000) });
      expect(over.status).toBe(413);
      expect(over.headers['content-type']).toMatch(/^application\/json/);
      expect(over.body).toEqual({ error: 'payload_too_large', message: expect.any(String) });
      const under = await post(service, { hook: 'patient-view', pad: 'x'.repeat(3_000) });
      expect(under.status).toBe(400);
      expect(under.body).toMatchObject({ error: 'invalid_request' });
    });
  });

  describe('request timeout (CTC_REQUEST_TIMEOUT_MS)', () => {
    const logs = captureLogs('info');
    let service: TestService;
    beforeAll(async () => {
      service = await startTestService({ logger: logs.logger, env: { CTC_REQUEST_TIMEOUT_MS: '300', CTC_FHIR_DEADLINE_MS: '5000' } });
    });
    afterAll(async () => {
      fhir.setFault({ kind: 'none' });
      await service.close();
    });

    it('answers 503 JSON when a call outlives the limit, logs it as 503, and stays healthy', async () => {
      fhir.setFault({ kind: 'delay', ms: 1_500 });
      const started = performance.now();
      const res = await post(service, patientViewRequest(fhir.baseUrl, {}));
      const ms = performance.now() - started;
      expect(res.status).toBe(503);
      expect(res.body).toEqual({ error: 'request_timeout', message: expect.any(String) });
      expect(ms).toBeLessThan(300 + 1_000);
      fhir.setFault({ kind: 'none' });
      // The abandoned pipeline finishes in the background; its log line says what the EHR got.
      await expect.poll(() => logs.records().find((l) => l.event === 'cds-call')?.status, { timeout: 5_000 }).toBe(503);
      const ok = await post(service, patientViewRequest(fhir.baseUrl, fullPrefetch()));
      expect(ok.status).toBe(200);
    });
  });

  describe('resources per prefetch key (CTC_MAX_RESOURCES_PER_KEY)', () => {
    let service: TestService;
    beforeAll(async () => {
      service = await startTestService({ env: { CTC_MAX_RESOURCES_PER_KEY: '2' } });
    });
    afterAll(() => service.close());

    it('uses a prefetch Bundle up to the cap and says the data was cut', async () => {
      const { observations, ...rest } = fullPrefetch();
      const entry = (observations as { entry: unknown[] }).entry;
      const res = await post(
        service,
        patientViewRequest(undefined, { ...rest, observations: { ...(observations as object), entry: [...entry, ...entry, ...entry] } }),
      );
      expect(res.status).toBe(200);
      expect(cardDetails(res.body)).toMatch(/The observations data was cut at the configured limit/);
    });

    it('does not follow a paginated prefetch that already fills the cap', async () => {
      const before = fhir.requests.length;
      const { observations, ...rest } = fullPrefetch();
      const entry = (observations as { entry: unknown[] }).entry;
      const paged = {
        ...(observations as object),
        entry: [...entry, ...entry, ...entry],
        link: [{ relation: 'next', url: `${fhir.baseUrl}/Observation?patient=${FIXTURE}&_count=1` }],
      };
      const res = await post(service, patientViewRequest(fhir.baseUrl, { ...rest, observations: paged }));
      expect(res.status).toBe(200);
      expect(fhir.requests.slice(before).filter((r) => r.url.startsWith('/fhir/R4/Observation'))).toEqual([]);
      expect(cardDetails(res.body)).toMatch(/The observations data was cut at the configured limit/);
    });

    it('stops a fallback search at the cap and says the data was cut', async () => {
      const { observations: _dropped, ...rest } = fullPrefetch();
      const res = await post(service, patientViewRequest(fhir.baseUrl, rest));
      expect(res.status).toBe(200);
      expect(cardDetails(res.body)).toMatch(/The observations data was cut at the configured limit/);
    });
  });

  describe('FHIR pages followed (CTC_MAX_FHIR_PAGES)', () => {
    let service: TestService;
    beforeAll(async () => {
      service = await startTestService({ env: { CTC_MAX_FHIR_PAGES: '2' } });
    });
    afterAll(() => service.close());

    it('follows at most the configured number of pages and says the data was cut', async () => {
      const before = fhir.requests.length;
      const { observations, ...rest } = fullPrefetch();
      const next = `${fhir.baseUrl}/Observation?patient=${FIXTURE}&_count=1`;
      const res = await post(
        service,
        patientViewRequest(fhir.baseUrl, {
          ...rest,
          observations: { ...(observations as object), link: [{ relation: 'next', url: next }] },
        }),
      );
      expect(res.status).toBe(200);
      const pages = fhir.requests.slice(before).filter((r) => r.url.startsWith('/fhir/R4/Observation'));
      expect(pages).toHaveLength(2);
      expect(cardDetails(res.body)).toMatch(/The observations data was cut at the configured limit/);
    });
  });
});

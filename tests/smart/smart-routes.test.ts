import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../support/test-service.ts';

const BASE = 'https://ctc-advisor.example.org';

/** The routes under /smart/ (issue 19): pages, bundled scripts, and the two public documents the app reads. */
describe('the SMART app routes', () => {
  let test: TestService;

  beforeAll(async () => {
    // Served whether or not the sandbox is: the app is for EHRs, not a development page.
    test = await startTestService({ env: { CTC_PUBLIC_BASE_URL: BASE, CTC_SANDBOX: 'off' } });
  });

  afterAll(async () => {
    await test?.close();
  });

  it('serves the launch and app pages with same-origin scripts only, and connections to FHIR servers', async () => {
    for (const page of ['/smart/launch', '/smart/app']) {
      const response = await request(test.app).get(page);
      expect(response.status, page).toBe(200);
      expect(response.type).toBe('text/html');
      const csp = response.headers['content-security-policy'] ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("connect-src 'self' https:");
      expect(csp).not.toContain('unsafe-inline');
      // Scripts come from the service, never from a CDN.
      const sources = [...response.text.matchAll(/<script[^>]*src="([^"]+)"/g)].map((m) => m[1]);
      expect(sources.length).toBeGreaterThan(0);
      for (const src of sources) expect(src).toMatch(/^\/smart\/assets\//);
    }
  });

  it('bundles fhirclient and the normalize code for the browser, with no Node module left', async () => {
    for (const entry of ['launch', 'app']) {
      const response = await request(test.app).get(`/smart/assets/${entry}.js`);
      expect(response.status, entry).toBe(200);
      expect(response.type).toBe('text/javascript');
      expect(response.text).not.toMatch(/from\s*["']node:|require\(["']node:|import\(["'](node:|fs["'])/);
      expect(response.text).not.toMatch(/https?:\/\/(cdn|unpkg|cdnjs)/);
    }
    const app = (await request(test.app).get('/smart/assets/app.js')).text;
    // Markers of the bundled pieces: fhirclient's token exchange, the CTC normalizer's unit handling, the chart.
    expect(app).toContain('authorization_code');
    expect(app).toContain('code_verifier');
    expect(app).toContain('Timeline data');
    expect((await request(test.app).get('/smart/assets/timeline.css')).status).toBe(200);
    expect((await request(test.app).get('/smart/assets/smart.css')).status).toBe(200);
    expect((await request(test.app).get('/smart/assets/..%2f..%2fpackage.json')).status).toBe(404);
    expect((await request(test.app).get('/smart/assets/nothing.js')).status).toBe(404);
  });

  it('client.json is the registration with absolute URLs; knowledge.json is rules and terminology, no patient data', async () => {
    const client = await request(test.app).get('/smart/client.json');
    expect(client.body).toMatchObject({
      client_id: 'ctc-advisor-timeline',
      launch_uri: `${BASE}/smart/launch`,
      redirect_uris: [`${BASE}/smart/app`],
      token_endpoint_auth_method: 'none',
      pkce: 'S256',
      required_resources: ['Observation'],
    });
    expect(client.body.scopes.v1).toContain('patient/Observation.read');
    expect(client.body.scopes.v2).toContain('patient/Observation.rs');
    expect(client.body.scopes.v2).not.toMatch(/\/\*|user\/|\.c|\.u|\.d|write|offline_access/);
    const knowledge = await request(test.app).get('/smart/knowledge.json');
    expect(knowledge.status).toBe(200);
    expect(Object.keys(knowledge.body).sort()).toEqual(['cutoffs', 'revision', 'rules', 'terminology']);
    expect(knowledge.body.rules).toContainEqual(
      expect.objectContaining({ id: 'mbc-cellsearch-ctc-elevated', conditions: expect.any(Object) }),
    );
    expect(knowledge.body.revision).toBe(test.service.rules.current().version);
    expect(knowledge.body.cutoffs).toContainEqual(
      expect.objectContaining({ threshold: expect.objectContaining({ value: 5, ruleId: 'mbc-cellsearch-ctc-elevated' }) }),
    );
  });

  it('takes no body, no token and no patient data: there is nothing to post to', async () => {
    for (const path of ['/smart/app', '/smart/knowledge.json', '/smart/client.json']) {
      const response = await request(test.app).post(path).send({ resourceType: 'Bundle' });
      expect(response.status, path).toBe(404);
    }
  });
});

import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLiveService, type LiveService } from '../e2e/support/live-service.ts';
import { fixtureBundle, seriesBundle } from '../e2e/support/bundles.ts';
import { loadServiceRegistry } from '../../src/services/service-registry.ts';
import { requestFromBundle } from '../../src/simulate/ehr-request.ts';

describe('the sandbox API on the live service', () => {
  let live: LiveService;
  beforeAll(async () => {
    live = await startLiveService();
  });
  afterAll(async () => {
    await live?.close();
  });
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${live.url}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  it('lists the fixture patients with a line from the clinical picture', async () => {
    const body = (await (await fetch(`${live.url}/sandbox/api/patients`)).json()) as {
      patients: { name: string; cancer: string; setting: string; line: string }[];
    };
    const mbc = body.patients.find((p) => p.name === 'mbc-ctc-12-cellsearch');
    expect(mbc).toMatchObject({ cancer: 'breast', setting: 'metastatic' });
    expect(mbc?.line).toContain('metastatic (bone, liver)');
  });

  it('serves a fixture Bundle by name and refuses other paths', async () => {
    expect(
      ((await (await fetch(`${live.url}/sandbox/api/patients/mbc-ctc-12-cellsearch`)).json()) as { resourceType: string }).resourceType,
    ).toBe('Bundle');
    expect((await fetch(`${live.url}/sandbox/api/patients/..%2F..%2Fpackage`)).status).toBe(404);
    expect((await fetch(`${live.url}/sandbox/api/patients/no-such-patient`)).status).toBe(404);
  });

  it('builds the timeline with the cut-off that applies to this patient only', async () => {
    const mbc = (await (await post('/sandbox/api/timeline', fixtureBundle('mbc-ctc-12-cellsearch'))).json()) as {
      ctc: { countPer7_5mL: number }[];
      thresholds: { value: number; ruleId: string }[];
    };
    expect(mbc.ctc.map((c) => c.countPer7_5mL)).toEqual([12]);
    expect(mbc.thresholds).toContainEqual(expect.objectContaining({ value: 5, ruleId: 'mbc-cellsearch-ctc-elevated' }));
    const early = (await (await post('/sandbox/api/timeline', fixtureBundle('early-breast-ctc-12-cellsearch'))).json()) as {
      thresholds: { ruleId: string }[];
    };
    expect(early.thresholds.map((t) => t.ruleId)).not.toContain('mbc-cellsearch-ctc-elevated');
    const other = (await (await post('/sandbox/api/timeline', fixtureBundle('mbc-ctc-12-other-assay'))).json()) as {
      thresholds: { ruleId: string }[];
    };
    expect(other.thresholds.map((t) => t.ruleId)).not.toContain('mbc-cellsearch-ctc-elevated');
  });

  it('puts therapy, clusters, PD-L1+ CTCs and DTC results on the timeline', async () => {
    const t = (await (await post('/sandbox/api/timeline', seriesBundle().bundle)).json()) as Record<
      string,
      { result?: string; kind?: string; end?: string | null }[]
    >;
    expect(t.therapy).toEqual([expect.objectContaining({ kind: 'chemotherapy', end: '2026-01-15' })]);
    expect(t.clusters?.map((m) => m.result)).toEqual(['positive']);
    expect(t.pdl1?.map((m) => m.result)).toEqual(['positive']);
    expect(t.dtc?.map((m) => m.result)).toEqual(['positive', 'negative']);
    expect((await post('/sandbox/api/timeline', { resourceType: 'Patient' })).status).toBe(400);
  });

  it('mints a token the service accepts, for CDS paths only, and not for another origin', async () => {
    const minted = (await (await post('/sandbox/api/token', { path: '/cds-services' })).json()) as { token: string; audience: string };
    expect(minted.audience).toBe(`${live.url}/cds-services`);
    expect((await fetch(`${live.url}/cds-services`, { headers: { Authorization: `Bearer ${minted.token}` } })).status).toBe(200);
    expect((await fetch(`${live.url}/cds-services`)).status).toBe(401);
    expect((await post('/sandbox/api/token', { path: '/analytics/rules' })).status).toBe(400);
    expect((await post('/sandbox/api/token', { path: '/cds-services' }, { Origin: 'http://evil.example' })).status).toBe(403);
  });

  it('refuses a token to a page whose DNS name was rebound to 127.0.0.1 (Host is not a loopback name)', async () => {
    const port = new URL(live.url).port;
    const status = (host: string) =>
      new Promise<number>((resolve, reject) => {
        const body = JSON.stringify({ path: '/cds-services' });
        const req = httpRequest(
          {
            host: '127.0.0.1',
            port,
            path: '/sandbox/api/token',
            method: 'POST',
            headers: {
              Host: host,
              Origin: `http://${host}`,
              'Content-Type': 'application/json',
              'Content-Length': Buffer.byteLength(body),
            },
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    expect(await status(`rebound.example:${port}`)).toBe(403);
    expect(await status(`localhost:${port}`)).toBe(200);
  });

  it('explains the same request the page sends, as explain --json does', async () => {
    const service = loadServiceRegistry(live.config.server.servicesDir).get('ctc-advisor-patient-view');
    if (!service) throw new Error('no patient-view service');
    const body = requestFromBundle(fixtureBundle('mbc-ctc-12-cellsearch'), service);
    const report = (await (await post('/sandbox/api/explain', { request: body })).json()) as { rules: { id: string; fired: boolean }[] };
    expect(report.rules.find((r) => r.id === 'mbc-cellsearch-ctc-elevated')?.fired).toBe(true);
    expect((await post('/sandbox/api/explain', { request: { ...body, hook: undefined } })).status).toBe(400);
  });

  it('serves the pages with a same-origin-only Content-Security-Policy', async () => {
    for (const page of ['/', '/sandbox/', '/sandbox/rules']) {
      const response = await fetch(`${live.url}${page}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    }
  });
});

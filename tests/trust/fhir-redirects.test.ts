import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServiceOn, type TestService } from '../support/test-service.ts';
import { captureLogs, type CapturedLogs } from '../support/log-capture.ts';
import { ACCESS_TOKEN, FIXTURE, patientViewRequest, requiredOnlyPrefetch } from './support/fhir-fault-setup.ts';
import { optionalKeyCount, sendJson, startLoopbackServer, type LoopbackServer } from './support/loopback-server.ts';

/**
 * Issue 17 item 2: the FHIR fallback follows no redirect off the FHIR server's origin (the
 * `fhirServers` allow-list and the address policy judge only that origin), and at most 3 on it.
 * Through the service, against real loopback servers, on both runners.
 */
const PATH = '/cds-services/ctc-advisor-patient-view';
const OPTIONAL_KEYS = optionalKeyCount();

/** What a FHIR server would answer: an empty search, or the patient for a read. */
function fhirAnswer(url: string): unknown {
  return url.includes('/Patient/') ? { resourceType: 'Patient', id: FIXTURE } : { resourceType: 'Bundle', type: 'searchset', entry: [] };
}

describe.each(['off', 'on'] as const)('FHIR fallback redirects (CTC_PIPELINE_THREAD=%s)', (pipelineThread) => {
  let service: TestService;
  let elsewhere: LoopbackServer;
  let offOrigin: LoopbackServer;
  let sameOrigin: LoopbackServer;
  let loop: LoopbackServer;
  let logs: CapturedLogs;

  beforeAll(async () => {
    // Another origin (same host, another port): the redirect target that must never be contacted.
    elsewhere = await startLoopbackServer((req, res) => sendJson(res, 200, fhirAnswer(req.url ?? '')));
    offOrigin = await startLoopbackServer((req, res) => {
      res.writeHead(302, { location: `${elsewhere.origin}${req.url ?? '/'}` });
      res.end();
    });
    sameOrigin = await startLoopbackServer((req, res) => {
      const url = req.url ?? '/';
      if (url.startsWith('/old/')) {
        res.writeHead(301, { location: url.replace('/old/', '/fhir/R4/') });
        res.end();
      } else sendJson(res, 200, fhirAnswer(url));
    });
    loop = await startLoopbackServer((req, res) => {
      const hop = Number(/\/loop\/(\d+)\//.exec(req.url ?? '')?.[1] ?? 0);
      res.writeHead(307, { location: (req.url ?? '/').replace(`/loop/${hop}/`, `/loop/${hop + 1}/`) });
      res.end();
    });
    logs = captureLogs('info');
    service = await startTestServiceOn(pipelineThread, { logger: logs.logger });
  }, 60_000);
  afterAll(async () => {
    await service?.close();
    await Promise.all([elsewhere, offOrigin, sameOrigin, loop].map((s) => s?.stop()));
  });

  async function call(body: Record<string, unknown>) {
    return request(service.app)
      .post(PATH)
      .set('Authorization', await service.bearer(PATH))
      .send(body);
  }

  /** Why each key's fetch failed, from the call's log line (the answer gives the same words for every cause). */
  function lastFetchProblems(): { key: string; detail: string }[] {
    const line = logs
      .records()
      .filter((r) => r.event === 'cds-call')
      .at(-1);
    return (line?.fhirProblems ?? []) as { key: string; detail: string }[];
  }

  it('a redirect to another origin is not followed: required data → 412, the other origin never contacted', async () => {
    offOrigin.hits.length = 0;
    const res = await call(patientViewRequest(`${offOrigin.origin}/fhir/R4`, {}));
    expect(res.status).toBe(412);
    expect(res.body.problems).toEqual(
      expect.arrayContaining([{ path: '/prefetch/observations', message: 'prefetch was absent; the FHIR server could not be read' }]),
    );
    expect(offOrigin.hits.length).toBeGreaterThan(0);
    expect(offOrigin.hits.every((h) => h.authorization === `Bearer ${ACCESS_TOKEN}`)).toBe(true);
    expect(elsewhere.hits).toEqual([]);
  });

  it('a redirect to another origin is not followed: optional data → 200, those keys unobtainable, nothing used from there', async () => {
    const res = await call(patientViewRequest(`${offOrigin.origin}/fhir/R4`, requiredOnlyPrefetch()));
    expect(res.status).toBe(200);
    const problems = lastFetchProblems();
    expect(problems.map((p) => p.key).sort()).toHaveLength(OPTIONAL_KEYS);
    expect(problems.every((p) => p.detail === `a redirect to another origin (${elsewhere.origin})`)).toBe(true);
    expect(elsewhere.hits).toEqual([]);
  });

  it('a redirect on the same origin is followed, with the token', async () => {
    sameOrigin.hits.length = 0;
    const res = await call(patientViewRequest(`${sameOrigin.origin}/old`, requiredOnlyPrefetch()));
    expect(res.status).toBe(200);
    expect(lastFetchProblems()).toEqual([]);
    const paths = sameOrigin.hits.map((h) => h.url.split('?')[0]);
    expect(paths).toEqual(
      expect.arrayContaining(['/old/Procedure', '/fhir/R4/Procedure', `/old/Patient/${FIXTURE}`, `/fhir/R4/Patient/${FIXTURE}`]),
    );
    expect(sameOrigin.hits.every((h) => h.authorization === `Bearer ${ACCESS_TOKEN}`)).toBe(true);
  });

  it('same-origin redirects stop after 3 hops: the key is unobtainable', async () => {
    loop.hits.length = 0;
    const res = await call(patientViewRequest(`${loop.origin}/loop/0`, requiredOnlyPrefetch()));
    expect(res.status).toBe(200);
    const problems = lastFetchProblems();
    expect(problems).toHaveLength(OPTIONAL_KEYS);
    expect(problems.every((p) => p.detail === 'more than 3 redirects')).toBe(true);
    // Each optional key: the first request and three redirects, never more.
    expect(loop.hits.length).toBe(OPTIONAL_KEYS * 4);
    expect(Math.max(...loop.hits.map((h) => Number(/\/loop\/(\d+)\//.exec(h.url)?.[1])))).toBe(3);
  });
});

import type { ServerResponse } from 'node:http';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServiceOn, type TestService } from '../support/test-service.ts';
import { captureLogs, type CapturedLogs } from '../support/log-capture.ts';
import { fullPrefetch, patientViewRequest, requiredOnlyPrefetch } from './support/fhir-fault-setup.ts';
import { optionalKeyCount, startLoopbackServer, type LoopbackServer } from './support/loopback-server.ts';

/**
 * Issue 17 item 4: FHIR fallback responses are counted as they stream and the read is aborted at
 * CTC_FHIR_MAX_RESPONSE_BYTES (one response) or CTC_FHIR_MAX_CALL_BYTES (all of a call's responses);
 * the key then counts as unobtainable (412 when required, a data-gap note when optional). Through the
 * service, against real loopback servers, on both runners.
 */
const PATH = '/cds-services/ctc-advisor-patient-view';
const MiB = 1024 * 1024;
const MAX_RESPONSE = 1 * MiB;
const MAX_CALL = 1.5 * MiB;
/** What the endless server would send if nobody stopped reading: far beyond any cap. */
const ENDLESS = 24 * MiB;

interface StreamStats {
  /** Bytes handed to the socket per response. */
  written: number[];
  completed: number;
}

const ENTRY = Buffer.from(`${JSON.stringify({ resource: { resourceType: 'Basic', id: 'padding', code: { text: 'x'.repeat(900) } } })},`);
const LAST = '{"resource":{"resourceType":"Basic","id":"last","code":{"text":"end"}}}]}';

/** A valid searchset Bundle of about `total` bytes, chunked (no Content-Length), written as fast as the reader takes it. */
function streamBundle(res: ServerResponse, total: number, stats: StreamStats): void {
  const index = stats.written.push(0) - 1;
  res.writeHead(200, { 'content-type': 'application/fhir+json' });
  res.write('{"resourceType":"Bundle","type":"searchset","entry":[');
  const pump = (): void => {
    while ((stats.written[index] as number) < total) {
      stats.written[index] = (stats.written[index] as number) + ENTRY.length;
      if (!res.write(ENTRY)) {
        res.once('drain', pump);
        return;
      }
    }
    res.end(LAST);
    stats.completed++;
  };
  pump();
}

function withoutKey(key: string): Record<string, unknown> {
  const { [key]: _dropped, ...rest } = fullPrefetch();
  return rest;
}

describe.each(['off', 'on'] as const)('FHIR fallback byte caps (CTC_PIPELINE_THREAD=%s)', (pipelineThread) => {
  let service: TestService;
  let logs: CapturedLogs;
  let endless: LoopbackServer;
  let medium: LoopbackServer;
  const endlessStats: StreamStats = { written: [], completed: 0 };
  const mediumStats: StreamStats = { written: [], completed: 0 };

  beforeAll(async () => {
    endless = await startLoopbackServer((_req, res) => streamBundle(res, ENDLESS, endlessStats));
    // Each response under the per-response cap; the optional keys' answers together over the per-call cap.
    medium = await startLoopbackServer((_req, res) => streamBundle(res, 0.6 * MiB, mediumStats));
    logs = captureLogs('info');
    service = await startTestServiceOn(pipelineThread, {
      logger: logs.logger,
      // A long deadline, so only the caps can end a read early.
      env: { CTC_FHIR_DEADLINE_MS: '20000', CTC_FHIR_MAX_RESPONSE_BYTES: String(MAX_RESPONSE), CTC_FHIR_MAX_CALL_BYTES: String(MAX_CALL) },
    });
  }, 60_000);
  afterAll(async () => {
    await service?.close();
    await Promise.all([endless, medium].map((s) => s?.stop()));
  });

  async function call(body: Record<string, unknown>) {
    const res = await request(service.app)
      .post(PATH)
      .set('Authorization', await service.bearer(PATH))
      .send(body);
    const line = logs
      .records()
      .filter((r) => r.event === 'cds-call')
      .at(-1);
    const problems = (line?.fhirProblems ?? []) as { key: string; detail: string }[];
    return { res, problems, fhirProblems: JSON.stringify(problems) };
  }

  it('a required key whose response streams past the per-response cap → 412; the read stops near the cap', async () => {
    endlessStats.written.length = 0;
    endlessStats.completed = 0;
    const { res, fhirProblems } = await call(patientViewRequest(`${endless.origin}/fhir`, withoutKey('observations')));
    expect(res.status).toBe(412);
    expect(res.body.problems).toEqual([
      { path: '/prefetch/observations', message: 'prefetch was absent; the FHIR server could not be read' },
    ]);
    expect(fhirProblems).toMatch(/larger than 1048576 bytes/);
    expect(endlessStats.completed).toBe(0);
    expect(endlessStats.written).toHaveLength(1);
    // What the server got onto the wire before the connection closed: the cap plus socket buffers, never the whole body.
    expect(endlessStats.written[0]).toBeLessThan(ENDLESS / 2);
  });

  it('an optional key whose response streams past the cap → 200, the key unobtainable (a data-gap note)', async () => {
    endlessStats.completed = 0;
    const { res, problems } = await call(patientViewRequest(`${endless.origin}/fhir`, withoutKey('procedures')));
    expect(res.status).toBe(200);
    expect(problems).toEqual([{ key: 'procedures', detail: 'a response larger than 1048576 bytes' }]);
    expect(endlessStats.completed).toBe(0);
  });

  it('responses each under the per-response cap but together over the per-call cap → the keys past it are unobtainable', async () => {
    mediumStats.written.length = 0;
    mediumStats.completed = 0;
    const { res, problems } = await call(patientViewRequest(`${medium.origin}/fhir`, requiredOnlyPrefetch()));
    expect(res.status).toBe(200);
    expect(mediumStats.written).toHaveLength(optionalKeyCount());
    // 0.6 MiB each, 1.5 MiB in all: at most two fit, the others cross the call budget.
    expect(problems.length).toBeGreaterThanOrEqual(optionalKeyCount() - 2);
    expect(problems.every((p) => p.detail === 'the FHIR bytes allowed per call were used up')).toBe(true);
    expect((res.body as { cards: unknown[] }).cards.length).toBeGreaterThan(0);
  });
});

import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFhirServer, type FhirFault, type LoopbackFhirServer } from '../support/fhir-server.ts';
import { startTestServiceOn, type TestService } from '../support/test-service.ts';
import { captureLogs, type CapturedLogs } from '../support/log-capture.ts';
import { ACCESS_TOKEN, fixtureResources, patientViewRequest } from './support/fhir-fault-setup.ts';

/**
 * Issue 17 item 9: a 412 must not tell the caller why the FHIR server could not be read (a refused
 * connection against a deadline against an HTTP status maps which ports are open). The answer says
 * the same words for every cause; the cause goes to the call's log line (`fhirProblems`).
 * Through the service, against a real loopback FHIR server, on both runners.
 */
const PATH = '/cds-services/ctc-advisor-patient-view';
const DEADLINE_MS = 400;
const SAME_WORDS = 'prefetch was absent; the FHIR server could not be read';

describe.each(['off', 'on'] as const)('one answer for every FHIR failure (CTC_PIPELINE_THREAD=%s)', (pipelineThread) => {
  let fhir: LoopbackFhirServer;
  let closedPort: string;
  let service: TestService;
  let logs: CapturedLogs;

  beforeAll(async () => {
    fhir = await startFhirServer({ resources: fixtureResources(), requiredBearerToken: ACCESS_TOKEN });
    const stopped = await startFhirServer();
    await stopped.stop();
    closedPort = stopped.baseUrl;
    logs = captureLogs('info');
    service = await startTestServiceOn(pipelineThread, { logger: logs.logger, env: { CTC_FHIR_DEADLINE_MS: String(DEADLINE_MS) } });
  }, 60_000);
  afterAll(async () => {
    await service?.close();
    await fhir?.stop();
  });

  /** A call with no prefetch (every key fetched), its answer and its log line's fetch problems. */
  async function fail(fhirServer: string, fault: FhirFault) {
    fhir.setFault(fault);
    try {
      const res = await request(service.app)
        .post(PATH)
        .set('Authorization', await service.bearer(PATH))
        .send(patientViewRequest(fhirServer, {}));
      const line = logs
        .records()
        .filter((r) => r.event === 'cds-call')
        .at(-1);
      return { res, logged: (line?.fhirProblems ?? []) as { key: string; detail: string }[] };
    } finally {
      fhir.setFault({ kind: 'none' });
    }
  }

  it('a closed port, a deadline, HTTP 401/404/500 and a body that is not JSON: the same 412 body; the cause only in the log', async () => {
    const causes = [
      { name: 'closed port', call: () => fail(closedPort, { kind: 'none' }), logged: /not reachable \(ECONNREFUSED\)/ },
      { name: 'deadline', call: () => fail(fhir.baseUrl, { kind: 'hang' }), logged: /no answer before the deadline/ },
      { name: '401', call: () => fail(fhir.baseUrl, { kind: 'status', status: 401 }), logged: /HTTP 401/ },
      { name: '404', call: () => fail(fhir.baseUrl, { kind: 'status', status: 404 }), logged: /HTTP 404/ },
      { name: '500', call: () => fail(fhir.baseUrl, { kind: 'status', status: 500 }), logged: /HTTP 500/ },
      { name: 'not JSON', call: () => fail(fhir.baseUrl, { kind: 'malformed-json' }), logged: /not JSON/ },
    ];
    const bodies: string[] = [];
    for (const cause of causes) {
      const { res, logged } = await cause.call();
      expect(res.status, cause.name).toBe(412);
      expect(res.body.problems, cause.name).toEqual([
        { path: '/prefetch/conditions', message: SAME_WORDS },
        { path: '/prefetch/observations', message: SAME_WORDS },
      ]);
      bodies.push(JSON.stringify(res.body));
      // Every fetched key's cause is logged, the required ones included.
      expect(
        logged.map((p) => p.key),
        cause.name,
      ).toEqual(expect.arrayContaining(['conditions', 'observations']));
      for (const problem of logged) expect(problem.detail, cause.name).toMatch(cause.logged);
    }
    expect(new Set(bodies).size).toBe(1);
    const everything = bodies.join('\n');
    for (const leak of ['ECONNREFUSED', 'deadline', '401', '404', '500', 'JSON', 'reached', 'answered'])
      expect(everything).not.toContain(leak);
  });

  it('the log line never carries the access token or the patient id of the URL', async () => {
    await fail(fhir.baseUrl, { kind: 'status', status: 500 });
    const line = JSON.stringify(
      logs
        .records()
        .filter((r) => r.event === 'cds-call')
        .at(-1),
    );
    expect(line).toContain('fhirProblems');
    expect(line).not.toContain(ACCESS_TOKEN);
    expect(line).not.toContain('patient=');
  });
});

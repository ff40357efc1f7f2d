import { createServer } from 'node:http';
import type { Socket } from 'node:net';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { listenOnLoopback } from '../support/free-port.ts';
import { startTestServiceOn, type TestService } from '../support/test-service.ts';
import { PATIENT_VIEW, requestFixture } from './helpers.ts';

/** A FHIR server that answers every search with an empty Bundle and every read with a Patient, and reports its sockets. */
async function startQuietFhirServer(): Promise<{ baseUrl: string; sockets: Set<Socket>; open: () => number; stop: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const closed = new WeakSet<Socket>();
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const body = /\/Patient\/[^/]+$/.test(path)
      ? { resourceType: 'Patient', id: path.split('/').pop() }
      : { resourceType: 'Bundle', type: 'searchset', entry: [] };
    res.writeHead(200, { 'content-type': 'application/fhir+json' });
    res.end(JSON.stringify(body));
  });
  // Longer than the test waits, so only the client can be the one that closes an idle socket.
  server.keepAliveTimeout = 60_000;
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => closed.add(socket));
  });
  const { port, stop } = await listenOnLoopback(server);
  return { baseUrl: `http://127.0.0.1:${port}/fhir/R4`, sockets, open: () => [...sockets].filter((s) => !closed.has(s)).length, stop };
}

async function until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) return false;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return true;
}

/** FhirHttpClient keeps sockets alive between calls; closing the service closes them, wherever the calls ran. */
describe.each(['off', 'on'] as const)('closing the service with CTC_PIPELINE_THREAD=%s', (pipelineThread) => {
  let fhir: Awaited<ReturnType<typeof startQuietFhirServer>> | undefined;
  let t: TestService | undefined;
  afterEach(async () => {
    await t?.close();
    await fhir?.stop();
  });

  it("closes the FHIR fallback's keep-alive connections", async () => {
    fhir = await startQuietFhirServer();
    const service = await startTestServiceOn(pipelineThread);
    t = service;
    const { prefetch: _none, ...body } = requestFixture('mbc-ctc-12-cellsearch.patient-view');
    const res = await request(service.app)
      .post(PATIENT_VIEW)
      .set('Authorization', await service.bearer(PATIENT_VIEW))
      .send({ ...body, fhirServer: fhir.baseUrl });
    expect(res.status).toBe(200);
    expect(fhir.sockets.size).toBeGreaterThan(0);
    expect(fhir.open()).toBeGreaterThan(0);

    t = undefined;
    await service.close();
    expect(await until(() => fhir?.open() === 0, 2_000)).toBe(true);
  });
});

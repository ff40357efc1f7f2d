import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import path from 'node:path';
import { SignJWT, importPKCS8 } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config/config.ts';
import { freeLoopbackPort, listenOnLoopback } from '../support/free-port.ts';
import { captureLogs } from '../support/log-capture.ts';
import { startTestService, type TestService } from '../support/test-service.ts';
import { requestFixture } from '../service/helpers.ts';
import { CDS_HOOKS_SANDBOX_PRIVATE_KEY_PEM } from './support/cds-hooks-sandbox-key.ts';

// README "Connect the CDS Hooks Sandbox", offline: the service started as the README says, called the way
// the sandbox's browser code calls it (cds-hooks/sandbox src/retrieve-data-helpers/jwt-generator.js: ES384,
// its kid and jku, aud = the URL called), with the sandbox's own published key, under both loopback spellings.
const SANDBOX_ORIGIN = 'https://sandbox.cds-hooks.org';

async function sandboxJwt(audience: string): Promise<string> {
  const key = await importPKCS8(CDS_HOOKS_SANDBOX_PRIVATE_KEY_PEM, 'ES384');
  const now = Math.round(Date.now() / 1000);
  return new SignJWT({ jti: randomUUID() })
    .setProtectedHeader({
      alg: 'ES384',
      typ: 'JWT',
      kid: '44823f3d-0b01-4a6c-a80e-b9d3e8a7226f',
      jku: 'https://sandbox.cds-hooks.org/.well-known/jwks.json',
    })
    .setIssuer('https://sandbox.cds-hooks.org')
    .setAudience(audience)
    .setIssuedAt(now)
    .setExpirationTime(now + 300)
    .sign(key);
}

describe('the CDS Hooks Sandbox against config/trusted-clients.cds-hooks-sandbox.json', () => {
  const logs = captureLogs('info');
  let test: TestService;
  let server: { stop(): Promise<void> } | undefined;
  let port: number;

  beforeAll(async () => {
    port = await freeLoopbackPort();
    // `CTC_TRUSTED_CLIENTS_FILE=config/trusted-clients.cds-hooks-sandbox.json npm start`, on a free port.
    test = await startTestService({
      env: { PORT: String(port), CTC_TRUSTED_CLIENTS_FILE: path.join(PROJECT_ROOT, 'config/trusted-clients.cds-hooks-sandbox.json') },
      logger: logs.logger,
    });
    server = await listenOnLoopback(createServer(test.app), { port });
  }, 30_000);
  afterAll(async () => {
    await server?.stop();
    await test?.close();
  });

  it('the browser may call it from the sandbox page: CORS preflight for an Authorization header', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/cds-services`, {
      method: 'OPTIONS',
      headers: { Origin: SANDBOX_ORIGIN, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
  });

  it.each(['localhost', '127.0.0.1'])(
    'discovery URL http://%s:PORT/cds-services: the three services, readable cross-origin',
    async (host) => {
      // The socket is 127.0.0.1 either way; the aud is the URL typed into the sandbox, as its code signs it.
      const url = `http://${host}:${port}/cds-services`;
      const res = await fetch(`http://127.0.0.1:${port}/cds-services`, {
        headers: { Origin: SANDBOX_ORIGIN, Accept: 'application/json', Authorization: `Bearer ${await sandboxJwt(url)}` },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      const body = (await res.json()) as { services: { id: string; hook: string }[] };
      expect(body.services.map((s) => s.hook).sort()).toEqual(['order-select', 'order-sign', 'patient-view']);
    },
  );

  it("a patient-view call with the sandbox's default FHIR server and prefetch answers with cards", async () => {
    const url = `http://localhost:${port}/cds-services/ctc-advisor-patient-view`;
    const body = { ...requestFixture('mbc-ctc-12-cellsearch.patient-view'), fhirServer: 'https://launch.smarthealthit.org/v/r2/fhir' };
    const res = await fetch(`http://127.0.0.1:${port}/cds-services/ctc-advisor-patient-view`, {
      method: 'POST',
      headers: { Origin: SANDBOX_ORIGIN, 'Content-Type': 'application/json', Authorization: `Bearer ${await sandboxJwt(url)}` },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { cards: unknown[] }).cards.length).toBeGreaterThan(0);
  });

  it('the shipped fhirServers list holds: a FHIR server it does not name is refused before anything is fetched', async () => {
    const url = `http://localhost:${port}/cds-services/ctc-advisor-patient-view`;
    const body = { ...requestFixture('mbc-ctc-12-cellsearch.patient-view'), fhirServer: 'https://fhir.elsewhere.example.org/r4' };
    const res = await fetch(`http://127.0.0.1:${port}/cds-services/ctc-advisor-patient-view`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${await sandboxJwt(url)}` },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain('not an allowed FHIR server for this client');
  });

  it('a sandbox registered under another URL gets 401, and the log says which aud it sent and which was expected', async () => {
    const sent = `http://my-laptop.local:${port}/cds-services`;
    const before = logs.lines.length;
    const res = await fetch(`http://127.0.0.1:${port}/cds-services`, { headers: { Authorization: `Bearer ${await sandboxJwt(sent)}` } });
    expect(res.status).toBe(401);
    const line = logs
      .records()
      .slice(before)
      .find((r) => r.event === 'auth.rejected');
    expect(line).toMatchObject({
      iss: 'https://sandbox.cds-hooks.org',
      receivedAud: sent,
      audience: [`http://localhost:${port}/cds-services`, `http://127.0.0.1:${port}/cds-services`],
    });
  });
});

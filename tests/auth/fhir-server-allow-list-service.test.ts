import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFhirServer, type LoopbackFhirServer } from '../support/fhir-server.ts';
import { startTestServiceOn, type TestService } from '../support/test-service.ts';
import { fixtureResources, patientViewRequest } from '../trust/support/fhir-fault-setup.ts';
import { claims, makeKey, sign, type TestKey } from './support/tokens.ts';

/**
 * The per-client FHIR server allow-list through the real service: an EHR's access token is sent
 * only to a server its trusted-clients entry lists; clients without a list behave as before.
 */
const PATH = '/cds-services/ctc-advisor-patient-view';
const LISTED = 'https://listed.example';
const ELSEWHERE = 'https://elsewhere.example';
const OPEN = 'https://open.example';

// Both runners: the allow-list crosses to the pipeline thread with the call, and the thread fetches with the EHR's token.
describe.each(['off', 'on'] as const)('fhirServer allow-list per trusted client (CTC_PIPELINE_THREAD=%s)', (pipelineThread) => {
  let fhir: LoopbackFhirServer;
  let service: TestService;
  let key: TestKey;
  let dir: string;

  beforeAll(async () => {
    fhir = await startFhirServer({ resources: fixtureResources() });
    key = await makeKey('ES384');
    dir = await mkdtemp(path.join(tmpdir(), 'ctc-fhir-allow-'));
    const clientsFile = path.join(dir, 'clients.json');
    const jwks = { keys: [key.publicJwk] };
    await writeFile(
      clientsFile,
      JSON.stringify({
        clients: [
          { iss: LISTED, jwks, fhirServers: [`${new URL(fhir.baseUrl).origin}/fhir`] },
          { iss: ELSEWHERE, jwks, fhirServers: ['https://ehr.example.org/fhir'] },
          { iss: OPEN, jwks },
        ],
      }),
    );
    service = await startTestServiceOn(pipelineThread, { env: { CTC_TRUSTED_CLIENTS_FILE: clientsFile } });
  }, 60_000);
  afterAll(async () => {
    await service.close();
    await fhir.stop();
    await rm(dir, { recursive: true, force: true });
  });

  async function callAs(iss: string, fhirServer: string) {
    const token = await sign(key, claims(iss, `${service.config.auth.publicBaseUrl}${PATH}`));
    const before = fhir.requests.length;
    // No prefetch: every key must come from the FHIR server.
    const res = await request(service.app).post(PATH).set('Authorization', `Bearer ${token}`).send(patientViewRequest(fhirServer, {}));
    return { res, fetched: fhir.requests.length - before };
  }

  it('a listed server is used', async () => {
    const { res, fetched } = await callAs(LISTED, fhir.baseUrl);
    expect(res.status).toBe(200);
    expect(fetched).toBeGreaterThan(0);
  });

  it('an unlisted server gets 400 at /fhirServer and is never contacted', async () => {
    const { res, fetched } = await callAs(ELSEWHERE, fhir.baseUrl);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      error: 'invalid_request',
      problems: [{ path: '/fhirServer', message: 'not an allowed FHIR server for this client' }],
    });
    expect(fetched).toBe(0);
  });

  it('a client without a list may name any server, as before', async () => {
    const { res, fetched } = await callAs(OPEN, fhir.baseUrl);
    expect(res.status).toBe(200);
    expect(fetched).toBeGreaterThan(0);
  });

  it('the development client may name a loopback server but nothing else', async () => {
    const before = fhir.requests.length;
    const ok = await request(service.app)
      .post(PATH)
      .set('Authorization', await service.bearer(PATH))
      .send(patientViewRequest(fhir.baseUrl, {}));
    expect(ok.status).toBe(200);
    expect(fhir.requests.length).toBeGreaterThan(before);

    const refused = await request(service.app)
      .post(PATH)
      .set('Authorization', await service.bearer(PATH))
      .send(patientViewRequest('https://fhir.example.org/r4', {}));
    expect(refused.status).toBe(400);
    expect(refused.body.problems).toEqual([{ path: '/fhirServer', message: 'not an allowed FHIR server for this client' }]);
  });
});

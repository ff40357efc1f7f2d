import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, startTestServiceOn, type TestService } from '../support/test-service.ts';
import { captureLogs, type CapturedLogs } from '../support/log-capture.ts';
import { claims, makeKey, sign, type TestKey } from '../auth/support/tokens.ts';
import { createAuthentication } from '../../src/auth/authentication.ts';
import { parseAuthConfig } from '../../src/auth/auth-config.ts';
import { HttpFhirFetcher, type FetchRequest, type FetchResult, type FhirFetcher } from '../../src/gather/fhir-fetcher.ts';
import type { Resolver } from '../../src/gather/fhir-address-policy.ts';
import { ACCESS_TOKEN, FIXTURE, fullPrefetch, patientViewRequest } from './support/fhir-fault-setup.ts';
import { sendJson, startLoopbackServer, type LoopbackServer } from './support/loopback-server.ts';

/**
 * Issue 17 item 3: where the FHIR fallback may send the EHR's access token. A client without
 * `fhirServers`: https only (plain http on loopback), never a private address. Every client: never a
 * link-local, unspecified, multicast or reserved address, checked on the URL and again, address by
 * address, when a name resolves at connect time.
 *
 * No test here sends traffic beyond loopback, even if the policy were broken: literal addresses are
 * tried against a fetcher that only records (it cannot connect), and the names resolved at connect time
 * resolve to 0.0.0.0, which Linux delivers to loopback, where a recording server would see the token.
 */
const PATH = '/cds-services/ctc-advisor-patient-view';
const OPEN = 'https://open.example';
const LISTED = 'https://listed.example';

/** Records what it was asked to fetch and answers as a refused fetch: it never opens a socket. */
class RecordingFetcher implements FhirFetcher {
  readonly requests: FetchRequest[] = [];
  async fetchAll(request: FetchRequest): Promise<FetchResult> {
    this.requests.push(request);
    return { ok: false, reason: 'recorded, not fetched' };
  }
}

async function clientsFile(dir: string, key: TestKey, listed: readonly string[]): Promise<string> {
  const file = path.join(dir, 'clients.json');
  const jwks = { keys: [key.publicJwk] };
  await writeFile(
    file,
    JSON.stringify({
      clients: [
        { iss: OPEN, jwks },
        { iss: LISTED, jwks, fhirServers: listed },
      ],
    }),
  );
  return file;
}

describe('fhirServer addresses the fallback refuses before connecting', () => {
  let dir: string;
  let key: TestKey;
  let recorder: LoopbackServer;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ctc-fhir-policy-'));
    key = await makeKey('ES384');
    recorder = await startLoopbackServer((req, res) =>
      sendJson(
        res,
        200,
        req.url?.includes('/Patient/')
          ? { resourceType: 'Patient', id: FIXTURE }
          : { resourceType: 'Bundle', type: 'searchset', entry: [] },
      ),
    );
  });
  afterAll(async () => {
    await recorder?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  async function callAs(service: TestService, iss: string, fhirServer: string) {
    const token = await sign(key, claims(iss, `${service.config.auth.publicBaseUrl}${PATH}`));
    // Only the patient is missing from prefetch: one fetch, if any.
    const { patient: _fetched, ...prefetch } = fullPrefetch();
    return request(service.app).post(PATH).set('Authorization', `Bearer ${token}`).send(patientViewRequest(fhirServer, prefetch));
  }

  describe.each(['off', 'on'] as const)(
    '0.0.0.0, which reaches this machine, through the real fetcher (CTC_PIPELINE_THREAD=%s)',
    (pipelineThread) => {
      let service: TestService;
      beforeAll(async () => {
        const file = await clientsFile(dir, key, ['http://0.0.0.0:*', 'http://127.0.0.1:*']);
        service = await startTestServiceOn(pipelineThread, { env: { CTC_TRUSTED_CLIENTS_FILE: file } });
      }, 60_000);
      afterAll(() => service?.close());

      it.each([OPEN, LISTED])('%s naming http://0.0.0.0:<port> → 400 at /fhirServer; the token never reaches the server', async (iss) => {
        recorder.hits.length = 0;
        const res = await callAs(service, iss, `http://0.0.0.0:${recorder.port}/fhir`);
        expect(res.status).toBe(400);
        expect(res.body.problems).toEqual([
          { path: '/fhirServer', message: 'a link-local, unspecified, multicast or reserved address is never contacted' },
        ]);
        expect(recorder.hits).toEqual([]);
      });

      it('a loopback server over plain http is still used, with the token (development)', async () => {
        recorder.hits.length = 0;
        const res = await callAs(service, OPEN, `http://127.0.0.1:${recorder.port}/fhir`);
        expect(res.status).toBe(200);
        expect(recorder.hits).toEqual([{ url: `/fhir/Patient/${FIXTURE}`, authorization: `Bearer ${ACCESS_TOKEN}` }]);
      });
    },
  );

  describe('literal addresses and plain http, against a fetcher that cannot connect', () => {
    let service: TestService;
    const fetcher = new RecordingFetcher();
    beforeAll(async () => {
      const file = await clientsFile(dir, key, ['https://10.0.0.7', 'https://169.254.169.254', 'http://ehr.hospital.example']);
      service = await startTestService({ env: { CTC_TRUSTED_CLIENTS_FILE: file }, fetcher });
    }, 60_000);
    afterAll(() => service?.close());

    const NEVER = 'a link-local, unspecified, multicast or reserved address is never contacted';
    const PRIVATE = "a private address is contacted only when the client's fhirServers lists it";
    const PLAIN = "must be https (plain http only on loopback, or when listed in the client's fhirServers)";
    it.each([
      ['https://169.254.169.254/latest/meta-data', NEVER],
      ['http://169.254.169.254/fhir', NEVER],
      ['https://2852039166/fhir', NEVER], // 169.254.169.254 written as one number
      ['https://[::ffff:169.254.169.254]/fhir', NEVER],
      ['https://[fe80::1]/fhir', NEVER],
      ['https://[64:ff9b::a9fe:a9fe]/fhir', NEVER], // NAT64 to 169.254.169.254
      ['https://0.0.0.0/fhir', NEVER],
      ['https://[::]/fhir', NEVER],
      ['https://224.0.0.1/fhir', NEVER],
      ['https://255.255.255.255/fhir', NEVER],
      ['https://10.0.0.7/fhir', PRIVATE],
      ['https://172.20.1.1/fhir', PRIVATE],
      ['https://192.168.1.10/fhir', PRIVATE],
      ['https://[fd00::7]/fhir', PRIVATE],
      ['http://ehr.hospital.example/fhir', PLAIN],
    ])('a client without fhirServers naming %s → 400, nothing fetched', async (fhirServer, message) => {
      fetcher.requests.length = 0;
      const res = await callAs(service, OPEN, fhirServer);
      expect(res.status).toBe(400);
      expect(res.body.problems).toEqual([{ path: '/fhirServer', message }]);
      expect(fetcher.requests).toEqual([]);
    });

    it('a link-local address stays refused even when the client lists it', async () => {
      fetcher.requests.length = 0;
      const res = await callAs(service, LISTED, 'https://169.254.169.254/fhir');
      expect(res.status).toBe(400);
      expect(fetcher.requests).toEqual([]);
    });

    it.each(['https://10.0.0.7/fhir', 'http://ehr.hospital.example/fhir'])(
      'a private address or plain http listed for the client (%s) is fetched, as the policy says who may go there',
      async (fhirServer) => {
        fetcher.requests.length = 0;
        const res = await callAs(service, LISTED, fhirServer);
        expect(res.status).toBe(200);
        expect(fetcher.requests.map((r) => [r.baseUrl, r.policy])).toEqual([[fhirServer, { listed: true }]]);
      },
    );
  });

  describe('names checked when they resolve, at connect time (a resolver stands in for DNS)', () => {
    let service: TestService;
    const asked: string[] = [];
    // 0.0.0.0 reaches loopback: were the check missing, the recording server would see the call.
    const answers: Record<string, string[]> = {
      'zero.test': ['0.0.0.0'],
      'mixed.test': ['127.0.0.1', '0.0.0.0'],
      'loop.test': ['127.0.0.1'],
    };
    const resolve: Resolver = (hostname, callback) => {
      asked.push(hostname);
      const addresses = answers[hostname];
      if (!addresses) return callback(Object.assign(new Error(`${hostname} unknown`), { code: 'ENOTFOUND' }), []);
      callback(
        null,
        addresses.map((address) => ({ address, family: 4 })),
      );
    };
    let logs: CapturedLogs;
    beforeAll(async () => {
      logs = captureLogs('info');
      const listed = ['zero.test', 'mixed.test', 'loop.test'].map((host) => `http://${host}:*`);
      const file = await clientsFile(dir, key, listed);
      service = await startTestService({
        env: { CTC_TRUSTED_CLIENTS_FILE: file },
        fetcher: new HttpFhirFetcher({ resolve }),
        logger: logs.logger,
      });
    }, 60_000);
    afterAll(() => service?.close());

    it.each(['zero.test', 'mixed.test'])(
      'a name resolving to an address never contacted (%s) → refused before connecting; the key is unobtainable',
      async (host) => {
        recorder.hits.length = 0;
        asked.length = 0;
        const res = await callAs(service, LISTED, `http://${host}:${recorder.port}/fhir`);
        expect(res.status).toBe(200);
        expect(asked).toContain(host);
        expect(recorder.hits).toEqual([]);
        const line = logs
          .records()
          .filter((r) => r.event === 'cds-call')
          .at(-1);
        expect(JSON.stringify(line?.fhirProblems)).toMatch(
          /refused before connecting: .* resolved to 0\.0\.0\.0 is a link-local, unspecified/,
        );
      },
    );

    it('a name resolving to loopback is connected to, so the resolver is the one in use', async () => {
      recorder.hits.length = 0;
      const res = await callAs(service, LISTED, `http://loop.test:${recorder.port}/fhir`);
      expect(res.status).toBe(200);
      expect(recorder.hits).toEqual([{ url: `/fhir/Patient/${FIXTURE}`, authorization: `Bearer ${ACCESS_TOKEN}` }]);
    });
  });
});

describe('start-up with CTC_DEV_CLIENT=off warns about every client without fhirServers', () => {
  it('one warning per unlisted client, one per client listing plain http beyond loopback, none for the others', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'ctc-fhir-warn-'));
    try {
      const key = await makeKey('ES384');
      const jwks = { keys: [key.publicJwk] };
      const file = path.join(dir, 'clients.json');
      await writeFile(
        file,
        JSON.stringify({
          clients: [
            { iss: 'https://unlisted-a.example', jwks },
            { iss: 'https://unlisted-b.example', jwks },
            { iss: 'https://listed.example', jwks, fhirServers: ['https://ehr.example.org/fhir', 'http://127.0.0.1:*'] },
            { iss: 'https://plain.example', jwks, fhirServers: ['http://ehr.hospital.example/fhir'] },
            { iss: 'https://prefetch-only.example', jwks, fhirServers: [] },
          ],
        }),
      );
      const warnings = async (devClient: 'on' | 'off') => {
        const logs = captureLogs('info');
        const config = parseAuthConfig({ CTC_TRUSTED_CLIENTS_FILE: file, CTC_DEV_CLIENT: devClient });
        await createAuthentication(config.value, dir, logs.logger);
        return logs.records().filter((r) => r.event === 'auth.fhir_servers');
      };
      const production = await warnings('off');
      expect(production.map((r) => r.iss)).toEqual(['https://unlisted-a.example', 'https://unlisted-b.example', 'https://plain.example']);
      expect(production.map((r) => r.level)).toEqual([40, 40, 40]);
      expect(String(production[0]?.msg)).toMatch(/no fhirServers list/);
      expect(String(production[2]?.msg)).toMatch(/plain-http .*http:\/\/ehr\.hospital\.example\/fhir/);
      expect(await warnings('on')).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

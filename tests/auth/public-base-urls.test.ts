import { createServer, request as httpRequest } from 'node:http';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAuthConfig } from '../../src/auth/auth-config.ts';
import { freeLoopbackPort, listenOnLoopback } from '../support/free-port.ts';
import { captureLogs } from '../support/log-capture.ts';
import { startTestService, type TestService } from '../support/test-service.ts';
import { PATIENT_VIEW, requestFixture } from '../service/helpers.ts';

// issue 18, "the URL trap": an EHR registered under http://127.0.0.1:3000 got a bare 401 because the
// default audience was http://localhost:3000 only, and the log did not say which aud the token carried.

describe('CTC_PUBLIC_BASE_URL', () => {
  it('defaults to both loopback spellings of PORT, localhost first', () => {
    expect(parseAuthConfig({}).value).toMatchObject({
      publicBaseUrl: 'http://localhost:3000',
      publicBaseUrls: ['http://localhost:3000', 'http://127.0.0.1:3000'],
    });
    expect(parseAuthConfig({ PORT: '8080' }).value.publicBaseUrls).toEqual(['http://localhost:8080', 'http://127.0.0.1:8080']);
  });

  it('takes several comma-separated URLs; the first is the one EHRs are told to use', () => {
    const { value, problems } = parseAuthConfig({
      CTC_PUBLIC_BASE_URL: ' https://cds.example.org/ctc/ , https://ctc.internal.example.org ,https://cds.example.org/ctc',
    });
    expect(problems).toEqual([]);
    expect(value.publicBaseUrl).toBe('https://cds.example.org/ctc');
    expect(value.publicBaseUrls).toEqual(['https://cds.example.org/ctc', 'https://ctc.internal.example.org']);
  });

  it('reports every bad entry of the list', () => {
    const { problems } = parseAuthConfig({ CTC_PUBLIC_BASE_URL: 'https://ok.example.org,ftp://x,https://y.example.org/?q=1' });
    expect(problems).toEqual([
      expect.stringMatching(/http or https, got "ftp:\/\/x"/),
      expect.stringMatching(/query or a fragment, got "https:\/\/y\.example\.org\/\?q=1"/),
    ]);
    expect(parseAuthConfig({ CTC_PUBLIC_BASE_URL: ' , ' }).problems).toEqual([expect.stringMatching(/at least one/)]);
  });
});

/** One HTTP call to the socket at 127.0.0.1 under the host name an EHR registered (Host header), as an EHR resolving that name would send. */
function call(
  port: number,
  hostName: string,
  method: 'GET' | 'POST',
  path: string,
  token: string,
  body?: unknown,
): Promise<{ status: number; json: unknown }> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        headers: {
          Host: `${hostName}:${port}`,
          Authorization: `Bearer ${token}`,
          ...(payload ? { 'Content-Type': 'application/json' } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: text ? (JSON.parse(text) as unknown) : null }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

describe('the default configuration on a real socket', () => {
  let test: TestService;
  let server: { port: number; stop(): Promise<void> };
  let mint: (aud: string) => Promise<string>;

  beforeAll(async () => {
    // The port is known only once listening, so PORT is set to it the way `PORT=… npm start` would.
    const port = await freeLoopbackPort();
    test = await startTestService({ env: { PORT: String(port) } });
    const auth = test.service.authentication;
    if (auth.mode !== 'required' || !auth.devClient) throw new Error('expected the dev client');
    const devClient = auth.devClient;
    mint = (aud) => devClient.mintToken(aud);
    server = await listenOnLoopback(createServer(test.app), { port });
  }, 30_000);

  afterAll(async () => {
    await server?.stop();
    await test?.close();
  });

  it.each(['localhost', '127.0.0.1'])('an EHR that registered http://%s:PORT discovers and calls the service (200)', async (host) => {
    const base = `http://${host}:${server.port}`;
    expect(test.config.auth.publicBaseUrls).toContain(base);
    const discovery = await call(server.port, host, 'GET', '/cds-services', await mint(`${base}/cds-services`));
    expect(discovery.status).toBe(200);
    expect((discovery.json as { services: { id: string }[] }).services.map((s) => s.id)).toContain('ctc-advisor-patient-view');
    const body = requestFixture('mbc-ctc-12-cellsearch.patient-view');
    const answer = await call(server.port, host, 'POST', PATIENT_VIEW, await mint(`${base}${PATIENT_VIEW}`), body);
    expect(answer.status).toBe(200);
    expect((answer.json as { cards: unknown[] }).cards.length).toBeGreaterThan(0);
  });

  it('any other spelling is still refused', async () => {
    const other = await call(server.port, '127.0.0.2', 'GET', '/cds-services', await mint(`http://127.0.0.2:${server.port}/cds-services`));
    expect(other.status).toBe(401);
  });
});

describe('an audience mismatch', () => {
  const logs = captureLogs('info');
  let test: TestService;

  beforeAll(async () => {
    test = await startTestService({ env: { CTC_PUBLIC_BASE_URL: 'https://cds.example.org/ctc' }, logger: logs.logger });
  }, 30_000);
  afterAll(async () => test?.close());

  it('logs the expected and the received aud on one line', async () => {
    const auth = test.service.authentication;
    if (auth.mode !== 'required' || !auth.devClient) throw new Error('expected the dev client');
    const received = 'http://127.0.0.1:3000/cds-services';
    const before = logs.lines.length;
    const res = await request(test.app)
      .get('/cds-services')
      .set('Authorization', `Bearer ${await auth.devClient.mintToken(received)}`);
    expect(res.status).toBe(401);
    const line = logs
      .records()
      .slice(before)
      .find((r) => r.event === 'auth.rejected');
    expect(line).toMatchObject({
      reason: expect.stringMatching(/claim aud/),
      audience: 'https://cds.example.org/ctc/cds-services',
      receivedAud: received,
    });
  });

  it('names every accepted spelling when several are configured', async () => {
    const several = captureLogs('info');
    const other = await startTestService({
      env: { CTC_PUBLIC_BASE_URL: 'https://a.example.org,https://b.example.org/ctc' },
      logger: several.logger,
    });
    try {
      const auth = other.service.authentication;
      if (auth.mode !== 'required' || !auth.devClient) throw new Error('expected the dev client');
      for (const base of ['https://a.example.org', 'https://b.example.org/ctc']) {
        expect(
          (
            await request(other.app)
              .get('/cds-services')
              .set('Authorization', `Bearer ${await auth.devClient.mintToken(`${base}/cds-services`)}`)
          ).status,
        ).toBe(200);
      }
      expect(
        (
          await request(other.app)
            .get('/cds-services')
            .set('Authorization', `Bearer ${await auth.devClient.mintToken('https://c.example.org/cds-services')}`)
        ).status,
      ).toBe(401);
      const line = several.records().find((r) => r.event === 'auth.rejected');
      expect(line).toMatchObject({
        audience: ['https://a.example.org/cds-services', 'https://b.example.org/ctc/cds-services'],
        receivedAud: 'https://c.example.org/cds-services',
      });
    } finally {
      await other.close();
    }
  });
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Express } from 'express';
import { createJwtVerifier } from '../../src/auth/jwt-verifier.ts';
import { appWith, captureLogger } from './support/app.ts';
import { DISCOVERY, EHR, EPIC, ES256_EHR, OTHER_SERVICE, SERVICE, TENANT_EHR, buildFixture, type Fixture } from './support/fixture.ts';
import { claims, makeKey, nowSeconds, sign, type TestKey } from './support/tokens.ts';

const SERVICE_PATH = '/cds-services/ctc-advisor-patient-view';
let fx: Fixture;
let app: Express;

beforeAll(async () => {
  fx = await buildFixture();
  app = appWith(fx.verifier(), captureLogger().logger);
});

async function call(token: string, path = SERVICE_PATH) {
  return request(app).post(path).set('Authorization', `Bearer ${token}`).send({});
}

describe('valid tokens are accepted', () => {
  it('ES384, and the caller reaches the handler', async () => {
    const payload = claims(EHR, SERVICE, { sub: 'ehr-client-1' });
    const res = await call(await sign(fx.es384, payload));
    expect(res.status).toBe(200);
    expect(res.body.caller).toEqual({ iss: EHR, sub: 'ehr-client-1', jti: payload.jti });
  });

  it('RS384', async () => {
    expect((await call(await sign(fx.rs384, claims(EHR, SERVICE)))).status).toBe(200);
  });

  it('aud as an array that contains the exact endpoint URL', async () => {
    expect((await call(await sign(fx.es384, claims(EHR, [OTHER_SERVICE, SERVICE])))).status).toBe(200);
  });

  it('ES256 from an issuer that opted in', async () => {
    expect((await call(await sign(fx.es256OptedIn, claims(ES256_EHR, SERVICE)))).status).toBe(200);
  });

  it('discovery with or without a trailing slash', async () => {
    const get = async (path: string) =>
      request(app)
        .get(path)
        .set('Authorization', `Bearer ${await sign(fx.es384, claims(EHR, DISCOVERY))}`);
    expect((await get('/cds-services')).status).toBe(200);
    expect((await get('/cds-services/')).status).toBe(200);
  });

  it('an allow-listed tenant', async () => {
    const res = await call(await sign(fx.es384, claims(TENANT_EHR, SERVICE, { tenant: 'hospital-a' })));
    expect(res.status).toBe(200);
    expect(res.body.caller.tenant).toBe('hospital-a');
  });

  it('Epic-style: RS384, nbf 5 minutes before iat, sub, clock 30 s ahead of ours', async () => {
    const iat = nowSeconds() + 30;
    const token = await sign(
      fx.epic,
      claims(EPIC, SERVICE, { iat, nbf: iat - 300, exp: iat + 300, sub: 'epic-cds-client-id', epicExtra: { x: 1 } }),
    );
    const res = await call(token);
    expect(res.status).toBe(200);
    expect(res.body.caller.sub).toBe('epic-cds-client-id');
  });
});

describe('remote JWKS behind an allow-listed jku', () => {
  let server: Server;
  let hits: Record<string, number>;
  let rotated: TestKey;
  let base: string;

  beforeAll(async () => {
    rotated = await makeKey('ES384');
    const configured = await makeKey('ES384');
    hits = {};
    server = createServer((req, res) => {
      hits[req.url ?? ''] = (hits[req.url ?? ''] ?? 0) + 1;
      const keys = req.url === '/rotated.json' ? [rotated.publicJwk] : req.url === '/jwks.json' ? [configured.publicJwk] : null;
      res.writeHead(keys ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify(keys ? { keys } : {}));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
  });

  it('fetches the jku key set once and caches it for the next token', async () => {
    const iss = 'https://remote.example.org';
    const verifier = createJwtVerifier({
      clients: [{ iss, keys: { kind: 'url', url: `${base}/jwks.json` }, allowedJku: [`${base}/rotated.json`], algorithms: ['ES384'] }],
      clockSkewSeconds: 60,
      maxTokenLifetimeSeconds: 3600,
    });
    const jku = `${base}/rotated.json`;
    const first = await verifier.verify(await sign(rotated, claims(iss, SERVICE), { jku }), SERVICE);
    const second = await verifier.verify(await sign(rotated, claims(iss, SERVICE), { jku }), SERVICE);
    expect(first.ok && second.ok).toBe(true);
    expect(hits['/rotated.json']).toBe(1);
    expect(hits['/jwks.json']).toBeUndefined();

    const otherJku = await verifier.verify(await sign(rotated, claims(iss, SERVICE), { jku: `${base}/other.json` }), SERVICE);
    expect(otherJku).toMatchObject({ ok: false, reason: 'jku not allow-listed for this issuer' });
    expect(hits['/other.json']).toBeUndefined();
  });

  it('without jku, uses the configured jwksUrl; an unknown kid is refused after one refresh', async () => {
    const iss = 'https://remote2.example.org';
    const verifier = createJwtVerifier({
      clients: [{ iss, keys: { kind: 'url', url: `${base}/rotated.json` }, allowedJku: [], algorithms: ['ES384'] }],
      clockSkewSeconds: 60,
      maxTokenLifetimeSeconds: 3600,
      remoteJwks: { cooldownMs: 60_000, cacheMaxAgeMs: 600_000, timeoutMs: 2_000 },
    });
    const before = hits['/rotated.json'] ?? 0;
    expect((await verifier.verify(await sign(rotated, claims(iss, SERVICE)), SERVICE)).ok).toBe(true);
    const stranger = await makeKey('ES384');
    const unknown = await verifier.verify(await sign(stranger, claims(iss, SERVICE)), SERVICE);
    expect(unknown).toMatchObject({ ok: false, reason: expect.stringMatching(/unknown kid/) });
    // Inside the cooldown an unknown kid does not make us hammer the EHR's key endpoint.
    expect((hits['/rotated.json'] ?? 0) - before).toBe(1);
  });

  it('an unreachable key set is a 401-style failure, not a throw', async () => {
    const iss = 'https://down.example.org';
    const verifier = createJwtVerifier({
      clients: [{ iss, keys: { kind: 'url', url: `${base}/missing.json` }, allowedJku: [], algorithms: ['ES384'] }],
      clockSkewSeconds: 60,
      maxTokenLifetimeSeconds: 3600,
    });
    const result = await verifier.verify(await sign(rotated, claims(iss, SERVICE)), SERVICE);
    expect(result.ok).toBe(false);
  });
});

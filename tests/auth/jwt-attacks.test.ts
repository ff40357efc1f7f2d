import { exportSPKI } from 'jose';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Express } from 'express';
import { appWith, captureLogger } from './support/app.ts';
import { DISCOVERY, EHR, OTHER_SERVICE, SERVICE, TENANT_EHR, buildFixture, type Fixture } from './support/fixture.ts';
import { claims, makeKey, nowSeconds, sign, signHmac, unsigned } from './support/tokens.ts';

// One test per attack class: each must get a bare 401 and leave its reason in the log.
let fx: Fixture;
let app: Express;
let lines: string[];

beforeAll(async () => {
  fx = await buildFixture();
  const captured = captureLogger();
  lines = captured.lines;
  app = appWith(fx.verifier(), captured.logger);
});

const SERVICE_PATH = '/cds-services/ctc-advisor-patient-view';

async function expectRefused(token: string | undefined, reason: RegExp, path = SERVICE_PATH, authorization?: string): Promise<void> {
  const before = lines.length;
  const req = request(app).post(path).send({});
  const header = authorization ?? (token === undefined ? undefined : `Bearer ${token}`);
  const res = header === undefined ? await req : await req.set('Authorization', header);
  expect(res.status).toBe(401);
  expect(res.body).toEqual({ error: 'unauthorized' });
  expect(res.headers['www-authenticate']).toBe('Bearer');
  const logged = lines.slice(before).map((l) => JSON.parse(l) as { event?: string; reason?: string });
  const rejection = logged.find((l) => l.event === 'auth.rejected');
  expect(rejection?.reason).toMatch(reason);
  if (token) expect(lines.slice(before).join('\n')).not.toContain(token.split('.')[2] || token);
}

describe('JWT attack classes get 401', () => {
  it('alg none', async () => {
    await expectRefused(unsigned(claims(EHR, SERVICE), fx.es384.kid), /algorithm none refused/);
  });

  it('HS256 signed with the public key as the HMAC secret (algorithm confusion)', async () => {
    const secret = new TextEncoder().encode(await exportSPKI(fx.rs384.publicKey));
    await expectRefused(await signHmac('HS256', secret, claims(EHR, SERVICE), fx.rs384.kid), /algorithm HS256 refused/);
  });

  it('plain HS384', async () => {
    const secret = new TextEncoder().encode('a-shared-secret-that-should-never-work-0123456789');
    await expectRefused(await signHmac('HS384', secret, claims(EHR, SERVICE), 'shared'), /algorithm HS384 refused/);
  });

  it('unknown kid', async () => {
    await expectRefused(await sign(fx.es384, claims(EHR, SERVICE), { kid: 'not-a-known-kid' }), /unknown kid/);
  });

  it('missing kid', async () => {
    await expectRefused(await sign(fx.es384, claims(EHR, SERVICE), { kid: undefined }), /kid missing/);
  });

  it('known kid but signed by another key', async () => {
    const impostor = await makeKey('ES384', fx.es384.kid);
    await expectRefused(await sign(impostor, claims(EHR, SERVICE)), /signature invalid/);
  });

  it('jku not allow-listed for the issuer', async () => {
    const token = await sign(fx.es384, claims(EHR, SERVICE), { jku: 'https://attacker.example/jwks.json' });
    await expectRefused(token, /jku not allow-listed/);
  });

  it('issuer not trusted', async () => {
    await expectRefused(await sign(fx.es384, claims('https://evil.example.org', SERVICE)), /issuer not trusted/);
  });

  it('aud for another service endpoint', async () => {
    await expectRefused(await sign(fx.es384, claims(EHR, OTHER_SERVICE)), /claim aud/);
  });

  it('a discovery token used on a service', async () => {
    await expectRefused(await sign(fx.es384, claims(EHR, DISCOVERY)), /claim aud/);
  });

  it('aud built from a spoofed Host header', async () => {
    const token = await sign(fx.es384, claims(EHR, `https://evil.example.org${SERVICE_PATH}`));
    const res = await request(app).post(SERVICE_PATH).set('Host', 'evil.example.org').set('Authorization', `Bearer ${token}`).send({});
    expect(res.status).toBe(401);
  });

  it('expired', async () => {
    const now = nowSeconds();
    await expectRefused(await sign(fx.es384, claims(EHR, SERVICE, { iat: now - 900, exp: now - 120 })), /expired/);
  });

  it('nbf in the future beyond skew', async () => {
    await expectRefused(await sign(fx.es384, claims(EHR, SERVICE, { nbf: nowSeconds() + 200 })), /claim nbf/);
  });

  it('iat in the future beyond skew', async () => {
    const now = nowSeconds();
    await expectRefused(await sign(fx.es384, claims(EHR, SERVICE, { iat: now + 200, exp: now + 400 })), /iat in the future/);
  });

  it('lifetime longer than the maximum', async () => {
    const now = nowSeconds();
    await expectRefused(await sign(fx.es384, claims(EHR, SERVICE, { iat: now, exp: now + 7200 })), /lifetime exceeds/);
  });

  it('missing jti', async () => {
    await expectRefused(await sign(fx.es384, claims(EHR, SERVICE, { jti: undefined })), /jti/);
  });

  it('missing iat and missing exp', async () => {
    await expectRefused(await sign(fx.es384, claims(EHR, SERVICE, { iat: undefined })), /claim iat/);
    await expectRefused(await sign(fx.es384, claims(EHR, SERVICE, { exp: undefined })), /claim exp/);
  });

  it('replayed jti', async () => {
    const token = await sign(fx.es384, claims(EHR, SERVICE));
    const first = await request(app).post(SERVICE_PATH).set('Authorization', `Bearer ${token}`).send({});
    expect(first.status).toBe(200);
    await expectRefused(token, /jti replayed/);
  });

  it('ES256 from an issuer that did not opt in', async () => {
    await expectRefused(await sign(fx.es256, claims(EHR, SERVICE)), /algorithm ES256 not allowed for this issuer/);
  });

  it('typ other than JWT', async () => {
    await expectRefused(await sign(fx.es384, claims(EHR, SERVICE), { typ: 'at+jwt' }), /typ is not JWT/);
  });

  it('tenant not on the issuer allow-list', async () => {
    await expectRefused(await sign(fx.es384, claims(TENANT_EHR, SERVICE, { tenant: 'hospital-b' })), /tenant not allowed/);
    await expectRefused(await sign(fx.es384, claims(TENANT_EHR, SERVICE)), /tenant not allowed/);
  });

  it('missing Authorization header', async () => {
    await expectRefused(undefined, /no Authorization header/);
  });

  it.each([
    ['Basic dXNlcjpwYXNz', /not a Bearer token/],
    ['Bearer', /not a Bearer token/],
    ['Bearer ', /not a Bearer token/],
    ['Bearer a.b', /malformed/],
    ['Bearer a.b.c', /malformed/],
    ['Bearer ....', /malformed/],
    ['Bearer eyJhbGciOiJFUzM4NCJ9.e30.e30.e30.e30', /malformed/],
    ['Bearer %%%.%%%.%%%', /not a Bearer token/],
    [`Bearer ${'A'.repeat(9000)}.${'B'.repeat(10)}.C`, /too long/],
    ['Bearer eyJhbGciOiJFUzM4NCIsImtpZCI6MX0.eyJpc3MiOjF9.AAAA', /kid missing/],
    ['Bearer bnVsbA.bnVsbA.AAAA', /malformed/],
  ])('malformed header or garbage token: %s', async (authorization, reason) => {
    await expectRefused(undefined, reason, SERVICE_PATH, authorization.slice(0, 9100));
  });

  it('applies to discovery and feedback too', async () => {
    expect((await request(app).get('/cds-services')).status).toBe(401);
    expect((await request(app).post(`${SERVICE_PATH}/feedback`).send({})).status).toBe(401);
  });

  it('never logs a token, only iss, kid, jti and aud', async () => {
    const before = lines.length;
    const token = await sign(fx.es384, claims(EHR, OTHER_SERVICE));
    await request(app).post(SERVICE_PATH).set('Authorization', `Bearer ${token}`).send({});
    const entry = JSON.parse(lines.slice(before).find((l) => l.includes('auth.rejected')) ?? '{}') as Record<string, unknown>;
    expect(entry).toMatchObject({ iss: EHR, kid: fx.es384.kid });
    expect(typeof entry.jti).toBe('string');
    for (const part of token.split('.')) expect(lines.join('\n')).not.toContain(part);
  });
});

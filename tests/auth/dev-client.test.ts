import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decodeProtectedHeader, decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { DEV_CLIENT_ISSUER, ensureDevClient } from '../../src/auth/dev-client.ts';
import { createJwtVerifier } from '../../src/auth/jwt-verifier.ts';

const AUD = 'http://localhost:3000/cds-services/ctc-advisor-patient-view';

describe('development client', () => {
  it('creates a 0600 ES384 key pair on first call and reuses it on the second', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'ctc-dev-'));
    const first = await ensureDevClient(dataDir);
    expect(first.privateKeyFile).toBe(path.join(dataDir, 'dev-client', 'private.jwk.json'));
    expect((await stat(first.privateKeyFile)).mode & 0o777).toBe(0o600);
    expect((await stat(first.publicJwksFile)).mode & 0o777).toBe(0o600);
    const privateText = await readFile(first.privateKeyFile, 'utf8');
    const publicJwks = JSON.parse(await readFile(first.publicJwksFile, 'utf8')) as { keys: Record<string, unknown>[] };
    expect(publicJwks.keys[0]).not.toHaveProperty('d');

    const second = await ensureDevClient(dataDir);
    expect(await readFile(second.privateKeyFile, 'utf8')).toBe(privateText);
    expect(second.client).toEqual(first.client);

    // A token minted by the first instance verifies against the second's trusted client.
    const token = await first.mintToken(AUD);
    const verifier = createJwtVerifier({ clients: [second.client], clockSkewSeconds: 60, maxTokenLifetimeSeconds: 3600 });
    expect(await verifier.verify(token, AUD)).toMatchObject({ ok: true, caller: { iss: DEV_CLIENT_ISSUER } });
  });

  it('mints spec-shaped single-use tokens', async () => {
    const dev = await ensureDevClient(await mkdtemp(path.join(tmpdir(), 'ctc-dev-')));
    const [a, b] = [await dev.mintToken(AUD), await dev.mintToken(AUD, 60)];
    expect(decodeProtectedHeader(a)).toMatchObject({ alg: 'ES384', typ: 'JWT', kid: expect.any(String) });
    const claimsA = decodeJwt(a);
    const claimsB = decodeJwt(b);
    expect(claimsA).toMatchObject({ iss: DEV_CLIENT_ISSUER, aud: AUD });
    expect((claimsA.exp ?? 0) - (claimsA.iat ?? 0)).toBe(300);
    expect((claimsB.exp ?? 0) - (claimsB.iat ?? 0)).toBe(60);
    expect(claimsA.jti).not.toBe(claimsB.jti);
    await expect(dev.mintToken(AUD, 0)).rejects.toThrow(RangeError);
  });

  it('a key from another data directory is not trusted', async () => {
    const ours = await ensureDevClient(await mkdtemp(path.join(tmpdir(), 'ctc-dev-')));
    const theirs = await ensureDevClient(await mkdtemp(path.join(tmpdir(), 'ctc-dev-')));
    const verifier = createJwtVerifier({ clients: [ours.client], clockSkewSeconds: 60, maxTokenLifetimeSeconds: 3600 });
    expect((await verifier.verify(await theirs.mintToken(AUD), AUD)).ok).toBe(false);
  });
});

import { randomUUID } from 'node:crypto';
import { SignJWT, base64url, calculateJwkThumbprint, exportJWK, generateKeyPair, type CryptoKey, type JWK, type JWTPayload } from 'jose';

export interface TestKey {
  readonly alg: string;
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
  readonly publicJwk: JWK;
}

export async function makeKey(alg: 'ES384' | 'RS384' | 'ES256' | 'RS256', kid?: string): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = await exportJWK(publicKey);
  const id = kid ?? (await calculateJwkThumbprint(jwk));
  return { alg, kid: id, privateKey, publicKey, publicJwk: { ...jwk, kid: id, alg, use: 'sig' } };
}

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/** Spec-conformant claims for `aud`, overridable; `undefined` values delete a claim. */
export function claims(iss: string, aud: string | string[], overrides: Record<string, unknown> = {}): JWTPayload {
  const now = nowSeconds();
  const base: Record<string, unknown> = { iss, aud, iat: now, exp: now + 300, jti: randomUUID(), ...overrides };
  return Object.fromEntries(Object.entries(base).filter(([, v]) => v !== undefined)) as JWTPayload;
}

export async function sign(key: TestKey, payload: JWTPayload, header: Record<string, unknown> = {}): Promise<string> {
  const protectedHeader = Object.fromEntries(
    Object.entries({ alg: key.alg, kid: key.kid, typ: 'JWT', ...header }).filter(([, v]) => v !== undefined),
  ) as { alg: string };
  return new SignJWT(payload).setProtectedHeader(protectedHeader).sign(key.privateKey);
}

/** Signs with an HMAC secret: the algorithm-confusion attacks. */
export async function signHmac(alg: 'HS256' | 'HS384', secret: Uint8Array, payload: JWTPayload, kid: string): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg, kid, typ: 'JWT' }).sign(secret);
}

/** `alg: none`, built by hand because no library should help with it. */
export function unsigned(payload: JWTPayload, kid: string): string {
  const enc = (value: unknown) => base64url.encode(JSON.stringify(value));
  return `${enc({ alg: 'none', kid, typ: 'JWT' })}.${enc(payload)}.`;
}

import { randomUUID } from 'node:crypto';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SignJWT, calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import type { TrustedClient } from './trusted-clients.ts';
import { parseJsonText } from '../util/json-file.ts';

/**
 * A local CDS client so `npm start` works for a newcomer without ever accepting unsigned calls:
 * its key pair is generated on this machine at first start and only someone who can read the
 * data directory can mint its tokens. Trusted only while CTC_DEV_CLIENT is on.
 */
export const DEV_CLIENT_ISSUER = 'http://localhost/ctc-advisor-dev-client';
const DEV_CLIENT_SUBJECT = 'ctc-advisor-dev-client';
const ALG = 'ES384';
/** Its tokens can only ever send a FHIR access token to this machine, on any port. */
export const DEV_CLIENT_FHIR_SERVERS: readonly string[] = ['127.0.0.1', 'localhost', '[::1]'].flatMap((host) => [
  `http://${host}:*`,
  `https://${host}:*`,
]);
const DEFAULT_TTL_SECONDS = 300;

export interface DevClient {
  readonly client: TrustedClient;
  readonly privateKeyFile: string;
  readonly publicJwksFile: string;
  /** A fresh single-use token (new jti) for the exact endpoint URL `audience`. */
  mintToken(audience: string, ttlSeconds?: number): Promise<string>;
}

export async function ensureDevClient(dataDir: string): Promise<DevClient> {
  const dir = path.join(dataDir, 'dev-client');
  const privateKeyFile = path.join(dir, 'private.jwk.json');
  const publicJwksFile = path.join(dir, 'public.jwks.json');
  await mkdir(dir, { recursive: true, mode: 0o700 });

  const privateJwk = await readOrCreatePrivateKey(privateKeyFile);
  const { d: _private, ...publicJwk } = privateJwk;
  await writeFile(publicJwksFile, `${JSON.stringify({ keys: [publicJwk] }, null, 2)}\n`, { mode: 0o600 });
  await chmod(publicJwksFile, 0o600);

  const signingKey = await importJWK(privateJwk, ALG);
  const kid = privateJwk.kid as string;
  return {
    client: {
      iss: DEV_CLIENT_ISSUER,
      keys: { kind: 'pinned', jwks: { keys: [publicJwk] } },
      allowedJku: [],
      algorithms: [ALG],
      fhirServers: DEV_CLIENT_FHIR_SERVERS,
      description: `Local development client (key in ${privateKeyFile}); never enable in production`,
    },
    privateKeyFile,
    publicJwksFile,
    async mintToken(audience, ttlSeconds = DEFAULT_TTL_SECONDS) {
      if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0) throw new RangeError('ttlSeconds must be a positive integer');
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({})
        .setProtectedHeader({ alg: ALG, kid, typ: 'JWT' })
        .setIssuer(DEV_CLIENT_ISSUER)
        .setSubject(DEV_CLIENT_SUBJECT)
        .setAudience(audience)
        .setIssuedAt(now)
        .setExpirationTime(now + ttlSeconds)
        .setJti(randomUUID())
        .sign(signingKey);
    },
  };
}

async function readOrCreatePrivateKey(file: string): Promise<JWK> {
  if (!(await exists(file))) {
    try {
      await writeFile(file, `${JSON.stringify(await generatePrivateJwk(), null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      // A concurrent start wrote it first: reuse that one.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  if (((await stat(file)).mode & 0o077) !== 0) await chmod(file, 0o600);
  let parsed: unknown;
  try {
    parsed = parseJsonText(await readFile(file, 'utf8'), file);
  } catch (error) {
    throw new Error(`${file}: unreadable development client key (${(error as Error).message}); delete it to regenerate`);
  }
  if (!isEs384PrivateJwk(parsed)) throw new Error(`${file}: not an ES384 private JWK with a kid; delete it to regenerate`);
  return parsed;
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

async function generatePrivateJwk(): Promise<JWK> {
  const { privateKey } = await generateKeyPair(ALG, { extractable: true });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, kid: await calculateJwkThumbprint(jwk), alg: ALG, use: 'sig' };
}

function isEs384PrivateJwk(value: unknown): value is JWK {
  if (typeof value !== 'object' || value === null) return false;
  const jwk = value as Record<string, unknown>;
  return jwk['kty'] === 'EC' && jwk['crv'] === 'P-384' && typeof jwk['d'] === 'string' && typeof jwk['kid'] === 'string';
}

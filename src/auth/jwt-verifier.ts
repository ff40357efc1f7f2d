import { decodeJwt, decodeProtectedHeader, errors, jwtVerify, type JWTPayload, type ProtectedHeaderParameters } from 'jose';
import { isAsymmetricAlgorithm } from './algorithms.ts';
import { DEFAULT_REMOTE_JWKS_POLICY, createKeyResolver, type RemoteJwksPolicy } from './key-resolver.ts';
import { createMemoryReplayCache, type ReplayCache } from './replay-cache.ts';
import type { TrustedClient } from './trusted-clients.ts';

/** The authenticated EHR behind a call (CDS Hooks 2.0 §Trusting CDS Clients, JWT payload). */
export interface Caller {
  readonly iss: string;
  readonly sub?: string;
  readonly tenant?: string;
  readonly jti: string;
  /** The client's FHIR server allow-list, when it has one: `fhirServer` must be on it. */
  readonly fhirServers?: readonly string[];
}

/** Header and claim values read BEFORE verification, capped in length: for the log only. */
interface UnverifiedHints {
  iss?: string;
  kid?: string;
  jti?: string;
  /** The token's `aud` as it came (a string or the first few of an array): not secret, and the usual reason for an audience mismatch. */
  aud?: string | string[];
}

export type VerifyResult =
  | { readonly ok: true; readonly caller: Caller }
  | { readonly ok: false; readonly reason: string; readonly unverified: UnverifiedHints };

export interface JwtVerifier {
  /**
   * `audience`: the exact URL called, or every spelling of it the service answers to (one base URL each);
   * the token's `aud` must be one of them. Never throws: every failure, including garbage input, is `{ ok: false }`.
   */
  verify(token: string, audience: string | readonly string[]): Promise<VerifyResult>;
}

interface JwtVerifierOptions {
  readonly clients: readonly TrustedClient[];
  readonly clockSkewSeconds: number;
  readonly maxTokenLifetimeSeconds: number;
  /** Milliseconds since the epoch; injectable for tests. */
  readonly now?: () => number;
  readonly replayCache?: ReplayCache;
  readonly remoteJwks?: RemoteJwksPolicy;
}

// Real CDS Hooks tokens are well under 2 KB; refusing huge ones early bounds the work per call.
const MAX_TOKEN_CHARS = 8192;
const MAX_HINT_CHARS = 128;

class Rejected extends Error {}

export function createJwtVerifier(options: JwtVerifierOptions): JwtVerifier {
  const now = options.now ?? Date.now;
  const skew = options.clockSkewSeconds;
  const byIss = new Map(options.clients.map((client) => [client.iss, client]));
  const keys = createKeyResolver(options.remoteJwks ?? DEFAULT_REMOTE_JWKS_POLICY);
  const replayCache = options.replayCache ?? createMemoryReplayCache({ now });

  async function check(token: string, audience: string | readonly string[], hints: UnverifiedHints): Promise<Caller> {
    if (typeof token !== 'string' || token.length === 0) throw new Rejected('token missing');
    if (token.length > MAX_TOKEN_CHARS) throw new Rejected('token too long');
    if (token.split('.').length !== 3) throw new Rejected('malformed token: not a compact JWS');
    const [header, unverified] = decodeBoth(token);
    Object.assign(hints, { iss: hint(unverified.iss), kid: hint(header.kid), jti: hint(unverified.jti), aud: audHint(unverified.aud) });

    const { alg, kid, typ, jku } = header;
    if (!isAsymmetricAlgorithm(alg)) throw new Rejected(`algorithm ${hint(alg) ?? '(missing)'} refused`);
    if (typeof kid !== 'string' || kid === '') throw new Rejected('kid missing');
    if (typ !== undefined && !isJwtTyp(typ)) throw new Rejected('typ is not JWT');
    if (jku !== undefined && typeof jku !== 'string') throw new Rejected('jku is not a string');
    const client = typeof unverified.iss === 'string' ? byIss.get(unverified.iss) : undefined;
    if (!client) throw new Rejected('issuer not trusted');
    if (!client.algorithms.includes(alg)) throw new Rejected(`algorithm ${alg} not allowed for this issuer`);
    const choice = keys.keysFor(client, jku);
    if (!choice.ok) throw new Rejected(choice.reason);

    const nowMs = now();
    const { payload } = await jwtVerify(token, choice.getKey, {
      algorithms: [...client.algorithms],
      issuer: client.iss,
      audience: typeof audience === 'string' ? audience : [...audience],
      clockTolerance: skew,
      currentDate: new Date(nowMs),
      requiredClaims: ['iss', 'aud', 'exp', 'iat', 'jti'],
    });
    return acceptClaims(payload, client, nowMs / 1000);
  }

  async function acceptClaims(payload: JWTPayload, client: TrustedClient, nowSeconds: number): Promise<Caller> {
    // jose has already checked that exp and iat are numbers and exp/nbf against the clock.
    const exp = payload.exp as number;
    const iat = payload.iat as number;
    if (iat > nowSeconds + skew) throw new Rejected('iat in the future');
    if (exp - iat > options.maxTokenLifetimeSeconds) throw new Rejected('token lifetime exceeds the maximum');
    const { jti, sub, tenant } = payload;
    if (typeof jti !== 'string' || jti === '' || jti.length > 256) throw new Rejected('jti missing or invalid');
    if (client.tenants && !(typeof tenant === 'string' && client.tenants.includes(tenant))) throw new Rejected('tenant not allowed');

    const verdict = await replayCache.remember(`${client.iss}\u0000${jti}`, exp + skew);
    if (verdict === 'replayed') throw new Rejected('jti replayed');
    if (verdict === 'full') throw new Rejected('replay cache full');
    if (verdict === 'unavailable') throw new Rejected('replay store unavailable');
    return {
      iss: client.iss,
      jti,
      ...(typeof sub === 'string' ? { sub } : {}),
      ...(typeof tenant === 'string' ? { tenant } : {}),
      ...(client.fhirServers ? { fhirServers: client.fhirServers } : {}),
    };
  }

  return {
    async verify(token, audience) {
      const hints: UnverifiedHints = {};
      try {
        return { ok: true, caller: await check(token, audience, hints) };
      } catch (error) {
        return { ok: false, reason: describe(error), unverified: prune(hints) };
      }
    },
  };
}

function decodeBoth(token: string): [ProtectedHeaderParameters, JWTPayload] {
  try {
    return [decodeProtectedHeader(token), decodeJwt(token)];
  } catch {
    throw new Rejected('malformed token');
  }
}

function isJwtTyp(typ: string): boolean {
  const lower = typ.toLowerCase();
  return lower === 'jwt' || lower === 'application/jwt';
}

function hint(value: unknown): string | undefined {
  return typeof value === 'string' ? value.slice(0, MAX_HINT_CHARS) : undefined;
}

function audHint(value: unknown): string | string[] | undefined {
  if (Array.isArray(value)) return value.slice(0, 4).map((v) => hint(v) ?? '(not a string)');
  return hint(value);
}

function prune(hints: UnverifiedHints): UnverifiedHints {
  return Object.fromEntries(Object.entries(hints).filter(([, v]) => v !== undefined));
}

/** A reason for the log: never includes the token. */
function describe(error: unknown): string {
  if (error instanceof Rejected) return error.message;
  if (error instanceof errors.JWKSNoMatchingKey) return 'unknown kid: no matching key for this issuer';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'signature invalid';
  if (error instanceof errors.JWTExpired) return `token expired (${error.claim})`;
  if (error instanceof errors.JWTClaimValidationFailed) return `claim ${error.claim} invalid: ${error.message}`;
  if (error instanceof errors.JWKSTimeout) return 'key set fetch timed out';
  if (error instanceof errors.JOSEError) return `${error.code}: ${error.message}`;
  return `key set unavailable or token unusable: ${error instanceof Error ? error.message : 'unknown error'}`;
}

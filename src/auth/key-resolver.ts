import { createLocalJWKSet, createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';
import type { TrustedClient } from './trusted-clients.ts';
import { entryOf } from '../util/map-entry.ts';

/** How remote key sets are cached; jose does the fetching, caching and refresh. */
export interface RemoteJwksPolicy {
  /** After a fetch, an unknown `kid` does not trigger another fetch for this long. */
  readonly cooldownMs: number;
  /** A fetched key set is refetched after this long. */
  readonly cacheMaxAgeMs: number;
  /** A key-set fetch that takes longer fails (the call gets 401). */
  readonly timeoutMs: number;
}

export const DEFAULT_REMOTE_JWKS_POLICY: RemoteJwksPolicy = { cooldownMs: 30_000, cacheMaxAgeMs: 600_000, timeoutMs: 2_000 };

type KeyChoice = { readonly ok: true; readonly getKey: JWTVerifyGetKey } | { readonly ok: false; readonly reason: string };

interface KeyResolver {
  keysFor(client: TrustedClient, jku: string | undefined): KeyChoice;
}

/**
 * Picks the key set for a token. A `jku` header is honoured only when allow-listed for the
 * issuer (a configured `jwksUrl` counts as allow-listed). Keys held out-of-band stay pinned:
 * an allowed `jku` then only has to match, it is not fetched (this lets the CDS Hooks Sandbox,
 * which always sends its public `jku`, be verified offline).
 */
export function createKeyResolver(policy: RemoteJwksPolicy = DEFAULT_REMOTE_JWKS_POLICY): KeyResolver {
  const pinned = new Map<TrustedClient, JWTVerifyGetKey>();
  // Only allow-listed URLs ever reach this map, so it is bounded by the configuration.
  const remote = new Map<string, JWTVerifyGetKey>();

  const remoteSet = (url: string): JWTVerifyGetKey =>
    entryOf(remote, url, () =>
      createRemoteJWKSet(new URL(url), {
        cooldownDuration: policy.cooldownMs,
        cacheMaxAge: policy.cacheMaxAgeMs,
        timeoutDuration: policy.timeoutMs,
      }),
    );

  return {
    keysFor(client, jku) {
      const configuredUrl = client.keys.kind === 'url' ? client.keys.url : undefined;
      if (jku !== undefined && jku !== configuredUrl && !client.allowedJku.includes(jku)) {
        return { ok: false, reason: 'jku not allow-listed for this issuer' };
      }
      if (client.keys.kind === 'pinned') {
        const { jwks } = client.keys;
        return { ok: true, getKey: entryOf(pinned, client, () => createLocalJWKSet(jwks)) };
      }
      return { ok: true, getKey: remoteSet(jku ?? client.keys.url) };
    },
  };
}

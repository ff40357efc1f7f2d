import { isLoopbackHost } from '../auth/loopback.ts';

/** CDS endpoints the sandbox may mint a dev-client token for: discovery, a service, its feedback. */
const CDS_PATH = /^\/cds-services(\/[a-z0-9][a-z0-9-]*(\/feedback)?)?$/;

export function isCdsPath(path: unknown): path is string {
  return typeof path === 'string' && CDS_PATH.test(path);
}

export interface TokenRequestFacts {
  readonly remoteAddress: string | undefined;
  readonly host: string | undefined;
  readonly origin: string | undefined;
  readonly secFetchSite: string | undefined;
}

/**
 * Why a token request must be refused, or null. Only this machine may ask (the dev client's key
 * never serves a remote caller), and only the sandbox page itself: a page from another origin
 * open in the same browser must not obtain tokens through the permissive CORS default.
 */
export function tokenRequestProblem(facts: TokenRequestFacts): string | null {
  if (!facts.remoteAddress || !isLoopbackHost(facts.remoteAddress)) return 'tokens are minted only for callers on this machine (loopback)';
  if (facts.secFetchSite !== undefined && facts.secFetchSite !== 'same-origin' && facts.secFetchSite !== 'none') return 'tokens are minted only for the sandbox page itself (same origin)';
  if (facts.origin !== undefined) {
    let originHost: string;
    try {
      originHost = new URL(facts.origin).host;
    } catch {
      return 'the Origin header is not a URL';
    }
    if (originHost !== facts.host) return 'tokens are minted only for the sandbox page itself (same origin)';
  }
  return null;
}

import { isLoopbackHost } from '../auth/loopback.ts';

/** CDS endpoints the sandbox may mint a dev-client token for: discovery, a service, its feedback. */
const CDS_PATH = /^\/cds-services(\/[a-z0-9][a-z0-9-]*(\/feedback)?)?$/;

export function isCdsPath(path: unknown): path is string {
  return typeof path === 'string' && CDS_PATH.test(path);
}

interface TokenRequestFacts {
  readonly remoteAddress: string | undefined;
  readonly host: string | undefined;
  /** The port the request arrived on; a Host header naming another port is refused. */
  readonly localPort: number | undefined;
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
  // DNS rebinding: a page from evil.example whose name now resolves to 127.0.0.1 is "same origin" with
  // itself, so Origin = Host proves nothing unless the Host is one of this machine's own names.
  if (!isLoopbackHostHeader(facts.host, facts.localPort))
    return 'tokens are minted only for a loopback Host (localhost, 127.0.0.1 or [::1], with this port)';
  if (facts.secFetchSite !== undefined && facts.secFetchSite !== 'same-origin' && facts.secFetchSite !== 'none')
    return 'tokens are minted only for the sandbox page itself (same origin)';
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

/** Host names a browser sends for this machine; any other name (a rebound DNS name) is refused. */
const LOOPBACK_HOST_HEADER = /^(localhost|127\.0\.0\.1|\[::1\])(?::(\d{1,5}))?$/;

/** True for `localhost`, `127.0.0.1` or `[::1]`, optionally with a port that must be the one the request came in on. */
function isLoopbackHostHeader(host: string | undefined, localPort: number | undefined): boolean {
  const match = LOOPBACK_HOST_HEADER.exec((host ?? '').toLowerCase());
  if (!match) return false;
  const port = match[2];
  return port === undefined || (localPort !== undefined && Number(port) === localPort);
}

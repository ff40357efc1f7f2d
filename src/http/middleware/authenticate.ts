import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import type { Caller, JwtVerifier } from '../../auth/jwt-verifier.ts';

declare global {
  namespace Express {
    interface Locals {
      /** Set by `authenticate` once the caller's JWT has been verified. */
      caller?: Caller;
    }
  }
}

interface AuthenticateDeps {
  readonly verifier: JwtVerifier;
  /** Without a trailing slash; the audience never comes from the Host header (proxies, spoofing). */
  readonly publicBaseUrl: string;
  /** Further base URLs the service answers to (CTC_PUBLIC_BASE_URL lists several; by default both loopback spellings). */
  readonly publicBaseUrls?: readonly string[];
  readonly logger: Logger;
}

const BEARER = /^Bearer[ \t]+([A-Za-z0-9\-_.~+/]+=*)[ \t]*$/i;

/**
 * CDS Hooks 2.0 §Trusting CDS Clients: every call carries `Authorization: Bearer <JWT>` whose
 * `aud` is the exact URL called. Failures get a bare 401; the reason goes to the log with
 * iss, kid, jti and the token's `aud` beside the expected audience (an EHR registered under another
 * URL is the usual cause), never the token. CORS preflights carry no token and pass through.
 */
export function authenticate(deps: AuthenticateDeps): RequestHandler {
  const bases = [...new Set([deps.publicBaseUrl, ...(deps.publicBaseUrls ?? [])].map((b) => b.replace(/\/+$/, '')))];
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    if (req.method === 'OPTIONS') return next();
    const path = endpointPath(req);
    const audiences = bases.map((base) => base + path);
    // One expected audience logs as a string (as before); several as the list.
    const audience = audiences.length === 1 ? (audiences[0] as string) : audiences;
    const header = req.headers.authorization;
    const match = typeof header === 'string' ? BEARER.exec(header) : null;
    if (!match?.[1]) {
      deps.logger.warn(
        {
          event: 'auth.rejected',
          reason: header === undefined ? 'no Authorization header' : 'Authorization is not a Bearer token',
          audience,
        },
        'authentication failed',
      );
      return refuse(res);
    }
    const result = await deps.verifier.verify(match[1], audiences);
    if (!result.ok) {
      const { aud, ...unverified } = result.unverified;
      deps.logger.warn(
        { event: 'auth.rejected', reason: result.reason, ...unverified, audience, ...(aud !== undefined ? { receivedAud: aud } : {}) },
        'authentication failed',
      );
      return refuse(res);
    }
    res.locals.caller = result.caller;
    deps.logger.debug({ event: 'auth.accepted', iss: result.caller.iss, jti: result.caller.jti }, 'authenticated');
    next();
  };
}

/** The path as mounted, without a trailing slash, so `/cds-services/` and `/cds-services` agree. */
function endpointPath(req: Request): string {
  const full = `${req.baseUrl}${req.path}`;
  const trimmed = full.replace(/\/+$/, '');
  return trimmed === '' ? '/' : trimmed;
}

function refuse(res: Response): void {
  res.status(401).set('WWW-Authenticate', 'Bearer').json({ error: 'unauthorized' });
}

import { createServer, type RequestListener, type Server } from 'node:http';

/** How long a socket may take to deliver one request, and how often Node looks for those that took too long. */
interface SlowClientTimeouts {
  /** Whole request (headers and body) must have arrived within this; Node answers 408 and closes otherwise. */
  readonly requestTimeoutMs: number;
  /** Headers alone; equal to the request timeout here (Node refuses a larger one). */
  readonly headersTimeoutMs: number;
  /** Node checks the two timeouts only this often (30 s by default), so a slow client is held up to timeout + interval. */
  readonly checkIntervalMs: number;
}

/** Beyond the app's own 503 deadline, so a call the app is still answering is never cut before its 503. */
const SOCKET_GRACE_MS = 5_000;

/**
 * The socket limits for a request timeout of `requestTimeoutMs` (CTC_REQUEST_TIMEOUT_MS): the app answers 503
 * at that deadline, and a client still sending its headers or body is cut off `SOCKET_GRACE_MS` later, give or
 * take one check interval (at most 1 s, docs/limits.md).
 */
export function slowClientTimeouts(requestTimeoutMs: number, graceMs = SOCKET_GRACE_MS): SlowClientTimeouts {
  const limit = requestTimeoutMs + graceMs;
  return { requestTimeoutMs: limit, headersTimeoutMs: limit, checkIntervalMs: Math.max(10, Math.min(1_000, Math.floor(limit / 10))) };
}

/** The service's HTTP server: the app behind a socket whose slow-client limits hold to within one check interval. */
export function createHttpServer(app: RequestListener, timeouts: SlowClientTimeouts): Server {
  return createServer(
    {
      requestTimeout: timeouts.requestTimeoutMs,
      headersTimeout: timeouts.headersTimeoutMs,
      connectionsCheckingInterval: timeouts.checkIntervalMs,
    },
    app,
  );
}

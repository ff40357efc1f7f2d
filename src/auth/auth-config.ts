import { EnvReader, type Env } from '../util/env-parsers.ts';
import { isLoopbackHost } from './loopback.ts';

/** Authentication settings. The only place they are read from the environment. */
export interface AuthConfig {
  /** `required`: every call needs a valid JWT. `off`: local debugging only, loopback bind only. */
  readonly mode: 'required' | 'off';
  readonly trustedClientsFile: string | null;
  /**
   * The URL EHRs should register (scheme, host and optional path prefix, no trailing slash): the first of
   * `publicBaseUrls`. Card links, discovery links and minted tokens use it.
   */
  readonly publicBaseUrl: string;
  /**
   * Every base URL a token's `aud` may start with (CTC_PUBLIC_BASE_URL, comma-separated), for a service
   * reachable under more than one name. Unset: both loopback spellings of PORT (localhost, 127.0.0.1).
   */
  readonly publicBaseUrls: readonly string[];
  readonly clockSkewSeconds: number;
  readonly maxTokenLifetimeSeconds: number;
  /** Trust the locally generated development client (on by default; switch off in production). */
  readonly devClient: boolean;
}

export function parseAuthConfig(env: Record<string, string | undefined>): { value: AuthConfig; problems: string[] } {
  const read = new EnvReader(env as Env);
  const mode = read.oneOf('CTC_AUTH', ['required', 'off'], 'required');
  const trustedClientsFile = read.optionalString('CTC_TRUSTED_CLIENTS_FILE') ?? null;
  const rawBaseUrl = read.optionalString('CTC_PUBLIC_BASE_URL');
  const clockSkewSeconds = read.integer('CTC_JWT_CLOCK_SKEW_SECONDS', 60, 0, 600);
  const maxTokenLifetimeSeconds = read.integer('CTC_JWT_MAX_LIFETIME_SECONDS', 3600, 1, 86_400);
  const devClient = read.oneOf('CTC_DEV_CLIENT', ['on', 'off'], 'on') === 'on';
  const problems = [...read.problems];

  const publicBaseUrls = rawBaseUrl === undefined ? loopbackBaseUrls(env as Env) : parseBaseUrls(rawBaseUrl, problems);
  const publicBaseUrl = publicBaseUrls[0] ?? 'http://localhost:3000';
  if (mode === 'required' && !devClient && trustedClientsFile === null) {
    problems.push('CTC_AUTH=required trusts nobody: set CTC_TRUSTED_CLIENTS_FILE or CTC_DEV_CLIENT=on');
  }
  return {
    value: { mode, trustedClientsFile, publicBaseUrl, publicBaseUrls, clockSkewSeconds, maxTokenLifetimeSeconds, devClient },
    problems,
  };
}

/**
 * The default: the service on this machine, under both loopback spellings an EHR may register
 * (http://localhost:PORT first, then http://127.0.0.1:PORT). An invalid PORT is reported by the server config;
 * PORT=0 (any free port) names no port before listening, so those keep 3000 as before.
 */
function loopbackBaseUrls(env: Env): string[] {
  // Read as server-config.ts reads it (its problems are reported there), so the default names the port listened on.
  const listened = new EnvReader(env).integer('PORT', 3000, 0, 65535);
  const port = listened === 0 ? 3000 : listened;
  return [`http://localhost:${port}`, `http://127.0.0.1:${port}`];
}

/** CTC_PUBLIC_BASE_URL: one URL or several, comma-separated; the first is the one EHRs are told to use. */
function parseBaseUrls(raw: string, problems: string[]): string[] {
  const parts = raw
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  if (parts.length === 0) {
    problems.push('CTC_PUBLIC_BASE_URL must name at least one absolute http(s) URL');
    return [];
  }
  return [...new Set(parts.map((part) => normalizeBaseUrl(part, problems)))];
}

/** The audience of a token is one of these bases plus the endpoint path, so it must be exact. */
function normalizeBaseUrl(raw: string, problems: string[]): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    problems.push(`CTC_PUBLIC_BASE_URL must be an absolute http(s) URL, got "${raw}"`);
    return raw;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') problems.push(`CTC_PUBLIC_BASE_URL must use http or https, got "${raw}"`);
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    problems.push(`CTC_PUBLIC_BASE_URL must not carry credentials, a query or a fragment, got "${raw}"`);
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

/**
 * CTC_AUTH=off is honoured only when the server listens on loopback, so unsigned calls can
 * never come from another host. Returns the problem for start-up's list, or null.
 */
export function authOffProblem(host: string): string | null {
  return isLoopbackHost(host)
    ? null
    : `CTC_AUTH=off is allowed only when CTC_HOST is a loopback address (127.0.0.1, ::1, localhost), got "${host}"`;
}

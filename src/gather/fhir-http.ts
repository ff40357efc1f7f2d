import http from 'node:http';
import https from 'node:https';
import { literalAddressProblem, policyLookup, RefusedAddressError, type AddressPolicy, type Resolver } from './fhir-address-policy.ts';
import { entryOf } from '../util/map-entry.ts';

/**
 * One GET of a FHIR URL with the EHR's token, on node:http(s) rather than fetch, because the fallback
 * must control what fetch decides alone: redirects (only on the FHIR server's origin, at most
 * MAX_REDIRECTS), the bytes read (counted as they stream, aborted at the cap) and the addresses
 * connected to (fhir-address-policy.ts, at connect time). Limits: docs/limits.md.
 */
const MAX_REDIRECTS = 3;
export const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;
export const DEFAULT_MAX_CALL_BYTES = 25 * 1024 * 1024;

/** The bytes one call may still read from FHIR servers, shared by all its keys and pages. */
export interface ByteBudget {
  remaining: number;
}

interface GetOptions {
  /** Redirects are followed only to this origin (the fhirServer's). */
  readonly origin: string;
  readonly accessToken?: string;
  readonly signal: AbortSignal;
  readonly policy: AddressPolicy;
  readonly maxResponseBytes: number;
  readonly budget: ByteBudget;
}

/** Why a GET failed; `detail` is for the log only (no URL path, no token: it may name the patient). */
export class FhirHttpError extends Error {
  constructor(
    readonly detail: string,
    readonly status?: number,
  ) {
    super(detail);
    this.name = 'FhirHttpError';
  }
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export class FhirHttpClient {
  /** One keep-alive pool per scheme and policy: a socket checked for a listed client is never reused for another. */
  private readonly agents = new Map<string, http.Agent>();

  constructor(private readonly resolve?: Resolver) {}

  /** The parsed JSON body of a 2xx answer; throws FhirHttpError (or the abort reason) otherwise. */
  async getJson(target: URL, options: GetOptions): Promise<unknown> {
    let url = target;
    for (let hop = 0; ; hop++) {
      const answer = await this.once(url, options);
      if (answer.kind === 'body') return parseJson(answer.text);
      if (hop >= MAX_REDIRECTS) throw new FhirHttpError(`more than ${MAX_REDIRECTS} redirects`);
      let next: URL;
      try {
        next = new URL(answer.location, url);
      } catch {
        throw new FhirHttpError('a redirect to an unparsable URL');
      }
      if (next.origin !== options.origin) throw new FhirHttpError(`a redirect to another origin (${next.origin})`);
      url = next;
    }
  }

  close(): void {
    for (const agent of this.agents.values()) agent.destroy();
    this.agents.clear();
  }

  private agent(protocol: string, policy: AddressPolicy): http.Agent {
    return entryOf(this.agents, `${protocol}${policy.listed ? 'listed' : 'default'}`, () => {
      const settings = { keepAlive: true, maxSockets: 64, timeout: 30_000, lookup: policyLookup(policy, protocol, this.resolve) };
      return protocol === 'https:' ? new https.Agent(settings) : new http.Agent(settings);
    });
  }

  private once(url: URL, options: GetOptions): Promise<{ kind: 'body'; text: string } | { kind: 'redirect'; location: string }> {
    // Node connects to an IP literal without calling lookup: check it here, before the socket exists.
    const literal = literalAddressProblem(url, options.policy);
    if (literal) return Promise.reject(new FhirHttpError(`refused before connecting: ${literal}`));
    const transport = url.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const request = transport.request(url, {
        method: 'GET',
        agent: this.agent(url.protocol, options.policy),
        signal: options.signal,
        headers: { accept: 'application/fhir+json', ...(options.accessToken ? { authorization: `Bearer ${options.accessToken}` } : {}) },
      });
      const fail = (error: unknown): void => {
        request.destroy();
        reject(error);
      };
      request.on('error', (error) => reject(toFhirHttpError(error, options.signal)));
      request.on('response', (response) => {
        const status = response.statusCode ?? 0;
        // A redirect's or an error's body is never read (it could be endless): the connection is closed instead.
        if (REDIRECTS.has(status)) {
          const location = response.headers.location;
          request.destroy();
          return location
            ? resolve({ kind: 'redirect', location })
            : reject(new FhirHttpError(`HTTP ${status} without a Location`, status));
        }
        if (status < 200 || status > 299) return fail(new FhirHttpError(`HTTP ${status}`, status));
        const declared = Number(response.headers['content-length']);
        if (Number.isFinite(declared) && declared > Math.min(options.maxResponseBytes, options.budget.remaining)) {
          return fail(new FhirHttpError(tooLarge(declared > options.maxResponseBytes, options)));
        }
        const chunks: Buffer[] = [];
        let read = 0;
        response.on('data', (chunk: Buffer) => {
          read += chunk.length;
          options.budget.remaining -= chunk.length;
          if (read > options.maxResponseBytes || options.budget.remaining < 0)
            return fail(new FhirHttpError(tooLarge(read > options.maxResponseBytes, options)));
          chunks.push(chunk);
        });
        response.on('end', () => resolve({ kind: 'body', text: Buffer.concat(chunks, read).toString('utf8') }));
        response.on('error', (error) => reject(toFhirHttpError(error, options.signal)));
        // After 'end' this is a no-op; before it, the server (or the deadline) cut the body short.
        response.on('close', () => reject(toFhirHttpError(new Error('the connection closed before the body ended'), options.signal)));
      });
      request.end();
    });
  }
}

function tooLarge(perResponse: boolean, options: GetOptions): string {
  return perResponse ? `a response larger than ${options.maxResponseBytes} bytes` : 'the FHIR bytes allowed per call were used up';
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new FhirHttpError('a body that is not JSON');
  }
}

function toFhirHttpError(error: unknown, signal: AbortSignal): FhirHttpError {
  if (error instanceof FhirHttpError) return error;
  if (signal.aborted) return new FhirHttpError('no answer before the deadline');
  if (error instanceof RefusedAddressError) return new FhirHttpError(`refused before connecting: ${error.message}`);
  const code = (error as { code?: unknown }).code;
  return new FhirHttpError(typeof code === 'string' ? `not reachable (${code})` : `not readable (${(error as Error).message})`);
}

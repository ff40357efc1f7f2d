import type { Resource } from 'fhir/r4';
import { bundleResources, isResource, nextLink } from './prefetch-status.ts';
import { FhirHttpClient, FhirHttpError, type ByteBudget } from './fhir-http.ts';
import type { AddressPolicy, Resolver } from './fhir-address-policy.ts';

/** The one way the pipeline reads from an EHR's FHIR server; tests may swap it, the service uses HttpFhirFetcher. */
export interface FhirFetcher {
  /** A read or search relative to the server base, or an absolute `next` link on the same server. */
  fetchAll(request: FetchRequest): Promise<FetchResult>;
}

export interface FetchRequest {
  readonly baseUrl: string;
  readonly url: string;
  readonly accessToken?: string;
  readonly signal: AbortSignal;
  readonly maxPages: number;
  readonly maxResources: number;
  /** Where the service may connect for this client (fhir-address-policy.ts). */
  readonly policy: AddressPolicy;
  /** Bytes per response. */
  readonly maxResponseBytes: number;
  /** The call's remaining bytes, shared by all its fetches. */
  readonly budget: ByteBudget;
}

/**
 * A failure's `reason` goes into the answer (412 problem or data-gap note); `detail`, when there is
 * one, only into the log: the answer must not tell a caller whether a port is open or what a
 * server said (docs/api-errors.md).
 */
export type FetchResult =
  | { readonly ok: true; readonly resources: readonly Resource[]; readonly truncated: boolean }
  | { readonly ok: false; readonly reason: string; readonly detail?: string };

/** The same words for every way a FHIR server could not be read. */
const FHIR_SERVER_UNAVAILABLE = 'the FHIR server could not be read';

export class HttpFhirFetcher implements FhirFetcher {
  private readonly http: FhirHttpClient;

  /** `resolve` replaces DNS (tests); the address policy still judges every address it returns. */
  constructor(options: { resolve?: Resolver } = {}) {
    this.http = new FhirHttpClient(options.resolve);
  }

  /** Closes the kept-alive connections; a fetch after this opens new ones. */
  close(): void {
    this.http.close();
  }

  async fetchAll(request: FetchRequest): Promise<FetchResult> {
    // The first URL may be a prefetch Bundle's `next` link, chosen by whoever built the prefetch.
    const refused = offServer(request.url, request.baseUrl);
    if (refused) return { ok: false, reason: refused };
    const origin = new URL(request.baseUrl).origin;
    const options = {
      origin,
      signal: request.signal,
      policy: request.policy,
      maxResponseBytes: request.maxResponseBytes,
      budget: request.budget,
      ...(request.accessToken ? { accessToken: request.accessToken } : {}),
    };
    const unavailable = (detail: string): FetchResult => ({ ok: false, reason: FHIR_SERVER_UNAVAILABLE, detail });
    try {
      let page: unknown = await this.http.getJson(resolveUrl(request.url, request.baseUrl), options);
      const resources: Resource[] = [];
      const visited = new Set<string>();
      for (let pages = 1; ; pages++) {
        if (!isResource(page)) return unavailable('an answer that is not a FHIR resource');
        if (page.resourceType === 'OperationOutcome') return unavailable('an OperationOutcome');
        if (page.resourceType !== 'Bundle') return { ok: true, resources: [page], truncated: false };
        const room = request.maxResources - resources.length;
        resources.push(...bundleResources(page, room));
        const next = nextLink(page);
        // One page can hold more entries than the cap allows: that is a cut too.
        const cut = next !== undefined || entryCount(page) > room;
        if (!next || resources.length >= request.maxResources) return { ok: true, resources, truncated: cut };
        if (pages >= request.maxPages) return { ok: true, resources, truncated: true };
        if (visited.has(next)) return unavailable('a paging loop');
        visited.add(next);
        const offOrigin = offServer(next, request.baseUrl);
        if (offOrigin) return unavailable(offOrigin);
        page = await this.http.getJson(resolveUrl(next, request.baseUrl), options);
      }
    } catch (error) {
      return unavailable(describe(error, request.signal));
    }
  }
}

/** A read or search relative to the server base, or an absolute URL (as fhir-kit-client, used before, read them). */
function resolveUrl(url: string, baseUrl: string): URL {
  if (/^http/i.test(url)) return new URL(url);
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  return new URL(url.replace(/^\/+/, ''), base);
}

/**
 * Why a URL must not be requested, or undefined. The bearer token goes with every request, so
 * never to another origin; anything starting with "http" is taken as absolute.
 */
function offServer(url: string, baseUrl: string): string | undefined {
  try {
    const base = new URL(baseUrl);
    if (base.protocol !== 'http:' && base.protocol !== 'https:') return 'the fhirServer is not an http(s) URL';
    const target = /^http/i.test(url) ? new URL(url) : new URL(url, baseUrl);
    return target.origin === base.origin ? undefined : 'a next link pointed to another server';
  } catch {
    return 'the FHIR URL could not be parsed';
  }
}

function entryCount(bundle: unknown): number {
  const entries = (bundle as { entry?: unknown }).entry;
  return Array.isArray(entries) ? entries.length : 0;
}

function describe(error: unknown, signal: AbortSignal): string {
  if (signal.aborted) return 'no answer before the deadline';
  if (error instanceof FhirHttpError) return error.detail;
  return `not readable (${error instanceof Error ? error.message : String(error)})`;
}

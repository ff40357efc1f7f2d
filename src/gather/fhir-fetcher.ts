import { Client } from 'fhir-kit-client';
import type { Resource } from 'fhir/r4';
import { bundleResources, isResource, nextLink } from './prefetch-status.ts';

/** The one way the pipeline reads from an EHR's FHIR server; tests may swap it, the service uses FhirKitFetcher. */
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
}

export type FetchResult =
  | { readonly ok: true; readonly resources: readonly Resource[]; readonly truncated: boolean }
  | { readonly ok: false; readonly reason: string };

export class FhirKitFetcher implements FhirFetcher {
  async fetchAll(request: FetchRequest): Promise<FetchResult> {
    const client = new Client({
      baseUrl: request.baseUrl,
      customHeaders: request.accessToken ? { Authorization: `Bearer ${request.accessToken}` } : {},
    });
    const options = { signal: request.signal };
    // The first URL may be a prefetch Bundle's `next` link, chosen by whoever built the prefetch.
    const refused = offServer(request.url, request.baseUrl);
    if (refused) return { ok: false, reason: refused };
    try {
      let page: unknown = await client.request(request.url, { options });
      const resources: Resource[] = [];
      const visited = new Set<string>();
      for (let pages = 1; ; pages++) {
        if (!isResource(page)) return { ok: false, reason: 'the FHIR server answered with something that is not a FHIR resource' };
        if (page.resourceType === 'OperationOutcome') return { ok: false, reason: 'the FHIR server answered with an OperationOutcome' };
        if (page.resourceType !== 'Bundle') return { ok: true, resources: [page], truncated: false };
        const room = request.maxResources - resources.length;
        resources.push(...bundleResources(page, room));
        const next = nextLink(page);
        // One page can hold more entries than the cap allows: that is a cut too.
        const cut = next !== undefined || entryCount(page) > room;
        if (!next || resources.length >= request.maxResources) return { ok: true, resources, truncated: cut };
        if (pages >= request.maxPages) return { ok: true, resources, truncated: true };
        if (visited.has(next)) return { ok: false, reason: 'the FHIR server returned a paging loop' };
        visited.add(next);
        const offOrigin = offServer(next, request.baseUrl);
        if (offOrigin) return { ok: false, reason: offOrigin };
        page = await client.request(next, { options });
      }
    } catch (error) {
      return { ok: false, reason: describe(error, request.signal) };
    }
  }
}

/**
 * Why a URL must not be requested, or undefined. The bearer token goes with every request, so
 * never to another origin; fhir-kit-client treats anything starting with "http" as absolute.
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
  if (signal.aborted) return 'the FHIR server did not answer before the deadline';
  const status = (error as { response?: { status?: unknown } }).response?.status;
  if (typeof status === 'number') return `the FHIR server answered HTTP ${status}`;
  const code = (error as { cause?: { code?: unknown } }).cause?.code;
  if (typeof code === 'string') return `the FHIR server could not be reached (${code})`;
  return 'the FHIR server could not be read';
}

import type { Resource } from 'fhir/r4';
import type { CdsRequest, OtherHookRequest } from '../validate/cds-hooks-types.ts';
import type { ServiceDefinition } from '../services/service-registry.ts';
import type { DataQualityNote } from '../normalize/data-quality.ts';
import type { FhirFetcher } from './fhir-fetcher.ts';
import type { AddressPolicy } from './fhir-address-policy.ts';
import { DEFAULT_MAX_CALL_BYTES, DEFAULT_MAX_RESPONSE_BYTES } from './fhir-http.ts';
import { prefetchStatus } from './prefetch-status.ts';
import { renderPrefetchTemplate } from './prefetch-template.ts';
import { resourceShapeProblem } from './resource-shape.ts';

export type DataSource = 'prefetch' | 'fhir-fallback' | 'mixed' | 'none';

/** Why a key's fetch failed, for the call's log line only (the answer gives the same words for every cause). */
export interface FetchProblem {
  readonly key: string;
  readonly detail: string;
}

type GatherResult =
  | {
      readonly ok: true;
      readonly resources: readonly Resource[];
      readonly notes: readonly DataQualityNote[];
      readonly source: DataSource;
      readonly fetchProblems: readonly FetchProblem[];
    }
  | {
      readonly ok: false;
      readonly missing: readonly { readonly key: string; readonly reason: string }[];
      readonly fetchProblems: readonly FetchProblem[];
    };

export interface GatherLimits {
  readonly deadlineMs: number;
  readonly maxPages: number;
  readonly maxResourcesPerKey: number;
  /** Bytes one FHIR response may have (CTC_FHIR_MAX_RESPONSE_BYTES). */
  readonly maxResponseBytes?: number;
  /** Bytes all of one call's FHIR responses may have together (CTC_FHIR_MAX_CALL_BYTES). */
  readonly maxCallBytes?: number;
}

/**
 * Uses what the EHR prefetched and fetches the rest from `fhirServer` with the request's token,
 * all keys in parallel under one deadline. A required key that neither source supplies → 412.
 * An optional key that fails becomes a data-gap note on the response. Any hook's request will do:
 * gathering reads the envelope, and the context only by the member names prefetch tokens give.
 */
export async function gatherData(
  service: ServiceDefinition,
  request: CdsRequest | OtherHookRequest,
  fetcher: FhirFetcher,
  limits: GatherLimits,
  policy: AddressPolicy = { listed: false },
): Promise<GatherResult> {
  // One deadline from the start of gathering, its timer made only when something must be fetched
  // (a fully prefetched call, the common case, needs none).
  const started = performance.now();
  let deadline: AbortSignal | undefined;
  const signal = (): AbortSignal =>
    (deadline ??= AbortSignal.timeout(Math.max(0, Math.round(limits.deadlineMs - (performance.now() - started)))));
  const prefetch = request.prefetch ?? {};
  let fromPrefetch = 0;
  let fromServer = 0;
  const budget = { remaining: limits.maxCallBytes ?? DEFAULT_MAX_CALL_BYTES };
  const fetchProblems: FetchProblem[] = [];
  const outcomes = await Promise.all(
    Object.entries(service.prefetch).map(async ([key, template]) => {
      const status = prefetchStatus(prefetch[key], Object.hasOwn(prefetch, key), limits.maxResourcesPerKey);
      if (status.kind === 'satisfied') {
        fromPrefetch++;
        return { key, resources: status.resources, truncated: status.truncated === true };
      }
      const prior = status.kind === 'partial' ? status.resources : [];
      // The cap is per key: a paginated prefetch that already fills it is not followed further.
      if (prior.length >= limits.maxResourcesPerKey) {
        fromPrefetch++;
        return { key, resources: prior, truncated: true };
      }
      const url = status.kind === 'partial' ? status.next : renderPrefetchTemplate(template, request.context);
      if (!request.fhirServer) return { key, failure: `prefetch ${describeStatus(status)} and the request names no fhirServer` };
      if (!url) return { key, failure: 'its prefetch template could not be filled from the context' };
      const fetched = await fetcher.fetchAll({
        baseUrl: request.fhirServer,
        url,
        ...(request.fhirAuthorization ? { accessToken: request.fhirAuthorization.access_token } : {}),
        signal: signal(),
        maxPages: limits.maxPages,
        maxResources: limits.maxResourcesPerKey - prior.length,
        policy,
        maxResponseBytes: limits.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
        budget,
      });
      if (!fetched.ok) {
        if (fetched.detail) fetchProblems.push({ key, detail: fetched.detail });
        return { key, failure: `prefetch ${describeStatus(status)}; ${fetched.reason}` };
      }
      fromServer++;
      return { key, resources: [...prior, ...fetched.resources], truncated: fetched.truncated };
    }),
  );
  const missing = outcomes
    .filter((o) => o.failure !== undefined && service.requiredData.includes(o.key))
    .map((o) => ({ key: o.key, reason: o.failure as string }));
  if (missing.length > 0) return { ok: false, missing, fetchProblems };
  const notes: DataQualityNote[] = [];
  for (const o of outcomes) {
    const malformed = o.resources ? dropMalformed(o) : undefined;
    if (malformed)
      notes.push({
        code: 'data-gap',
        message: `The ${o.key} data held ${malformed.count} resource(s) that are not well-formed FHIR R4 (first: ${malformed.first}); they were not used.`,
        family: o.key,
      });
    if (o.failure && !service.referenceData?.includes(o.key))
      notes.push({
        code: 'data-gap',
        message: `The ${o.key} data could not be obtained (${o.failure}); rules that need it may stay silent.`,
        family: o.key,
      });
    if (o.truncated)
      notes.push({
        code: 'data-gap',
        message: `The ${o.key} data was cut at the configured limit; older results may be missing.`,
        family: o.key,
      });
  }
  // A loop, not flatMap: flatMap's generic flattening cost more than the rest of gather for a long record.
  const resources: Resource[] = [];
  for (const o of outcomes) for (const r of o.resources ?? []) resources.push(r);
  return { ok: true, resources, notes, source: sourceOf(fromPrefetch, fromServer), fetchProblems };
}

/** Keeps only resources whose shape matches FHIR R4, so normalize can trust its types. */
function dropMalformed(outcome: { resources?: readonly Resource[] }): { count: number; first: string } | undefined {
  let count = 0;
  let first = '';
  const kept = (outcome.resources ?? []).filter((r) => {
    const problem = resourceShapeProblem(r);
    if (problem && count++ === 0) first = problem;
    return !problem;
  });
  outcome.resources = kept;
  return count > 0 ? { count, first } : undefined;
}

function describeStatus(status: ReturnType<typeof prefetchStatus>): string {
  if (status.kind === 'partial') return 'was paginated';
  if (status.kind === 'satisfied') return 'was complete';
  return { absent: 'was absent', null: 'was null', 'operation-outcome': 'was an OperationOutcome', malformed: 'was not a FHIR resource' }[
    status.reason
  ];
}

function sourceOf(fromPrefetch: number, fromServer: number): DataSource {
  if (fromPrefetch > 0 && fromServer > 0) return 'mixed';
  if (fromServer > 0) return 'fhir-fallback';
  return fromPrefetch > 0 ? 'prefetch' : 'none';
}

import { loadConfig } from '../../../src/config/config.ts';
import { HttpFhirFetcher } from '../../../src/gather/fhir-fetcher.ts';
import type { GatherLimits } from '../../../src/gather/gather.ts';
import { ApiError } from '../../../src/errors/api-error.ts';
import { loadRuleSet } from '../../../src/rule-set/rule-set.ts';
import { handleServiceCall, type PipelineDeps } from '../../../src/service-call.ts';
import { loadServiceRegistry } from '../../../src/services/service-registry.ts';
import { validateResponse } from '../../../src/validate/cds-hooks-validators.ts';

/** The fixtures' clinical "now": results in them are dated before it. */
const FUZZ_NOW = new Date('2026-03-01T00:00:00Z');

/** The real pipeline dependencies (rules, services, HTTP FHIR fetcher) as the composed service builds them. */
export function realPipelineDeps(limits: Partial<GatherLimits> = {}): PipelineDeps {
  const config = loadConfig({ CTC_WATCH_RULES: 'off', LOG_LEVEL: 'silent' });
  const ruleSet = loadRuleSet(config.server.rulesDir);
  return {
    services: loadServiceRegistry(config.server.servicesDir),
    ruleSet: () => ruleSet,
    fetcher: new HttpFhirFetcher(),
    limits: {
      deadlineMs: config.server.fhirDeadlineMs,
      maxPages: config.server.maxFhirPages,
      maxResourcesPerKey: config.server.maxResourcesPerKey,
      ...limits,
    },
    publicBaseUrl: config.auth.publicBaseUrl,
    now: () => FUZZ_NOW,
  };
}

type CallOutcome =
  | { readonly kind: 'response'; readonly status: 200; readonly body: unknown }
  | { readonly kind: 'client-error'; readonly status: number; readonly body: unknown };

/**
 * Runs one call and returns what the HTTP adapter would send. Anything that is neither a
 * catalogued 4xx nor a response that survives the wire is thrown, failing the property.
 */
export async function callPipeline(deps: PipelineDeps, serviceId: string, body: unknown): Promise<CallOutcome> {
  try {
    const { response } = await handleServiceCall(deps, serviceId, body);
    return { kind: 'response', status: 200, body: JSON.parse(JSON.stringify(response)) as unknown };
  } catch (error) {
    if (error instanceof ApiError && error.status >= 400 && error.status < 500)
      return { kind: 'client-error', status: error.status, body: JSON.parse(JSON.stringify(error.toBody())) as unknown };
    throw error;
  }
}

/** The fuzz oracle: a JSON 4xx with `error` and `message`, or a 200 whose body is a valid CDS Hooks response. */
export function problemsWith(outcome: { status: number; body: unknown }): string | undefined {
  if (outcome.status === 200) {
    const checked = validateResponse(outcome.body);
    return checked.ok ? undefined : `200 with an invalid response: ${JSON.stringify(checked.problems).slice(0, 500)}`;
  }
  if (outcome.status < 400 || outcome.status >= 500) return `status ${outcome.status}`;
  const body = outcome.body as { error?: unknown; message?: unknown } | null;
  if (typeof body?.error !== 'string' || typeof body.message !== 'string')
    return `${outcome.status} without error and message: ${JSON.stringify(body).slice(0, 200)}`;
  return undefined;
}

/** Prototype pollution shows up as new members on Object.prototype; call before and after a run. */
export function objectPrototypeKeys(): string {
  return Object.getOwnPropertyNames(Object.prototype).sort().join(',');
}

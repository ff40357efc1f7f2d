import type { Bundle } from 'fhir/r4';
import type { PipelineDeps } from '../service-call.ts';
import type { RuleSet } from '../rule-set/rule-set.ts';
import type { ServiceRegistry } from '../services/service-registry.ts';
import type { FhirFetcher } from '../gather/fhir-fetcher.ts';
import type { HookName } from '../rules/rule-file.ts';
import { requestFromBundle } from './ehr-request.ts';
import { readJsonFile } from '../util/json-file.ts';

/** Tools that evaluate files (rules test, explain, evaluate) never reach out to a FHIR server. */
const NO_SERVER: FhirFetcher = {
  fetchAll: () => Promise.resolve({ ok: false, reason: 'offline evaluation: no FHIR server is consulted' }),
};

export function offlinePipeline(
  ruleSet: RuleSet,
  services: ServiceRegistry,
  at: Date,
  publicBaseUrl = 'http://localhost:3000',
): PipelineDeps {
  return {
    services,
    ruleSet: () => ruleSet,
    fetcher: NO_SERVER,
    limits: { deadlineMs: 1_000, maxPages: 1, maxResourcesPerKey: 100_000 },
    publicBaseUrl,
    now: () => at,
  };
}

/** A fixture file is either a FHIR Bundle (a patient) or a ready CDS Hooks request. */
export function requestFromFile(
  file: string,
  hook: HookName,
  services: ServiceRegistry,
): { serviceId: string; body: Record<string, unknown> } {
  const json = readJsonFile(file) as Record<string, unknown>;
  const service = services.services.find((s) => s.hook === hook);
  if (!service) throw new Error(`no service answers the ${hook} hook`);
  if (json.resourceType === 'Bundle') return { serviceId: service.id, body: requestFromBundle(json as unknown as Bundle, service) };
  if (typeof json.hook === 'string') {
    const match = services.services.find((s) => s.hook === json.hook);
    if (!match) throw new Error(`${file}: no service answers the ${String(json.hook)} hook`);
    return { serviceId: match.id, body: json };
  }
  throw new Error(`${file} is neither a FHIR Bundle nor a CDS Hooks request`);
}

import type { Resource } from 'fhir/r4';
import type { CdsResponse, Card } from './validate/cds-hooks-types.ts';
import type { ServiceRegistry } from './services/service-registry.ts';
import type { RuleSet } from './rule-set/rule-set.ts';
import { rulesHookOf } from './rules/rule-file.ts';
import type { FhirFetcher } from './gather/fhir-fetcher.ts';
import type { DataSource, FetchProblem, GatherLimits } from './gather/gather.ts';
import type { DataQualityNote } from './normalize/data-quality.ts';
import type { ClinicalPicture } from './normalize/clinical-picture.ts';
import type { Evaluation } from './evaluate/evaluate.ts';
import { hasCheckedContext, validateRequest } from './validate/cds-hooks-validators.ts';
import { gatherData } from './gather/gather.ts';
import { buildClinicalPicture } from './normalize/clinical-picture.ts';
import { selectedOrders } from './normalize/draft-orders.ts';
import { computeFacts } from './facts/fact-catalog.ts';
import { evaluate } from './evaluate/evaluate.ts';
import { renderCard } from './cards/render-card.ts';
import { ApiError } from './errors/api-error.ts';
import { isAllowedFhirServer } from './auth/fhir-server-allow-list.ts';
import { fhirServerUrlProblem } from './gather/fhir-address-policy.ts';

const RULE_SET_EXTENSION = 'org.ctc-advisor.rule-set-version';

export interface PipelineDeps {
  readonly services: ServiceRegistry;
  readonly ruleSet: () => RuleSet;
  readonly fetcher: FhirFetcher;
  readonly limits: GatherLimits;
  readonly publicBaseUrl: string;
  readonly now: () => Date;
}

/** What is known about who is calling; callers without authentication (explain, rule tests) pass nothing. */
interface CallOptions {
  /**
   * The calling client's FHIR server allow-list. Absent: any https server, plain http only on loopback,
   * never a private address (src/gather/fhir-address-policy.ts).
   */
  readonly allowedFhirServers?: readonly string[];
}

/** A 412 that also carries, for the log only, why each fetch failed. */
export class RequiredDataMissing extends ApiError {
  constructor(
    problems: ConstructorParameters<typeof ApiError>[1],
    readonly fetchProblems: readonly FetchProblem[],
  ) {
    super('precondition_failed', problems);
  }
}

/** What the call did, for the decision log and the call's log line (no PHI). */
export interface CallTrace {
  readonly serviceId: string;
  readonly hook: string;
  readonly hookInstance: string;
  readonly patientId: string | undefined;
  readonly ruleSetVersion: string;
  readonly evaluation: Evaluation;
  readonly cards: readonly Card[];
  readonly shadowCards: readonly Card[];
  readonly notes: readonly DataQualityNote[];
  readonly dataSource: DataSource;
  readonly picture: ClinicalPicture;
  /** Why FHIR fetches failed (log only). */
  readonly fetchProblems: readonly FetchProblem[];
}

/**
 * One CDS Hooks service call as straight-line code:
 * validate → gather → normalize → evaluate → cards. Throws ApiError for 4xx outcomes.
 */
export async function handleServiceCall(
  deps: PipelineDeps,
  serviceId: string,
  body: unknown,
  options: CallOptions = {},
): Promise<{ response: CdsResponse; trace: CallTrace }> {
  const service = deps.services.get(serviceId);
  if (!service) throw new ApiError('unknown_service', undefined, `No CDS service has the id "${serviceId}".`);

  const validated = validateRequest(body);
  if (!validated.ok) throw new ApiError('invalid_request', validated.problems);
  // Every service hook has a context schema, so a request for this service's hook has had its context checked.
  const request = validated.value;
  if (request.hook !== service.hook || !hasCheckedContext(request))
    throw new ApiError('hook_mismatch', [
      { path: '/hook', message: `service ${service.id} answers "${service.hook}", not "${request.hook}"` },
    ]);
  // Checked before gathering: the EHR's access token must never reach a server not listed for it.
  const { fhirServer } = request;
  if (fhirServer !== undefined && options.allowedFhirServers && !isAllowedFhirServer(fhirServer, options.allowedFhirServers)) {
    throw new ApiError('invalid_request', [{ path: '/fhirServer', message: 'not an allowed FHIR server for this client' }]);
  }
  // A listed server was chosen by the operator; any other is held to the default address policy.
  const policy = { listed: options.allowedFhirServers !== undefined };
  const addressProblem = fhirServer === undefined ? undefined : fhirServerUrlProblem(fhirServer, policy);
  if (addressProblem) throw new ApiError('invalid_request', [{ path: '/fhirServer', message: addressProblem }]);

  const gathered = await gatherData(service, request, deps.fetcher, deps.limits, policy);
  if (!gathered.ok) {
    throw new RequiredDataMissing(
      gathered.missing.map((m) => ({ path: `/prefetch/${m.key}`, message: m.reason })),
      gathered.fetchProblems,
    );
  }

  const ruleSet = deps.ruleSet();
  const { patientId } = request.context;
  const picture = buildClinicalPicture(
    { resources: gathered.resources as Resource[], patientId, at: deps.now(), orders: selectedOrders(request) },
    ruleSet.terminology,
  );
  const notes = [...gathered.notes, ...picture.notes];
  const facts = computeFacts({ ...picture, notes });
  const evaluation = await evaluate(ruleSet, rulesHookOf(service.hook), facts);

  const ctx = { ruleSet, publicBaseUrl: deps.publicBaseUrl, patientId };
  const byPriority = [...evaluation.fired].sort((a, b) => (b.rule.priority ?? 50) - (a.rule.priority ?? 50));
  const cards = byPriority.filter((r) => r.rule.status === 'active').map((r) => renderCard(r, facts, ctx));
  const shadowCards = byPriority.filter((r) => r.rule.status === 'shadow').map((r) => renderCard(r, facts, ctx));
  return {
    response: { cards, extension: { [RULE_SET_EXTENSION]: ruleSet.version } },
    trace: {
      serviceId: service.id,
      hook: service.hook,
      hookInstance: request.hookInstance,
      patientId,
      ruleSetVersion: ruleSet.version,
      evaluation,
      cards,
      shadowCards,
      notes,
      dataSource: gathered.source,
      picture,
      fetchProblems: gathered.fetchProblems,
    },
  };
}

import type { Bundle } from 'fhir/r4';
import type { RuleSet } from '../rule-set/rule-set.ts';
import type { HookName, RuleStatus } from '../rules/rule-file.ts';
import type { ServiceRegistry } from '../services/service-registry.ts';
import type { Card } from '../validate/cds-hooks-types.ts';
import type { DataQualityNote } from '../normalize/data-quality.ts';
import type { FactType, FactValue } from '../facts/fact-definition.ts';
import { handleServiceCall } from '../service-call.ts';
import { evaluate } from '../evaluate/evaluate.ts';
import { offlinePipeline } from '../simulate/offline-pipeline.ts';
import { requestFromBundle } from '../simulate/ehr-request.ts';
import { computeFacts, FACTS, formatFact } from '../facts/fact-catalog.ts';
import { explainConditions, type ExplainedCondition } from './condition-tree.ts';

/** A patient as a FHIR Bundle (the request is built as an EHR would), or a ready CDS Hooks request. */
export type ExplainInput = { readonly bundle: unknown } | { readonly request: unknown };

export interface ExplainOptions {
  readonly ruleSet: RuleSet;
  readonly services: ServiceRegistry;
  /** For a Bundle: which hook to simulate (default patient-view). For a request: must match its hook. */
  readonly hook?: HookName;
  /** Evaluation time; default now. */
  readonly at?: Date;
  readonly publicBaseUrl?: string;
}

export interface ExplainedFact {
  readonly name: string;
  readonly label: string;
  readonly type: FactType;
  readonly unit?: string;
  readonly value: FactValue;
  /** As a card would show it ("not recorded" for null). */
  readonly display: string;
}

export interface ExplainedRule {
  readonly id: string;
  readonly version: string;
  readonly status: RuleStatus;
  readonly title: string;
  readonly fired: boolean;
  /** Fired and active: its card is in the response. Shadow rules' cards are only logged. */
  readonly cardReturned: boolean;
  readonly conditions: ExplainedCondition;
}

/** What `explain --json` prints and `POST /explain` returns. */
export interface ExplainReport {
  readonly ruleSetVersion: string;
  readonly serviceId: string;
  readonly hook: HookName;
  readonly evaluatedAt: string;
  readonly patientId: string | null;
  readonly facts: readonly ExplainedFact[];
  readonly notes: readonly DataQualityNote[];
  readonly rules: readonly ExplainedRule[];
  readonly cards: readonly Card[];
  readonly shadowCards: readonly Card[];
}

/** The input cannot be explained (not a Bundle/request, no Patient, hook mismatch); HTTP maps it to 400. */
export class ExplainInputError extends Error {
  override readonly name = 'ExplainInputError';
}

/**
 * Runs the service pipeline offline (no FHIR server) and reports every step an author needs to
 * see why a rule fired or stayed silent: facts, data-quality notes, condition trees, cards.
 */
export async function explain(input: ExplainInput, options: ExplainOptions): Promise<ExplainReport> {
  const { serviceId, body } = toRequest(input, options);
  const at = options.at ?? new Date();
  const { trace } = await handleServiceCall(offlinePipeline(options.ruleSet, options.services, at, options.publicBaseUrl), serviceId, body);
  const values = computeFacts({ ...trace.picture, notes: trace.notes });
  // The service skips rules for other cancer types; an explanation shows every rule's condition tree.
  const { outcomes } = await evaluate(options.ruleSet, trace.evaluation.hook, values, { exhaustive: true });
  return {
    ruleSetVersion: trace.ruleSetVersion,
    serviceId: trace.serviceId,
    hook: trace.evaluation.hook,
    evaluatedAt: at.toISOString(),
    patientId: trace.patientId ?? null,
    facts: FACTS.map((f) => ({
      name: f.name,
      label: f.label,
      type: f.type,
      ...(f.unit ? { unit: f.unit } : {}),
      value: values[f.name] ?? null,
      display: formatFact(f.name, values[f.name]),
    })),
    notes: trace.notes,
    rules: outcomes.flatMap(({ rule: { rule }, fired, result }) =>
      result
        ? [
            {
              id: rule.id,
              version: rule.version,
              status: rule.status,
              title: rule.title,
              fired,
              cardReturned: fired && rule.status === 'active',
              conditions: explainConditions(result),
            },
          ]
        : [],
    ),
    cards: trace.cards,
    shadowCards: trace.shadowCards,
  };
}

function toRequest(input: ExplainInput, options: ExplainOptions): { serviceId: string; body: unknown } {
  if ('bundle' in input) {
    const bundle = input.bundle as Partial<Bundle> | null;
    if (bundle?.resourceType !== 'Bundle') throw new ExplainInputError('bundle is not a FHIR Bundle');
    const hook = options.hook ?? 'patient-view';
    const service = options.services.services.find((s) => s.hook === hook);
    if (!service) throw new ExplainInputError(`no service answers the ${hook} hook`);
    try {
      return { serviceId: service.id, body: requestFromBundle(bundle as Bundle, service) };
    } catch (error) {
      throw new ExplainInputError((error as Error).message);
    }
  }
  const hook = (input.request as { hook?: unknown } | null)?.hook;
  if (typeof hook !== 'string') throw new ExplainInputError('request is not a CDS Hooks request (no hook)');
  if (options.hook && options.hook !== hook) throw new ExplainInputError(`the request is for ${hook}, not ${options.hook}`);
  const service = options.services.services.find((s) => s.hook === hook);
  if (!service) throw new ExplainInputError(`no service answers the ${hook} hook`);
  return { serviceId: service.id, body: input.request };
}

import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type {
  CdsRequest,
  CdsResponse,
  DiscoveryResponse,
  HookContext,
  OrderSelectContext,
  OrderSignContext,
  OtherHookRequest,
  PatientViewContext,
} from './cds-hooks-types.ts';
import { checkRecommendedSuggestions, checkSelectionsInDraftOrders } from './code-invariants.ts';
import { problemsFromAjv } from './problems-from-ajv.ts';
import type { Problem, ValidationResult } from './validation-result.ts';
import orderSelectSchema from './schemas/context-order-select.schema.json' with { type: 'json' };
import orderSignSchema from './schemas/context-order-sign.schema.json' with { type: 'json' };
import patientViewSchema from './schemas/context-patient-view.schema.json' with { type: 'json' };
import discoverySchema from './schemas/discovery.schema.json' with { type: 'json' };
import requestSchema from './schemas/request.schema.json' with { type: 'json' };
import responseSchema from './schemas/response.schema.json' with { type: 'json' };

export type { ValidationResult } from './validation-result.ts';
export { formatProblem } from './validation-result.ts';

// Compiled once at module load; verbose gives the messages access to the offending value.
const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true });
addFormats.default(ajv, ['uri', 'uuid']);

const requestValidator = ajv.compile<CdsRequest | OtherHookRequest>(requestSchema);
const responseValidator = ajv.compile<CdsResponse>(responseSchema);
const discoveryValidator = ajv.compile<DiscoveryResponse>(discoverySchema);
const contextValidators: ReadonlyMap<string, ValidateFunction<HookContext>> = new Map([
  ['patient-view', ajv.compile<PatientViewContext>(patientViewSchema)],
  ['order-select', ajv.compile<OrderSelectContext>(orderSelectSchema)],
  ['order-sign', ajv.compile<OrderSignContext>(orderSignSchema)],
]);

/** Hooks whose context this service knows how to check. */
export const SUPPORTED_HOOKS: readonly string[] = [...contextValidators.keys()];

function result<T>(value: unknown, guard: ValidateFunction<T>, extra: readonly Problem[] = [], prefix = ''): ValidationResult<T> {
  const valid = guard(value);
  const problems = [...(valid ? [] : problemsFromAjv(guard.errors, prefix)), ...extra];
  if (valid && problems.length === 0) return { ok: true, value };
  return { ok: false, problems };
}

/**
 * Checks the request envelope (hook, hookInstance, cds-r-1, prefetch shape) and, for a hook
 * in SUPPORTED_HOOKS, its context too. Unknown members and `extension` are accepted.
 */
export function validateRequest(body: unknown): ValidationResult<CdsRequest | OtherHookRequest> {
  const hook = typeof body === 'object' && body !== null ? (body as { hook?: unknown }).hook : undefined;
  const context = typeof body === 'object' && body !== null ? (body as { context?: unknown }).context : undefined;
  const contextProblems =
    typeof hook === 'string' && contextValidators.has(hook) && typeof context === 'object' && context !== null
      ? contextProblemsFor(hook, context)
      : [];
  return result(body, requestValidator, contextProblems);
}

/** A request validateRequest accepted is a CdsRequest, its context checked, when its hook is in SUPPORTED_HOOKS. */
export function hasCheckedContext(request: CdsRequest | OtherHookRequest): request is CdsRequest {
  return contextValidators.has(request.hook);
}

/** Checks a context against its hook's schema; paths are reported under `/context`. */
export function validateContext(hook: string, context: unknown): ValidationResult<HookContext> {
  const validator = contextValidators.get(hook);
  if (!validator) return { ok: false, problems: [{ path: '/hook', message: `hook ${hook} is not supported by this service` }] };
  const extra = hook === 'order-select' && validator(context) ? checkSelectionsInDraftOrders(context, '/context') : [];
  return result(context, validator, extra, '/context');
}

function contextProblemsFor(hook: string, context: unknown): readonly Problem[] {
  const checked = validateContext(hook, context);
  return checked.ok ? [] : checked.problems;
}

/** Strict check of a response this service produced, including cds-resp-1. */
export function validateResponse(body: unknown): ValidationResult<CdsResponse> {
  return result(body, responseValidator, checkRecommendedSuggestions(body));
}

/** Strict check of the discovery document this service publishes. */
export function validateDiscovery(body: unknown): ValidationResult<DiscoveryResponse> {
  return result(body, discoveryValidator);
}

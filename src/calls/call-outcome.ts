import type { Card } from '../validate/cds-hooks-types.ts';
import type { DecisionRecord, IssuedCard } from '../store/decision-store.ts';
import { handleServiceCall, RequiredDataMissing, type CallTrace, type PipelineDeps } from '../service-call.ts';
import type { FetchProblem } from '../gather/gather.ts';
import { ApiError, type ApiErrorBody } from '../errors/api-error.ts';
import { RULE_EXTENSION } from '../cards/render-card.ts';

/** One service call as the HTTP route hands it over: the body is the text body-parser read (undefined: no body). */
export interface CallRequest {
  readonly serviceId: string;
  readonly body: string | undefined;
  /** The calling client's FHIR server allow-list; absent means any http(s) server. */
  readonly allowedFhirServers?: readonly string[];
}

/**
 * What the decision record and the call's log line need from a call: the record's own fields that the
 * pipeline decides, plus the patient id, which the route hashes (the only PHI, never logged in clear).
 */
export type CallSummary = Pick<
  DecisionRecord,
  'hook' | 'hookInstance' | 'ruleSetVersion' | 'rulesEvaluated' | 'rulesFired' | 'cards' | 'shadowCards' | 'dataQualityNotes' | 'dataSource'
> & {
  readonly patientId: string | undefined;
};

/**
 * A call's result as plain data, the same whether it ran on the event loop or on the pipeline thread:
 * - answered: the CDS Hooks response already serialized, and its summary;
 * - unparsable: the body is not JSON; answered as body-parser's errors are, before any call exists
 *   (no decision record, no call log line);
 * - refused: a catalogued 4xx, with the request's hookInstance when it looks like one;
 * `fetchProblems` (answered, refused): why FHIR fetches failed, for the call's log line only;
 * - failed: a bug or a lost thread; the route answers a detail-free 500 and logs the error.
 */
export type CallOutcome =
  | { readonly kind: 'answered'; readonly json: string; readonly summary: CallSummary; readonly fetchProblems?: readonly FetchProblem[] }
  | { readonly kind: 'unparsable'; readonly refusal: ApiErrorBody }
  | {
      readonly kind: 'refused';
      readonly refusal: ApiErrorBody;
      readonly hookInstance: string | undefined;
      readonly fetchProblems?: readonly FetchProblem[];
    }
  | {
      readonly kind: 'failed';
      readonly error: { readonly name: string; readonly message: string; readonly stack?: string };
      readonly hookInstance?: string;
    };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Parses, runs the pipeline and serializes the answer. Never rejects: every way a call ends is a CallOutcome. */
export async function runCall(deps: PipelineDeps, call: CallRequest): Promise<CallOutcome> {
  let body: unknown;
  try {
    body = parseCallBody(call.body);
  } catch (error) {
    return { kind: 'unparsable', refusal: (error as ApiError).toBody() };
  }
  try {
    const options = call.allowedFhirServers ? { allowedFhirServers: call.allowedFhirServers } : {};
    const { response, trace } = await handleServiceCall(deps, call.serviceId, body, options);
    return {
      kind: 'answered',
      json: JSON.stringify(response),
      summary: summarize(trace),
      ...(trace.fetchProblems.length > 0 ? { fetchProblems: trace.fetchProblems } : {}),
    };
  } catch (error) {
    // A refused body's hookInstance is kept (log and decision record) only when it looks like one, never as free text.
    const claimed = (body as { hookInstance?: unknown } | null | undefined)?.hookInstance;
    const hookInstance = typeof claimed === 'string' && UUID.test(claimed) ? claimed : undefined;
    if (error instanceof RequiredDataMissing && error.fetchProblems.length > 0)
      return { kind: 'refused', refusal: error.toBody(), hookInstance, fetchProblems: error.fetchProblems };
    if (error instanceof ApiError) return { kind: 'refused', refusal: error.toBody(), hookInstance };
    const e = error instanceof Error ? error : new Error(String(error));
    return {
      kind: 'failed',
      error: { name: e.name, message: e.message, ...(e.stack ? { stack: e.stack } : {}) },
      ...(hookInstance ? { hookInstance } : {}),
    };
  }
}

/**
 * The JSON body exactly as body-parser's json parser (strict: false) reads it: no body → undefined,
 * an empty body → {}, otherwise JSON.parse, its SyntaxError message quoted (first 200 characters).
 */
export function parseCallBody(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  if (text.length === 0) return {};
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ApiError('invalid_json', [{ path: '', message: (error as Error).message.slice(0, 200) }]);
  }
}

function summarize(trace: CallTrace): CallSummary {
  return {
    hook: trace.hook,
    hookInstance: trace.hookInstance,
    patientId: trace.patientId,
    ruleSetVersion: trace.ruleSetVersion,
    rulesEvaluated: trace.evaluation.evaluated,
    rulesFired: trace.evaluation.fired.map((r) => ({ id: r.rule.id, version: r.rule.version })),
    cards: trace.cards.map(issued),
    shadowCards: trace.shadowCards.map(issued),
    dataQualityNotes: trace.notes.map((n) => ({ code: n.code, message: n.message })),
    dataSource: trace.dataSource,
  };
}

function issued(card: Card): IssuedCard {
  const rule = card.extension?.[RULE_EXTENSION] as { id: string; version: string } | undefined;
  // What the clinician could choose, kept so feedback naming anything else is refused (routes/feedback.ts).
  const offered = {
    suggestions: (card.suggestions ?? []).flatMap((s) => (s.uuid ? [s.uuid] : [])),
    overrideReasons: (card.overrideReasons ?? []).map((r) => ({ system: r.system, code: r.code })),
  };
  return {
    uuid: card.uuid ?? 'missing',
    ruleId: rule?.id ?? 'unknown',
    ruleVersion: rule?.version ?? '0.0.0',
    topic: card.source.topic?.code ?? 'unknown',
    indicator: card.indicator,
    summary: card.summary,
    offered,
  };
}

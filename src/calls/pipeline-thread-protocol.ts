import type { FetchProblem, GatherLimits } from '../gather/gather.ts';
import type { CallOutcome, CallRequest, CallSummary } from './call-outcome.ts';
import type { RuleProblem } from '../rules/rule-problems.ts';

/** What the pipeline thread is started with (workerData): the same settings the event loop's pipeline has. */
export interface PipelineThreadData {
  readonly rulesDir: string;
  readonly servicesDir: string;
  readonly limits: GatherLimits;
  readonly publicBaseUrl: string;
}

/**
 * One call sent to the thread. `ruleSetVersion` is the version the event loop serves: an answer made
 * with that same version leaves its evaluated-rule list out (the event loop has the identical list).
 */
export interface ThreadCall extends CallRequest {
  readonly id: number;
  readonly ruleSetVersion: string;
}

/** An answered call's summary as it crosses: `rulesEvaluated` only when the thread used another rule-set version. */
export type WireSummary = Omit<CallSummary, 'rulesEvaluated'> & { readonly rulesEvaluated?: CallSummary['rulesEvaluated'] };

export type WireOutcome =
  | Exclude<CallOutcome, { kind: 'answered' }>
  | { readonly kind: 'answered'; readonly json: string; readonly summary: WireSummary; readonly fetchProblems?: readonly FetchProblem[] };

export type ToThread = { readonly kind: 'calls'; readonly calls: readonly ThreadCall[] } | { readonly kind: 'reload' };

export type FromThread =
  | { readonly kind: 'ready'; readonly ruleSetVersion: string }
  | { readonly kind: 'start-failed'; readonly message: string; readonly problems: readonly RuleProblem[] }
  | { readonly kind: 'outcomes'; readonly outcomes: readonly { readonly id: number; readonly outcome: WireOutcome }[] }
  | { readonly kind: 'reloaded'; readonly ok: true; readonly ruleSetVersion: string; readonly durationMs: number }
  | { readonly kind: 'reloaded'; readonly ok: false; readonly ruleSetVersion: string; readonly problems: readonly RuleProblem[] };

/** Calls (and outcomes) per message at most, as for the store's thread; chosen by measurement (docs/performance.md). */
export const CALLS_PER_MESSAGE = 4;

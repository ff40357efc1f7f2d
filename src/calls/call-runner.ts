import type { PipelineDeps } from '../service-call.ts';
import { runCall, type CallOutcome, type CallRequest } from './call-outcome.ts';

/** Where service calls run: on the event loop, or on the pipeline thread (pipeline-thread.ts). */
export interface CallRunner {
  run(call: CallRequest): Promise<CallOutcome>;
  /** `in-process`, or the pipeline thread's state (/healthz shows it). */
  state(): CallRunnerState;
  close(): Promise<void>;
}

export type CallRunnerState = 'in-process' | 'thread-starting' | 'thread-ready';

/** Calls run on the event loop: tests that inject a FHIR fetcher or a clock, and CTC_PIPELINE_THREAD=off. */
export function inProcessRunner(deps: PipelineDeps): CallRunner {
  return {
    run: (call) => runCall(deps, call),
    state: () => 'in-process',
    close: async () => undefined,
  };
}

import type { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { rulesHookOf, type ServiceHookName } from '../rules/rule-file.ts';
import type { RuleSet } from '../rule-set/rule-set.ts';
import type { RuleSetHolder } from '../rule-set/rule-set-holder.ts';
import type { CallOutcome } from './call-outcome.ts';
import type { CallRunner } from './call-runner.ts';
import {
  CALLS_PER_MESSAGE,
  type FromThread,
  type PipelineThreadData,
  type ThreadCall,
  type ToThread,
  type WireOutcome,
} from './pipeline-thread-protocol.ts';
import { startWorker } from '../threads/start-worker.ts';
import { WorkerCalls } from '../threads/worker-calls.ts';

interface PipelineThreadOptions {
  readonly data: PipelineThreadData;
  /** The event loop's rule set: each call names the version it serves, reloads are passed on, lists come from it. */
  readonly rules: RuleSetHolder;
  /** Runs calls while the thread starts, or after it stopped until its replacement is ready. */
  readonly fallback: CallRunner;
  readonly logger: Logger;
  /** Starts the thread; tests pass one that keeps the Worker so they can stop it. */
  readonly start?: (data: PipelineThreadData) => Worker;
  /** Wait before replacing a stopped thread; doubles while replacements fail before they are ready (at most 60 s). */
  readonly restartDelayMs?: number;
}

/**
 * A worker's young generation may grow to 48 MB (16 MB semi-spaces) by default. 24 MB serves the
 * typical and the 2,000-Observation call as fast (a heavy call's parse fits its 8 MB semi-space; at
 * 12 MB it cost 40% more CPU) with less RSS after the soak (docs/performance.md).
 */
const PIPELINE_THREAD_LIMITS = { maxYoungGenerationSizeMb: 24 };

export function startPipelineThread(data: PipelineThreadData): Worker {
  return startWorker(
    import.meta.url,
    { source: './pipeline-thread-main.ts', bundled: './pipeline-thread.js' },
    data,
    PIPELINE_THREAD_LIMITS,
  );
}

interface Running {
  readonly worker: Worker;
  readonly calls: WorkerCalls<Omit<ThreadCall, 'id'>, WireOutcome, FromThread>;
  ready: boolean;
}

/**
 * Service calls on a second thread: the body's parse, the pipeline and the answer's serialization are
 * about half of a call's CPU time, and on their own thread they leave the event loop free for HTTP, the
 * decision record and the log (docs/performance.md). The thread only speeds calls up: while it starts,
 * or after it stopped until a replacement is ready, calls run on the event loop (`fallback`), with the
 * same code and the same outcome. Calls in flight on a thread that stops answer 500 (they are not re-run
 * on the event loop: whatever stopped the thread must not stop the process).
 */
export function pipelineThreadRunner(options: PipelineThreadOptions): CallRunner {
  const { logger, rules, fallback } = options;
  const start = options.start ?? startPipelineThread;
  const baseDelay = options.restartDelayMs ?? 1_000;
  let running: Running | undefined;
  let failedStarts = 0;
  let restartTimer: NodeJS.Timeout | undefined;
  let closed = false;

  const scheduleLaunch = (reason: string, wasReady: boolean): void => {
    if (closed) return;
    if (!wasReady) failedStarts++;
    const delay = Math.min(60_000, baseDelay * 2 ** Math.max(0, failedStarts - 1));
    logger.error(
      { event: 'pipeline-thread.stopped', reason, restartInMs: delay },
      'pipeline thread stopped; calls run on the event loop until it is replaced',
    );
    restartTimer = setTimeout(launch, delay);
    restartTimer.unref();
  };

  const launch = (): void => {
    let worker: Worker;
    try {
      worker = start(options.data);
    } catch (error) {
      // E.g. the bundle's pipeline-thread.js is missing: the service still answers, on the event loop.
      scheduleLaunch(`could not start: ${(error as Error).message}`, false);
      return;
    }
    const onMessage = (message: FromThread): void => {
      switch (message.kind) {
        case 'ready':
          current.ready = true;
          failedStarts = 0;
          logger.info({ event: 'pipeline-thread.ready', ruleSetVersion: message.ruleSetVersion }, 'pipeline thread ready');
          return;
        case 'outcomes':
          for (const { id, outcome } of message.outcomes) calls.answer(id, outcome);
          return;
        case 'reloaded':
          if (message.ok)
            logger.info(
              { event: 'pipeline-thread.rules-reloaded', ruleSetVersion: message.ruleSetVersion, durationMs: message.durationMs },
              'pipeline thread reloaded its rule set',
            );
          else
            logger.error(
              { event: 'pipeline-thread.rules-reload-failed', ruleSetVersion: message.ruleSetVersion, problems: message.problems },
              'pipeline thread could not reload; it keeps its previous rule set',
            );
          return;
        case 'start-failed':
          logger.error(
            { event: 'pipeline-thread.start-failed', message: message.message, problems: message.problems },
            'pipeline thread could not load the rule set',
          );
          calls.stop({ error: new Error('start failed') });
      }
    };

    // Unreferenced while idle (WorkerCalls): the thread alone keeps no process alive.
    const calls = new WorkerCalls<Omit<ThreadCall, 'id'>, WireOutcome, FromThread>(worker, {
      thread: 'the pipeline thread',
      post: (batch) => worker.postMessage({ kind: 'calls', calls: batch } satisfies ToThread),
      onMessage,
      batchSize: CALLS_PER_MESSAGE,
      onStop(stop) {
        const reason = 'error' in stop ? stop.error.message : `exit code ${stop.exitCode}`;
        if (running === current) running = undefined;
        void worker.terminate();
        scheduleLaunch(reason, current.ready);
        return new Error(`the pipeline thread stopped while the call was running (${reason})`);
      },
    });
    const current: Running = { worker, calls, ready: false };
    running = current;
  };

  // A reload reaches a thread that is still starting too: its message waits in the port.
  rules.onReload(() => running?.worker.postMessage({ kind: 'reload' } satisfies ToThread));
  launch();

  return {
    run(call) {
      const current = running;
      if (!current?.ready) return fallback.run(call);
      // The set the event loop serves now: its evaluated-rule list fills answers made with the same version.
      const ruleSet = rules.current();
      // A call that fails to cross, or is in flight when the thread stops, answers 500 (`failed`).
      return current.calls.send({ ...call, ruleSetVersion: ruleSet.version }).then(
        (outcome) => completed(outcome, ruleSet),
        (error: Error): CallOutcome => ({ kind: 'failed', error: { name: 'Error', message: error.message } }),
      );
    },
    state: () => (running?.ready ? 'thread-ready' : 'thread-starting'),
    async close() {
      closed = true;
      clearTimeout(restartTimer);
      await running?.worker.terminate();
    },
  };
}

/** Gives an answer made with the event loop's rule-set version that version's evaluated-rule list (the same frozen list the event loop would use). */
function completed(outcome: WireOutcome, ruleSet: RuleSet): CallOutcome {
  if (outcome.kind !== 'answered' || outcome.summary.rulesEvaluated) return outcome as CallOutcome;
  const rulesEvaluated = ruleSet.engines.get(rulesHookOf(outcome.summary.hook as ServiceHookName))?.evaluated;
  if (!rulesEvaluated)
    return {
      kind: 'failed',
      error: { name: 'Error', message: `rule set ${ruleSet.version} has no rules list for hook ${outcome.summary.hook}` },
    };
  return { ...outcome, summary: { ...outcome.summary, rulesEvaluated } };
}

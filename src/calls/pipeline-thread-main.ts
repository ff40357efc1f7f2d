import { parentPort, workerData } from 'node:worker_threads';
import type { PipelineDeps } from '../service-call.ts';
import {
  CALLS_PER_MESSAGE,
  type FromThread,
  type PipelineThreadData,
  type ThreadCall,
  type ToThread,
  type WireOutcome,
} from './pipeline-thread-protocol.ts';
import { loadRuleSet, type RuleSet } from '../rule-set/rule-set.ts';
import { loadProblems } from '../rules/rule-problems.ts';
import { loadServiceRegistry } from '../services/service-registry.ts';
import { HttpFhirFetcher } from '../gather/fhir-fetcher.ts';
import { MessageBatcher } from '../threads/message-batcher.ts';
import { runCall } from './call-outcome.ts';

/**
 * The pipeline thread (started by pipeline-thread.ts): parses each call's body, runs the pipeline and
 * serializes the answer, with its own copy of the rule set, loaded from the same directory and
 * reloaded whenever the event loop's is. Holds no other state; the event loop keeps HTTP, the
 * decision record and the log.
 */
const port = parentPort;
if (!port) throw new Error('pipeline-thread-main.ts runs as a worker thread');
const data = workerData as PipelineThreadData;
const post = (message: FromThread): void => port.postMessage(message);

let ruleSet: RuleSet;
try {
  ruleSet = loadRuleSet(data.rulesDir);
} catch (error) {
  post({ kind: 'start-failed', message: (error as Error).message, problems: loadProblems(error, data.rulesDir) });
  process.exit(1);
}
const deps: PipelineDeps = {
  services: loadServiceRegistry(data.servicesDir),
  ruleSet: () => ruleSet,
  fetcher: new HttpFhirFetcher(),
  limits: data.limits,
  publicBaseUrl: data.publicBaseUrl,
  now: () => new Date(),
};

type Answered = { id: number; outcome: WireOutcome };

/** Outcomes are plain data; should one still not clone, it alone becomes a failed outcome. */
function postOutcomes(outcomes: Answered[]): void {
  try {
    post({ kind: 'outcomes', outcomes });
  } catch {
    for (const answered of outcomes) {
      try {
        post({ kind: 'outcomes', outcomes: [answered] });
      } catch (error) {
        post({
          kind: 'outcomes',
          outcomes: [
            {
              id: answered.id,
              outcome: { kind: 'failed', error: { name: 'Error', message: `cannot send the outcome: ${(error as Error).message}` } },
            },
          ],
        });
      }
    }
  }
}
const outbox = new MessageBatcher<Answered>(postOutcomes, CALLS_PER_MESSAGE);

async function answer(call: ThreadCall): Promise<void> {
  const outcome = await runCall(deps, call);
  if (outcome.kind === 'answered' && outcome.summary.ruleSetVersion === call.ruleSetVersion) {
    // The event loop holds the same version's list; a copy would only cost the clone.
    const { rulesEvaluated: _sameList, ...summary } = outcome.summary;
    outbox.add({ id: call.id, outcome: { ...outcome, summary } });
  } else outbox.add({ id: call.id, outcome });
}

function reload(): void {
  const started = performance.now();
  try {
    ruleSet = loadRuleSet(data.rulesDir);
    post({
      kind: 'reloaded',
      ok: true,
      ruleSetVersion: ruleSet.version,
      durationMs: Math.round((performance.now() - started) * 100) / 100,
    });
  } catch (error) {
    post({ kind: 'reloaded', ok: false, ruleSetVersion: ruleSet.version, problems: loadProblems(error, data.rulesDir) });
  }
}

port.on('message', (message: ToThread) => {
  if (message.kind === 'reload') return reload();
  for (const call of message.calls) void answer(call);
});
post({ kind: 'ready', ruleSetVersion: ruleSet.version });

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { pino, type Logger } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config/config.ts';
import { RuleSetHolder } from '../../src/rule-set/rule-set-holder.ts';
import { loadServiceRegistry } from '../../src/services/service-registry.ts';
import { HttpFhirFetcher } from '../../src/gather/fhir-fetcher.ts';
import { inProcessRunner, type CallRunner } from '../../src/calls/call-runner.ts';
import { pipelineThreadRunner, startPipelineThread } from '../../src/calls/pipeline-thread.ts';
import type { PipelineThreadData } from '../../src/calls/pipeline-thread-protocol.ts';
import type { CallOutcome, CallRequest } from '../../src/calls/call-outcome.ts';
import { callsSettled } from '../support/test-service.ts';
import { editRule, EXAMPLE_RULE, eventually, mbc12Request, tempRules } from '../rules/support.ts';

const SERVICES_DIR = path.join(PROJECT_ROOT, 'cds-hooks');
const LIMITS = { deadlineMs: 10_000, maxPages: 5, maxResourcesPerKey: 1_000 };
const BASE_URL = 'http://127.0.0.1:3000';
const MBC12: CallRequest = { serviceId: 'ctc-advisor-patient-view', body: JSON.stringify(mbc12Request()) };

interface Harness {
  readonly runner: CallRunner;
  readonly holder: RuleSetHolder;
  readonly events: Record<string, unknown>[];
  /** Calls the event loop ran because the thread was not ready. */
  readonly fallbackCalls: () => number;
  /** The Worker of the thread now running (tests stop it). */
  readonly worker: () => Worker | undefined;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A scratch copy of rules/ (removed after the test) with the example rule edited; returns the copy's directory. */
function scratchRules(edit?: (rule: Record<string, unknown>) => void): string {
  const rules = tempRules();
  cleanups.push(rules.dispose);
  if (edit) editRule(path.join(rules.dir, EXAMPLE_RULE), edit);
  return rules.dir;
}

function harness(options: {
  mainRulesDir: string;
  threadRulesDir?: string;
  restartDelayMs?: number;
  start?: (data: PipelineThreadData) => Worker;
}): Harness {
  const events: Record<string, unknown>[] = [];
  const logger: Logger = pino(
    { level: 'info' },
    { write: (line: string) => void events.push(JSON.parse(line) as Record<string, unknown>) },
  );
  const holder = new RuleSetHolder(options.mainRulesDir, logger);
  const local = inProcessRunner({
    services: loadServiceRegistry(SERVICES_DIR),
    ruleSet: holder.current,
    fetcher: new HttpFhirFetcher(),
    limits: LIMITS,
    publicBaseUrl: BASE_URL,
    now: () => new Date(),
  });
  let fallbackCalls = 0;
  let worker: Worker | undefined;
  const data: PipelineThreadData = {
    rulesDir: options.threadRulesDir ?? options.mainRulesDir,
    servicesDir: SERVICES_DIR,
    limits: LIMITS,
    publicBaseUrl: BASE_URL,
  };
  const runner = pipelineThreadRunner({
    data,
    rules: holder,
    fallback: {
      ...local,
      run: (call) => {
        fallbackCalls++;
        return local.run(call);
      },
    },
    logger,
    start: options.start ?? ((d) => (worker = startPipelineThread(d))),
    ...(options.restartDelayMs !== undefined ? { restartDelayMs: options.restartDelayMs } : {}),
  });
  cleanups.push(() => runner.close());
  return { runner, holder, events, fallbackCalls: () => fallbackCalls, worker: () => worker };
}

function answered(outcome: CallOutcome): Extract<CallOutcome, { kind: 'answered' }> {
  if (outcome.kind !== 'answered') throw new Error(`expected an answer, got ${JSON.stringify(outcome)}`);
  return outcome;
}

const versionOf = (outcome: CallOutcome): string =>
  (JSON.parse(answered(outcome).json) as { extension: Record<string, string> }).extension['org.ctc-advisor.rule-set-version'] ?? '';

describe('pipeline thread runner', () => {
  it('answers on the thread with the event loop’s frozen rule list, and reloads when the event loop reloads', async () => {
    const rulesDir = scratchRules();
    const h = harness({ mainRulesDir: rulesDir });
    await callsSettled(h.runner);
    expect(h.runner.state()).toBe('thread-ready');

    const first = answered(await h.runner.run(MBC12));
    expect(h.fallbackCalls()).toBe(0);
    expect(first.summary.ruleSetVersion).toBe(h.holder.current().version);
    // Same version: the list did not cross, the event loop's own frozen list fills it.
    expect(first.summary.rulesEvaluated).toBe(h.holder.current().engines.get('patient-view')?.evaluated);
    expect(first.summary.rulesFired.map((r) => r.id)).toContain('mbc-cellsearch-ctc-elevated');

    editRule(path.join(rulesDir, EXAMPLE_RULE), (rule) => {
      rule.version = '9.0.0';
    });
    expect(h.holder.reload()).toBe(true);
    const next = h.holder.current().version;
    expect(next).toMatch(/@9\.0\.0$/);
    const after = await eventually(async () => {
      const outcome = await h.runner.run(MBC12);
      return versionOf(outcome) === next ? answered(outcome) : undefined;
    });
    expect(after.summary.rulesFired).toContainEqual({ id: 'mbc-cellsearch-ctc-elevated', version: '9.0.0' });
    expect(h.events.some((e) => e.event === 'pipeline-thread.rules-reloaded' && e.ruleSetVersion === next)).toBe(true);
  }, 60_000);

  it('records the version the thread used, with its own list, when it differs from the event loop’s', async () => {
    const threadRulesDir = scratchRules((rule) => {
      rule.version = '9.1.0';
    });
    const h = harness({ mainRulesDir: path.join(PROJECT_ROOT, 'rules'), threadRulesDir });
    await callsSettled(h.runner);
    const outcome = answered(await h.runner.run(MBC12));
    expect(outcome.summary.ruleSetVersion).toMatch(/@9\.1\.0$/);
    expect(outcome.summary.ruleSetVersion).not.toBe(h.holder.current().version);
    expect(outcome.summary.rulesEvaluated).not.toBe(h.holder.current().engines.get('patient-view')?.evaluated);
    expect(outcome.summary.rulesEvaluated).toContainEqual({ id: 'mbc-cellsearch-ctc-elevated', version: '9.1.0' });
  }, 60_000);

  it('a thread that stops fails its calls in flight (500), calls run on the event loop meanwhile, and a new thread takes over', async () => {
    // A FHIR server that never answers keeps a call in flight on the thread.
    let requests = 0;
    const held: Server = createServer(() => void requests++);
    await new Promise<void>((resolve) => held.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => {
      held.closeAllConnections();
      held.close();
    });
    const fhirServer = `http://127.0.0.1:${(held.address() as AddressInfo).port}/fhir`;
    const h = harness({ mainRulesDir: path.join(PROJECT_ROOT, 'rules'), restartDelayMs: 200 });
    await callsSettled(h.runner);
    const first = h.worker();

    const inFlight = h.runner.run({
      serviceId: MBC12.serviceId,
      body: JSON.stringify({ ...mbc12Request(), prefetch: undefined, fhirServer }),
    });
    await eventually(async () => (requests > 0 ? true : undefined), 8_000);
    await first?.terminate();
    const failed = await inFlight;
    expect(failed).toMatchObject({ kind: 'failed', error: { message: expect.stringMatching(/pipeline thread stopped/) as unknown } });
    expect(h.events.some((e) => e.event === 'pipeline-thread.stopped')).toBe(true);

    // Until the replacement is ready, the event loop answers.
    expect(h.runner.state()).toBe('thread-starting');
    answered(await h.runner.run(MBC12));
    expect(h.fallbackCalls()).toBe(1);

    await eventually(async () => (h.runner.state() === 'thread-ready' ? true : undefined), 30_000);
    expect(h.worker()).not.toBe(first);
    answered(await h.runner.run(MBC12));
    expect(h.fallbackCalls()).toBe(1);
  }, 60_000);

  it('a thread that cannot load its rules is retried, and calls run on the event loop', async () => {
    const broken = scratchRules((rule) => {
      rule.evidence = 'not an object';
    });
    const h = harness({ mainRulesDir: path.join(PROJECT_ROOT, 'rules'), threadRulesDir: broken, restartDelayMs: 50 });
    await eventually(
      async () => (h.events.filter((e) => e.event === 'pipeline-thread.start-failed').length >= 2 ? true : undefined),
      30_000,
    );
    expect(h.runner.state()).toBe('thread-starting');
    const outcome = answered(await h.runner.run(MBC12));
    expect(outcome.summary.ruleSetVersion).toBe(h.holder.current().version);
    expect(h.fallbackCalls()).toBe(1);
    // Backing off: each wait doubles while starts keep failing.
    const delays = h.events.filter((e) => e.event === 'pipeline-thread.stopped').map((e) => e.restartInMs as number);
    expect(delays.slice(0, 2)).toEqual([50, 100]);
  }, 60_000);

  it('a thread that cannot even be created (say, a missing bundle file) leaves calls on the event loop and is retried', async () => {
    let attempts = 0;
    const h = harness({
      mainRulesDir: path.join(PROJECT_ROOT, 'rules'),
      restartDelayMs: 20,
      start: () => {
        attempts++;
        throw new Error('Cannot find module pipeline-thread.js');
      },
    });
    expect(h.runner.state()).toBe('thread-starting');
    answered(await h.runner.run(MBC12));
    expect(h.fallbackCalls()).toBe(1);
    await eventually(async () => (attempts >= 3 ? true : undefined), 10_000);
    expect(h.events.find((e) => e.event === 'pipeline-thread.stopped')).toMatchObject({
      reason: expect.stringMatching(/could not start: Cannot find module/) as unknown,
      restartInMs: 20,
    });
  });
});

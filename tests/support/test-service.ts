import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import { pino, type Logger } from 'pino';
import { expect } from 'vitest';
import { loadConfig, type Config } from '../../src/config/config.ts';
import { composeService, type Service } from '../../src/compose.ts';
import type { FhirFetcher } from '../../src/gather/fhir-fetcher.ts';
import type { CallRunner } from '../../src/calls/call-runner.ts';

export interface TestService {
  readonly app: Express;
  readonly service: Service;
  readonly config: Config;
  readonly dataDir: string;
  /** A fresh dev-client JWT for `path` (e.g. /cds-services/ctc-advisor-patient-view); each token is single-use. */
  token(path: string): Promise<string>;
  /** `Authorization` header value with a fresh token. */
  bearer(path: string): Promise<string>;
  close(): Promise<void>;
}

interface TestServiceOptions {
  readonly env?: Readonly<Record<string, string>>;
  readonly fetcher?: FhirFetcher;
  readonly now?: () => Date;
  readonly logger?: Logger;
}

/**
 * The real composed service (rules, SQLite store in a temp dir, JWT auth with a freshly generated
 * dev client) without a socket; supertest drives `app`. Call close() in afterAll. Service calls run on
 * the event loop unless `env` sets CTC_PIPELINE_THREAD=on (then await `callsSettled(service.calls)`): the
 * thread's answers are the same by tests/calls/pipeline-thread-parity.test.ts, and a test that sends its
 * first call while the thread starts would otherwise not know where it ran.
 */
/** Waits until the runner no longer reports `thread-starting`: the pipeline thread is ready, or there is none. */
export async function callsSettled(calls: CallRunner, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (calls.state() === 'thread-starting') {
    if (Date.now() > until) throw new Error(`the pipeline thread was not ready within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * startTestService on one runner (CTC_PIPELINE_THREAD `on` or `off`, added to `options.env`), once its calls
 * have settled, asserting they run where the test says: for suites that describe.each over both runners.
 */
export async function startTestServiceOn(pipelineThread: 'on' | 'off', options: TestServiceOptions = {}): Promise<TestService> {
  const service = await startTestService({ ...options, env: { ...options.env, CTC_PIPELINE_THREAD: pipelineThread } });
  await callsSettled(service.service.calls);
  expect(service.service.calls.state()).toBe(pipelineThread === 'on' ? 'thread-ready' : 'in-process');
  return service;
}

export async function startTestService(options: TestServiceOptions = {}): Promise<TestService> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ctc-advisor-test-'));
  const config = loadConfig({
    CTC_DATA_DIR: dataDir,
    CTC_WATCH_RULES: 'off',
    CTC_PIPELINE_THREAD: 'off',
    LOG_LEVEL: 'silent',
    ...options.env,
  });
  const service = await composeService(config, {
    logger: options.logger ?? pino({ level: 'silent' }),
    ...(options.fetcher ? { fetcher: options.fetcher } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  const token = async (p: string): Promise<string> => {
    if (service.authentication.mode !== 'required' || !service.authentication.devClient)
      throw new Error('the test service has no dev client');
    return service.authentication.devClient.mintToken(`${config.auth.publicBaseUrl}${p}`);
  };
  return {
    app: service.app,
    service,
    config,
    dataDir,
    token,
    bearer: async (p) => `Bearer ${await token(p)}`,
    close: async () => {
      await service.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

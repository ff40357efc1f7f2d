import { writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { pino, type Logger } from 'pino';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { DecisionStore } from '../../src/store/decision-store.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { StoreConfig } from '../../src/store/store-config.ts';
import { connectSqliteWorker, startSqliteWorker } from '../../src/store/sqlite-worker-store.ts';
import { UnknownCardsError } from '../../src/store/unknown-cards-error.ts';
import { accepted, card, decision } from '../support/decision-fixtures.ts';
import { sqliteHarness } from '../support/store-harness.ts';

const rule = { id: 'ctc-count-high', version: '1.2.0' };

/** A logger whose lines the test can read. */
function capturingLogger(): { logger: Logger; lines: () => Record<string, unknown>[] } {
  const raw: string[] = [];
  const logger = pino(
    { level: 'info' },
    {
      write: (line: string) => {
        raw.push(line);
      },
    },
  );
  return { logger, lines: () => raw.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

/** Settles within `ms` or fails the test: a store call that hangs must not pass as a slow one. */
async function settledWithin<T>(promises: readonly Promise<T>[], ms: number): Promise<PromiseSettledResult<T>[]> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`calls still pending after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([Promise.allSettled(promises), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function countDecisions(config: StoreConfig): number {
  if (config.kind !== 'sqlite') throw new Error('not a sqlite config');
  const db = new Database(config.file, { readonly: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM decisions').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('SQLite store in a worker thread', () => {
  const harness = sqliteHarness('worker');
  const opened: DecisionStore[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
  });
  afterAll(() => harness.stop());

  const sqliteConfig = async (): Promise<Extract<StoreConfig, { kind: 'sqlite' }>> => {
    const config = await harness.freshConfig();
    if (config.kind !== 'sqlite') throw new Error('not a sqlite config');
    return config;
  };

  it('rejects unknown feedback cards with an UnknownCardsError instance carrying the cards and message', async () => {
    const store = await openStore(await harness.freshConfig());
    opened.push(store);
    const shown = card(rule);
    await store.recordDecision(decision({ rulesEvaluated: [rule], rulesFired: [rule], cards: [shown] }));
    const unknown = ['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222'];

    const error: unknown = await store
      .recordFeedback('ctc-advisor', [accepted(shown.uuid), ...unknown.map((uuid) => accepted(uuid))], new Date())
      .then(
        () => undefined,
        (e: unknown) => e,
      );

    expect(error).toBeInstanceOf(UnknownCardsError);
    expect((error as UnknownCardsError).cards).toEqual(unknown);
    expect((error as UnknownCardsError).message).toBe(new UnknownCardsError(unknown).message);
    expect((error as UnknownCardsError).name).toBe('UnknownCardsError');
  });

  it('re-throws other store errors as Error with the worker message and no worker stack', async () => {
    const store = await openStore(await harness.freshConfig());
    opened.push(store);
    const error: unknown = await store.recordDecision(decision({ time: 'yesterday' })).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(UnknownCardsError);
    expect((error as Error).message).toMatch(/not a valid instant/);
    expect((error as Error).stack ?? '').not.toMatch(/sqlite-store|sqlite-worker-main/);
  });

  it('relays the worker log lines (applied migrations) to the logger it was given', async () => {
    const { logger, lines } = capturingLogger();
    const store = await openStore(await harness.freshConfig(), logger);
    opened.push(store);
    expect(lines()).toContainEqual(
      expect.objectContaining({ store: 'sqlite', migrations: [1, 2, 3, 4, 5], msg: 'schema migrations applied', level: 30 }),
    );
  });

  it('rejects pending and later calls promptly when the worker dies, and logs it once', async () => {
    const config = await sqliteConfig();
    const { logger, lines } = capturingLogger();
    const worker = startSqliteWorker({ dataDir: config.dataDir, file: config.file });
    const store = await connectSqliteWorker(worker, logger);
    opened.push(store);
    await store.recordDecision(decision({ cards: [card(rule)] }));
    expect(store.unavailable()).toBeUndefined();

    const inFlight = Array.from({ length: 20 }, () => store.recordDecision(decision({ cards: [card(rule)] })));
    const stopped = worker.terminate();
    const results = await settledWithin(inFlight, 5000);
    await stopped;

    // Replies already posted may still arrive first; everything else fails with the worker's exit.
    const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(failures.length).toBeGreaterThan(0);
    for (const failure of failures) expect(String(failure.reason)).toMatch(/SQLite store worker exited/);
    const [later] = await settledWithin([store.findIssuedCard('00000000-0000-4000-8000-000000000000')], 1000);
    expect(later).toMatchObject({
      status: 'rejected',
      reason: expect.objectContaining({ message: expect.stringMatching(/SQLite store worker exited/) }),
    });
    await expect(store.rememberJti('k', new Date(Date.now() + 60_000))).rejects.toThrow(/SQLite store worker exited/);
    expect(lines().filter((line) => line.event === 'store.worker_failed')).toHaveLength(1);
    // What /healthz reports, so an orchestrator restarts the instance.
    expect(store.unavailable()).toMatch(/SQLite store worker exited/);
    await settledWithin([store.close()], 1000);
  });

  it('rejects opening when the worker cannot open the database, with the reason', async () => {
    const config = await sqliteConfig();
    // A file where the data directory's parent should be: mkdir fails inside the worker.
    await writeFile(dirname(config.dataDir), 'not a directory');
    const attempt = openStore(config);
    const [result] = await settledWithin([attempt], 10_000);
    expect(result).toMatchObject({ status: 'rejected', reason: expect.objectContaining({ message: expect.stringMatching(/ENOTDIR/) }) });
  });

  it('close() waits for every call in flight: 200 unawaited decisions are all stored', async () => {
    const config = await sqliteConfig();
    const store = await openStore(config);
    const writes = Array.from({ length: 200 }, () =>
      store.recordDecision(decision({ rulesEvaluated: [rule], rulesFired: [rule], cards: [card(rule)] })),
    );
    await store.close();
    expect(await settledWithin(writes, 1000)).toEqual(writes.map(() => ({ status: 'fulfilled', value: undefined })));

    const again = await openStore(config, undefined, { sqliteThread: 'caller' });
    opened.push(again);
    expect(countDecisions(config)).toBe(200);
    expect(await again.ruleReport({})).toEqual([expect.objectContaining({ evaluated: 200, fired: 200, shown: 200 })]);
  });

  it('fails only the call whose arguments cannot cross to the worker; the calls beside it go through', async () => {
    const store = await openStore(await harness.freshConfig());
    opened.push(store);
    const shown = card(rule);
    const written = store.recordDecision(decision({ cards: [shown] }));
    const uncloneable: Promise<unknown> = store.findIssuedCard((() => 'not data') as unknown as string).then(
      () => 'resolved',
      (e: unknown) => e,
    );
    const found = written.then(() => store.findIssuedCard(shown.uuid));

    await expect(written).resolves.toBeUndefined();
    expect(String(await uncloneable)).toMatch(/cannot send the call to the SQLite store worker/);
    expect(await found).toMatchObject({ uuid: shown.uuid });
  });

  it('refuses calls after close, and closing twice is harmless', async () => {
    const store = await openStore(await harness.freshConfig());
    await store.close();
    await expect(store.findIssuedCard('00000000-0000-4000-8000-000000000000')).rejects.toThrow(/closed/);
    await expect(store.close()).resolves.toBeUndefined();
  });
});

import type { Worker } from 'node:worker_threads';
import type { Level, Logger } from 'pino';
import type { DecisionRecord, DecisionStore } from './decision-store.ts';
import { EvaluatedListSender } from './evaluated-list-relay.ts';
import type { SqliteWorkerData, StoreMethod, UnnumberedRequest, WireError, WorkerMessage } from './sqlite-worker-protocol.ts';
import { UnknownCardsError } from './unknown-cards-error.ts';
import { startWorker } from '../threads/start-worker.ts';
import { WorkerCalls } from '../threads/worker-calls.ts';

/**
 * The SQLite store served from its own thread: better-sqlite3 is synchronous, so each commit run
 * here would hold up every other request on the event loop. Same interface and semantics as
 * `openSqliteStore`, which the worker runs (sqlite-worker-main.ts).
 */
export async function openSqliteWorkerStore(dataDir: string, file: string, logger?: Logger): Promise<DecisionStore> {
  return connectSqliteWorker(startSqliteWorker({ dataDir, file }), logger);
}

/**
 * A worker's young generation may grow to 48 MB by default; the store's thread allocates little (a
 * decision record per call, rows, answers), so 12 MB is plenty and keeps RSS down (docs/performance.md).
 */
const STORE_THREAD_LIMITS = { maxYoungGenerationSizeMb: 12 };

/** Starts the worker thread (from source or from the bundle: src/threads/start-worker.ts). */
export function startSqliteWorker(data: SqliteWorkerData): Worker {
  return startWorker(import.meta.url, { source: './sqlite-worker-main.ts', bundled: './sqlite-worker.js' }, data, STORE_THREAD_LIMITS);
}

/** Calls sent to the worker in one message at most; chosen by measurement (docs/performance.md). */
const BATCH_SIZE = 4;

/** Waits for the worker to open (and migrate) the database, then returns the proxy. */
export function connectSqliteWorker(worker: Worker, logger?: Logger): Promise<DecisionStore> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => {
      void worker.terminate();
      reject(new Error(`SQLite store worker failed to start: ${error.message}`));
    };
    const onExit = (code: number): void => reject(new Error(`SQLite store worker exited (code ${code}) before the store opened`));
    const onMessage = (message: WorkerMessage): void => {
      if (message.kind === 'log') {
        relog(logger, message.line);
        return;
      }
      if (message.kind === 'ready') {
        worker.off('error', onError).off('exit', onExit).off('message', onMessage);
        resolve(workerProxy(worker, logger));
        return;
      }
      // Listeners stay until the worker is gone, so a late 'error' is never unhandled.
      void worker.terminate();
      reject(
        message.kind === 'open-failed' ? fromWire(message.error) : new Error(`SQLite store worker sent ${message.kind} before opening`),
      );
    };
    worker.on('error', onError).on('exit', onExit).on('message', onMessage);
  });
}

function workerProxy(worker: Worker, logger: Logger | undefined): DecisionStore {
  let failure: Error | undefined;
  let closing: Promise<void> | undefined;
  let closed = false;
  // Unreferenced while idle (WorkerCalls), like the in-thread store: an open store alone keeps no process alive.
  const calls: WorkerCalls<UnnumberedRequest, unknown, WorkerMessage> = new WorkerCalls(worker, {
    thread: 'the SQLite store worker',
    post: (requests) => worker.postMessage(requests),
    onMessage(message) {
      if (message.kind === 'log') return relog(logger, message.line);
      if (message.kind !== 'replies') return;
      for (const reply of message.replies) {
        if (reply.ok) calls.answer(reply.id, reply.value);
        else calls.fail(reply.id, fromWire(reply.error));
      }
    },
    batchSize: BATCH_SIZE,
    onStop(stop) {
      const error =
        'error' in stop
          ? new Error(`SQLite store worker failed: ${stop.error.message}`)
          : new Error(`SQLite store worker exited (code ${stop.exitCode})`);
      if (!closed) {
        failure = error;
        logger?.error({ event: 'store.worker_failed', err: error }, 'SQLite store worker stopped; store calls fail');
      }
      return error;
    },
  });
  const whenOpen = <T>(request: () => UnnumberedRequest): Promise<T> =>
    closing ? Promise.reject(new Error('decision store is closed')) : (calls.send(request()) as Promise<T>);
  const call = <T>(method: Exclude<StoreMethod, 'recordDecision'>, ...args: readonly unknown[]): Promise<T> =>
    whenOpen(() => ({ method, args }));
  const evaluatedLists = new EvaluatedListSender();

  return {
    kind: 'sqlite',
    recordDecision: (record) => whenOpen(() => encodeDecision(evaluatedLists, record)),
    findIssuedCard: (uuid) => call('findIssuedCard', uuid),
    recordFeedback: (serviceId, items, receivedAt) => call('recordFeedback', serviceId, items, receivedAt),
    ruleReport: (range) => call('ruleReport', range),
    purgeDecisions: (olderThan) => call('purgeDecisions', olderThan),
    // The default instant is taken at the call, as the in-thread store does.
    rememberJti: (key, expiresAt, now = new Date()) => call('rememberJti', key, expiresAt, now),
    unavailable: () => failure?.message ?? (closing ? 'the decision store is closed' : undefined),
    close(): Promise<void> {
      closing ??= (async () => {
        await calls.idle();
        try {
          if (!failure) await calls.send({ method: 'close', args: [] });
        } finally {
          closed = true;
          await worker.terminate();
        }
      })();
      return closing;
    },
  };
}

// Encoded only when it will be sent: a list numbered but never posted would be unknown to the worker.
function encodeDecision(lists: EvaluatedListSender, record: DecisionRecord): UnnumberedRequest {
  const { record: sent, evaluated } = lists.encode(record);
  return evaluated ? { method: 'recordDecision', args: [sent], evaluated } : { method: 'recordDecision', args: [sent] };
}

/** UnknownCardsError is rebuilt as an instance (routes test with instanceof); others as Error. */
function fromWire(error: WireError): Error {
  if (error.name === 'UnknownCardsError' && error.cards) return new UnknownCardsError(error.cards);
  const rebuilt = new Error(error.message);
  rebuilt.name = error.name;
  return rebuilt;
}

function relog(logger: Logger | undefined, line: string): void {
  if (!logger) return;
  const { level, msg, ...fields } = JSON.parse(line) as { level: number; msg?: string } & Record<string, unknown>;
  const label = (logger.levels.labels[level] ?? 'info') as Level;
  logger[label](fields, msg);
}

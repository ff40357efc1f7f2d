import { Worker } from 'node:worker_threads';
import type { Level, Logger } from 'pino';
import type { DecisionRecord, DecisionStore } from './decision-store.ts';
import { EvaluatedListSender } from './evaluated-list-relay.ts';
import type { SqliteWorkerData, StoreMethod, UnnumberedRequest, WireError, WorkerMessage, WorkerRequest } from './sqlite-worker-protocol.ts';
import { UnknownCardsError } from './unknown-cards-error.ts';

/**
 * The SQLite store served from its own thread: better-sqlite3 is synchronous, so each commit run
 * here would hold up every other request on the event loop. Same interface and semantics as
 * `openSqliteStore`, which the worker runs (sqlite-worker-main.ts).
 */
export async function openSqliteWorkerStore(dataDir: string, file: string, logger?: Logger): Promise<DecisionStore> {
  return connectSqliteWorker(startSqliteWorker({ dataDir, file }), logger);
}

/**
 * Starts the worker thread. From source (tsx, vitest) the entry is TypeScript and the fresh isolate
 * needs tsx's loader; tsx's `--import tsx` registers only on the main thread in Node 20, so a small
 * bootstrap registers it through `tsx/esm/api`. From the esbuild bundle the entry is
 * `sqlite-worker.js` beside `main.js`.
 */
export function startSqliteWorker(data: SqliteWorkerData): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL('./sqlite-worker.js', here), { workerData: data });
  const entry = new URL('./sqlite-worker-main.ts', here).href;
  const bootstrap = `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))};
register();
await import(${JSON.stringify(entry)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(bootstrap)}`), { workerData: data });
}

/** Calls sent to the worker in one message at most; chosen by measurement (docs/performance.md). */
const BATCH_SIZE = 4;

interface Pending {
  readonly settled: Promise<unknown>;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/** Waits for the worker to open (and migrate) the database, then returns the proxy. */
export function connectSqliteWorker(worker: Worker, logger?: Logger): Promise<DecisionStore> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => {
      void worker.terminate();
      reject(new Error(`SQLite store worker failed to start: ${error.message}`));
    };
    const onExit = (code: number): void => reject(new Error(`SQLite store worker exited (code ${code}) before the store opened`));
    const onMessage = (message: WorkerMessage): void => {
      if (message.kind === 'log') return relog(logger, message.line);
      if (message.kind === 'ready') {
        worker.off('error', onError).off('exit', onExit).off('message', onMessage);
        return resolve(workerProxy(worker, logger));
      }
      // Listeners stay until the worker is gone, so a late 'error' is never unhandled.
      void worker.terminate();
      reject(message.kind === 'open-failed' ? fromWire(message.error) : new Error(`SQLite store worker sent ${message.kind} before opening`));
    };
    worker.on('error', onError).on('exit', onExit).on('message', onMessage);
  });
}

function workerProxy(worker: Worker, logger: Logger | undefined): DecisionStore {
  const pending = new Map<number, Pending>();
  let nextId = 0;
  let failure: Error | undefined;
  let closing: Promise<void> | undefined;
  let closed = false;
  // Unreferenced while idle, like the in-thread store: an open store alone keeps no process alive.
  worker.unref();

  const fail = (error: Error): void => {
    if (failure || closed) return;
    failure = error;
    logger?.error({ event: 'store.worker_failed', err: error }, 'SQLite store worker stopped; store calls fail');
    for (const call of pending.values()) call.reject(error);
    pending.clear();
    worker.unref();
  };
  worker.on('error', (error: Error) => fail(new Error(`SQLite store worker failed: ${error.message}`)));
  worker.on('exit', (code: number) => fail(new Error(`SQLite store worker exited (code ${code})`)));
  worker.on('message', (message: WorkerMessage) => {
    if (message.kind === 'log') return relog(logger, message.line);
    if (message.kind !== 'replies') return;
    for (const reply of message.replies) {
      const call = pending.get(reply.id);
      if (!call) continue;
      pending.delete(reply.id);
      if (reply.ok) call.resolve(reply.value);
      else call.reject(fromWire(reply.error));
    }
    if (pending.size === 0) worker.unref();
  });

  let batch: WorkerRequest[] = [];
  let flushScheduled = false;
  const flush = (): void => {
    flushScheduled = false;
    if (batch.length === 0) return;
    const requests = batch;
    batch = [];
    if (failure) return;
    try {
      worker.postMessage(requests);
    } catch {
      // Something in the batch cannot be cloned: send one by one, so only that call fails.
      for (const request of requests) {
        try {
          worker.postMessage([request]);
        } catch (error) {
          settleFailed(request.id, new Error(`cannot send the call to the SQLite store worker: ${error instanceof Error ? error.message : String(error)}`));
        }
      }
    }
  };
  const settleFailed = (id: number, error: Error): void => {
    pending.get(id)?.reject(error);
    pending.delete(id);
    if (pending.size === 0) worker.unref();
  };

  const send = (request: UnnumberedRequest): Promise<unknown> => {
    if (failure) return Promise.reject(failure);
    let settle: Pick<Pending, 'resolve' | 'reject'> | undefined;
    const settled = new Promise<unknown>((resolve, reject) => { settle = { resolve, reject }; });
    const id = nextId++;
    pending.set(id, { settled, ...(settle as Pick<Pending, 'resolve' | 'reject'>) });
    if (pending.size === 1) worker.ref();
    // Waking the other thread costs the event loop more than cloning a call (≈30–80 µs on the bench
    // machine), so calls travel in batches: at BATCH_SIZE, or at the end of this event-loop turn. Not
    // only at the end: calls answered in one turn would then all wait for one commit together.
    if (batch.push({ ...request, id } as WorkerRequest) >= BATCH_SIZE) flush();
    else if (!flushScheduled) {
      flushScheduled = true;
      setImmediate(flush);
    }
    return settled;
  };
  const whenOpen = <T>(request: () => UnnumberedRequest): Promise<T> =>
    closing ? Promise.reject(new Error('decision store is closed')) : (send(request()) as Promise<T>);
  const call = <T>(method: Exclude<StoreMethod, 'recordDecision'>, ...args: readonly unknown[]): Promise<T> => whenOpen(() => ({ method, args }));
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
        await Promise.allSettled([...pending.values()].map((p) => p.settled));
        try {
          if (!failure) await send({ method: 'close', args: [] });
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

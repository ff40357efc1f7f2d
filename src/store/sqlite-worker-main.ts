import { parentPort, workerData } from 'node:worker_threads';
import { pino } from 'pino';
import { EvaluatedListReceiver } from './evaluated-list-relay.ts';
import { openSqliteStore, type SqliteDecisionStore } from './sqlite-store.ts';
import type { DecisionRecord } from './decision-store.ts';
import type { SqliteWorkerData, WireError, WorkerMessage, WorkerReply, WorkerRequest } from './sqlite-worker-protocol.ts';
import { UnknownCardsError } from './unknown-cards-error.ts';

/**
 * Worker entry: owns the one SQLite connection (the in-thread store) and answers the main thread's
 * proxy, one request at a time in arrival order, so each commit happens off the event loop.
 */
const port = parentPort;
if (!port) throw new Error('sqlite-worker-main runs only as a worker thread');
const post = (message: WorkerMessage): void => port.postMessage(message);

// Log lines go to the main thread, which re-logs them on the service's logger.
const logger = pino({ base: null, timestamp: false }, { write: (line: string) => post({ kind: 'log', line }) });
const { dataDir, file } = workerData as SqliteWorkerData;
const evaluatedLists = new EvaluatedListReceiver();

let store: SqliteDecisionStore | undefined;
try {
  store = openSqliteStore(dataDir, file, logger);
  post({ kind: 'ready' });
} catch (error) {
  post({ kind: 'open-failed', error: toWire(error) });
}

if (store) {
  const open = store;
  port.on('message', (requests: readonly WorkerRequest[]) => {
    void answerAll(open, requests);
  });
}

// In arrival order. Consecutive decisions share one commit (group commit: each in its own savepoint,
// so one that fails is left out alone); every other call runs alone, after those before it.
async function answerAll(open: SqliteDecisionStore, requests: readonly WorkerRequest[]): Promise<void> {
  const replies: WorkerReply[] = [];
  for (let i = 0; i < requests.length; ) {
    const request = requests[i] as WorkerRequest;
    if (request.method !== 'recordDecision') {
      replies.push(await answer(open, request));
      i++;
      continue;
    }
    const group: { readonly id: number; readonly record: DecisionRecord }[] = [];
    for (; i < requests.length; i++) {
      const next = requests[i] as WorkerRequest;
      if (next.method !== 'recordDecision') break;
      try {
        group.push({ id: next.id, record: evaluatedLists.decode(next.args[0], next.evaluated) });
      } catch (error) {
        replies.push({ id: next.id, ok: false, error: toWire(error) });
      }
    }
    if (group.length === 0) continue;
    const outcomes = open.recordDecisionGroup(group.map((g) => g.record));
    group.forEach(({ id }, k) => {
      const error = outcomes[k];
      replies.push(error ? { id, ok: false, error: toWire(error) } : { id, ok: true, value: undefined });
    });
  }
  post({ kind: 'replies', replies });
}

async function answer(open: SqliteDecisionStore, request: WorkerRequest): Promise<WorkerReply> {
  try {
    const value =
      request.method === 'close'
        ? await open.close()
        : await (open[request.method] as (...args: readonly unknown[]) => Promise<unknown>)(...request.args);
    return { id: request.id, ok: true, value };
  } catch (error) {
    return { id: request.id, ok: false, error: toWire(error) };
  }
}

// Name and message only: no stack crosses, and the card list is what UnknownCardsError adds.
function toWire(error: unknown): WireError {
  if (error instanceof UnknownCardsError) return { name: error.name, message: error.message, cards: [...error.cards] };
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}

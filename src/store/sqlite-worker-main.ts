import { parentPort, workerData } from 'node:worker_threads';
import { pino } from 'pino';
import type { DecisionStore } from './decision-store.ts';
import { EvaluatedListReceiver } from './evaluated-list-relay.ts';
import { openSqliteStore } from './sqlite-store.ts';
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

let store: DecisionStore | undefined;
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

// One at a time, in order: each call's transaction commits before the next begins.
async function answerAll(open: DecisionStore, requests: readonly WorkerRequest[]): Promise<void> {
  const replies: WorkerReply[] = [];
  for (const request of requests) replies.push(await answer(open, request));
  post({ kind: 'replies', replies });
}

async function answer(open: DecisionStore, request: WorkerRequest): Promise<WorkerReply> {
  try {
    const value = request.method === 'recordDecision'
      ? await open.recordDecision(evaluatedLists.decode(request.args[0], request.evaluated))
      : request.method === 'close'
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

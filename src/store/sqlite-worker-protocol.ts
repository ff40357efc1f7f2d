import type { DecisionRecord, DecisionStore } from './decision-store.ts';
import type { EvaluatedList } from './evaluated-list-relay.ts';

/**
 * Messages between the main thread's SQLite store proxy and the worker that owns the connection.
 * Arguments and results cross by structured clone (Dates included); errors cross as plain data.
 * Requests go in batches (an array per message, see BATCH_SIZE in sqlite-worker-store.ts) and each
 * batch is answered as one: under load each message, not each call, pays for waking the other thread.
 * The worker writes consecutive decisions of a batch in one commit.
 */

/** The store's data methods: each call crosses as its name and its arguments. */
export type StoreMethod = Exclude<keyof DecisionStore, 'kind' | 'close'>;

/** What the worker is started with (`workerData`). */
export interface SqliteWorkerData {
  readonly dataDir: string;
  readonly file: string;
}

export type WorkerRequest =
  | { readonly id: number; readonly method: 'recordDecision'; readonly args: readonly [DecisionRecord]; readonly evaluated?: EvaluatedList }
  | { readonly id: number; readonly method: Exclude<StoreMethod, 'recordDecision'>; readonly args: readonly unknown[] }
  | { readonly id: number; readonly method: 'close'; readonly args: readonly [] };

export type WorkerReply =
  | { readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly id: number; readonly ok: false; readonly error: WireError };

/** A request before the proxy numbers it. */
export type UnnumberedRequest = WorkerRequest extends infer R ? (R extends WorkerRequest ? Omit<R, 'id'> : never) : never;

/** An error as data: its name and message, and the card list an UnknownCardsError carries. */
export interface WireError {
  readonly name: string;
  readonly message: string;
  readonly cards?: readonly string[];
}

export type WorkerMessage =
  | { readonly kind: 'ready' }
  | { readonly kind: 'open-failed'; readonly error: WireError }
  /** Answers to one batch of requests, in order. */
  | { readonly kind: 'replies'; readonly replies: readonly WorkerReply[] }
  /** A line the worker's pino logger wrote (JSON), re-logged on the main thread's logger. */
  | { readonly kind: 'log'; readonly line: string };

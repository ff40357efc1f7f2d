import type { DecisionStore } from './decision-store.ts';

/**
 * Messages between the main thread's SQLite store proxy and the worker that owns the connection.
 * Arguments and results cross by structured clone (Dates included); errors cross as plain data.
 */

/** The store's data methods: each call crosses as its name and its arguments. */
export type StoreMethod = Exclude<keyof DecisionStore, 'kind' | 'close'>;

/** What the worker is started with (`workerData`). */
export interface SqliteWorkerData {
  readonly dataDir: string;
  readonly file: string;
}

export type WorkerRequest =
  | { readonly id: number; readonly method: StoreMethod; readonly args: readonly unknown[] }
  | { readonly id: number; readonly method: 'close'; readonly args: readonly [] };

/** An error as data: its name and message, and the card list an UnknownCardsError carries. */
export interface WireError {
  readonly name: string;
  readonly message: string;
  readonly cards?: readonly string[];
}

export type WorkerMessage =
  | { readonly kind: 'ready' }
  | { readonly kind: 'open-failed'; readonly error: WireError }
  | { readonly kind: 'result'; readonly id: number; readonly value: unknown }
  | { readonly kind: 'error'; readonly id: number; readonly error: WireError }
  /** A line the worker's pino logger wrote (JSON), re-logged on the main thread's logger. */
  | { readonly kind: 'log'; readonly line: string };

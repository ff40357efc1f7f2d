import type { Worker } from 'node:worker_threads';
import { MessageBatcher } from './message-batcher.ts';

/** A request as it crosses: numbered, so the worker's answer can name the call it settles. */
type Numbered<Request> = Request & { readonly id: number };

/** Why the calls stopped: the worker's 'error' event, its 'exit', or the owner's `stop()` (e.g. a failed start its protocol reported). */
export type WorkerStop = { readonly error: Error } | { readonly exitCode: number };

interface WorkerCallsOptions<Request, Message> {
  /** Names the thread in errors: `cannot send the call to ${thread}: …`. */
  readonly thread: string;
  /** Posts requests in one message of the worker's protocol; throws if one cannot be cloned. */
  readonly post: (requests: Numbered<Request>[]) => void;
  /** Reads each message from the worker (its own protocol): settles calls with `answer` and `fail`. */
  readonly onMessage: (message: Message) => void;
  /** Requests per message at most (MessageBatcher). */
  readonly batchSize: number;
  /**
   * Called once, at the first stop: does what the owner does then (log, replace the thread) and
   * returns the error every pending call, and every later one, is rejected with.
   */
  readonly onStop: (stop: WorkerStop) => Error;
}

interface Pending<Answer> {
  readonly settled: Promise<Answer>;
  resolve(value: Answer): void;
  reject(error: Error): void;
}

/**
 * Calls into a worker thread, each a promise. Requests are numbered here and posted in batches; the
 * owner reads the worker's messages (`onMessage`, its own protocol) and settles calls by id with
 * `answer` and `fail`. The worker is referenced only while calls are pending, so an idle one keeps no
 * process alive. When it errors or exits, every pending call is rejected, and so is every later one.
 */
export class WorkerCalls<Request extends object, Answer, Message = unknown> {
  private readonly pending = new Map<number, Pending<Answer>>();
  private readonly outbox: MessageBatcher<Numbered<Request>>;
  private nextId = 0;
  private failure: Error | undefined;

  constructor(
    private readonly worker: Worker,
    private readonly options: WorkerCallsOptions<Request, Message>,
  ) {
    // In batches: a message per call would cost the event loop more than the call (docs/performance.md).
    this.outbox = new MessageBatcher((requests) => this.post(requests), options.batchSize);
    worker.on('message', options.onMessage);
    worker.on('error', (error: Error) => this.stop({ error }));
    worker.on('exit', (exitCode: number) => this.stop({ exitCode }));
    // After the 'message' listener: Node references a worker again when its first one is added.
    worker.unref();
  }

  /** Sends a request; the promise settles with the worker's answer, or rejects when the worker stops. */
  send(request: Request): Promise<Answer> {
    if (this.failure) return Promise.reject(this.failure);
    let settle: Omit<Pending<Answer>, 'settled'> | undefined;
    const settled = new Promise<Answer>((resolve, reject) => {
      settle = { resolve, reject };
    });
    const id = this.nextId++;
    this.pending.set(id, { settled, ...(settle as Omit<Pending<Answer>, 'settled'>) });
    if (this.pending.size === 1) this.worker.ref();
    this.outbox.add({ ...request, id });
    return settled;
  }

  /** Resolves call `id` (an answer to a call no longer pending is ignored). */
  answer(id: number, value: Answer): void {
    this.take(id)?.resolve(value);
  }

  /** Rejects call `id` (ignored if it is no longer pending). */
  fail(id: number, error: Error): void {
    this.take(id)?.reject(error);
  }

  /** Rejects every pending and every later call with the error `onStop` returns; only the first stop counts. */
  stop(cause: WorkerStop): void {
    if (this.failure) return;
    this.failure = this.options.onStop(cause);
    for (const call of this.pending.values()) call.reject(this.failure);
    this.pending.clear();
    this.worker.unref();
  }

  /** The error calls are rejected with since the worker stopped. */
  get stopped(): Error | undefined {
    return this.failure;
  }

  /** Calls sent and not yet settled. */
  get size(): number {
    return this.pending.size;
  }

  /** Settles when every call pending now has settled, however. */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.pending.values()].map((call) => call.settled));
  }

  private take(id: number): Pending<Answer> | undefined {
    const call = this.pending.get(id);
    if (!call) return undefined;
    this.pending.delete(id);
    if (this.pending.size === 0) this.worker.unref();
    return call;
  }

  private post(requests: Numbered<Request>[]): void {
    // The calls of a batch posted after a stop were rejected with it.
    if (this.failure) return;
    try {
      this.options.post(requests);
    } catch {
      // Something in the batch cannot be cloned: send one by one, so only that call fails.
      for (const request of requests) {
        try {
          this.options.post([request]);
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          this.fail(request.id, new Error(`cannot send the call to ${this.options.thread}: ${reason}`));
        }
      }
    }
  }
}

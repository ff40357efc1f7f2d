import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkerCalls, type WorkerStop } from '../../src/threads/worker-calls.ts';
import { startTestWorker, type TestAnswers, type TestRequest } from './support/test-worker.ts';

const CHILD = fileURLToPath(new URL('./support/idle-worker-child.ts', import.meta.url));

interface Harness {
  readonly worker: Worker;
  readonly calls: WorkerCalls<TestRequest, unknown, TestAnswers>;
  /** Every stop `onStop` was called with. */
  readonly stops: WorkerStop[];
  /** The size of each message the worker answered. */
  readonly batches: number[];
}

const workers: Worker[] = [];
afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.terminate()));
});

function harness(): Harness {
  const worker = startTestWorker();
  workers.push(worker);
  const stops: WorkerStop[] = [];
  const batches: number[] = [];
  const calls: WorkerCalls<TestRequest, unknown, TestAnswers> = new WorkerCalls(worker, {
    thread: 'the test worker',
    post: (requests) => worker.postMessage(requests),
    onMessage(message) {
      batches.push(message.batch);
      for (const { id, value } of message.answers) calls.answer(id, value);
    },
    batchSize: 4,
    onStop(stop) {
      stops.push(stop);
      return new Error('error' in stop ? `test worker failed: ${stop.error.message}` : `test worker exited (code ${stop.exitCode})`);
    },
  });
  return { worker, calls, stops, batches };
}

/** Runs the child; a worker that keeps it alive makes it time out, which fails the test. */
const runChild = (mode: 'call' | 'idle'): Promise<{ stdout: string }> =>
  promisify(execFile)(process.execPath, ['--import', 'tsx', CHILD, mode], { timeout: 15_000 });

const reasonOf = (promise: Promise<unknown>): Promise<string> =>
  promise.then(
    (value) => `resolved ${String(value)}`,
    (error: unknown) => String(error),
  );

describe('WorkerCalls', () => {
  it('settles each call with its own answer, in order, sent in batches of at most batchSize', async () => {
    const { calls, batches } = harness();
    const settledOrder: number[] = [];
    const sent = Array.from({ length: 10 }, (_, n) =>
      calls.send({ op: 'double', n }).then((value) => {
        settledOrder.push(n);
        return value;
      }),
    );
    expect(calls.size).toBe(10);

    expect(await Promise.all(sent)).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18]);
    expect(settledOrder).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // Ten calls in one turn: two full batches, then the rest at the end of the turn.
    expect(batches).toEqual([4, 4, 2]);
    expect(calls.size).toBe(0);
  });

  it('rejects the pending calls and every later one with the error onStop returns when the worker exits, once', async () => {
    const { calls, stops } = harness();
    const held = [calls.send({ op: 'hold' }), calls.send({ op: 'hold' })];
    const exit = calls.send({ op: 'exit', code: 3 });

    expect(await Promise.all([...held, exit].map(reasonOf))).toEqual([
      'Error: test worker exited (code 3)',
      'Error: test worker exited (code 3)',
      'Error: test worker exited (code 3)',
    ]);
    await expect(calls.send({ op: 'double', n: 1 })).rejects.toThrow('test worker exited (code 3)');
    expect(stops).toEqual([{ exitCode: 3 }]);
    expect(calls.stopped?.message).toBe('test worker exited (code 3)');
    expect(calls.size).toBe(0);
  });

  it('rejects the pending calls when the worker throws, with the error event and not the exit after it', async () => {
    const { calls, stops } = harness();
    const held = calls.send({ op: 'hold' });
    const thrown = calls.send({ op: 'throw', message: 'boom' });

    expect(await reasonOf(held)).toBe('Error: test worker failed: boom');
    expect(await reasonOf(thrown)).toBe('Error: test worker failed: boom');
    expect(stops).toHaveLength(1);
    expect(stops[0]).toMatchObject({ error: expect.objectContaining({ message: 'boom' }) as unknown });
  });

  it('stop() by the owner rejects the pending calls; the exit that follows is not a second stop', async () => {
    const { worker, calls, stops } = harness();
    const held = calls.send({ op: 'hold' });
    await new Promise((resolve) => setImmediate(resolve));

    calls.stop({ error: new Error('start failed') });
    expect(await reasonOf(held)).toBe('Error: test worker failed: start failed');
    await worker.terminate();
    expect(stops).toEqual([{ error: new Error('start failed') }]);
    await expect(calls.send({ op: 'double', n: 2 })).rejects.toThrow('test worker failed: start failed');
  });

  it('fails only the call that cannot be cloned; the calls of its batch go through', async () => {
    const { calls } = harness();
    const before = calls.send({ op: 'double', n: 1 });
    const uncloneable = calls.send({ op: 'double', n: (() => 1) as unknown as number });
    const after = calls.send({ op: 'double', n: 2 });

    expect(await reasonOf(uncloneable)).toMatch(/^Error: cannot send the call to the test worker: .*could not be cloned/);
    expect(await Promise.all([before, after])).toEqual([2, 4]);
  });

  it('idle() waits for the calls pending when it was asked, answered or failed', async () => {
    const { calls } = harness();
    const slow = calls.send({ op: 'later', ms: 100 });
    const fast = calls.send({ op: 'double', n: 3 });
    let idle = false;
    const waiting = calls.idle().then(() => {
      idle = true;
    });

    await fast;
    expect(idle).toBe(false);
    await waiting;
    expect(await slow).toBe('later');
    expect(calls.size).toBe(0);
  });

  it('keeps the process alive only while a call is pending: an idle worker does not', async () => {
    // The child ends by itself only if the worker is unreferenced once idle; if it were unreferenced
    // while the call is pending, the child would end before the answer (unsettled top-level await).
    const { stdout } = await runChild('call');
    expect(stdout).toBe('answer: later\npending: 0\n');
  });

  it('an idle worker that was never called keeps no process alive', async () => {
    const { stdout } = await runChild('idle');
    expect(stdout).toBe('idle\n');
  });
});

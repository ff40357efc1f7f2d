// Child process for the ref/unref tests, on a worker that lives until terminated. Mode `call`: one
// call answered after 300 ms; the process must stay up for that answer (the worker is referenced
// while the call is pending) and then end by itself (unreferenced when idle). Mode `idle`: no call;
// the process must end at once. Neither calls terminate or process.exit.
import { WorkerCalls } from '../../../src/threads/worker-calls.ts';
import { startTestWorker, type TestAnswers, type TestRequest } from './test-worker.ts';

const worker = startTestWorker();
const calls: WorkerCalls<TestRequest, unknown, TestAnswers> = new WorkerCalls(worker, {
  thread: 'the test worker',
  post: (requests) => worker.postMessage(requests),
  onMessage(message) {
    for (const { id, value } of message.answers) calls.answer(id, value);
  },
  batchSize: 4,
  onStop: () => new Error('the test worker stopped'),
});
if (process.argv[2] === 'idle') process.stdout.write('idle\n');
else {
  process.stdout.write(`answer: ${String(await calls.send({ op: 'later', ms: 300 }))}\n`);
  process.stdout.write(`pending: ${calls.size}\n`);
}

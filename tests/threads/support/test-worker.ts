import { Worker } from 'node:worker_threads';

/** A request to the test worker: what it should do with it. */
export type TestRequest =
  | { readonly op: 'double'; readonly n: number }
  | { readonly op: 'later'; readonly ms: number }
  | { readonly op: 'hold' }
  | { readonly op: 'exit'; readonly code: number }
  | { readonly op: 'throw'; readonly message: string };

/** The test worker's one message: answers by id, and how many requests the message it answers carried. */
export interface TestAnswers {
  readonly answers: readonly { readonly id: number; readonly value: unknown }[];
  readonly batch: number;
}

// Plain CommonJS, run with `eval`: answers a batch in order in one message; `hold` is never answered.
const SOURCE = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', (requests) => {
  const answers = [];
  for (const r of requests) {
    if (r.op === 'double') answers.push({ id: r.id, value: r.n * 2 });
    if (r.op === 'later') setTimeout(() => parentPort.postMessage({ answers: [{ id: r.id, value: 'later' }], batch: 1 }), r.ms);
    if (r.op === 'exit') process.exit(r.code);
    if (r.op === 'throw') throw new Error(r.message);
  }
  parentPort.postMessage({ answers, batch: requests.length });
});
`;

export function startTestWorker(): Worker {
  return new Worker(SOURCE, { eval: true });
}

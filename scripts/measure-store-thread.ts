// Event-loop cost of recordDecision: SQLite in the calling thread vs in its worker thread.
// Report only (issue 9); run with `npx tsx scripts/measure-store-thread.ts`. cpuUsage() counts every
// thread of the process, so the main thread's own share is read from its event-loop utilization
// (time not idle in the poll phase), and the worker's from worker.performance.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { DecisionRecord, DecisionStore } from '../src/store/decision-store.ts';
import { openSqliteStore } from '../src/store/sqlite-store.ts';
import { connectSqliteWorker, startSqliteWorker } from '../src/store/sqlite-worker-store.ts';

const WRITES = 2000;
const GROUP = 10;
const ROUNDS = 3;
const evaluated = Array.from({ length: 54 }, (_, i) => ({ id: `rule-${i}`, version: '1.0.0' }));
const fired = evaluated[7] ?? { id: 'rule-7', version: '1.0.0' };

function typicalRecord(): DecisionRecord {
  return {
    id: randomUUID(),
    time: new Date().toISOString(),
    serviceId: 'ctc-advisor-patient-view',
    hook: 'patient-view',
    hookInstance: randomUUID(),
    patientPseudonym: 'p_0123456789abcdef01234567',
    ruleSetVersion: 'abc@1.2.0',
    rulesEvaluated: evaluated,
    rulesFired: [fired],
    shadowCards: [],
    cards: [
      {
        uuid: randomUUID(),
        ruleId: fired.id,
        ruleVersion: fired.version,
        topic: 'ctc-prognosis',
        indicator: 'info',
        summary: 'CTC count 12 per 7.5 mL is at or above 5',
      },
    ],
    dataQualityNotes: [],
    dataSource: 'prefetch',
    statusCode: 200,
    durationMs: 3.2,
  };
}

async function writeAll(store: DecisionStore): Promise<void> {
  for (let i = 0; i < WRITES; i += GROUP) {
    await Promise.all(Array.from({ length: GROUP }, () => store.recordDecision(typicalRecord())));
  }
}

interface Round {
  wallUs: number;
  processCpuUs: number;
  mainActiveUs: number;
  workerActiveUs?: number;
}

async function round(store: DecisionStore, workerElu?: () => number): Promise<Round> {
  const cpu = process.cpuUsage();
  const elu = performance.eventLoopUtilization();
  const workerBefore = workerElu?.();
  const t = performance.now();
  await writeAll(store);
  const wall = performance.now() - t;
  const used = process.cpuUsage(cpu);
  const active = performance.eventLoopUtilization(elu).active;
  return {
    wallUs: (wall * 1000) / WRITES,
    processCpuUs: (used.user + used.system) / WRITES,
    mainActiveUs: (active * 1000) / WRITES,
    ...(workerElu && workerBefore !== undefined ? { workerActiveUs: ((workerElu() - workerBefore) * 1000) / WRITES } : {}),
  };
}

const fmt = (r: Round): string =>
  Object.entries(r)
    .map(([k, v]) => `${k}=${(v as number).toFixed(1)}`)
    .join(' ');
const dir = mkdtempSync(join(tmpdir(), 'ctc-measure-'));
try {
  // What building the records and awaiting the groups costs by itself, to subtract from both.
  const noop = { recordDecision: async () => {} } as unknown as DecisionStore;
  await writeAll(noop);
  for (let i = 0; i < ROUNDS; i++) console.log(`no store  round ${i + 1}: ${fmt(await round(noop))}`);
  const inThread = openSqliteStore(join(dir, 'a'), join(dir, 'a', 'db.sqlite'));
  await writeAll(inThread);
  for (let i = 0; i < ROUNDS; i++) console.log(`in-thread round ${i + 1}: ${fmt(await round(inThread))}`);
  await inThread.close();

  const worker = startSqliteWorker({ dataDir: join(dir, 'b'), file: join(dir, 'b', 'db.sqlite') });
  const viaWorker = await connectSqliteWorker(worker);
  await writeAll(viaWorker);
  const workerElu = (): number => worker.performance.eventLoopUtilization().active;
  for (let i = 0; i < ROUNDS; i++) console.log(`worker    round ${i + 1}: ${fmt(await round(viaWorker, workerElu))}`);
  await viaWorker.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}

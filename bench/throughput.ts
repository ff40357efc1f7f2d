import type { LoadDriver } from './driver-client.ts';
import type { LoadSpec, LoadSummary } from './load-spec.ts';
import type { Payload } from './payloads.ts';
import { PATIENT_VIEW_PATH } from './payloads.ts';
import { readCpuMs } from './rss.ts';

/** A server under test: where to send requests, and which process to charge the CPU time to. */
interface Target {
  readonly baseUrl: string;
  readonly pid: number;
}

export interface MatrixRow {
  readonly scenario: string;
  readonly observations: number;
  readonly connections: number;
  readonly floor: LoadSummary;
  readonly service: LoadSummary;
  /** service requests/s ÷ floor requests/s. */
  readonly ratio: number;
  /** floor CPU per request ÷ service CPU per request: the same ratio, less sensitive to a busy machine. */
  readonly cpuRatio: number;
}

interface MatrixOptions {
  readonly durationSec: number;
  readonly warmupSec: number;
  /** Floor and service alternate this many times per cell; the table shows the median of each. */
  readonly rounds: number;
  readonly connections: readonly number[];
  readonly onRow?: (row: MatrixRow) => void;
}

/** Floor and service, alternating, for every scenario × concurrency. */
export async function runMatrix(
  driver: LoadDriver,
  targets: { floor: Target; service: Target },
  scenarios: readonly Payload[],
  options: MatrixOptions,
): Promise<MatrixRow[]> {
  const rows: MatrixRow[] = [];
  for (const payload of scenarios) {
    // JIT warm-up of both processes on this body, not measured.
    for (const { baseUrl } of [targets.floor, targets.service])
      await driver.run({ baseUrl, path: PATIENT_VIEW_PATH, body: payload.body, connections: 10, durationSec: options.warmupSec });
    for (const connections of options.connections) {
      const floor: LoadSummary[] = [];
      const service: LoadSummary[] = [];
      for (let round = 0; round < options.rounds; round++) {
        const spec = { path: PATIENT_VIEW_PATH, body: payload.body, connections, durationSec: options.durationSec };
        floor.push(await measured(driver, targets.floor, spec));
        service.push(await measured(driver, targets.service, spec));
      }
      const f = medianSummary(floor);
      const s = medianSummary(service);
      const done: MatrixRow = {
        scenario: payload.name,
        observations: payload.observations,
        connections,
        floor: f,
        service: s,
        ratio: s.requestsPerSec / f.requestsPerSec,
        cpuRatio: (f.cpuMsPerRequest ?? NaN) / (s.cpuMsPerRequest ?? NaN),
      };
      rows.push(done);
      options.onRow?.(done);
    }
  }
  return rows;
}

/** One run, with the server's CPU time per answered request (robust on a shared, noisy machine). */
async function measured(driver: LoadDriver, target: Target, spec: Omit<LoadSpec, 'baseUrl'>): Promise<LoadSummary> {
  const before = readCpuMs(target.pid);
  const summary = await driver.run({ ...spec, baseUrl: target.baseUrl });
  const answered = summary.ok + summary.non2xx;
  return { ...summary, cpuMsPerRequest: answered > 0 ? Math.round(((readCpuMs(target.pid) - before) / answered) * 1000) / 1000 : NaN };
}

/** Per-metric median over rounds; counters are summed. */
function medianSummary(runs: readonly LoadSummary[]): LoadSummary {
  const m = (pick: (s: LoadSummary) => number) => median(runs.map(pick));
  const sum = (pick: (s: LoadSummary) => number) => runs.reduce((total, s) => total + pick(s), 0);
  return {
    requestsPerSec: m((s) => s.requestsPerSec),
    latencyMs: {
      p50: m((s) => s.latencyMs.p50),
      p97_5: m((s) => s.latencyMs.p97_5),
      p99: m((s) => s.latencyMs.p99),
      mean: m((s) => s.latencyMs.mean),
      max: Math.max(...runs.map((s) => s.latencyMs.max)),
    },
    ok: sum((s) => s.ok),
    non2xx: sum((s) => s.non2xx),
    errors: sum((s) => s.errors),
    timeouts: sum((s) => s.timeouts),
    durationSec: sum((s) => s.durationSec),
    cpuMsPerRequest: m((s) => s.cpuMsPerRequest ?? NaN),
  };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  // An empty list has no median: NaN, as the arithmetic on missing entries always gave.
  const at = (i: number) => sorted[i] ?? Number.NaN;
  return sorted.length % 2 === 1 ? at(mid) : (at(mid - 1) + at(mid)) / 2;
}

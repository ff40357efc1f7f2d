import type { LoadDriver } from './driver-client.ts';
import type { LoadSummary } from './load-spec.ts';
import type { Payload } from './payloads.ts';
import { PATIENT_VIEW_PATH } from './payloads.ts';

export interface MatrixRow {
  readonly scenario: string;
  readonly observations: number;
  readonly connections: number;
  readonly floor: LoadSummary;
  readonly service: LoadSummary;
  /** service requests/s ÷ floor requests/s. */
  readonly ratio: number;
}

export interface MatrixOptions {
  readonly durationSec: number;
  readonly warmupSec: number;
  /** Floor and service alternate this many times per cell; the table shows the median of each. */
  readonly rounds: number;
  readonly connections: readonly number[];
  readonly onRow?: (row: MatrixRow) => void;
}

/** Floor and service, alternating, for every scenario × concurrency. */
export async function runMatrix(driver: LoadDriver, urls: { floor: string; service: string }, scenarios: readonly Payload[], options: MatrixOptions): Promise<MatrixRow[]> {
  const rows: MatrixRow[] = [];
  for (const payload of scenarios) {
    // JIT warm-up of both processes on this body, not measured.
    for (const baseUrl of [urls.floor, urls.service]) await driver.run({ baseUrl, path: PATIENT_VIEW_PATH, body: payload.body, connections: 10, durationSec: options.warmupSec });
    for (const connections of options.connections) {
      const floor: LoadSummary[] = [];
      const service: LoadSummary[] = [];
      for (let round = 0; round < options.rounds; round++) {
        const spec = { path: PATIENT_VIEW_PATH, body: payload.body, connections, durationSec: options.durationSec };
        floor.push(await driver.run({ ...spec, baseUrl: urls.floor }));
        service.push(await driver.run({ ...spec, baseUrl: urls.service }));
      }
      const row = { scenario: payload.name, observations: payload.observations, connections, floor: medianSummary(floor), service: medianSummary(service), ratio: 0 };
      const done = { ...row, ratio: row.service.requestsPerSec / row.floor.requestsPerSec };
      rows.push(done);
      options.onRow?.(done);
    }
  }
  return rows;
}

/** Per-metric median over rounds; counters are summed. */
export function medianSummary(runs: readonly LoadSummary[]): LoadSummary {
  const m = (pick: (s: LoadSummary) => number) => median(runs.map(pick));
  const sum = (pick: (s: LoadSummary) => number) => runs.reduce((total, s) => total + pick(s), 0);
  return {
    requestsPerSec: m((s) => s.requestsPerSec),
    latencyMs: { p50: m((s) => s.latencyMs.p50), p97_5: m((s) => s.latencyMs.p97_5), p99: m((s) => s.latencyMs.p99), mean: m((s) => s.latencyMs.mean), max: Math.max(...runs.map((s) => s.latencyMs.max)) },
    ok: sum((s) => s.ok),
    non2xx: sum((s) => s.non2xx),
    errors: sum((s) => s.errors),
    timeouts: sum((s) => s.timeouts),
    durationSec: sum((s) => s.durationSec),
  };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

import type { LoadDriver } from './driver-client.ts';
import type { LoadSummary } from './load-spec.ts';
import type { Payload } from './payloads.ts';
import { PATIENT_VIEW_PATH } from './payloads.ts';
import type { ServiceTarget } from './targets.ts';

export interface SoakResult {
  readonly calls: number;
  readonly connections: number;
  readonly rssMb: readonly { readonly afterCalls: number; readonly rssMb: number }[];
  readonly peakRssMb: number;
  readonly errors: number;
  readonly non2xx: number;
  readonly timeouts: number;
  readonly legs: readonly LoadSummary[];
}

/** `calls` typical calls in `legs` equal legs at c=10; RSS is read after each leg. */
export async function runSoak(driver: LoadDriver, service: ServiceTarget, payload: Payload, calls: number, legs = 2): Promise<SoakResult> {
  const rssMb: { afterCalls: number; rssMb: number }[] = [{ afterCalls: 0, rssMb: service.rssMb() }];
  const summaries: LoadSummary[] = [];
  for (let leg = 1; leg <= legs; leg++) {
    const summary = await driver.run({
      baseUrl: service.baseUrl,
      path: PATIENT_VIEW_PATH,
      body: payload.body,
      connections: 10,
      amount: calls / legs,
    });
    summaries.push(summary);
    rssMb.push({ afterCalls: (calls / legs) * leg, rssMb: service.rssMb() });
    process.stdout.write(`  soak: ${(calls / legs) * leg} calls, RSS ${service.rssMb()} MB, ${summary.requestsPerSec.toFixed(0)} req/s\n`);
  }
  return {
    calls,
    connections: 10,
    rssMb,
    peakRssMb: service.peakRssMb(),
    errors: summaries.reduce((n, s) => n + s.errors, 0),
    non2xx: summaries.reduce((n, s) => n + s.non2xx, 0),
    timeouts: summaries.reduce((n, s) => n + s.timeouts, 0),
    legs: summaries,
  };
}

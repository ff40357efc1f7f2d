import { median } from './throughput.ts';
import { PATIENT_VIEW_PATH, patientOfSize, prefetchRequest } from './payloads.ts';

export interface ScalingPoint {
  readonly observations: number;
  readonly bodyBytes: number;
  /** Median wall time of one call, client side, including JSON parse and the decision write. */
  readonly medianMs: number;
  readonly perObservationUs: number;
}

export interface ScalingResult {
  readonly points: readonly ScalingPoint[];
  /** Marginal cost per Observation between consecutive sizes, in µs. */
  readonly marginalUs: readonly { readonly from: number; readonly to: number; readonly perObservationUs: number }[];
  /** Last marginal cost ÷ first: ≈1 means linear, ≫1 means worse than linear. */
  readonly growth: number;
}

/** One call at a time (no queueing), so the median is the cost of the call itself. */
export async function runScaling(serviceUrl: string, sizes: readonly number[], calls: number): Promise<ScalingResult> {
  const points: ScalingPoint[] = [];
  for (const size of sizes) {
    const { body } = prefetchRequest(`scaling-${size}`, patientOfSize(size));
    const times: number[] = [];
    for (let i = 0; i < calls + 2; i++) {
      const started = performance.now();
      const res = await fetch(`${serviceUrl}${PATIENT_VIEW_PATH}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`scaling call with ${size} Observations answered ${res.status}`);
      if (i >= 2) times.push(performance.now() - started); // the first two warm the JIT
    }
    const medianMs = median(times);
    points.push({
      observations: size,
      bodyBytes: Buffer.byteLength(body),
      medianMs: round(medianMs),
      perObservationUs: round((medianMs * 1000) / size),
    });
  }
  const marginalUs: ScalingResult['marginalUs'][number][] = [];
  for (const [i, p] of points.entries()) {
    const prev = points[i - 1];
    if (!prev) continue;
    marginalUs.push({
      from: prev.observations,
      to: p.observations,
      perObservationUs: round(((p.medianMs - prev.medianMs) * 1000) / (p.observations - prev.observations)),
    });
  }
  const first = marginalUs[0];
  const last = marginalUs.at(-1);
  const growth = marginalUs.length > 1 && first && last ? round(last.perObservationUs / first.perObservationUs) : 1;
  return { points, marginalUs, growth };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

/** One load run, sent to the driver process. Either a duration or a fixed amount of requests. */
export interface LoadSpec {
  readonly baseUrl: string;
  readonly path: string;
  readonly body: string;
  readonly connections: number;
  readonly durationSec?: number;
  readonly amount?: number;
  /** Pre-minted single-use bearer tokens; one per request. */
  readonly tokens?: readonly string[];
}

export interface LoadSummary {
  /** Mean of autocannon's per-second request counts. */
  readonly requestsPerSec: number;
  readonly latencyMs: { readonly p50: number; readonly p97_5: number; readonly p99: number; readonly mean: number; readonly max: number };
  readonly ok: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly durationSec: number;
  /** CPU time of the server process per answered request (filled in by the bench, not autocannon). */
  readonly cpuMsPerRequest?: number;
}

export interface DriverRequest {
  readonly id: number;
  readonly spec: LoadSpec;
}

export type DriverReply = { readonly id: number; readonly summary: LoadSummary } | { readonly id: number; readonly error: string };

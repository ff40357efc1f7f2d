import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../src/config/config.ts';
import { spawnReady, type ReadyProcess } from './processes.ts';
import { readMemory } from './rss.ts';

/** Same body limit for service and floor; large enough for the 10,000-Observation scaling request. */
const BENCH_BODY_LIMIT_BYTES = 32 * 1024 * 1024;
export const BENCH_PUBLIC_BASE_URL = 'http://127.0.0.1:3000';

interface ServiceOptions {
  readonly auth?: 'off' | 'required';
  /** An existing data directory (the dev client's key must already be there for auth runs). */
  readonly dataDir?: string;
  readonly nodeArgs?: readonly string[];
  /**
   * 'bundle' (the default) runs dist/server/main.js with plain node, as `npm start` does (call
   * buildServerBundle() first); 'tsx' runs src/main.ts through tsx, so a CPU profile names src/ files.
   */
  readonly mode?: ServiceMode;
}

export type ServiceMode = 'bundle' | 'tsx';

const SERVER_BUNDLE = 'dist/server/main.js';

/** `npm run build`: bundles src/main.ts into dist/server/main.js (scripts/build-server.mjs). */
export function buildServerBundle(): void {
  execFileSync(process.execPath, [path.join(PROJECT_ROOT, 'scripts/build-server.mjs')], { cwd: PROJECT_ROOT, stdio: 'inherit' });
}

/** A started service with its own temp data dir (SQLite store) and an RSS sampler. */
export interface ServiceTarget extends ReadyProcess {
  readonly dataDir: string;
  /** Highest VmRSS seen by the sampler and the kernel's VmHWM, in MB. */
  peakRssMb(): number;
  rssMb(): number;
  close(): Promise<void>;
}

/** The environment every benchmarked service runs with (here and in `npm run bench:compare`): SQLite in `dataDir`, the dev client. */
export function benchServiceEnv(dataDir: string, auth: 'off' | 'required' = 'off'): Record<string, string> {
  return {
    CTC_AUTH: auth,
    CTC_DEV_CLIENT: 'on',
    CTC_DATA_DIR: dataDir,
    DATABASE_URL: '',
    CTC_BODY_LIMIT_BYTES: String(BENCH_BODY_LIMIT_BYTES),
    CTC_PUBLIC_BASE_URL: BENCH_PUBLIC_BASE_URL,
    LOG_LEVEL: 'info',
  };
}

export async function startService(options: ServiceOptions = {}): Promise<ServiceTarget> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'ctc-bench-'));
  const proc = await spawnReady({
    script: options.mode === 'tsx' ? 'src/main.ts' : SERVER_BUNDLE,
    tsx: options.mode === 'tsx',
    ...(options.nodeArgs ? { nodeArgs: options.nodeArgs } : {}),
    env: benchServiceEnv(dataDir, options.auth),
  });
  await untilCallsSettled(proc.baseUrl);
  let peak = 0;
  const sample = () => (peak = Math.max(peak, readMemory(proc.pid)?.rssMb ?? 0));
  const sampler = setInterval(sample, 250);
  return {
    ...proc,
    dataDir,
    peakRssMb: () => Math.max(sample(), readMemory(proc.pid)?.peakRssMb ?? 0),
    rssMb: () => readMemory(proc.pid)?.rssMb ?? NaN,
    close: async () => {
      clearInterval(sampler);
      await proc.stop();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Waits until /healthz no longer reports `calls: thread-starting`, so a measurement runs where the
 * service puts its calls (the pipeline thread) from its first call. Builds from before the pipeline
 * thread report no `calls`, and pass at once.
 */
export async function untilCallsSettled(baseUrl: string, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const health = (await (await fetch(`${baseUrl}/healthz`)).json()) as { calls?: string };
    if (health.calls !== 'thread-starting') return;
    if (Date.now() > until) throw new Error(`${baseUrl}: the pipeline thread was not ready within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export function startFloor(): Promise<ReadyProcess> {
  return spawnReady({ script: 'bench/floor-server.ts', env: { CTC_BODY_LIMIT_BYTES: String(BENCH_BODY_LIMIT_BYTES) } });
}

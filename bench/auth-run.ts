import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureDevClient } from '../src/auth/dev-client.ts';
import type { LoadDriver } from './driver-client.ts';
import type { LoadSummary } from './load-spec.ts';
import { PATIENT_VIEW_PATH, type Payload } from './payloads.ts';
import { BENCH_PUBLIC_BASE_URL, startService } from './targets.ts';

export interface AuthRunResult {
  readonly calls: number;
  readonly connections: number;
  /** Time the bench spent minting the tokens (ES384), not part of the service's cost. */
  readonly mintMs: number;
  readonly summary: LoadSummary;
}

/**
 * The typical patient against a service with CTC_AUTH=required and the dev client: every request
 * carries its own pre-minted token, since tokens are single-use (jti replay cache).
 */
export async function runWithAuth(driver: LoadDriver, payload: Payload, calls: number): Promise<AuthRunResult> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ctc-bench-auth-'));
  try {
    const client = await ensureDevClient(dataDir);
    const started = performance.now();
    const tokens: string[] = [];
    for (let i = 0; i < calls + 200; i++) tokens.push(await client.mintToken(`${BENCH_PUBLIC_BASE_URL}${PATIENT_VIEW_PATH}`, 3600));
    const mintMs = performance.now() - started;
    const service = await startService({ auth: 'required', dataDir });
    try {
      // Warm-up uses the first 200 tokens; the measured run the rest, each exactly once.
      await driver.run({
        baseUrl: service.baseUrl,
        path: PATIENT_VIEW_PATH,
        body: payload.body,
        connections: 10,
        amount: 200,
        tokens: tokens.slice(0, 200),
      });
      const summary = await driver.run({
        baseUrl: service.baseUrl,
        path: PATIENT_VIEW_PATH,
        body: payload.body,
        connections: 10,
        amount: calls,
        tokens: tokens.slice(200),
      });
      return { calls, connections: 10, mintMs: Math.round(mintMs), summary };
    } finally {
      await service.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

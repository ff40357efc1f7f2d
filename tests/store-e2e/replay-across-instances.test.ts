import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDevClient, type DevClient } from '../../src/auth/dev-client.ts';
import { spawnService, type SpawnedService } from '../support/spawn-service.ts';
import { startTestPostgres, type TestPostgres } from '../support/postgres.ts';
import { PATIENT_VIEW, requestFixture } from '../service/helpers.ts';

// The audience the default configuration (CTC_PUBLIC_BASE_URL) expects.
const AUDIENCE = `http://localhost:3000${PATIENT_VIEW}`;
const running: SpawnedService[] = [];
const dirs: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ctc-replay-'));
  dirs.push(dir);
  return dir;
}

async function start(env: Record<string, string>): Promise<SpawnedService> {
  const svc = await spawnService(env);
  running.push(svc);
  return svc;
}

async function stop(svc: SpawnedService, signal: NodeJS.Signals): Promise<void> {
  svc.child.kill(signal);
  await svc.exited;
  running.splice(running.indexOf(svc), 1);
}

async function call(svc: SpawnedService, token: string): Promise<number> {
  const res = await fetch(`${svc.baseUrl}${PATIENT_VIEW}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ ...requestFixture('mbc-ctc-12-cellsearch.patient-view'), hookInstance: crypto.randomUUID() }),
  });
  await res.arrayBuffer();
  return res.status;
}

afterAll(async () => {
  for (const svc of [...running]) await stop(svc, 'SIGTERM');
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe('a JWT is accepted once across instances sharing one PostgreSQL store', () => {
  let pg: TestPostgres;
  beforeAll(async () => {
    pg = await startTestPostgres();
  }, 60_000);
  afterAll(async () => {
    for (const svc of [...running]) await stop(svc, 'SIGTERM');
    await pg?.stop();
  }, 60_000);

  it('a token accepted by instance A is refused (401) when replayed against instance B', async () => {
    const databaseUrl = await pg.newDatabase();
    // One data directory, so both instances trust the same locally generated development client.
    const dataDir = tempDir();
    const dev: DevClient = await ensureDevClient(dataDir);
    const [a, b] = await Promise.all([
      start({ CTC_DATA_DIR: dataDir, DATABASE_URL: databaseUrl }),
      start({ CTC_DATA_DIR: dataDir, DATABASE_URL: databaseUrl }),
    ]);
    expect(a.baseUrl).not.toBe(b.baseUrl);

    const token = await dev.mintToken(AUDIENCE);
    expect(await call(a, token)).toBe(200);
    expect(await call(b, token)).toBe(401);
    expect(await call(a, token)).toBe(401);
    // B itself is healthy: a fresh token goes through, once.
    const fresh = await dev.mintToken(AUDIENCE);
    expect(await call(b, fresh)).toBe(200);
    expect(await call(a, fresh)).toBe(401);
  }, 90_000);
});

describe('a JWT is accepted once across a restart on SQLite', () => {
  it('replaying a token after the service was killed and restarted gets 401', async () => {
    const dataDir = tempDir();
    const dev = await ensureDevClient(dataDir);
    const token = await dev.mintToken(AUDIENCE);

    const first = await start({ CTC_DATA_DIR: dataDir });
    expect(await call(first, token)).toBe(200);
    await stop(first, 'SIGKILL');

    const second = await start({ CTC_DATA_DIR: dataDir });
    expect(await call(second, token)).toBe(401);
    expect(await call(second, await dev.mintToken(AUDIENCE))).toBe(200);
  }, 90_000);
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnService, type SpawnedService } from '../support/spawn-service.ts';
import { startTestPostgres, type TestPostgres } from '../support/postgres.ts';
import { ensureDevClient } from '../../src/auth/dev-client.ts';
import { createReportCommand } from '../../src/cli/commands/report.ts';
import { captureIo } from '../support/capture-io.ts';
import { PATIENT_VIEW, requestFixture } from '../service/helpers.ts';

let pg: TestPostgres;
let databaseUrl: string;
const instances: SpawnedService[] = [];
const dataDirs = [0, 1].map(() => mkdtempSync(path.join(tmpdir(), 'ctc-instance-')));

beforeAll(async () => {
  pg = await startTestPostgres();
  databaseUrl = await pg.newDatabase();
}, 60_000);
afterAll(async () => {
  for (const s of instances) {
    s.child.kill('SIGTERM');
    await s.exited;
  }
  await pg?.stop();
  for (const d of dataDirs) rmSync(d, { recursive: true, force: true });
}, 60_000);

describe('two service instances sharing one PostgreSQL database', () => {
  it('both record their calls into it, and report sees both', async () => {
    // Started together: migrations take an advisory lock, so concurrent start-up is safe.
    instances.push(...(await Promise.all(dataDirs.map((d) => spawnService({ CTC_DATA_DIR: d, DATABASE_URL: databaseUrl })))));
    expect(new Set(instances.map((s) => s.baseUrl)).size).toBe(2);
    for (const [i, svc] of instances.entries()) {
      const dev = await ensureDevClient(dataDirs[i] as string);
      for (let n = 0; n <= i; n++) {
        const res = await fetch(`${svc.baseUrl}${PATIENT_VIEW}`, {
          method: 'POST',
          headers: {
            Authorization: `Bearer ${await dev.mintToken(`http://localhost:3000${PATIENT_VIEW}`)}`,
            'Content-Type': 'application/json',
          },
          body: JSON.stringify({ ...requestFixture('mbc-ctc-12-cellsearch.patient-view'), hookInstance: crypto.randomUUID() }),
        });
        expect(res.status).toBe(200);
      }
    }
    const io = captureIo();
    expect(await createReportCommand({ DATABASE_URL: databaseUrl }).run(['--json'], io)).toBe(0);
    const { rules } = JSON.parse(io.outLines.join('\n')) as { rules: { ruleId: string; evaluated: number; fired: number }[] };
    // Instance 0 made one call and instance 1 two: three decisions in the shared store.
    expect(rules.find((r) => r.ruleId === 'mbc-cellsearch-ctc-elevated')).toMatchObject({ evaluated: 3, fired: 3 });
  }, 90_000);
});

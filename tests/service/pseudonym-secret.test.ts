import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { makePseudonymizer } from '../../src/observability/pseudonymize.ts';
import { PUBLIC_DEVELOPMENT_SECRET, resolvePseudonymSecret } from '../../src/observability/pseudonym-secret.ts';
import { captureLogs } from '../support/log-capture.ts';
import { startTestService } from '../support/test-service.ts';
import { requestFixture } from './helpers.ts';

const PATH = '/cds-services/ctc-advisor-patient-view';

describe('the pseudonym secret (issue 17 item 7)', () => {
  const dirs: string[] = [];
  const tempDir = (): string => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ctc-pseudonym-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('is generated at first start into the data directory (mode 0600), reused after, and never the public value', async () => {
    const dataDir = path.join(tempDir(), 'data');
    const first = await resolvePseudonymSecret(undefined, dataDir);
    expect(first).toMatchObject({ source: 'generated', file: path.join(dataDir, 'pseudonym-secret') });
    expect(first.secret).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(path.join(dataDir, 'pseudonym-secret')).mode & 0o777).toBe(0o600);
    const again = await resolvePseudonymSecret(undefined, dataDir);
    expect(again).toEqual({ ...first, source: 'stored' });
    expect((await resolvePseudonymSecret(undefined, tempDir())).secret).not.toBe(first.secret);
    expect(await resolvePseudonymSecret('a configured secret of enough length!!', tempDir())).toEqual({
      secret: 'a configured secret of enough length!!',
      source: 'configured',
    });
  });

  it('refuses a stored secret that is too short, naming the file', async () => {
    const dataDir = tempDir();
    writeFileSync(path.join(dataDir, 'pseudonym-secret'), 'short\n', { mode: 0o600 });
    await expect(resolvePseudonymSecret(undefined, dataDir)).rejects.toThrow(/pseudonym-secret: the pseudonym secret is shorter than 32/);
  });

  it('pseudonymizes service calls with the generated secret when CTC_PSEUDONYM_SECRET is unset', async () => {
    const logs = captureLogs('info');
    const t = await startTestService({ logger: logs.logger });
    try {
      const body = requestFixture('mbc-ctc-12-cellsearch.patient-view');
      const patientId = (body.context as { patientId: string }).patientId;
      expect(
        (
          await request(t.app)
            .post(PATH)
            .set('Authorization', await t.bearer(PATH))
            .send(body)
        ).status,
      ).toBe(200);
      const stored = readFileSync(path.join(t.dataDir, 'pseudonym-secret'), 'utf8').trim();
      const logged = logs.text();
      expect(logged).toContain(makePseudonymizer('pseudonymize', stored)(patientId) as string);
      // The old default, a public constant, would let anyone reverse the pseudonym by hashing candidate ids.
      expect(logged).not.toContain(makePseudonymizer('pseudonymize', PUBLIC_DEVELOPMENT_SECRET)(patientId) as string);
      expect(t.service.warnings).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it('warns in a production configuration (CTC_DEV_CLIENT=off) without a configured secret, and not with one', async () => {
    const production = { CTC_DEV_CLIENT: 'off', CTC_AUTH: 'off' };
    const logs = captureLogs('warn');
    const unset = await startTestService({ env: production, logger: logs.logger });
    try {
      expect(unset.service.warnings.map((w) => w.event)).toEqual(['startup.pseudonym_secret']);
      expect(logs.records()).toContainEqual(
        expect.objectContaining({
          level: 40,
          event: 'startup.pseudonym_secret',
          msg: expect.stringContaining('CTC_PSEUDONYM_SECRET is not set in a production configuration'),
        }),
      );
    } finally {
      await unset.close();
    }
    const set = await startTestService({ env: { ...production, CTC_PSEUDONYM_SECRET: 'x'.repeat(40) } });
    try {
      expect(set.service.warnings).toEqual([]);
    } finally {
      await set.close();
    }
  });

  it('warns about the old public value or a short secret in any configuration', async () => {
    for (const [secret, text] of [
      [PUBLIC_DEVELOPMENT_SECRET, 'public development value'],
      ['too-short', 'shorter than 32'],
    ] as const) {
      const t = await startTestService({ env: { CTC_PSEUDONYM_SECRET: secret } });
      try {
        expect(t.service.warnings, secret).toEqual([{ event: 'startup.pseudonym_secret', message: expect.stringContaining(text) }]);
      } finally {
        await t.close();
      }
    }
  });
});

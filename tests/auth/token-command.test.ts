import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureDevClient } from '../../src/auth/dev-client.ts';
import { createJwtVerifier } from '../../src/auth/jwt-verifier.ts';
import { createTokenCommand } from '../../src/cli/commands/token.ts';

const BASE = 'http://localhost:3000';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (l: string) => void out.push(l), err: (l: string) => void err.push(l) } };
}

async function setup(devClientEnabled = true) {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'ctc-token-'));
  const command = createTokenCommand({ publicBaseUrl: `${BASE}/`, dataDir, devClientEnabled });
  const verifier = createJwtVerifier({
    clients: [(await ensureDevClient(dataDir)).client],
    clockSkewSeconds: 60,
    maxTokenLifetimeSeconds: 3600,
  });
  return { command, verifier };
}

describe('ctc-advisor token', () => {
  it('prints only a token whose aud is the base URL plus the path (discovery by default)', async () => {
    const { command, verifier } = await setup();
    const discovery = io();
    expect(await command.run([], discovery.io)).toBe(0);
    expect(discovery.out).toHaveLength(1);
    expect((await verifier.verify(discovery.out[0] ?? '', `${BASE}/cds-services`)).ok).toBe(true);

    const service = io();
    expect(await command.run(['/cds-services/ctc-advisor-patient-view', '--ttl', '60'], service.io)).toBe(0);
    expect((await verifier.verify(service.out[0] ?? '', `${BASE}/cds-services`)).ok).toBe(false);
  });

  it('accepts a full URL as the audience', async () => {
    const { command, verifier } = await setup();
    const run = io();
    expect(await command.run(['https://cds.example.org/cds-services/x/'], run.io)).toBe(0);
    expect((await verifier.verify(run.out[0] ?? '', 'https://cds.example.org/cds-services/x')).ok).toBe(true);
  });

  it.each([[['cds-services']], [['/a', '/b']], [['--ttl', 'x']], [['--ttl', '99999']], [['--verbose']]])(
    'usage error for %j',
    async (argv) => {
      const { command } = await setup();
      const run = io();
      expect(await command.run(argv, run.io)).toBe(2);
      expect(run.out).toEqual([]);
      expect(run.err.join('\n')).toMatch(/usage: ctc-advisor token/);
    },
  );

  it('refuses to mint when the dev client is off', async () => {
    const { command } = await setup(false);
    const run = io();
    expect(await command.run([], run.io)).toBe(2);
    expect(run.err.join('\n')).toMatch(/CTC_DEV_CLIENT is off/);
  });
});

import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from './support/run-cli.ts';

// issue 18, "a fast CLI": the bin is the esbuild bundle (plain Node, no tsx), each subcommand loads only
// its own modules, and every parser is node:util parseArgs (--help, --name=value, --).
const dataDir = mkdtempSync(path.join(tmpdir(), 'ctc-cli-bin-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const env = { CTC_DATA_DIR: dataDir };

const SUBCOMMANDS = [['rules', 'check'], ['rules', 'test'], ['rules', 'docs'], ['explain'], ['evaluate'], ['token'], ['report'], ['purge']];

describe.concurrent('the ctc-advisor bin', { timeout: 120_000 }, () => {
  it.each(SUBCOMMANDS)('%s %s --help prints the usage on stdout and exits 0', async (...command) => {
    const run = await runCli([...command.filter(Boolean), '--help'], { env });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`usage: ctc-advisor ${command.filter(Boolean).join(' ')}`);
  });

  it('ctc-advisor --help lists every subcommand and exits 0; an unknown one exits 2', async () => {
    const help = await runCli(['--help'], { env });
    expect(help.code).toBe(0);
    for (const command of SUBCOMMANDS) expect(help.stdout).toContain(command.join(' '));
    expect((await runCli(['no-such-command'], { env })).code).toBe(2);
  });

  it('takes --name=value as well as --name value', async () => {
    const file = 'fhir-fixtures/patients/mbc-ctc-12-cellsearch.json';
    const joined = await runCli(['explain', file, '--hook=patient-view', '--at=2026-03-01', '--json'], { env });
    const split = await runCli(['explain', file, '--hook', 'patient-view', '--at', '2026-03-01', '--json'], { env });
    expect(joined.code).toBe(0);
    expect((JSON.parse(joined.stdout) as { hook: string }).hook).toBe('patient-view');
    const withoutTimes = (s: string) => s.replace(/"(uuid|evaluatedAt|[a-zA-Z]*Ms)": [^,\n]+/g, '');
    expect(withoutTimes(joined.stdout)).toBe(withoutTimes(split.stdout));
    const wrongHook = await runCli(['explain', file, '--hook=patient-vue'], { env });
    expect(wrongHook.code).toBe(2);
    expect(wrongHook.stderr).toMatch(/--hook must be one of/);
  });

  it('-- ends the options: a file whose name starts with a dash is read, not taken for an option', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ctc-cli-dash-'));
    try {
      copyFileSync(path.join(ROOT, 'fhir-fixtures/patients/mbc-ctc-12-cellsearch.json'), path.join(dir, '-patient.json'));
      const run = await runCli(['explain', '--at', '2026-03-01', '--', '-patient.json'], { cwd: dir, env });
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('mbc-cellsearch-ctc-elevated');
      // Without --, the same argument is an unknown option.
      const without = await runCli(['explain', '--at', '2026-03-01', '-patient.json'], { cwd: dir, env });
      expect(without.code).toBe(2);
      expect(without.stderr).toMatch(/unknown option -p/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an option without its value is a usage error naming it', async () => {
    const run = await runCli(['token', '--ttl'], { env });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--ttl needs a value[\s\S]*usage: ctc-advisor token/);
  });
});

describe('start-up time', { timeout: 60_000 }, () => {
  it('token /cds-services prints a token in well under a second (best of 3, node start included)', async () => {
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      const run = await runCli(['token', '/cds-services'], { env });
      times.push(performance.now() - started);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+\n$/);
    }
    expect(Math.min(...times)).toBeLessThan(1000);
  });
});

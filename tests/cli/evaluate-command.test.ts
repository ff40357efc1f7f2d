import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli.ts';
import type { PatientResult } from '../../src/cli/commands/evaluate.ts';

const out = mkdtempSync(path.join(tmpdir(), 'ctc-evaluate-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe.concurrent('evaluate (the real CLI as a child process)', { timeout: 120_000 }, () => {
  it('writes one ndjson line per patient and prints how many patients each rule fires for', async () => {
    const file = path.join(out, 'results.ndjson');
    const run = await runCli(['evaluate', 'fhir-fixtures/patients', '--out', file, '--at', '2026-03-01']);
    expect(run.code).toBe(0);
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as PatientResult);
    const mbc12 = lines.find((l) => l.patientId === 'mbc-ctc-12-cellsearch');
    expect(mbc12?.rulesFired.map((r) => r.id)).toContain('mbc-cellsearch-ctc-elevated');
    expect(mbc12?.cards).toContainEqual(expect.objectContaining({ ruleId: 'mbc-cellsearch-ctc-elevated', indicator: 'warning' }));
    expect(lines.find((l) => l.patientId === 'mbc-ctc-4-cellsearch')?.rulesFired.map((r) => r.id)).not.toContain(
      'mbc-cellsearch-ctc-elevated',
    );
    const firing = lines.filter((l) => l.rulesFired.some((r) => r.id === 'mbc-cellsearch-ctc-elevated')).length;
    expect(run.stdout).toMatch(new RegExp(`^${lines.length} patient\\(s\\) evaluated$`, 'm'));
    expect(run.stdout).toMatch(/^rule +version +status +patients +share$/m);
    expect(run.stdout).toMatch(
      new RegExp(
        `^mbc-cellsearch-ctc-elevated +\\d+\\.\\d+\\.\\d+ +active +${firing} +${Math.round((100 * firing) / lines.length)}%$`,
        'm',
      ),
    );
  });

  it('without --out the ndjson lines go to stdout before the table', async () => {
    const run = await runCli(['evaluate', 'fhir-fixtures/patients', '--at', '2026-03-01']);
    expect(run.code).toBe(0);
    const json = run.lines.filter((l) => l.startsWith('{'));
    expect(json.length).toBeGreaterThan(0);
    expect(run.lines.indexOf(json.at(-1) as string)).toBeLessThan(run.lines.findIndex((l) => l.startsWith('rule ')));
  });

  it('a file that is no patient is reported and makes the exit code 1', async () => {
    const run = await runCli(['evaluate', 'rules', '--at', '2026-03-01']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/references\.json is neither a FHIR Bundle nor a CDS Hooks request/);
  });

  it('a missing folder is a usage error', async () => {
    expect((await runCli(['evaluate', 'no-such-folder'])).code).toBe(2);
  });
});

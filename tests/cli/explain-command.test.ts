import { describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli.ts';
import type { ExplainReport } from '../../src/explain/explain.ts';

const PATIENT = 'fhir-fixtures/patients/mbc-ctc-12-cellsearch.json';
const AT = '2026-03-01T00:00:00Z';

describe.concurrent('explain (the real CLI as a child process)', { timeout: 120_000 }, () => {
  it('--json: facts, notes, every rule with condition values, the cards', async () => {
    const run = await runCli(['explain', PATIENT, '--at', AT, '--json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as ExplainReport;
    expect(report).toMatchObject({ hook: 'patient-view', patientId: 'mbc-ctc-12-cellsearch', evaluatedAt: '2026-03-01T00:00:00.000Z' });
    expect(report.ruleSetVersion).toMatch(/^[0-9a-f]{12}@/);
    expect(report.facts.find((f) => f.name === 'ctc.latest.countPer7_5mL')).toMatchObject({ value: 12, display: '12' });
    const rule = report.rules.find((r) => r.id === 'mbc-cellsearch-ctc-elevated');
    expect(rule).toMatchObject({ fired: true, status: 'active', cardReturned: true, conditions: { kind: 'all', result: true } });
    const leaves = rule?.conditions.kind === 'all' ? rule.conditions.conditions : [];
    expect(leaves).toContainEqual(
      expect.objectContaining({
        kind: 'fact',
        fact: 'ctc.latest.countPer7_5mL',
        operator: 'greaterThanInclusive',
        expected: 5,
        factValue: 12,
        result: true,
      }),
    );
    expect(report.rules.filter((r) => !r.fired).length).toBeGreaterThan(0);
    expect(report.cards.map((c) => c.summary)).toContain(
      'CTC count 12 per 7.5 mL (CellSearch) is at or above 5, a cut-off linked to shorter survival in metastatic breast cancer',
    );
  });

  it('human-readable: picture, notes, rules with ✓/✗ per condition, cards', async () => {
    const run = await runCli(['explain', 'fhir-fixtures/patients/mbc-ctc-4-cellsearch.json', '--at', AT]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Clinical picture \(facts\)$/m);
    expect(run.stdout).toMatch(/^ {2}ctc\.latest\.countPer7_5mL +4 \[/m);
    expect(run.stdout).toMatch(/^Data-quality notes \(\d+\)$/m);
    expect(run.stdout).toMatch(/^ {2}silent mbc-cellsearch-ctc-elevated v\d+\.\d+\.\d+ \[active\] /m);
    expect(run.stdout).toMatch(/^ {8}✗ ctc\.latest\.countPer7_5mL = 4 {2}greaterThanInclusive 5$/m);
    expect(run.stdout).toMatch(/^Cards \(\d+\)$/m);
  });

  it('a request file is explained for its own hook; a different --hook is refused', async () => {
    const request = 'fhir-fixtures/requests/mbc-ctc-12-cellsearch.order-select.json';
    const ok = await runCli(['explain', request, '--at', AT, '--json']);
    expect(ok.code).toBe(0);
    expect((JSON.parse(ok.stdout) as ExplainReport).hook).toBe('order-select');
    const mismatch = await runCli(['explain', request, '--hook', 'patient-view']);
    expect(mismatch.code).toBe(2);
    expect(mismatch.stderr).toContain('the request is for order-select, not patient-view');
  });

  it('usage errors exit 2', async () => {
    expect((await runCli(['explain'])).code).toBe(2);
    expect((await runCli(['explain', PATIENT, '--at', 'yesterday'])).code).toBe(2);
    expect((await runCli(['explain', 'package.json'])).stderr).toContain('is neither a FHIR Bundle nor a CDS Hooks request');
  });
});

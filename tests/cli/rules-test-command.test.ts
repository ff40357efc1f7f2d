import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyRules, editJson, runCli, type Json } from './support/run-cli.ts';

const RULE = 'rules/ctc-count/mbc-cellsearch-ctc-elevated.json';
const copies: { dispose(): void }[] = [];
afterAll(() => {
  for (const c of copies) c.dispose();
});

describe.concurrent('rules test (the real CLI as a child process)', { timeout: 120_000 }, () => {
  it("runs the filtered rule's cases and ends with the count line, exit 0", async () => {
    const run = await runCli(['rules', 'test', '--filter', 'mbc-cellsearch-ctc-elevated']);
    expect(run.lines.every((l) => l.startsWith('PASS mbc-cellsearch-ctc-elevated › ') || /^\d+ passed, 0 failed$/.test(l))).toBe(true);
    expect(run.lines.at(-1)).toMatch(/^([1-9]\d*) passed, 0 failed$/);
    expect(run.code).toBe(0);
  });

  it("a failing case prints the condition tree with this patient's fact values and exits 1", async () => {
    const copy = copyRules();
    copies.push(copy);
    editJson(path.join(copy.dir, RULE), (rule) => {
      const count = (rule.conditions as { all: Json[] }).all.find((c) => c.fact === 'ctc.latest.countPer7_5mL');
      if (count) count.value = 13;
    });
    const run = await runCli(['rules', 'test', 'rules', '--filter', 'mbc-cellsearch-ctc-elevated'], { cwd: copy.dir });
    expect(run.code).toBe(1);
    const failure = run.stdout.slice(run.stdout.indexOf('FAIL mbc-cellsearch-ctc-elevated › '));
    expect(failure).toMatch(/^ {5}rules\/ctc-count\/mbc-cellsearch-ctc-elevated\.json:\d+: fhir-fixtures\/patients\/\S+\.json \(fires\)$/m);
    expect(failure).toMatch(/^ {5}expected the rule to fire, but it stayed silent$/m);
    expect(failure).toMatch(/^ {5}✗ all of$/m);
    expect(failure).toMatch(/^ {7}✓ cancer\.setting = "metastatic" {2}equal "metastatic"$/m);
    expect(failure).toMatch(/^ {7}✗ ctc\.latest\.countPer7_5mL = \d+ {2}greaterThanInclusive 13$/m);
    expect(run.lines.at(-1)).toMatch(/^\d+ passed, [1-9]\d* failed$/);
  });

  it('draft rules are tested too', async () => {
    const copy = copyRules();
    copies.push(copy);
    editJson(path.join(copy.dir, RULE), (rule) => {
      rule.status = 'draft';
    });
    const run = await runCli(['rules', 'test', 'rules', '--filter', 'mbc-cellsearch-ctc-elevated'], { cwd: copy.dir });
    expect(run.lines.filter((l) => l.startsWith('PASS mbc-cellsearch-ctc-elevated'))).not.toHaveLength(0);
    expect(run.code).toBe(0);
  });

  it('a filter that matches nothing fails: no tests is not a pass', async () => {
    const run = await runCli(['rules', 'test', '--filter', 'no-rule-has-this-id']);
    expect(run.lines.at(-1)).toBe('0 passed, 0 failed');
    expect(run.stderr).toContain('no rule id contains "no-rule-has-this-id"');
    expect(run.code).toBe(1);
  });

  it('--filter without an id is a usage error', async () => {
    const run = await runCli(['rules', 'test', '--filter']);
    expect(run.code).toBe(2);
  });
});

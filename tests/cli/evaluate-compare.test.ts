import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { editJson, ROOT, runCli, type Json } from './support/run-cli.ts';
import { exportBulkNdjson } from '../../scripts/export-bulk-ndjson.ts';
import type { PatientResult } from '../../src/cli/commands/evaluate.ts';
import type { ComparisonReport, RuleComparison } from '../../src/cli/commands/evaluate-compare.ts';
import { patientIdOf, readPopulation } from '../../src/cli/commands/evaluate-population.ts';

const RULE_ID = 'mbc-cellsearch-ctc-elevated';
const RULE_FILE = 'ctc-count/mbc-cellsearch-ctc-elevated.json';
const FIXTURES = path.join(ROOT, 'fhir-fixtures/patients');
const AT = '2026-03-01';

const work = mkdtempSync(path.join(tmpdir(), 'ctc-evaluate-compare-'));
const exportDir = path.join(work, 'export');
const original = path.join(work, 'original', 'rules');
const edited = path.join(work, 'edited', 'rules');
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The deliberate edit: the CellSearch cut-off from 5 to 10 CTC per 7.5 mL, and the card an info card (with the reason the policy asks for). */
function editCutOff(rulesDir: string): void {
  editJson(path.join(rulesDir, RULE_FILE), (rule: Json) => {
    const count = (rule.conditions as { all: Json[] }).all.find(
      (c) => c.fact === 'ctc.latest.countPer7_5mL' && c.operator === 'greaterThanInclusive',
    );
    if (count?.value !== 5) throw new Error('the rule no longer has the cut-off this test edits');
    count.value = 10;
    (rule.card as Json).indicator = 'info';
    rule.indicatorReason = 'Test edit: an info card although the cut-off is validated.';
  });
}

interface Expected {
  readonly newly: string[];
  readonly lost: string[];
  readonly changed: { patientId: string; from: string; to: string }[];
}

/**
 * The oracle: the plain `evaluate` of the fixture bundles (another reader, another code path:
 * explain) under each rule set; per patient, the card of the edited rule and its indicator.
 */
async function expectedFromBundles(): Promise<Expected> {
  const cardOf = async (rulesDir: string) => {
    const out = path.join(work, `oracle-${path.basename(path.dirname(rulesDir))}.ndjson`);
    const run = await runCli(['evaluate', FIXTURES, '--rules', rulesDir, '--at', AT, '--out', out]);
    expect(run.code).toBe(0);
    const lines = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as PatientResult);
    return lines.map((l) => ({
      id: l.patientId as string,
      indicator: [...l.cards, ...l.shadowCards].find((c) => c.ruleId === RULE_ID)?.indicator,
    }));
  };
  const [before, after] = await Promise.all([cardOf(original), cardOf(edited)]);
  const expected: Expected = { newly: [], lost: [], changed: [] };
  before.forEach((b, i) => {
    const a = after[i];
    expect(a?.id).toBe(b.id);
    if (b.indicator && !a?.indicator) expected.lost.push(b.id);
    else if (!b.indicator && a?.indicator) expected.newly.push(b.id);
    else if (b.indicator && a?.indicator && b.indicator !== a.indicator)
      expected.changed.push({ patientId: b.id, from: b.indicator, to: a.indicator });
  });
  return expected;
}

function ruleRow(report: ComparisonReport): RuleComparison {
  const row = report.rules.find((r) => r.id === RULE_ID);
  if (!row) throw new Error(`${RULE_ID} is not in the report`);
  return row;
}

let expected: Expected;

beforeAll(async () => {
  const files = readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => path.join(FIXTURES, f));
  exportBulkNdjson(files, exportDir);
  cpSync(path.join(ROOT, 'rules'), original, { recursive: true });
  cpSync(path.join(ROOT, 'rules'), edited, { recursive: true });
  editCutOff(edited);
  expected = await expectedFromBundles();
}, 120_000);

describe.concurrent('evaluate --compare on a FHIR Bulk Data NDJSON export of the fixtures (the real CLI)', { timeout: 120_000 }, () => {
  it('the export is one ndjson file per resource type, and the oracle sees the edit', () => {
    expect(readdirSync(exportDir).sort()).toEqual(expect.arrayContaining(['Condition.ndjson', 'Observation.ndjson', 'Patient.ndjson']));
    // The edit must matter for this test to mean anything: a count of 12 keeps the card, as info.
    expect(expected.lost.length).toBeGreaterThan(0);
    expect(expected.changed).toContainEqual({ patientId: 'mbc-ctc-12-cellsearch', from: 'warning', to: 'info' });
    expect(expected.newly).toEqual([]);
  });

  it('a raised cut-off: the patients who would lose the card, the changed indicators, example ids, as JSON and as a table', async () => {
    const out = path.join(work, 'compare.json');
    const run = await runCli(['evaluate', exportDir, '--rules', edited, '--compare', original, '--at', AT, '--out', out]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8')) as ComparisonReport;
    expect(report.population).toMatchObject({ kind: 'bulk-ndjson', failed: 0 });
    expect(report.population.evaluated).toBe(readFileSync(path.join(exportDir, 'Patient.ndjson'), 'utf8').trim().split('\n').length);
    const row = ruleRow(report);
    expect(row.lost).toEqual({ count: expected.lost.length, examples: expected.lost.slice(0, 5) });
    expect(row.newly).toEqual({ count: 0, examples: [] });
    expect(row.indicatorChanged).toEqual({ count: expected.changed.length, examples: expected.changed.slice(0, 5) });
    expect(row.proposed?.patients).toBe((row.baseline?.patients ?? 0) - expected.lost.length);
    // Only the edited rule changed.
    expect(report.rulesChanged).toBe(1);
    expect(
      report.rules
        .filter((r) => r.id !== RULE_ID)
        .every((r) => r.newly.count === 0 && r.lost.count === 0 && r.indicatorChanged.count === 0),
    ).toBe(true);
    // The table.
    expect(run.stdout).toMatch(
      new RegExp(
        `^${RULE_ID} +1\\.\\d+\\.\\d+ active +1\\.\\d+\\.\\d+ active +${row.baseline?.patients} +${row.proposed?.patients} +\\+0 +-${expected.lost.length} +${expected.changed.length}$`,
        'm',
      ),
    );
    expect(run.lines).toContain(`    lost: ${expected.lost.slice(0, 5).join(', ')}${expected.lost.length > 5 ? ', …' : ''}`);
    expect(run.stdout).toMatch(/^1 rule\(s\) changed, \d+ unchanged$/m);
    // No patient data beyond the export's ids: the fixtures' names and birth dates appear nowhere.
    const text = readFileSync(out, 'utf8') + run.stdout;
    expect(text).not.toMatch(/Synthetic|birthDate|\d{4}-\d{2}-\d{2}(?!T00:00:00\.000Z)/);
  });

  it('the other way round (a lowered cut-off): the same patients would newly get the card; --json on stdout', async () => {
    const run = await runCli(['evaluate', exportDir, '--rules', original, '--compare', edited, '--at', AT, '--json']);
    expect(run.code).toBe(0);
    const row = ruleRow(JSON.parse(run.stdout) as ComparisonReport);
    expect(row.newly).toEqual({ count: expected.lost.length, examples: expected.lost.slice(0, 5) });
    expect(row.lost.count).toBe(0);
    expect(row.indicatorChanged.examples[0]).toEqual({ ...expected.changed[0], from: 'info', to: 'warning' });
  });

  it('a folder of bundles compares the same way as the export', async () => {
    const run = await runCli(['evaluate', FIXTURES, '--rules', edited, '--compare', original, '--at', AT, '--json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as ComparisonReport;
    expect(report.population.kind).toBe('bundles');
    expect(ruleRow(report).lost).toEqual({ count: expected.lost.length, examples: expected.lost.slice(0, 5) });
    expect(ruleRow(report).indicatorChanged.examples).toEqual(expected.changed.slice(0, 5));
  });

  it("--compare a git ref: the ref's rules (with the 1.15 MB terminology map) against the edited working tree", async () => {
    const repo = path.join(work, 'repo');
    cpSync(original, path.join(repo, 'rules'), { recursive: true });
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.org', ...args], { cwd: repo, stdio: 'pipe' });
    git('init', '-q');
    git('add', 'rules');
    git('commit', '-q', '-m', 'rules as shipped');
    editCutOff(path.join(repo, 'rules'));
    const run = await runCli(['evaluate', exportDir, '--rules', path.join(repo, 'rules'), '--compare', 'HEAD', '--at', AT, '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as ComparisonReport;
    expect(report.baseline.rules).toBe('HEAD:rules');
    const row = ruleRow(report);
    expect(row.lost).toEqual({ count: expected.lost.length, examples: expected.lost.slice(0, 5) });
    expect(row.indicatorChanged.count).toBe(expected.changed.length);
    const bad = await runCli(['evaluate', exportDir, '--rules', path.join(repo, 'rules'), '--compare', 'no-such-ref']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--compare no-such-ref: neither a folder nor a git ref/);
  });

  it('without --compare the export is read as the bundles are: each rule reaches the same patients', async () => {
    const [fromExport, fromBundles] = await Promise.all([
      runCli(['evaluate', exportDir, '--at', AT, '--json']),
      runCli(['evaluate', FIXTURES, '--at', AT, '--json']),
    ]);
    expect(fromExport.code).toBe(0);
    const reach = (stdout: string) => (JSON.parse(stdout) as { rules: { id: string; patients: number }[] }).rules;
    expect(reach(fromExport.stdout)).toEqual(reach(fromBundles.stdout));
    expect(reach(fromExport.stdout).find((r) => r.id === RULE_ID)?.patients).toBeGreaterThan(0);
  });

  it('a progress line on stderr for a big population (1,000 synthetic patients cloned from the fixtures)', async () => {
    const big = path.join(work, 'export-1000');
    exportBulkNdjson(
      readdirSync(FIXTURES)
        .filter((f) => f.endsWith('.json'))
        .map((f) => path.join(FIXTURES, f)),
      big,
      { patients: 1000 },
    );
    const run = await runCli(['evaluate', big, '--compare', original, '--at', AT, '--json']);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^evaluate: 1000\/1000 patients, \d+\.\d s$/m);
    const report = JSON.parse(run.stdout) as ComparisonReport;
    expect(report.population.evaluated).toBe(1000);
    expect(report.rulesChanged).toBe(0);
  });
});

describe('reading a Bulk Data export', () => {
  it('groups resources by their patient reference, in any spelling; counts what names no patient', async () => {
    expect(patientIdOf({ resourceType: 'Observation', subject: { reference: 'https://fhir.example.org/r4/Patient/p-1/_history/3' } })).toBe(
      'p-1',
    );
    expect(patientIdOf({ resourceType: 'AllergyIntolerance', patient: { reference: 'Patient/p-2' } })).toBe('p-2');
    expect(patientIdOf({ resourceType: 'Observation', subject: { reference: 'Group/g-1' } })).toBeUndefined();
    const dir = path.join(work, 'small-export');
    cpSync(exportDir, dir, { recursive: true });
    writeFileSync(path.join(dir, 'Practitioner.ndjson'), '{"resourceType":"Practitioner","id":"dr-1"}\n');
    writeFileSync(
      path.join(dir, 'Specimen.ndjson'),
      '{"resourceType":"Specimen","id":"s-1","subject":{"reference":"Patient/orphan"}}\nnot json\n',
    );
    const population = await readPopulation(dir);
    expect(population.kind).toBe('bulk-ndjson');
    expect(population.notes).toEqual(['1 line(s) are not JSON: skipped', '1 Practitioner name(s) no patient: not used']);
    const orphan = population.patients.find((p) => p.label === 'Patient/orphan');
    expect(orphan?.load()).toBe('Patient/orphan: no Patient resource in the export');
    const first = population.patients[0];
    if (!first) throw new Error('the export has no patients');
    const bundle = (first.load() as { bundle: { entry: { resource: { resourceType: string } }[] } }).bundle;
    expect(bundle.entry[0]?.resource.resourceType).toBe('Patient');
    expect(bundle.entry.length).toBeGreaterThan(1);
  });
});

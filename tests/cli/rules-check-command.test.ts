import { cpSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyRules, editJson, lineOf, runCli, type Json } from './support/run-cli.ts';

const RULE = 'rules/ctc-count/mbc-cellsearch-ctc-elevated.json';
const copies: { dispose(): void }[] = [];
afterAll(() => {
  for (const c of copies) c.dispose();
});

/** Breaks the example rule in a fresh copy of rules/ and runs the real `rules check` on it. */
async function checkBroken(edit: (rule: Json) => void, file = RULE) {
  const copy = copyRules();
  copies.push(copy);
  const text = editJson(path.join(copy.dir, file), edit);
  const run = await runCli(['rules', 'check', 'rules'], { cwd: copy.dir });
  return { ...run, text, copy };
}

const conditions = (rule: Json) => (rule.conditions as { all: Json[] }).all;
const card = (rule: Json) => rule.card as Json;
const evidence = (rule: Json) => rule.evidence as Json[];

describe.concurrent('rules check (the real CLI as a child process)', { timeout: 120_000 }, () => {
  it('a clean copy of the rule base exits 0', async () => {
    const copy = copyRules();
    copies.push(copy);
    const run = await runCli(['rules', 'check', 'rules'], { cwd: copy.dir });
    expect(run.stdout).toMatch(/^rules check: \d+ rules, no problems \(rule set [0-9a-f]{12}@\d+\.\d+\.\d+\)$/m);
    expect(run.code).toBe(0);
  });

  it('unknown fact name', async () => {
    const r = await checkBroken((rule) => {
      (conditions(rule)[0] as Json).fact = 'cancer.noSuchFact';
    });
    expect(r.code).toBe(1);
    expect(r.lines).toContain(`${RULE}:${lineOf(r.text, '"cancer.noSuchFact"')}: unknown fact "cancer.noSuchFact" (see docs/facts.md)`);
  });

  it('unknown fact in a fact-reference value, while a known reference passes', async () => {
    const r = await checkBroken((rule) => {
      (conditions(rule)[0] as Json).value = { fact: 'cancer.noSuchFact' };
    });
    expect(r.code).toBe(1);
    expect(r.lines).toContain(`${RULE}:${lineOf(r.text, '"cancer.noSuchFact"')}: unknown fact "cancer.noSuchFact" (see docs/facts.md)`);
    const known = await checkBroken((rule) => {
      const count = conditions(rule).find((c) => c.fact === 'ctc.latest.countPer7_5mL' && c.operator === 'greaterThanInclusive') as Json;
      count.value = { fact: 'ctc.latest.countPer7_5mL' };
    });
    expect(known.stdout).toMatch(/no problems/);
    expect(known.code).toBe(0);
  });

  it('a cancer-type gate on every recorded primary (cancer.primaryTypes) instead of the one the results belong to', async () => {
    const r = await checkBroken((rule) =>
      Object.assign(conditions(rule)[0] as Json, { fact: 'cancer.primaryTypes', operator: 'contains' }),
    );
    expect(r.code).toBe(1);
    expect(r.lines.some((l) => l.startsWith(`${RULE}:`) && l.includes('gate on cancer.type'))).toBe(true);
  });

  it('unknown operator', async () => {
    const r = await checkBroken((rule) => {
      (conditions(rule)[0] as Json).operator = 'roughlyEqual';
    });
    expect(r.code).toBe(1);
    expect(r.lines).toContain(`${RULE}:${lineOf(r.text, '"roughlyEqual"')}: unknown operator "roughlyEqual"`);
  });

  it('a number fact compared with a string', async () => {
    const r = await checkBroken(
      (rule) => void conditions(rule).push({ fact: 'ctc.latest.countPer7_5mL', operator: 'greaterThan', value: 'five' }),
    );
    expect(r.code).toBe(1);
    expect(r.lines).toContain(
      `${RULE}:${lineOf(r.text, '"five"')}: ctc.latest.countPer7_5mL is a number; greaterThan needs a number, not "five"`,
    );
  });

  it('template placeholder that names no fact', async () => {
    const r = await checkBroken((rule) => {
      card(rule).summary = 'CTC count {{ctc.noSuchCount}} per 7.5 mL (CellSearch) is at or above 5';
    });
    expect(r.code).toBe(1);
    expect(r.lines).toContain(`${RULE}:${lineOf(r.text, '{{ctc.noSuchCount}}')}: placeholder {{ctc.noSuchCount}} names no fact`);
  });

  it("summary longer than 139 characters once rendered with the rule's own fixtures", async () => {
    // 76 characters as written: only the rendering (the whole latest result, twice) makes it too long.
    const summary = 'CTC result at or above 5 per 7.5 mL: {{ctc.latest}} (as shown: {{ctc.latest}})';
    const r = await checkBroken((rule) => {
      card(rule).summary = summary;
    });
    expect(r.code).toBe(1);
    const line = r.lines.find((l) => l.startsWith(`${RULE}:${lineOf(r.text, '"summary"')}: summary is `));
    expect(line).toMatch(
      /: summary is \d{3} characters once rendered with fhir-fixtures\/\S+ \(at most 139\): "CTC result at or above 5 per 7\.5 mL: \d+ CTC per 7\.5 mL whole blood/,
    );
  });

  it("card detail over the 120-word budget once rendered with the rule's own fixtures (issue 16)", async () => {
    // The limitation the card states is long: the rendered detail exceeds the budget.
    const long = `${'The cut-off applies only to CellSearch counts in 7.5 mL whole blood, and counts from other platforms are not comparable. '.repeat(6).trim()}`;
    const r = await checkBroken((rule) => {
      (rule.limitations as string[])[0] = long;
    });
    expect(r.code).toBe(1);
    expect(r.lines).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^${RULE}:${lineOf(r.text, '"card"')}: card detail is 1\\d\\d words once rendered with fhir-fixtures/\\S+ \\(at most 120\\)`,
        ),
      ),
    );
    // The same rule passes when the card states a shorter limitation instead (card.keyLimitation).
    const fixed = await checkBroken((rule) => {
      (rule.limitations as string[])[0] = long;
      card(rule).keyLimitation = 1;
    });
    expect(fixed.lines.filter((l) => l.includes('card detail is'))).toEqual([]);
  });

  it('a key evidence item or key limitation that does not exist, or key evidence that is preclinical', async () => {
    const r = await checkBroken((rule) => {
      card(rule).keyEvidence = [0, 42];
      card(rule).keyLimitation = 17;
    });
    expect(r.code).toBe(1);
    expect(r.lines).toContainEqual(expect.stringMatching(/: evidence item 42 does not exist \(the rule has \d+\)$/));
    expect(r.lines).toContainEqual(expect.stringMatching(/: limitation 17 does not exist \(the rule has \d+\)$/));
    const preclinical = await checkBroken((rule) => {
      (evidence(rule)[1] as Json).strength = 'preclinical';
      card(rule).keyEvidence = [1];
    });
    expect(preclinical.lines).toContainEqual(
      expect.stringMatching(/: evidence item 1 is preclinical or background: a card's key evidence must be clinical$/),
    );
  });

  it('duplicate rule id', async () => {
    const copy = copyRules();
    copies.push(copy);
    const duplicate = path.join(copy.dir, 'rules/ctc-count/zz-duplicate.json');
    cpSync(path.join(copy.dir, RULE), duplicate);
    const text = editJson(duplicate, (rule) => {
      rule.title = 'A copy under another file name';
    });
    const run = await runCli(['rules', 'check', 'rules'], { cwd: copy.dir });
    expect(run.code).toBe(1);
    expect(
      run.lines.some((l) =>
        l.startsWith(
          `rules/ctc-count/zz-duplicate.json:${lineOf(text, '"id"')}: duplicate rule id "mbc-cellsearch-ctc-elevated" (also in `,
        ),
      ),
    ).toBe(true);
  });

  it('unknown reference id', async () => {
    const r = await checkBroken((rule) => {
      (evidence(rule)[0] as { references: string[] }).references[0] = 'nobody-1999';
    });
    expect(r.code).toBe(1);
    expect(r.lines).toContain(`${RULE}:${lineOf(r.text, '"nobody-1999"')}: unknown reference id "nobody-1999" (rules/references.json)`);
  });

  it('missing positive test', async () => {
    const r = await checkBroken((rule) => {
      rule.tests = (rule.tests as Json[]).filter((t) => t.expect !== 'fires');
    });
    expect(r.code).toBe(1);
    expect(r.lines).toContain(`${RULE}:${lineOf(r.text, '"tests"')}: missing a positive test (expect: "fires")`);
  });

  it('missing negative test', async () => {
    const r = await checkBroken((rule) => {
      rule.tests = (rule.tests as Json[]).filter((t) => t.expect !== 'silent');
    });
    expect(r.code).toBe(1);
    expect(r.lines).toContain(`${RULE}:${lineOf(r.text, '"tests"')}: missing a negative test (expect: "silent")`);
  });

  it('topic code outside the vocabulary', async () => {
    const r = await checkBroken((rule) => {
      rule.topic = 'ctc-horoscope';
    });
    expect(r.code).toBe(1);
    expect(r.lines).toContain(
      `${RULE}:${lineOf(r.text, '"topic"')}: topic "ctc-horoscope" is not in the card-topic vocabulary (rules/topics.json)`,
    );
  });

  it.each(['strength', 'level'])('evidence without a %s', async (member) => {
    const r = await checkBroken((rule) => void delete (evidence(rule)[0] as Json)[member]);
    expect(r.code).toBe(1);
    // A missing member points at the evidence item that lacks it.
    expect(r.lines).toContain(`${RULE}:${lineOf(r.text, '"evidence": [') + 1}: /evidence/0/${member} is required`);
  });

  describe('indicator policy (docs/authoring-rules.md)', () => {
    const SCLC = 'rules/ctc-cluster/sclc-baseline-ctc-cluster.json';

    it('a warning resting only on cohort data from a non-validated assay (SCLC clusters, CIViC C)', async () => {
      const r = await checkBroken((rule) => {
        card(rule).indicator = 'warning';
      }, SCLC);
      expect(r.code).toBe(1);
      expect(r.lines).toContain(
        `${SCLC}:${lineOf(r.text, '"indicator": "warning"')}: indicator "warning" needs a validated adverse cut-off among the evidence items (validatedCutoff); this rule rests on prognostic cohort CIViC C: make it "info", or state why in indicatorReason`,
      );
    });

    it('an info card on a validated adverse cut-off (CellSearch ≥5 in metastatic breast cancer), unless the rule states why', async () => {
      const r = await checkBroken((rule) => {
        card(rule).indicator = 'info';
      });
      expect(r.code).toBe(1);
      expect(r.lines).toContain(
        `${RULE}:${lineOf(r.text, '"indicator": "info"')}: indicator "info" on a validated adverse cut-off ("CellSearch ≥5 CTC per 7.5 mL whole blood in metastatic breast cancer (FDA-cleared intended use)"): make it "warning", or state why in indicatorReason`,
      );
      const reasoned = await checkBroken((rule) => {
        card(rule).indicator = 'info';
        rule.indicatorReason = 'Shown as info while the card is in a pilot with the breast tumour board.';
      });
      expect(reasoned.stdout).toMatch(/no problems/);
      expect(reasoned.code).toBe(0);
    });

    it('a validated cut-off whose gates the conditions do not hold (setting widened to locally advanced)', async () => {
      const r = await checkBroken((rule) =>
        Object.assign(conditions(rule).find((c) => c.fact === 'cancer.setting') as Json, {
          operator: 'in',
          value: ['metastatic', 'locally-advanced'],
        }),
      );
      expect(r.code).toBe(1);
      expect(
        r.lines.some(
          (l) =>
            l.startsWith(`${RULE}:`) &&
            l.includes(
              'the conditions do not hold cancer.setting to "metastatic", where the cut-off "CellSearch ≥5 CTC per 7.5 mL whole blood in metastatic breast cancer (FDA-cleared intended use)" was validated',
            ),
        ),
      ).toBe(true);
    });

    it('a validated-cut-off marker on review-level evidence (CIViC C, review citation only)', async () => {
      const r = await checkBroken((rule) => {
        (evidence(rule)[0] as Json).validatedCutoff = {
          finding: 'CellSearch clusters at baseline in SCLC',
          gates: { 'cancer.type': ['sclc'] },
        };
        card(rule).indicator = 'warning';
      }, SCLC);
      expect(r.code).toBe(1);
      expect(r.lines.some((l) => l.startsWith(`${SCLC}:`) && l.endsWith('a validated cut-off has CIViC level A or B, not C'))).toBe(true);
      expect(
        r.lines.some(
          (l) => l.startsWith(`${SCLC}:`) && l.endsWith('a validated cut-off cites the primary study that validated it, not only a review'),
        ),
      ).toBe(true);
    });
  });

  it('forbidden wording', async () => {
    const r = await checkBroken((rule) => {
      card(rule).detail = `${String(card(rule).detail)}\n\nSwitch therapy now.`;
    });
    expect(r.code).toBe(1);
    expect(r.lines).toContain(`${RULE}:${lineOf(r.text, '"detail"')}: forbidden wording: "Switch therapy now." suggests a therapy change`);
  });

  it('a test fixture that does not exist', async () => {
    const r = await checkBroken((rule) => {
      ((rule.tests as Json[])[0] as Json).fixture = 'fhir-fixtures/patients/nobody.json';
    });
    expect(r.code).toBe(1);
    expect(
      r.lines.some(
        (l) =>
          l.startsWith(`${RULE}:${lineOf(r.text, '"fhir-fixtures/patients/nobody.json"')}: test "`) && l.includes('could not run: ENOENT'),
      ),
    ).toBe(true);
  });

  it('a file that is not JSON names the line of the syntax error', async () => {
    const copy = copyRules();
    copies.push(copy);
    writeFileSync(path.join(copy.dir, 'rules/ctc-count/broken.json'), '{\n  "id": "broken",\n  "version": "1.0.0",\n}\n');
    const run = await runCli(['rules', 'check', 'rules'], { cwd: copy.dir });
    expect(run.code).toBe(1);
    expect(run.lines.some((l) => /^rules\/ctc-count\/broken\.json:4: not valid JSON: /.test(l))).toBe(true);
  });

  it('a usage error exits 2', async () => {
    const run = await runCli(['rules', 'check', '--fix']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/usage: ctc-advisor rules check \[dir\]/);
  });
});

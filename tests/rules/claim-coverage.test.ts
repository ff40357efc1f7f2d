import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXCLUDED_PATH, claimCoverage, excludedClaims, excludedMentions } from '../../scripts/claim-coverage.ts';
import { REPO_ROOT, loadRuleDocs } from '../../scripts/generate-traceability.ts';

const rules = loadRuleDocs(path.join(REPO_ROOT, 'rules')).filter((r) => (r as { status?: string }).status !== 'retired');
const citedBy = (ruleId: string) => new Set(rules.find((r) => r.id === ruleId)?.evidence.flatMap((e) => e.catalog ?? []) ?? []);
const excludedText = readFileSync(EXCLUDED_PATH, 'utf8');

describe('every catalog claim whose rule note asks for a card is accounted for (issue 16 §3)', () => {
  const coverage = claimCoverage();

  it('finds the claims whose rule notes ask for a card (including E032, the weaker cluster wording below the cut-off)', () => {
    expect(coverage.length).toBeGreaterThan(40);
    expect(coverage.map((c) => c.id)).toEqual(expect.arrayContaining(['E003', 'E012', 'E032', 'E041', 'E081', 'E098', 'E107']));
  });

  it('each is cited by a rule (evidence catalog) or has a reasoned line in rules/EXCLUDED.md', () => {
    expect(coverage.filter((c) => c.rules.length === 0 && !c.excluded).map((c) => `${c.id}: ${c.note}`)).toEqual([]);
  });

  it('E032 below the cut-off has its own rule: the weaker wording for clusters with fewer than 5 CTCs', () => {
    expect(citedBy('mbc-ctc-cluster-with-ctcs-below-5').has('E032')).toBe(true);
  });

  it('a line of EXCLUDED.md that says a claim is cited in a rule is true: the rule exists and cites one of the claims the line names', () => {
    const mentions = excludedMentions(excludedText);
    expect(mentions.length).toBeGreaterThan(3);
    const untrue = mentions.flatMap((m) =>
      m.rules
        .filter((rule) => !m.claims.some((claim) => citedBy(rule).has(claim)))
        .map((rule) => `${rule} cites none of ${m.claims.join(', ')}: ${m.line.slice(0, 80)}`),
    );
    expect(untrue).toEqual([]);
  });

  it('EXCLUDED.md no longer claims E081 is used, and E030 is cited where it says', () => {
    expect(rules.filter((r) => r.evidence.some((e) => e.catalog?.includes('E081'))).map((r) => r.id)).toEqual([]);
    expect(excludedText).not.toMatch(/E081[^|\n]*\|[^|\n]*\|[^\n]*Belong to/);
    expect(citedBy('ctc-cluster-definition-by-platform').has('E030')).toBe(true);
    expect(excludedClaims(excludedText).has('E030')).toBe(false);
  });

  it('every cluster card shows the method (E041): the cluster assay or the cluster record is patient data', () => {
    const clusterRules = rules.filter((r) => (r as { topic?: string }).topic === 'ctc-cluster');
    const missing = clusterRules.filter((r) => {
      const shown = (r as unknown as { card: { patientData: string[] } }).card.patientData;
      return !shown.includes('ctc.cluster.assay') && !shown.includes('ctc.cluster.latest');
    });
    expect(clusterRules.length).toBeGreaterThan(8);
    expect(missing.map((r) => r.id)).toEqual([]);
  });
});

describe('survival figures from the pre-trastuzumab era (issue 16 §3, catalog E074)', () => {
  it('no card summary or detail shows median survival after first metastasis; where the figures appear (evidence), the same sentence dates the cohort', () => {
    const texts = rules.flatMap((r) => {
      const card = (r as unknown as { card: { summary: string; detail: string } }).card;
      return [card.summary, card.detail].map((t) => ({ id: r.id, t }));
    });
    expect(texts.filter(({ t }) => /median survival[^.]*\d+(?:\.\d+)? years/i.test(t)).map((x) => x.id)).toEqual([]);
    const claims = rules.flatMap((r) => r.evidence.map((e) => ({ id: r.id, t: e.claim })));
    const undated = claims.filter(
      ({ t }) => /median survival[^.]*first distant metastasis[^.]*\d+(?:\.\d+)? years/i.test(t) && !/1986–1992[^.]*/.test(t),
    );
    expect(claims.filter(({ t }) => /first distant metastasis/.test(t)).length).toBeGreaterThanOrEqual(6);
    expect(undated.map((x) => x.id)).toEqual([]);
  });
});

describe('gates that spoke past their claims (issue 16 §3)', () => {
  type Doc = {
    id: string;
    hooks?: string[];
    status?: string;
    gates?: Record<string, string>;
    conditions: { all?: { fact?: string; operator?: string; value?: unknown }[] };
    limitations: string[];
    evidence: { claim: string; references: string[] }[];
    card: { summary: string; detail: string };
  };
  const docs = rules as unknown as Doc[];
  const CANCERS = ['breast', 'prostate', 'colorectal'] as const;

  it("an order-select card shows the patient's cancer only: each rule naming a cleared cancer gates cancer.type to one value and cites no other cleared cancer", () => {
    const orderRules = docs.filter(
      (r) =>
        r.hooks?.includes('order-select') &&
        JSON.stringify(r.conditions).includes('"cancer.type"') &&
        !JSON.stringify(r.conditions).includes('notIn'),
    );
    expect(orderRules.map((r) => r.id).sort()).toEqual([
      'ctc-order-timing-mcrc',
      'ctc-order-timing-mcrpc',
      'ctc-order-timing-metastatic-breast',
    ]);
    for (const rule of orderRules) {
      const gate = (rule.conditions.all ?? []).find((c) => c.fact === 'cancer.type');
      expect(gate, rule.id).toMatchObject({ operator: 'equal' });
      const own = String(gate?.value);
      const others = CANCERS.filter((c) => c !== own);
      const text = [rule.card.summary, rule.card.detail, ...rule.evidence.map((e) => e.claim)].join(' ').toLowerCase();
      expect(
        others.filter((c) => text.includes(c)),
        rule.id,
      ).toEqual([]);
    }
  });

  it("the SUCCESS card states the trial's 23 mL and cites the primary paper, and no longer treats 7.5 mL as the trial's volume", () => {
    const success = docs.find((r) => r.id === 'ebc-ctc-before-adjuvant-chemotherapy') as Doc;
    expect(success.evidence.some((e) => e.references.includes('rack-2014-jnci'))).toBe(true);
    expect(success.gates?.specimen).toMatch(/23 mL/);
    expect(success.limitations[0]).toMatch(/23 mL/);
    expect(success.limitations.join(' ')).not.toMatch(/treats one or more CTCs per 7\.5 mL as detected/);
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import express from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config/config.ts';
import { loadRuleSet, type RuleSet } from '../../src/rule-set/rule-set.ts';
import { rulesRouter } from '../../src/http/routes/rules.ts';
import { ruleHistory } from '../../src/rules/rule-history.ts';
import { startTestService, type TestService } from '../support/test-service.ts';

const ID = 'mbc-cellsearch-ctc-elevated';
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

describe.each(['off', 'on'])("GET /rules/{id}, the card's evidence page (sandbox %s)", (sandbox) => {
  let svc: TestService;
  beforeAll(async () => {
    svc = await startTestService({ env: { CTC_SANDBOX: sandbox } });
  });
  afterAll(() => svc.close());

  it('answers a browser with the HTML page: the rule and its conditions in words, every evidence item, limitations, references, HTI-1 attributes, history', async () => {
    const res = await request(svc.app).get(`/rules/${ID}`).set('Accept', BROWSER_ACCEPT);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html; charset=utf-8/);
    expect(res.headers['content-security-policy']).toMatch(/default-src 'none'/);
    expect(res.headers.vary).toMatch(/Accept/);
    const html = res.text;
    const rule = svc.service.rules.current().byId.get(ID)?.rule;
    expect(rule).toBeDefined();
    expect(html).toContain('<h2>The rule in words</h2>');
    expect(html).toMatch(/<h3>The card fires when<\/h3>\s*<ul><li>all of<ul><li>Primary cancer is breast cancer<\/li><\/ul>/);
    for (const e of rule?.evidence ?? []) expect(html).toContain(`level ${e.level.value} on the CIViC scale`);
    expect(html.match(/<ol><li/g)?.length).toBe(2);
    expect((html.split('<h3>Every evidence item</h3>')[1]?.split('</ol>')[0]?.match(/<li/g) ?? []).length).toBe(rule?.evidence.length);
    expect((html.split('<h2>Limitations</h2>')[1]?.split('</ul>')[0]?.match(/<li/g) ?? []).length).toBe(rule?.limitations.length);
    expect(html).toContain('<a href="https://doi.org/10.1056/NEJMoa040766">Cristofanilli M, Budd GT');
    expect(html).toContain('<th>Uses race</th><td>no</td>');
    expect(html).toContain('<th>Developer</th>');
    expect(html).toMatch(/<h2>Version history<\/h2>\s*<ul><li>/);
    // Clinician language: the review-internal "seed-004-sai-2018 ref 133" reads as words.
    expect(html).not.toMatch(/seed-\d{3}/);
    expect(html).toContain('as cited by Sai and Xiang J Cell Mol Med 2018, reference 133');
    expect(html).not.toMatch(/<script/i);
  });

  it('names a study cited by a review in words, without notes about the source files', async () => {
    const html = (await request(svc.app).get('/rules/mcrpc-abiraterone-ctc-monitoring').set('Accept', BROWSER_ACCEPT)).text;
    expect(html).toContain('as described by Yang et al. 2019, reference 50)');
    expect(html).not.toMatch(/supplied review text|\bref \d/);
  });

  it('answers programs with the rule as JSON', async () => {
    for (const accept of [undefined, 'application/json', '*/*']) {
      const req = request(svc.app).get(`/rules/${ID}`);
      const res = await (accept ? req.set('Accept', accept) : req);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toMatchObject({ id: ID, sourceAttributes: { usesRace: false } });
    }
  });

  it('an unknown rule is a 404 problem, for a browser too', async () => {
    const res = await request(svc.app).get('/rules/no-such-rule').set('Accept', BROWSER_ACCEPT);
    expect(res.status).toBe(404);
  });
});

describe('the evidence page escapes rule-authored text', () => {
  let set: RuleSet;
  let dir: string;
  beforeAll(() => {
    set = loadRuleSet(path.join(PROJECT_ROOT, 'rules'));
    dir = mkdtempSync(path.join(tmpdir(), 'evidence-page-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('shows HTML in a title, claim, limitation, detail or CHANGELOG line as text', async () => {
    const loaded = set.byId.get(ID);
    if (!loaded) throw new Error('rule missing');
    const hostile = '<img src=x onerror=alert(1)>';
    const [firstEvidence, ...laterEvidence] = loaded.rule.evidence;
    if (!firstEvidence) throw new Error('rule has no evidence');
    const rule = {
      ...loaded.rule,
      title: `<script>alert(1)</script> ${loaded.rule.title}`,
      limitations: [hostile, ...loaded.rule.limitations],
      evidence: [{ ...firstEvidence, claim: `${hostile} claim` }, ...laterEvidence],
      card: { ...loaded.rule.card, detail: `**bold** ${hostile} {{ctc.latest}}` },
    };
    const byId = new Map(set.byId).set(ID, { ...loaded, rule });
    const changelog = path.join(dir, 'CHANGELOG.md');
    writeFileSync(changelog, `## Unreleased — clinical\n\n- Changed \`${ID}\` 9.9.9: ${hostile}\n- Changed \`${ID}-other\` 1.0.0\n`);
    const app = express().use(rulesRouter({ ruleSet: () => ({ ...set, byId }), changelogPath: changelog }));
    const html = (await request(app).get(`/rules/${ID}`).set('Accept', 'text/html')).text;
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img');
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(html).toContain('&#60;img src=x onerror=alert(1)&#62;');
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toContain('[Latest CTC result]');
    expect(html).toMatch(/Unreleased — clinical:<\/span> Changed <code>mbc-cellsearch-ctc-elevated<\/code> 9\.9\.9: &#60;img/);
    expect(html).not.toContain('-other');
  });

  it('ruleHistory takes the lines naming the rule as a whole id, under their heading', () => {
    const text =
      '# Changelog\n\n## 1.1.0\n\n- Changed `a-rule` 1.1.0\n- Changed `a-rule-two` 1.0.1\n\n## 1.0.0\n\n- Added `a-rule` 1.0.0 (x)\n';
    expect(ruleHistory(text, 'a-rule')).toEqual([
      { section: '1.1.0', text: 'Changed `a-rule` 1.1.0' },
      { section: '1.0.0', text: 'Added `a-rule` 1.0.0 (x)' },
    ]);
  });
});

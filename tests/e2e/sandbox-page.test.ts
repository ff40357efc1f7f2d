import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { PROJECT_ROOT } from '../../src/config/config.ts';
import { launchChromium, type Browser } from './support/browser.ts';
import { startLiveService, type LiveService } from './support/live-service.ts';
import { HOSTILE, hostileBundle, seriesBundle } from './support/bundles.ts';

const ARTIFACTS = path.join(PROJECT_ROOT, 'artifacts');
const SUMMARY = 'CTC count 12 per 7.5 mL (CellSearch) is at or above 5, a cut-off linked to shorter survival in metastatic breast cancer';

describe('the sandbox page in Debian chromium against the live service', () => {
  let live: LiveService;
  let browser: Browser;

  beforeAll(async () => {
    live = await startLiveService();
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await live?.close();
  });

  /** A fresh page that records script errors and dialogs, so a test can assert there were none. */
  async function openPage(url = `${live.url}/sandbox/`): Promise<{ page: Page; errors: string[]; dialogs: string[] }> {
    const page = await browser.context.newPage();
    const errors: string[] = [];
    const dialogs: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(url);
    return { page, errors, dialogs };
  }

  async function pickPatient(page: Page, name: string): Promise<void> {
    await page.click(`button[data-patient="${name}"]`);
    await page.waitForSelector('body[data-state="ready"]', { timeout: 20_000 });
  }

  async function pasteBundle(page: Page, bundle: unknown): Promise<void> {
    await page.fill('#bundle-text', JSON.stringify(bundle));
    await page.click('#bundle-open');
    await page.waitForSelector('body[data-state="ready"]', { timeout: 20_000 });
  }

  it('a metastatic breast patient gets the CellSearch ≥5 card through discovery and a patient-view call', async () => {
    const { page, errors } = await openPage();
    await pickPatient(page, 'mbc-ctc-12-cellsearch');
    const card = page.locator('article.card', { hasText: SUMMARY });
    await expect(card.count()).resolves.toBe(1);
    expect(await card.getAttribute('class')).toContain(
      `card--${live.service.rules.current().byId.get('mbc-cellsearch-ctc-elevated')?.rule.card.indicator}`,
    );
    await card.locator('summary').click();
    expect(await card.locator('.card-detail strong').first().textContent()).toBe('Patient data:');
    // The calls went over HTTP from the browser with tokens: discovery first, then the service.
    const calls = await page.locator('#exchanges li').allTextContents();
    expect(calls[0]).toMatch(/^GET \/cds-services → 200/);
    expect(calls[1]).toMatch(/^POST \/cds-services\/ctc-advisor-patient-view → 200/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a card\'s "Evidence and limitations" link opens the rule\'s evidence page as HTML (issue 16)', async () => {
    const { page, errors } = await openPage();
    await pickPatient(page, 'mbc-ctc-12-cellsearch');
    const card = page.locator('article.card', { hasText: SUMMARY });
    // The card is short: no more than 120 words of detail, with the evidence one click away.
    const words = ((await card.locator('.card-detail').textContent()) ?? '').split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w));
    expect(words.length).toBeLessThanOrEqual(120);
    expect(words.join(' ')).not.toContain('\\');
    const link = card.locator('.card-links a', { hasText: 'Evidence and limitations' });
    await expect(link.count()).resolves.toBe(1);
    expect(await link.getAttribute('href')).toBe(`${live.url}/rules/mbc-cellsearch-ctc-elevated`);
    const [evidence] = await Promise.all([page.context().waitForEvent('page'), link.click()]);
    await evidence.waitForLoadState('domcontentloaded');
    expect(evidence.url()).toBe(`${live.url}/rules/mbc-cellsearch-ctc-elevated`);
    // Chromium asked as a browser does (Accept: text/html…) and got the page, not the JSON.
    expect(await evidence.evaluate('document.contentType')).toBe('text/html');
    const rule = live.service.rules.current().byId.get('mbc-cellsearch-ctc-elevated')?.rule;
    expect(await evidence.locator('h1').textContent()).toBe(rule?.title);
    expect(await evidence.locator('h2').allTextContents()).toEqual([
      'The rule in words',
      'What the evidence says',
      'Limitations',
      'References',
      'Source attributes (ONC HTI-1, 45 CFR 170.315(b)(11))',
      'Version history',
    ]);
    expect(await evidence.locator('h3:has-text("Every evidence item") + ol > li').count()).toBe(rule?.evidence.length);
    expect(await evidence.locator('a[href="https://doi.org/10.1056/NEJMoa040766"]').count()).toBe(1);
    // The page is knowledge, not patient data: nothing of this patient is on it.
    expect(await evidence.locator('body').textContent()).not.toContain('mbc-ctc-12-cellsearch');
    await evidence.close();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('overriding the card with one of its reasons stores the feedback', async () => {
    const { page } = await openPage();
    await pickPatient(page, 'mbc-ctc-12-cellsearch');
    const card = page.locator('article.card', { hasText: SUMMARY });
    const uuid = await card.getAttribute('data-card-uuid');
    expect(uuid).toMatch(/^[0-9a-f-]{36}$/);
    await card.locator('select[name="reason"]').selectOption({ label: 'Already known and discussed' });
    await card.locator('input[name="comment"]').fill('discussed at tumour board');
    await card.locator('button.override').click();
    await page.waitForSelector('.feedback-status.ok, .feedback-status.error');
    expect(await card.locator('.feedback-status').textContent()).toContain('Feedback stored: overridden (Already known and discussed)');

    const found = await live.service.store.findIssuedCard(uuid as string);
    expect(found?.ruleId).toBe('mbc-cellsearch-ctc-elevated');
    const report = await live.service.store.ruleReport({});
    const row = report.find((r) => r.ruleId === 'mbc-cellsearch-ctc-elevated');
    expect(row?.overridden).toBe(1);
    expect(row?.overrideReasons.map((r) => r.code)).toEqual(['already-known']);
    await page.close();
  });

  it('the chart draws one point per CTC result and the cut-off line that applies', async () => {
    const { page } = await openPage();
    await pickPatient(page, 'mbc-ctc-12-cellsearch');
    const chart = page.locator('svg[data-testid="timeline-chart"]');
    expect(await chart.locator('[data-kind="ctc-point"]').count()).toBe(1);
    expect(await chart.locator('[data-kind="ctc-point"]').getAttribute('data-count')).toBe('12');
    expect(await chart.locator('[data-kind="threshold"][data-value="5"]').count()).toBe(1);
    expect(await chart.locator('title').first().textContent()).toBe('CTC and DTC timeline');
    expect(await chart.locator('desc').textContent()).toContain(
      'Cut-offs for this patient: ≥5 per 7.5 mL (rule mbc-cellsearch-ctc-elevated)',
    );
    expect(await page.locator('[data-testid="timeline-table"] tbody tr', { hasText: 'CTC count' }).count()).toBe(1);
    await page.close();
  });

  it('a pasted Bundle with a CTC series shows every result, the therapy band, markers and the DTC track', async () => {
    const { bundle, ctcCount } = seriesBundle();
    const { page, errors } = await openPage();
    await pasteBundle(page, bundle);
    const chart = page.locator('svg[data-testid="timeline-chart"]');
    const counts = await chart.locator('[data-kind="ctc-point"]').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-count')));
    expect(counts).toEqual(['38', '14', '3', '12']);
    expect(counts).toHaveLength(ctcCount);
    expect(await chart.locator('[data-kind="threshold"][data-value="5"]').count()).toBe(1);
    expect(await chart.locator('[data-kind="therapy"]').count()).toBe(1);
    expect(await chart.locator('[data-kind="cluster"]').count()).toBe(1);
    expect(await chart.locator('[data-kind="pdl1"]').count()).toBe(1);
    expect(await chart.locator('[data-kind="dtc"]').count()).toBe(2);
    expect(errors).toEqual([]);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.locator('#timeline').screenshot({ path: path.join(ARTIFACTS, 'sandbox-timeline.png') });
    await page.screenshot({ path: path.join(ARTIFACTS, 'sandbox-chart-page.png'), fullPage: true });
    await page.close();
  });

  it('a hostile string in Patient.name and Condition.code.text is shown as text, never as markup', async () => {
    const { page, errors, dialogs } = await openPage();
    await pasteBundle(page, hostileBundle());
    expect(await page.locator('[data-testid="patient-name"]').textContent()).toBe(`Eve ${HOSTILE}`);
    expect(await page.locator('[data-testid="problem-list"]').textContent()).toContain(`${HOSTILE} breast`);
    expect(await page.locator('img').count()).toBe(0);
    // The same patient still gets its card: hostile text changes nothing clinical.
    expect(await page.locator('article.card', { hasText: SUMMARY }).count()).toBe(1);
    await page.waitForTimeout(200);
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the explain panel shows why the rule fired, from the same request', async () => {
    const { page } = await openPage();
    await pickPatient(page, 'mbc-ctc-12-cellsearch');
    await page.click('.explain-box summary');
    const rule = page.locator('.explain-rules li[data-rule="mbc-cellsearch-ctc-elevated"]');
    expect(await rule.locator('strong').first().textContent()).toBe(
      `FIRED · mbc-cellsearch-ctc-elevated v${live.service.rules.current().byId.get('mbc-cellsearch-ctc-elevated')?.rule.version}`,
    );
    expect(await rule.textContent()).toContain('ctc.latest.countPer7_5mL');
    const raw = JSON.parse((await page.locator('#explain pre.json').textContent()) ?? '{}') as { rules: { id: string; fired: boolean }[] };
    expect(raw.rules.find((r) => r.id === 'mbc-cellsearch-ctc-elevated')?.fired).toBe(true);
    await page.close();
  });

  it('the rule catalog lists every rule with its test count and filters by cancer type', async () => {
    const { page } = await openPage(`${live.url}/sandbox/rules`);
    await page.waitForSelector('body[data-state="ready"]');
    const ruleCount = live.service.rules.current().rules.length;
    expect(await page.locator('article.rule').count()).toBe(ruleCount);
    const mbc = page.locator('article.rule[data-rule="mbc-cellsearch-ctc-elevated"]');
    expect(await mbc.locator('[data-testid="test-count"]').textContent()).toBe(
      String(live.service.rules.current().byId.get('mbc-cellsearch-ctc-elevated')?.rule.tests.length),
    );
    expect(await mbc.textContent()).toContain('Cristofanilli');
    expect(await mbc.locator('[data-testid="evidence-page"]').getAttribute('href')).toBe('/rules/mbc-cellsearch-ctc-elevated');
    await page.selectOption('#filter-cancer', 'prostate');
    expect(await page.locator('article.rule[data-rule="mbc-cellsearch-ctc-elevated"]').count()).toBe(0);
    await page.close();
  });
});

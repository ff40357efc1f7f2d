import { cpSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import request from 'supertest';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../support/test-service.ts';
import { parseReportRange } from '../../src/store/report-range.ts';
import { cardRuleIds, editRule, EXAMPLE_RULE, FIXTURE_TIME, mbc12Request, PATIENT_VIEW, tempRules } from './support.ts';

/**
 * Rule status end to end: the example rule as shadow plus copies of it as active, draft and retired,
 * served by the composed service from a temp rules directory.
 */
describe('rule status in the running service', () => {
  const rules = tempRules();
  const logLines: Record<string, unknown>[] = [];
  let svc: TestService;
  let body: { cards: { summary: string; extension?: Record<string, { id?: string }> }[]; extension?: Record<string, unknown> };

  beforeAll(async () => {
    const original = path.join(rules.dir, EXAMPLE_RULE);
    for (const status of ['active', 'draft', 'retired']) {
      const copy = path.join(rules.dir, `ctc-count/zz-${status}-copy.json`);
      cpSync(original, copy);
      editRule(copy, (rule) => Object.assign(rule, { id: `mbc-elevated-${status}-copy`, status }));
    }
    editRule(original, (rule) => {
      rule.status = 'shadow';
    });
    const sink = new Writable({
      write: (chunk: Buffer, _e, done) => {
        logLines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    });
    svc = await startTestService({ env: { CTC_RULES_DIR: rules.dir }, now: () => FIXTURE_TIME, logger: pino({ level: 'info' }, sink) });
    const res = await request(svc.app)
      .post(PATIENT_VIEW)
      .set('Authorization', await svc.bearer(PATIENT_VIEW))
      .send(mbc12Request());
    expect(res.status).toBe(200);
    body = res.body as typeof body;
  });
  afterAll(async () => {
    await svc.close();
    rules.dispose();
  });

  it('active rules return cards; shadow, draft and retired rules do not', () => {
    const ids = cardRuleIds(body);
    expect(ids).toContain('mbc-elevated-active-copy');
    expect(ids).not.toContain('mbc-cellsearch-ctc-elevated');
    expect(ids).not.toContain('mbc-elevated-draft-copy');
    expect(ids).not.toContain('mbc-elevated-retired-copy');
  });

  it('draft and retired rules are not loaded at all; shadow ones are', async () => {
    const loaded = (await request(svc.app).get('/rules')).body as { rules: { id: string; status: string }[] };
    const byId = new Map(loaded.rules.map((r) => [r.id, r.status]));
    expect(byId.get('mbc-cellsearch-ctc-elevated')).toBe('shadow');
    expect(byId.get('mbc-elevated-active-copy')).toBe('active');
    expect(byId.has('mbc-elevated-draft-copy')).toBe(false);
    expect(byId.has('mbc-elevated-retired-copy')).toBe(false);
  });

  it("the shadow rule's would-be card is in the decision log, not in the response", async () => {
    const range = parseReportRange(undefined, undefined);
    if (!range.ok) throw new Error('an open range is always valid');
    const report = await svc.service.store.ruleReport(range.value);
    const shadow = report.find((r) => r.ruleId === 'mbc-cellsearch-ctc-elevated');
    expect(shadow).toMatchObject({ fired: 1, shown: 0, shadowFires: 1 });
    expect(report.find((r) => r.ruleId === 'mbc-elevated-active-copy')).toMatchObject({ fired: 1, shown: 1, shadowFires: 0 });
  });

  it('the rule-set version is in /healthz, in the response extension and in the call log line', async () => {
    const health = (await request(svc.app).get('/healthz')).body as { ruleSetVersion: string };
    expect(health.ruleSetVersion).toMatch(/^[0-9a-f]{12}@\d+\.\d+\.\d+$/);
    expect(body.extension?.['org.ctc-advisor.rule-set-version']).toBe(health.ruleSetVersion);
    const call = logLines.find((l) => l.event === 'cds-call');
    expect(call).toMatchObject({ ruleSetVersion: health.ruleSetVersion, status: 200 });
  });
});

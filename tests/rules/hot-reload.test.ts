import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import request from 'supertest';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../support/test-service.ts';
import type { RuleSetStatus } from '../../src/rule-set/rule-set-holder.ts';
import { editRule, eventually, EXAMPLE_RULE, FIXTURE_TIME, mbc12Request, PATIENT_VIEW, tempRules } from './support.ts';

type CallBody = { cards: { summary: string; extension?: Record<string, { id?: string }> }[]; extension: Record<string, string> };

/** The running service watches a temp copy of rules/ (RuleSetHolder.watch) and reloads without a restart. */
describe('hot reload of the rule set', () => {
  const rules = tempRules();
  const logLines: Record<string, unknown>[] = [];
  let svc: TestService;

  const call = async (): Promise<CallBody> => {
    const res = await request(svc.app)
      .post(PATIENT_VIEW)
      .set('Authorization', await svc.bearer(PATIENT_VIEW))
      .send(mbc12Request());
    expect(res.status).toBe(200);
    return res.body as CallBody;
  };
  const exampleSummary = (body: CallBody) =>
    body.cards.find((c) => c.extension?.['org.ctc-advisor.rule']?.id === 'mbc-cellsearch-ctc-elevated')?.summary;

  beforeAll(async () => {
    const sink = new Writable({
      write: (chunk: Buffer, _e, done) => {
        logLines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    });
    svc = await startTestService({ env: { CTC_RULES_DIR: rules.dir }, now: () => FIXTURE_TIME, logger: pino({ level: 'info' }, sink) });
    svc.service.rules.watch(50);
  });
  afterAll(async () => {
    await svc.close();
    rules.dispose();
  });

  it('an edited rule file changes the card text without a restart, and the reload is timed and logged', async () => {
    const before = await call();
    expect(exampleSummary(before)).toMatch(/^CTC count 12 per 7\.5 mL/);
    editRule(path.join(rules.dir, EXAMPLE_RULE), (rule) => {
      Object.assign(rule.card as object, {
        summary: 'Hot-reloaded: CTC count {{ctc.latest.countPer7_5mL}} per 7.5 mL (CellSearch) is at or above 5',
      });
      rule.version = '1.0.1';
    });
    const after = await eventually(async () => {
      const body = await call();
      return exampleSummary(body)?.startsWith('Hot-reloaded') ? body : undefined;
    });
    expect(exampleSummary(after)).toBe('Hot-reloaded: CTC count 12 per 7.5 mL (CellSearch) is at or above 5');
    expect(after.extension['org.ctc-advisor.rule-set-version']).not.toBe(before.extension['org.ctc-advisor.rule-set-version']);
    const health = (await request(svc.app).get('/healthz')).body as { ruleSetVersion: string; lastReload: RuleSetStatus['lastReload'] };
    expect(health.ruleSetVersion).toBe(after.extension['org.ctc-advisor.rule-set-version']);
    expect(health.lastReload).toMatchObject({ ok: true });
    expect(health.lastReload?.durationMs).toBeGreaterThan(0);
    expect(logLines.find((l) => l.event === 'rules-reloaded' && l.ruleSetVersion === health.ruleSetVersion)).toMatchObject({
      changed: true,
      durationMs: expect.any(Number),
    });
  });

  it('an invalid rule file keeps the previous rule set serving and shows the error at /status/rules', async () => {
    const serving = (await call()).extension['org.ctc-advisor.rule-set-version'];
    const broken = path.join(rules.dir, 'ctc-count/broken-by-the-test.json');
    writeFileSync(broken, '{ "id": "broken-by-the-test", ');
    const status = await eventually(async () => {
      const s = (await request(svc.app).get('/status/rules')).body as RuleSetStatus;
      return s.lastReload?.ok === false ? s : undefined;
    });
    expect(status.version).toBe(serving);
    expect(status.lastReload?.problems).toContainEqual(
      expect.objectContaining({ file: broken, message: expect.stringMatching(/^not valid JSON/) }),
    );
    const still = await call();
    expect(still.extension['org.ctc-advisor.rule-set-version']).toBe(serving);
    expect(exampleSummary(still)).toMatch(/^Hot-reloaded: CTC count 12/);
    expect(logLines.some((l) => l.event === 'rules-reload-failed' && l.ruleSetVersion === serving)).toBe(true);
  });
});

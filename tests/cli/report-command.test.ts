import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReportCommand } from '../../src/cli/commands/report.ts';
import { accepted, card, decision, overridden } from '../support/decision-fixtures.ts';
import { captureIo } from '../support/capture-io.ts';
import { openTempSqliteStore } from '../support/sqlite-test-store.ts';

const rule = { id: 'ctc-count-high', version: '1.2.0' };
const shadowRule = { id: 'ctc-trend-rising', version: '0.1.0' };

describe('report command', () => {
  let env: Record<string, string>;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    const temp = await openTempSqliteStore();
    ({ env, dispose } = temp);
    const [a, b, c] = [card(rule), card(rule), card(rule)];
    await temp.store.recordDecision(
      decision({
        time: '2025-01-15T10:00:00Z',
        rulesEvaluated: [rule, shadowRule],
        rulesFired: [rule, shadowRule],
        cards: [a, b, c],
        shadowCards: [card(shadowRule)],
      }),
    );
    await temp.store.recordDecision(decision({ time: '2025-02-15T10:00:00Z', rulesEvaluated: [rule], rulesFired: [] }));
    await temp.store.recordFeedback(
      'ctc-advisor',
      [accepted(a.uuid), overridden(b.uuid, 'not-relevant', 'seen by oncology'), overridden(c.uuid, 'not-relevant')],
      new Date(),
    );
  });
  afterAll(() => dispose());

  it('prints a table per rule and version with override reasons', async () => {
    const io = captureIo();
    expect(await createReportCommand(env).run([], io)).toBe(0);
    expect(io.outLines).toEqual([
      'rule              version  evaluated  fired  shown  accepted  overridden  shadow',
      '----------------  -------  ---------  -----  -----  --------  ----------  ------',
      'ctc-count-high    1.2.0            2      1      3         1           2       0',
      '    override reason not-relevant (Reason not-relevant): 2',
      '    overrides with a comment: 1',
      'ctc-trend-rising  0.1.0            1      1      0         0           0       1',
    ]);
  });

  it('limits the report to a date range, --to inclusive, and prints JSON on request', async () => {
    const io = captureIo();
    expect(await createReportCommand(env).run(['--from', '2025-02-01', '--to', '2025-02-15', '--json'], io)).toBe(0);
    const parsed = JSON.parse(io.outLines.join('\n'));
    expect(parsed.from).toBe('2025-02-01T00:00:00.000Z');
    expect(parsed.to).toBe('2025-02-16T00:00:00.000Z');
    expect(parsed.rules).toEqual([expect.objectContaining({ ruleId: rule.id, evaluated: 1, fired: 0, shown: 0, accepted: 0 })]);
  });

  it('says so when nothing happened in the range', async () => {
    const io = captureIo();
    expect(await createReportCommand(env).run(['--from', '2030-01-01'], io)).toBe(0);
    expect(io.outLines).toEqual(['No rule activity in this range.']);
  });

  it.each([['--from'], ['--from', '2025-02-31'], ['--since', '2025-01-01'], ['--from', '2025-03-01', '--to', '2025-01-01']])(
    'exits 2 with usage for %j',
    async (...argv) => {
      const io = captureIo();
      expect(await createReportCommand(env).run(argv, io)).toBe(2);
      expect(io.errLines.join('\n')).toMatch(/usage: ctc-advisor report/);
    },
  );

  it('exits 2 and names the variable when the configuration is wrong', async () => {
    const io = captureIo();
    expect(await createReportCommand({ ...env, CTC_DECISION_RETENTION_DAYS: 'never' }).run([], io)).toBe(2);
    expect(io.errLines.join('\n')).toMatch(/CTC_DECISION_RETENTION_DAYS/);
  });
});

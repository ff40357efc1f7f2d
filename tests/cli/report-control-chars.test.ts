import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReportCommand } from '../../src/cli/commands/report.ts';
import { printable } from '../../src/cli/commands/report-printable.ts';
import { card, decision } from '../support/decision-fixtures.ts';
import { captureIo } from '../support/capture-io.ts';
import { openTempSqliteStore } from '../support/sqlite-test-store.ts';

const rule = { id: 'ctc-count-high', version: '1.2.0' };
// What a hostile EHR could store as an override reason: clear screen, retitle the terminal (OSC, BEL),
// an 8-bit CSI, DEL, a bidi override and a newline that would start a fake report line.
const CODE = 'x\u001b[2J\u001b]0;pwned\u0007\u009b31m\u007f\u202e';
const DISPLAY = 'ok\nctc-fake-rule    9.9.9  1 1 1';
// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are what this test looks for in the report
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('report prints stored text without control characters (issue 17 item 8)', () => {
  let env: Record<string, string>;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    const temp = await openTempSqliteStore();
    ({ env, dispose } = temp);
    const shown = card(rule);
    await temp.store.recordDecision(decision({ rulesEvaluated: [rule], rulesFired: [rule], cards: [shown] }));
    await temp.store.recordFeedback(
      'ctc-advisor',
      [
        {
          card: shown.uuid,
          outcome: 'overridden',
          overrideReason: { reason: { system: 'http://example.org', code: CODE, display: DISPLAY } },
          outcomeTimestamp: '2025-03-10T12:06:00Z',
        },
      ],
      new Date(),
    );
  });
  afterAll(() => dispose());

  it('shows control characters in the table as visible \\u escapes', async () => {
    const io = captureIo();
    expect(await createReportCommand(env).run([], io)).toBe(0);
    for (const line of io.outLines) expect(line, JSON.stringify(line)).not.toMatch(UNPRINTABLE);
    expect(io.outLines).toContain(
      '    override reason x\\u001b[2J\\u001b]0;pwned\\u0007\\u009b31m\\u007f\\u202e (ok\\u000actc-fake-rule    9.9.9  1 1 1): 1',
    );
  });

  it('escapes DEL, C1 and bidi overrides in --json too, and the JSON still reads back to the stored text', async () => {
    const io = captureIo();
    expect(await createReportCommand(env).run(['--json'], io)).toBe(0);
    const text = io.outLines.join('\n');
    for (const line of text.split('\n')) expect(line, JSON.stringify(line)).not.toMatch(UNPRINTABLE);
    const parsed = JSON.parse(text) as { rules: { overrideReasons: { code: string; display: string }[] }[] };
    expect(parsed.rules[0]?.overrideReasons[0]).toMatchObject({ code: CODE, display: DISPLAY });
  });

  it('leaves ordinary text, accents and other scripts alone', () => {
    expect(printable('Déjà connu — 已知 (already-known)')).toBe('Déjà connu — 已知 (already-known)');
  });
});

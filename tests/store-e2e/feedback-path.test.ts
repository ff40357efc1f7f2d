import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../support/test-service.ts';
import { captureIo } from '../support/capture-io.ts';
import { createReportCommand } from '../../src/cli/commands/report.ts';
import { PATIENT_VIEW, requestFixture } from '../service/helpers.ts';

let t: TestService;
beforeAll(async () => {
  t = await startTestService({ now: () => new Date('2026-03-01T00:00:00Z') });
});
afterAll(async () => t.close());

const FEEDBACK = `${PATIENT_VIEW}/feedback`;

async function issuedCard(): Promise<{ uuid: string; suggestions: { uuid: string }[] }> {
  const res = await request(t.app)
    .post(PATIENT_VIEW)
    .set('Authorization', await t.bearer(PATIENT_VIEW))
    .send(requestFixture('mbc-ctc-12-cellsearch.patient-view'));
  expect(res.status).toBe(200);
  const card = (res.body.cards as { uuid: string; suggestions: { uuid: string }[]; extension: Record<string, { id: string }> }[]).find(
    (c) => c.extension['org.ctc-advisor.rule']?.id === 'mbc-cellsearch-ctc-elevated',
  );
  if (!card) throw new Error('expected card missing');
  return card;
}

describe('the real feedback path: patient-view → card uuid → feedback → report', () => {
  it('counts accepted and overridden outcomes, with the override reason, for the rule and version that issued the card', async () => {
    const accepted = await issuedCard();
    const overridden = (await issuedCard()).uuid;
    const now = new Date().toISOString();
    const res = await request(t.app)
      .post(FEEDBACK)
      .set('Authorization', await t.bearer(FEEDBACK))
      .send({
        feedback: [
          { card: accepted.uuid, outcome: 'accepted', acceptedSuggestions: [{ id: accepted.suggestions[0]?.uuid }], outcomeTimestamp: now },
          {
            card: overridden,
            outcome: 'overridden',
            overrideReason: {
              reason: {
                system: 'https://ctc-advisor.org/fhir/CodeSystem/override-reason',
                code: 'already-known',
                display: 'Already known and discussed',
              },
              userComment: 'discussed at tumour board',
            },
            outcomeTimestamp: now,
          },
        ],
      });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ stored: 2 });

    const io = captureIo();
    const code = await createReportCommand({ CTC_DATA_DIR: t.dataDir }).run(['--json'], io);
    expect(code).toBe(0);
    const { rules: rows } = JSON.parse(io.outLines.join('\n')) as {
      rules: {
        ruleId: string;
        ruleVersion: string;
        evaluated: number;
        fired: number;
        shown: number;
        accepted: number;
        overridden: number;
        overrideReasons: { code: string; count: number }[];
      }[];
    };
    const row = rows.find((r) => r.ruleId === 'mbc-cellsearch-ctc-elevated');
    expect(row).toMatchObject({
      ruleVersion: t.service.rules.current().byId.get('mbc-cellsearch-ctc-elevated')?.rule.version,
      evaluated: 2,
      fired: 2,
      shown: 2,
      accepted: 1,
      overridden: 1,
    });
    expect(row?.overrideReasons).toEqual([expect.objectContaining({ code: 'already-known', count: 1 })]);
  });

  it('feedback for a card uuid this service never issued → 4xx naming the card, nothing stored', async () => {
    const res = await request(t.app)
      .post(FEEDBACK)
      .set('Authorization', await t.bearer(FEEDBACK))
      .send({
        feedback: [{ card: '00000000-0000-4000-8000-000000000000', outcome: 'overridden', outcomeTimestamp: new Date().toISOString() }],
      });
    expect(res.status).toBe(422);
    expect(res.body.error).toBe('unknown_card');
  });

  it('feedback without a token → 401', async () => {
    const res = await request(t.app).post(FEEDBACK).send({ feedback: [] });
    expect(res.status).toBe(401);
  });
});

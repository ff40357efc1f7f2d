import express from 'express';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERRORS } from '../../src/errors/api-error.ts';
import { feedbackRouter } from '../../src/http/routes/feedback.ts';
import type { DecisionStore, IssuedCard } from '../../src/store/decision-store.ts';
import { accepted, card, decision, overridden } from '../support/decision-fixtures.ts';
import { openTempSqliteStore } from '../support/sqlite-test-store.ts';

const rule = { id: 'ctc-count-high', version: '1.2.0' };

describe('POST /cds-services/:id/feedback', () => {
  let store: DecisionStore;
  let dispose: () => Promise<void>;
  let app: express.Express;
  let shown: IssuedCard[];
  let foreign: IssuedCard;

  beforeAll(async () => {
    ({ store, dispose } = await openTempSqliteStore());
    shown = [card(rule), card(rule), card(rule)];
    foreign = card(rule);
    await store.recordDecision(decision({ rulesEvaluated: [rule], rulesFired: [rule], cards: shown }));
    await store.recordDecision(decision({ serviceId: 'other-service', cards: [foreign] }));
    app = express();
    app.use(express.json());
    app.use(feedbackRouter({ store, knownServiceIds: new Set(['ctc-advisor', 'other-service']), logger: pino({ level: 'silent' }) }));
  });
  afterAll(() => dispose());

  const post = (body: unknown, service = 'ctc-advisor') =>
    request(app)
      .post(`/cds-services/${service}/feedback`)
      .send(body as object);

  it('stores accepted and overridden feedback and answers with the count', async () => {
    const [a, b] = shown as [IssuedCard, IssuedCard];
    const res = await post({ feedback: [accepted(a.uuid), overridden(b.uuid, 'not-applicable', 'already treated')] });

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ stored: 2 });
    const [row] = await store.ruleReport({});
    expect(row).toMatchObject({ ruleId: rule.id, ruleVersion: rule.version, accepted: 1, overridden: 1, overrideComments: 1 });
  });

  it('accepts a card uuid written as an upper-case urn:uuid', async () => {
    const c = shown[2] as IssuedCard;
    const res = await post({ feedback: [{ ...overridden(c.uuid, undefined, 'no'), card: `urn:uuid:${c.uuid.toUpperCase()}` }] });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ stored: 1 });
  });

  it('answers 404 for a service it does not have', async () => {
    const res = await post({ feedback: [accepted((shown[0] as IssuedCard).uuid)] }, 'nope');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ error: 'unknown_service', message: expect.stringContaining('No CDS service has the id') });
  });

  it.each([
    [
      'a missing outcome',
      { feedback: [{ card: '6f1c1a40-0000-4000-8000-000000000001', outcomeTimestamp: '2025-03-10T12:00:00Z' }] },
      { path: '/feedback/0/outcome', message: 'is required' },
    ],
    [
      'an unknown outcome (cds-fb-1)',
      { feedback: [{ card: '6f1c1a40-0000-4000-8000-000000000001', outcome: 'ignored', outcomeTimestamp: '2025-03-10T12:00:00Z' }] },
      { path: '/feedback/0/outcome', message: 'must be one of: accepted, overridden' },
    ],
    [
      'accepted without suggestions (cds-fb-2)',
      { feedback: [{ card: '6f1c1a40-0000-4000-8000-000000000001', outcome: 'accepted', outcomeTimestamp: '2025-03-10T12:00:00Z' }] },
      { path: '/feedback/0/acceptedSuggestions', message: 'is required when outcome is accepted (cds-fb-2)' },
    ],
    [
      'an empty overrideReason (cds-fb-3)',
      {
        feedback: [
          {
            card: '6f1c1a40-0000-4000-8000-000000000001',
            outcome: 'overridden',
            overrideReason: {},
            outcomeTimestamp: '2025-03-10T12:00:00Z',
          },
        ],
      },
      { path: '/feedback/0/overrideReason/userComment', message: 'is required when overrideReason has no reason (cds-fb-3)' },
    ],
    [
      'a timestamp without a zone',
      { feedback: [{ card: '6f1c1a40-0000-4000-8000-000000000001', outcome: 'overridden', outcomeTimestamp: '2025-03-10T12:00:00' }] },
      { path: '/feedback/0/outcomeTimestamp', message: 'must be a valid date-time' },
    ],
    [
      'a card that is not a uuid',
      { feedback: [{ card: 'card-1', outcome: 'overridden', outcomeTimestamp: '2025-03-10T12:00:00Z' }] },
      { path: '/feedback/0/card', message: 'must be a valid uuid' },
    ],
    [
      'a reason without system',
      {
        feedback: [
          {
            card: '6f1c1a40-0000-4000-8000-000000000001',
            outcome: 'overridden',
            overrideReason: { reason: { code: 'x' } },
            outcomeTimestamp: '2025-03-10T12:00:00Z',
          },
        ],
      },
      { path: '/feedback/0/overrideReason/reason/system', message: 'is required' },
    ],
    ['an empty feedback array', { feedback: [] }, { path: '/feedback', message: 'must not be an empty array (omit the member instead)' }],
    ['a body that is an array', [1, 2], { path: '', message: 'must be an object' }],
  ])('rejects %s with 400 and the problem', async (_name, body, problem) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_feedback');
    expect(res.body.problems).toContainEqual(problem);
  });

  it('rejects a request without a body with 400', async () => {
    const res = await request(app).post('/cds-services/ctc-advisor/feedback');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error: 'invalid_feedback',
      message: 'The feedback body does not follow CDS Hooks 2.0.',
      problems: [{ path: '', message: 'must be an object' }],
    });
  });

  it('answers 422 listing unknown and foreign cards, and stores none of the request', async () => {
    const before = (await store.ruleReport({}))[0];
    const unknown = '0b0b0b0b-0000-4000-8000-000000000000';
    const res = await post({ feedback: [accepted((shown[1] as IssuedCard).uuid), accepted(unknown), accepted(foreign.uuid)] });

    expect(res.status).toBe(422);
    expect(res.body).toEqual({ error: 'unknown_card', message: ERRORS.unknown_card.message, cards: [unknown, foreign.uuid] });
    expect((await store.ruleReport({}))[0]).toEqual(before);
  });
});

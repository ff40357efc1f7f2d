import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Card } from '../../src/validate/cds-hooks-types.ts';
import { requestFixture } from '../service/helpers.ts';
import { startTestService, type TestService } from '../support/test-service.ts';

const SERVICE = '/cds-services/ctc-advisor-patient-view';
const FEEDBACK = `${SERVICE}/feedback`;
const AT = '2026-03-10T12:00:00Z';

/** Feedback is checked against what the issued card offered (issue 17 item 8), on the real service and store. */
describe('feedback names only what its card offered', () => {
  let t: TestService;
  let card: Card & { uuid: string; suggestions: readonly { uuid: string }[]; overrideReasons: readonly { system: string; code: string }[] };

  beforeAll(async () => {
    t = await startTestService();
    const res = await request(t.app)
      .post(SERVICE)
      .set('Authorization', await t.bearer(SERVICE))
      .send(requestFixture('mbc-ctc-12-cellsearch.patient-view'));
    expect(res.status).toBe(200);
    const found = (res.body.cards as Card[]).find((c) => (c.suggestions?.length ?? 0) > 0 && (c.overrideReasons?.length ?? 0) > 0);
    if (!found) throw new Error('the fixture call issued no card with suggestions and override reasons');
    card = found as typeof card;
  });
  afterAll(async () => {
    await t?.close();
  });

  const send = async (feedback: unknown[]) =>
    request(t.app)
      .post(FEEDBACK)
      .set('Authorization', await t.bearer(FEEDBACK))
      .send({ feedback });
  const overridden = (system: string, code: string) => ({
    card: card.uuid,
    outcome: 'overridden',
    overrideReason: { reason: { system, code } },
    outcomeTimestamp: AT,
  });
  const acceptedIds = (...ids: string[]) => ({
    card: card.uuid,
    outcome: 'accepted',
    acceptedSuggestions: ids.map((id) => ({ id })),
    outcomeTimestamp: AT,
  });
  const storedOutcomes = async () => {
    const rows = await t.service.store.ruleReport({});
    return rows.reduce((n, r) => n + r.accepted + r.overridden, 0);
  };

  it('refuses an override reason the card did not offer with 422, naming the item, and stores nothing', async () => {
    const [offered] = card.overrideReasons;
    if (!offered) throw new Error('no override reason');
    const res = await send([overridden(offered.system, 'made-up-code'), overridden('http://evil.example', offered.code)]);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ error: 'unoffered_choice' });
    expect(res.body.problems).toEqual([
      {
        path: '/feedback/0/overrideReason/reason',
        message: `card ${card.uuid} offered no override reason "${offered.system}"|"made-up-code"`,
      },
      {
        path: '/feedback/1/overrideReason/reason',
        message: `card ${card.uuid} offered no override reason "http://evil.example"|"${offered.code}"`,
      },
    ]);
    expect(await storedOutcomes()).toBe(0);
  });

  it('refuses an accepted suggestion id the card did not offer, even beside a good item', async () => {
    const [suggestion] = card.suggestions;
    if (!suggestion) throw new Error('no suggestion');
    const stranger = randomUUID();
    const res = await send([acceptedIds(suggestion.uuid), acceptedIds(suggestion.uuid, stranger)]);
    expect(res.status).toBe(422);
    expect(res.body.problems).toEqual([
      { path: '/feedback/1/acceptedSuggestions/1/id', message: `card ${card.uuid} offered no suggestion "${stranger}"` },
    ]);
    expect(await storedOutcomes()).toBe(0);
  });

  it('stores feedback that names the offered suggestion and override reason (any case, urn:uuid form)', async () => {
    const [suggestion] = card.suggestions;
    const [offered] = card.overrideReasons;
    if (!suggestion || !offered) throw new Error('nothing offered');
    const res = await send([
      acceptedIds(`urn:uuid:${suggestion.uuid.toUpperCase()}`),
      overridden(offered.system, offered.code),
      { card: card.uuid, outcome: 'overridden', overrideReason: { userComment: 'free text only' }, outcomeTimestamp: AT },
    ]);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ stored: 3 });
  });

  it('keeps answering 422 unknown_card for a card with no decision record (never issued, or purged)', async () => {
    const res = await send([{ card: randomUUID(), outcome: 'overridden', overrideReason: { userComment: 'x' }, outcomeTimestamp: AT }]);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ error: 'unknown_card' });
  });
});

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DecisionStore } from '../../src/store/decision-store.ts';
import { openStore } from '../../src/store/open-store.ts';
import { card, decision } from '../support/decision-fixtures.ts';
import { postgresHarness, sqliteHarness } from '../support/store-harness.ts';

const rule = { id: 'ctc-count-high', version: '1.2.0' };
const offered = {
  suggestions: ['6f1c1a40-0000-4000-8000-0000000000aa'],
  overrideReasons: [{ system: 'https://ctc-advisor.org/override-reason', code: 'already-known' }],
};

describe.each([sqliteHarness('worker'), postgresHarness()])('what an issued card offered, on $label', (harness) => {
  const opened: DecisionStore[] = [];
  beforeAll(() => harness.start());
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
  });
  afterAll(() => harness.stop());

  it('is kept with the card and found with it; a card recorded without it has none', async () => {
    const store = await openStore(await harness.freshConfig(), undefined, harness.openOptions);
    opened.push(store);
    const withOffer = card(rule, { offered });
    const without = card(rule);
    await store.recordDecision(decision({ rulesEvaluated: [rule], rulesFired: [rule], cards: [withOffer, without] }));
    expect((await store.findIssuedCard(withOffer.uuid))?.offered).toEqual(offered);
    const legacy = await store.findIssuedCard(without.uuid);
    expect(legacy).toBeDefined();
    expect(legacy).not.toHaveProperty('offered');
  });
});

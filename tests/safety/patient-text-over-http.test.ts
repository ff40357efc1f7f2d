import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../support/test-service.ts';
import { PATIENT_VIEW, requestFixture } from '../service/helpers.ts';
import { parseCardMarkdown } from './card-markdown.ts';

/**
 * Issue 17 item 1 through the HTTP service: the red team's payload was a CTC Observation whose
 * `valueQuantity.unit` carried HTML, a Markdown link and a line break opening a heading. The card the
 * service answers must carry none of them as markup.
 */
const HOSTILE = '<img src=x onerror=alert(1)> [click](http://evil.example)\n# STOP ALL THERAPY NOW';

let t: TestService;
beforeAll(async () => {
  t = await startTestService({ now: () => new Date('2026-03-01T00:00:00Z') });
});
afterAll(async () => t.close());

function withHostileUnit(body: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(body) as {
    prefetch: Record<string, { entry?: { resource: { resourceType: string; valueQuantity?: { unit?: string; code?: string } } }[] }>;
  };
  // Without a UCUM code the unit text is all there is, so the count is reported as unusable, unit and all.
  for (const e of copy.prefetch.observations?.entry ?? [])
    if (e.resource.valueQuantity) {
      e.resource.valueQuantity.unit = HOSTILE;
      delete e.resource.valueQuantity.code;
    }
  return copy;
}

describe('patient text in cards, through the HTTP service', () => {
  it('a hostile unit on a CTC count reaches no card as HTML, a link or a heading', async () => {
    const body = withHostileUnit(requestFixture('mbc-ctc-12-cellsearch.patient-view'));
    const res = await request(t.app)
      .post(PATIENT_VIEW)
      .set('Authorization', await t.bearer(PATIENT_VIEW))
      .send(body);
    expect(res.status).toBe(200);
    const cards = res.body.cards as { summary: string; detail?: string }[];
    expect(cards.length).toBeGreaterThan(0);
    // The hostile text does reach a card (as words), and 'undefined' never stands for a missing code.
    expect(JSON.stringify(cards)).toMatch(/STOP ALL THERAPY NOW/);
    expect(JSON.stringify(cards)).not.toMatch(/undefined/);
    for (const card of cards) {
      for (const text of [card.summary, card.detail ?? '']) {
        const kinds = new Set<string>();
        const walk = (node: { type: string; children?: unknown[] }) => {
          kinds.add(node.type);
          for (const child of node.children ?? []) walk(child as { type: string; children?: unknown[] });
        };
        walk(parseCardMarkdown(text));
        expect([...kinds].filter((k) => ['html', 'heading', 'image'].includes(k))).toEqual([]);
        expect(text).not.toContain('](http://evil.example)');
      }
    }
  });
});

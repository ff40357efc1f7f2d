import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnService } from '../support/spawn-service.ts';
import { ensureDevClient } from '../../src/auth/dev-client.ts';
import { openStore } from '../../src/store/open-store.ts';
import { parseStoreConfig } from '../../src/store/store-config.ts';
import { PATIENT_VIEW, requestFixture } from '../service/helpers.ts';

const dataDir = mkdtempSync(path.join(tmpdir(), 'ctc-durability-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('durability through the HTTP service', () => {
  it('keeps every acknowledged decision and feedback item when the service is SIGKILLed right after its responses', async () => {
    const svc = await spawnService({ CTC_DATA_DIR: dataDir });
    const dev = await ensureDevClient(dataDir);
    const publicBase = 'http://localhost:3000';
    const post = async (p: string, body: unknown) =>
      fetch(`${svc.baseUrl}${p}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${await dev.mintToken(`${publicBase}${p}`)}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });

    const acknowledgedCards: string[] = [];
    const hookInstances: string[] = [];
    for (let i = 0; i < 8; i++) {
      const hookInstance = crypto.randomUUID();
      const res = await post(PATIENT_VIEW, { ...requestFixture('mbc-ctc-12-cellsearch.patient-view'), hookInstance });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { cards: { uuid: string }[] };
      hookInstances.push(hookInstance);
      acknowledgedCards.push(...body.cards.map((c) => c.uuid));
    }
    const fb = await post(`${PATIENT_VIEW}/feedback`, {
      feedback: acknowledgedCards.map((card) => ({ card, outcome: 'overridden', outcomeTimestamp: new Date().toISOString() })),
    });
    expect(fb.status).toBe(200);
    svc.child.kill('SIGKILL');
    await svc.exited;

    const store = await openStore(parseStoreConfig({ CTC_DATA_DIR: dataDir }).value);
    try {
      for (const uuid of acknowledgedCards)
        expect(await store.findIssuedCard(uuid)).toMatchObject({ uuid, ruleId: 'mbc-cellsearch-ctc-elevated' });
      const row = (await store.ruleReport({})).find((r) => r.ruleId === 'mbc-cellsearch-ctc-elevated');
      expect(row).toMatchObject({ evaluated: 8, fired: 8, shown: 8, overridden: 8 });
    } finally {
      await store.close();
    }
  }, 60_000);
});

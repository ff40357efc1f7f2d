import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.ts';
import type { StoreConfig } from '../../src/store/store-config.ts';
import { postgresHarness, sqliteHarness } from '../support/store-harness.ts';

const CHILD = fileURLToPath(new URL('../support/durability-child.ts', import.meta.url));
const FEEDBACK_ACKS = 40;

interface Acks {
  readonly decisions: Map<string, string>;
  readonly feedback: string[];
}

/** Runs the writer child, SIGKILLs it as soon as enough feedback acks arrived, returns every ack read. */
async function writeThenKill(config: StoreConfig): Promise<Acks> {
  const env =
    config.kind === 'postgres'
      ? { ...process.env, DATABASE_URL: config.databaseUrl }
      : { ...process.env, DATABASE_URL: '', CTC_DATA_DIR: config.dataDir };
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const acks: Acks = { decisions: new Map(), feedback: [] };
  const exited = once(child, 'exit');
  for await (const line of createInterface({ input: child.stdout })) {
    const [kind, what, id, cardUuid] = line.split(' ');
    if (kind !== 'ack') continue;
    if (what === 'decision' && id && cardUuid) acks.decisions.set(cardUuid, id);
    if (what === 'feedback' && id) acks.feedback.push(id);
    if (acks.feedback.length >= FEEDBACK_ACKS && child.exitCode === null) child.kill('SIGKILL');
  }
  const [code, signal] = await exited;
  if (signal !== 'SIGKILL') throw new Error(`writer exited on its own (code ${String(code)}): ${stderr}`);
  return acks;
}

async function storedFeedbackCards(config: StoreConfig): Promise<Set<string>> {
  if (config.kind === 'sqlite') {
    const db = new Database(config.file, { readonly: true });
    try {
      return new Set((db.prepare('SELECT card_uuid FROM feedback').all() as { card_uuid: string }[]).map((r) => r.card_uuid));
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: config.databaseUrl });
  await client.connect();
  try {
    return new Set((await client.query<{ card_uuid: string }>('SELECT card_uuid FROM feedback')).rows.map((r) => r.card_uuid));
  } finally {
    await client.end();
  }
}

describe.each([sqliteHarness(), postgresHarness()])('durability on $name', (harness) => {
  beforeAll(() => harness.start());
  afterAll(() => harness.stop());

  it('keeps every acknowledged decision and feedback item when the writer is SIGKILLed', async () => {
    const config = await harness.freshConfig();
    const acks = await writeThenKill(config);
    expect(acks.feedback.length).toBeGreaterThanOrEqual(FEEDBACK_ACKS);

    const store = await openStore(config);
    try {
      for (const [cardUuid, decisionId] of acks.decisions) {
        expect(await store.findIssuedCard(cardUuid), `decision ${decisionId}`).toMatchObject({ uuid: cardUuid, decisionId });
      }
      const report = await store.ruleReport({});
      expect(report[0]?.evaluated).toBeGreaterThanOrEqual(acks.decisions.size);
    } finally {
      await store.close();
    }
    const stored = await storedFeedbackCards(config);
    expect(acks.feedback.filter((uuid) => !stored.has(uuid))).toEqual([]);
  });
});

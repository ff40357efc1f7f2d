import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.ts';
import { parseStoreConfig } from '../../src/store/store-config.ts';

describe('sqlite back end', () => {
  const dirs: string[] = [];
  afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

  it('creates the data directory and ctc-advisor.sqlite on first open, in WAL mode', async () => {
    const root = await mkdtemp(join(tmpdir(), 'ctc-sqlite-'));
    dirs.push(root);
    const dataDir = join(root, 'not', 'yet', 'there');
    const { value: config, problems } = parseStoreConfig({ CTC_DATA_DIR: dataDir });
    expect(problems).toEqual([]);
    expect(existsSync(dataDir)).toBe(false);

    const store = await openStore(config);
    await store.close();

    const file = join(dataDir, 'ctc-advisor.sqlite');
    expect(existsSync(file)).toBe(true);
    const db = new Database(file, { readonly: true });
    try {
      // journal_mode=WAL is persistent in the file, so a fresh connection sees it.
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      db.close();
    }
  });
});

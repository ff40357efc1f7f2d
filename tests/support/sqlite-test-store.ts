import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DecisionStore } from '../../src/store/decision-store.ts';
import { openStore } from '../../src/store/open-store.ts';
import { parseStoreConfig } from '../../src/store/store-config.ts';

/** A real SQLite store in a temp dir, with its env record, removed again by `dispose`. */
export async function openTempSqliteStore(): Promise<{ store: DecisionStore; env: Record<string, string>; dispose(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'ctc-store-'));
  const env = { CTC_DATA_DIR: dir };
  const store = await openStore(parseStoreConfig(env).value);
  return {
    store,
    env,
    async dispose() {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

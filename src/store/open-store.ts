import type { Logger } from 'pino';
import type { DecisionStore } from './decision-store.ts';
import { openPostgresStore } from './postgres-store.ts';
import { openSqliteStore } from './sqlite-store.ts';
import { openSqliteWorkerStore } from './sqlite-worker-store.ts';
import type { StoreConfig } from './store-config.ts';

export interface OpenStoreOptions {
  /**
   * SQLite only. 'worker' (the default, for the service): the connection lives in its own thread so
   * commits never run on the event loop. 'caller': in this thread, for one-shot commands (CLI) where
   * nothing else waits and a thread would only add start-up time.
   */
  readonly sqliteThread?: 'worker' | 'caller';
}

/** Opens the configured back end and brings its schema up to date before resolving. */
export async function openStore(config: StoreConfig, logger?: Logger, options: OpenStoreOptions = {}): Promise<DecisionStore> {
  const store =
    config.kind === 'postgres'
      ? await openPostgresStore(config.databaseUrl, logger)
      : options.sqliteThread === 'caller'
        ? openSqliteStore(config.dataDir, config.file, logger)
        : await openSqliteWorkerStore(config.dataDir, config.file, logger);
  logger?.info({ store: store.kind }, 'decision store open');
  return store;
}

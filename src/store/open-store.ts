import type { Logger } from 'pino';
import type { DecisionStore } from './decision-store.ts';
import { openPostgresStore } from './postgres-store.ts';
import { openSqliteStore } from './sqlite-store.ts';
import type { StoreConfig } from './store-config.ts';

/** Opens the configured back end and brings its schema up to date before resolving. */
export async function openStore(config: StoreConfig, logger?: Logger): Promise<DecisionStore> {
  const store = config.kind === 'postgres' ? await openPostgresStore(config.databaseUrl, logger) : openSqliteStore(config.dataDir, config.file, logger);
  logger?.info({ store: store.kind }, 'decision store open');
  return store;
}

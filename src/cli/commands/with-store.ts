import type { Logger } from 'pino';
import type { DecisionStore } from '../../store/decision-store.ts';
import { openStore } from '../../store/open-store.ts';
import { parseStoreConfig, type StoreConfig } from '../../store/store-config.ts';
import type { CliIo } from '../command.ts';

export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Opens the store the service would use (same env, same parser), runs `work`, and always closes
 * it. Configuration problems exit 2; a store that cannot be opened exits 1 with the reason.
 */
export async function withStore(
  env: Env,
  io: CliIo,
  work: (store: DecisionStore, config: StoreConfig) => Promise<number>,
  logger?: Logger,
): Promise<number> {
  const { value: config, problems } = parseStoreConfig(env);
  if (problems.length > 0) {
    for (const problem of problems) io.err(`configuration: ${problem}`);
    return 2;
  }
  let store: DecisionStore;
  try {
    store = await openStore(config, logger, { sqliteThread: 'caller' });
  } catch (error) {
    io.err(`cannot open the ${config.kind} decision store: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  try {
    return await work(store, config);
  } finally {
    await store.close();
  }
}

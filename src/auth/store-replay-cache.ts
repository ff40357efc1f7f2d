import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { DecisionStore } from '../store/decision-store.ts';
import type { ReplayCache, ReplayVerdict } from './replay-cache.ts';

interface StoreReplayCacheOptions {
  readonly logger?: Logger;
  /** Milliseconds since the epoch; injectable for tests. */
  readonly now?: () => number;
}

/**
 * The replay cache on the decision store, so a token id is accepted once across every instance
 * sharing the store and across restarts. Fails closed: if the store cannot answer, the token is
 * refused (`unavailable`) rather than let through unchecked.
 */
export function createStoreReplayCache(store: Pick<DecisionStore, 'rememberJti'>, options: StoreReplayCacheOptions = {}): ReplayCache {
  const now = options.now ?? Date.now;
  return {
    async remember(key: string, expiresAtSeconds: number): Promise<ReplayVerdict> {
      try {
        return await store.rememberJti(digest(key), new Date(expiresAtSeconds * 1000), new Date(now()));
      } catch (error) {
        options.logger?.error({ event: 'auth.replay_store_failed', err: error }, 'replay store unavailable; token refused');
        return 'unavailable';
      }
    },
  };
}

// A fixed-length digest: the verifier's key joins iss and jti with NUL, which PostgreSQL text cannot hold.
function digest(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

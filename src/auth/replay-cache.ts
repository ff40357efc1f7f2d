/**
 * Remembers each token id until its expiry so a captured token cannot be replayed
 * (CDS Hooks best practices: keep seen `jti`s for the maximum token lifetime).
 * The service uses the shared store (store-replay-cache.ts); this in-memory one serves the
 * verifier's default and tests.
 */
export type ReplayVerdict = 'fresh' | 'replayed' | 'full' | 'unavailable';

export interface ReplayCache {
  /** Records `key` until `expiresAtSeconds`; says whether it was new. */
  remember(key: string, expiresAtSeconds: number): ReplayVerdict | Promise<ReplayVerdict>;
}

interface MemoryReplayCacheOptions {
  readonly maxEntries?: number;
  /** Milliseconds since the epoch; injectable for tests. */
  readonly now?: () => number;
}

const DEFAULT_REPLAY_CACHE_ENTRIES = 100_000;

/**
 * Bounded: when full of unexpired ids it answers `full` rather than forgetting one, because
 * forgetting an unexpired id would reopen it to replay. Only verified tokens are recorded,
 * so only a trusted client can fill it.
 */
export function createMemoryReplayCache(options: MemoryReplayCacheOptions = {}): ReplayCache & { readonly size: number } {
  const maxEntries = options.maxEntries ?? DEFAULT_REPLAY_CACHE_ENTRIES;
  const now = options.now ?? Date.now;
  const expiries = new Map<string, number>();
  let earliestExpiry = Number.POSITIVE_INFINITY;

  const sweep = (nowSeconds: number): void => {
    earliestExpiry = Number.POSITIVE_INFINITY;
    for (const [key, expiry] of expiries) {
      if (expiry <= nowSeconds) expiries.delete(key);
      else earliestExpiry = Math.min(earliestExpiry, expiry);
    }
  };

  return {
    get size() {
      return expiries.size;
    },
    remember(key, expiresAtSeconds) {
      const nowSeconds = now() / 1000;
      const known = expiries.get(key);
      if (known !== undefined && known > nowSeconds) return 'replayed';
      // Sweeping only when something can have expired keeps a full cache O(1) per call.
      if (expiries.size >= maxEntries && earliestExpiry <= nowSeconds) sweep(nowSeconds);
      if (expiries.size >= maxEntries) return 'full';
      expiries.set(key, expiresAtSeconds);
      earliestExpiry = Math.min(earliestExpiry, expiresAtSeconds);
      return 'fresh';
    },
  };
}

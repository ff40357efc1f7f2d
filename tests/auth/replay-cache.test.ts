import { describe, expect, it } from 'vitest';
import { createMemoryReplayCache } from '../../src/auth/replay-cache.ts';

describe('in-memory replay cache', () => {
  it('refuses a seen id until it expires, then forgets it', () => {
    let nowMs = 1_000_000_000;
    const cache = createMemoryReplayCache({ now: () => nowMs });
    expect(cache.remember('iss|a', 1_000_060)).toBe('fresh');
    expect(cache.remember('iss|a', 1_000_060)).toBe('replayed');
    nowMs = 1_000_061_000;
    expect(cache.remember('iss|a', 1_000_120)).toBe('fresh');
  });

  it('when full of unexpired ids answers full instead of forgetting one, and recovers after expiry', () => {
    let nowMs = 0;
    const cache = createMemoryReplayCache({ maxEntries: 2, now: () => nowMs });
    expect(cache.remember('a', 10)).toBe('fresh');
    expect(cache.remember('b', 20)).toBe('fresh');
    expect(cache.remember('c', 30)).toBe('full');
    expect(cache.remember('a', 10)).toBe('replayed');
    nowMs = 11_000;
    expect(cache.remember('c', 30)).toBe('fresh');
    expect(cache.size).toBe(2);
    expect(cache.remember('b', 20)).toBe('replayed');
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { createJwtVerifier } from '../../src/auth/jwt-verifier.ts';
import { createStoreReplayCache } from '../../src/auth/store-replay-cache.ts';
import type { DecisionStore } from '../../src/store/decision-store.ts';
import { openStore } from '../../src/store/open-store.ts';
import { parseStoreConfig } from '../../src/store/store-config.ts';
import { openTempSqliteStore } from '../support/sqlite-test-store.ts';
import { captureLogger } from './support/app.ts';
import { EHR, SERVICE, buildFixture } from './support/fixture.ts';
import { claims, sign } from './support/tokens.ts';

const disposers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(disposers.splice(0).map((dispose) => dispose()));
});

async function tempStore(): Promise<{ store: DecisionStore; env: Record<string, string> }> {
  const opened = await openTempSqliteStore();
  disposers.push(opened.dispose);
  return opened;
}

describe('replay cache on the decision store', () => {
  it('accepts a token once across two verifiers sharing one store, as two instances would', async () => {
    const fx = await buildFixture();
    const { store, env } = await tempStore();
    const second = await openStore(parseStoreConfig(env).value);
    disposers.push(() => second.close());
    const verifierA = createJwtVerifier({
      clients: fx.clients,
      clockSkewSeconds: 60,
      maxTokenLifetimeSeconds: 3600,
      replayCache: createStoreReplayCache(store),
    });
    const verifierB = createJwtVerifier({
      clients: fx.clients,
      clockSkewSeconds: 60,
      maxTokenLifetimeSeconds: 3600,
      replayCache: createStoreReplayCache(second),
    });
    const token = await sign(fx.es384, claims(EHR, SERVICE));

    expect(await verifierA.verify(token, SERVICE)).toMatchObject({ ok: true });
    expect(await verifierB.verify(token, SERVICE)).toEqual({ ok: false, reason: 'jti replayed', unverified: expect.any(Object) });
    expect(await verifierA.verify(token, SERVICE)).toMatchObject({ ok: false, reason: 'jti replayed' });
    expect(await verifierB.verify(await sign(fx.es384, claims(EHR, SERVICE)), SERVICE)).toMatchObject({ ok: true });
  });

  it('keys by issuer and jti: the same jti from two issuers is two ids', async () => {
    const { store } = await tempStore();
    const cache = createStoreReplayCache(store);
    const expiry = Math.floor(Date.now() / 1000) + 300;
    expect(await cache.remember(`${EHR}\u0000jti-1`, expiry)).toBe('fresh');
    expect(await cache.remember(`https://other.example.org\u0000jti-1`, expiry)).toBe('fresh');
    expect(await cache.remember(`${EHR}\u0000jti-1`, expiry)).toBe('replayed');
  });

  it('fails closed: when the store cannot answer, the token is refused and the failure logged', async () => {
    const fx = await buildFixture();
    const { store } = await tempStore();
    const { logger, lines } = captureLogger();
    await store.close();
    const verifier = createJwtVerifier({
      clients: fx.clients,
      clockSkewSeconds: 60,
      maxTokenLifetimeSeconds: 3600,
      replayCache: createStoreReplayCache(store, { logger }),
    });

    expect(await verifier.verify(await sign(fx.es384, claims(EHR, SERVICE)), SERVICE)).toMatchObject({
      ok: false,
      reason: 'replay store unavailable',
    });
    expect(lines.map((l) => JSON.parse(l) as { event?: string }).some((l) => l.event === 'auth.replay_store_failed')).toBe(true);
  });
});

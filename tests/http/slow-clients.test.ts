import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpServer, slowClientTimeouts } from '../../src/http/http-server.ts';
import { spawnService, type SpawnedService } from '../support/spawn-service.ts';

interface Closed {
  readonly afterMs: number;
  readonly received: string;
}

/**
 * Opens a raw socket and sends `head` then one more header line every `stepMs`, never finishing the
 * request (at most `maxSteps` lines); resolves with when the server closed the connection.
 */
function trickleHeaders(port: number, stepMs: number, maxSteps: number): Promise<Closed> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let received = '';
    let steps = 0;
    const socket: Socket = connect({ host: '127.0.0.1', port }, () => {
      socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    });
    const timer = setInterval(() => {
      if (++steps > maxSteps) {
        clearInterval(timer);
        socket.destroy();
        reject(new Error(`the server kept the connection open for ${maxSteps} × ${stepMs} ms`));
        return;
      }
      if (!socket.destroyed) socket.write(`X-Slow-${steps}: a\r\n`);
    }, stepMs);
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ afterMs: performance.now() - started, received });
    });
  });
}

describe('slow clients are cut off at the documented limit', () => {
  let stop: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await stop?.();
    stop = undefined;
  });

  it('closes a connection whose headers trickle in, within the limit plus one check interval', async () => {
    // 300 ms of app deadline + 200 ms grace: the socket limit is 500 ms, checked every 50 ms.
    const timeouts = slowClientTimeouts(300, 200);
    expect(timeouts).toEqual({ requestTimeoutMs: 500, headersTimeoutMs: 500, checkIntervalMs: 50 });
    const server = createHttpServer((_req, res) => res.end('ok'), timeouts);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    stop = () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    const { port } = server.address() as AddressInfo;

    const closed = await trickleHeaders(port, 50, 100);
    expect(closed.afterMs).toBeGreaterThanOrEqual(450);
    expect(closed.afterMs).toBeLessThan(500 + 50 + 400);
    expect(closed.received).toMatch(/^HTTP\/1\.1 408/);
  });

  it('uses a check interval of at most 1 s for the default 10 s request timeout (socket limit 15 s)', () => {
    expect(slowClientTimeouts(10_000)).toEqual({ requestTimeoutMs: 15_000, headersTimeoutMs: 15_000, checkIntervalMs: 1_000 });
  });

  describe('the real service (src/main.ts)', () => {
    let spawned: SpawnedService | undefined;
    afterEach(async () => {
      if (spawned && spawned.child.exitCode === null) {
        spawned.child.kill('SIGTERM');
        await spawned.exited;
      }
      spawned = undefined;
    });

    it('cuts off a slow client CTC_REQUEST_TIMEOUT_MS + 5 s after it connected, not up to 30 s later', async () => {
      spawned = await spawnService({ CTC_REQUEST_TIMEOUT_MS: '100', CTC_SANDBOX: 'off', CTC_PIPELINE_THREAD: 'off' });
      const port = Number(new URL(spawned.baseUrl).port);
      const closed = await trickleHeaders(port, 200, 60);
      // Limit 5.1 s, checked every 510 ms.
      expect(closed.afterMs).toBeGreaterThanOrEqual(5_000);
      expect(closed.afterMs).toBeLessThan(5_100 + 510 + 1_000);
    }, 20_000);
  });
});

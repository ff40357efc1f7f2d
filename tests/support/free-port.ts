import { createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';

/**
 * A loopback port that was just free and is now closed: connecting to it is refused at once, and a
 * server may bind it when its address (e.g. the JWT audience) must be known before it starts.
 */
export async function freeLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A server listening on 127.0.0.1 whose stop() closes it and destroys every open socket, once. */
interface TrackedServer {
  readonly port: number;
  stop(): Promise<void>;
}

/**
 * Listens on 127.0.0.1 (on `port`, e.g. one from freeLoopbackPort(), or a free one) and tracks the server's
 * sockets, so stop() never waits on a hanging request or an endless body. `beforeClose` runs first (e.g. to
 * clear the server's own timers).
 */
export async function listenOnLoopback(
  server: Server,
  { port = 0, beforeClose = () => {} }: { readonly port?: number; readonly beforeClose?: () => void } = {},
): Promise<TrackedServer> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const listening = (server.address() as AddressInfo).port;
  let stopping: Promise<void> | undefined;
  return {
    port: listening,
    stop: () =>
      (stopping ??= new Promise<void>((resolve) => {
        beforeClose();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      })),
  };
}

import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';

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

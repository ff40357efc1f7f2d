import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Config } from '../../../src/config/config.ts';
import type { Service } from '../../../src/compose.ts';
import { freeLoopbackPort, listenOnLoopback } from '../../support/free-port.ts';
import { startTestService } from '../../support/test-service.ts';

export interface LiveService {
  readonly url: string;
  readonly service: Service;
  readonly config: Config;
  close(): Promise<void>;
}

/**
 * The test service (temp SQLite store, dev client) on a real socket at 127.0.0.1. The port is
 * chosen first so the public base URL, the JWT audience, is the service's own address.
 */
export async function startLiveService(
  env: Readonly<Record<string, string>> = {},
  options: { readonly onRequest?: (req: IncomingMessage) => void } = {},
): Promise<LiveService> {
  const port = await freeLoopbackPort();
  const url = `http://127.0.0.1:${port}`;
  const test = await startTestService({ env: { CTC_PUBLIC_BASE_URL: url, PORT: String(port), ...env } });
  // onRequest sees every request before the app does (the SMART test records what reaches the service).
  const server: Server = createServer(
    options.onRequest
      ? (req, res) => {
          options.onRequest?.(req);
          void test.app(req, res);
        }
      : test.app,
  );
  const listening = await listenOnLoopback(server, { port });
  return {
    url,
    service: test.service,
    config: test.config,
    close: async () => {
      await listening.stop();
      await test.close();
    },
  };
}

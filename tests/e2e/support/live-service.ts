import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino, type Logger } from 'pino';
import { loadConfig, type Config } from '../../../src/config/config.ts';
import { composeService, type Service } from '../../../src/compose.ts';

export interface LiveService {
  readonly url: string;
  readonly service: Service;
  readonly config: Config;
  close(): Promise<void>;
}

/** A free loopback port, so the public base URL (the JWT audience) can be set before composing. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

/**
 * The real composed service on a real socket at 127.0.0.1, its public base URL equal to its own
 * address so the browser's tokens carry the right audience. Temp SQLite store and dev client.
 */
export async function startLiveService(env: Readonly<Record<string, string>> = {}): Promise<LiveService> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ctc-advisor-e2e-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const config = loadConfig({ CTC_DATA_DIR: dataDir, CTC_WATCH_RULES: 'off', LOG_LEVEL: 'silent', CTC_PUBLIC_BASE_URL: url, PORT: String(port), ...env });
  const logger: Logger = pino({ level: 'silent' });
  const service = await composeService(config, { logger });
  const server: Server = createServer(service.app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    url,
    service,
    config,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await service.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

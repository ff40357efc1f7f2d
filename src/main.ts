import { loadConfig, ConfigError, type Config } from './config/config.ts';
import { composeService, type Service } from './compose.ts';
import { createLogger } from './observability/logger.ts';
import { RuleSetError } from './rules/rule-problems.ts';
import { createHttpServer, slowClientTimeouts } from './http/http-server.ts';

/**
 * `npm start`: embedded defaults (SQLite under ./data, a locally generated development client,
 * 127.0.0.1:3000). Exits non-zero with every configuration or rule problem listed.
 */
async function main(): Promise<void> {
  const started = performance.now();
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config.server.logLevel);
  let service: Service;
  try {
    service = await composeService(config, { logger });
  } catch (error) {
    if (error instanceof RuleSetError) logger.fatal({ problems: error.problems }, 'rule set is invalid; not starting');
    else logger.fatal({ err: error }, 'start-up failed');
    process.exit(1);
  }
  if (config.server.watchRules) service.rules.watch();
  // A client trickling its headers or body is cut off 5 s after the app's 503 deadline, checked every second (docs/limits.md).
  const server = createHttpServer(service.app, slowClientTimeouts(config.server.requestTimeoutMs));
  server.listen(config.server.port, config.server.host, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.server.port;
    logger.info(
      {
        event: 'ready',
        host: config.server.host,
        port,
        publicBaseUrl: config.auth.publicBaseUrl,
        ruleSetVersion: service.rules.current().version,
        startupMs: Math.round(performance.now() - started),
        store: service.store.kind,
        auth: config.auth.mode,
      },
      'CTC Advisor is ready',
    );
    for (const warning of service.warnings) process.stderr.write(`\n${warning.message}\n`);
    // The URL EHRs must register: JWT `aud` is checked against it (issue 18, the URL trap), so say it, not the bind address.
    const [primary, ...others] = config.auth.publicBaseUrls;
    let banner =
      `\nCTC Advisor listening on ${config.server.host}:${port}\n` +
      `Public base URL (register this in the EHR): ${primary}\n` +
      `  discovery: ${primary}/cds-services\n` +
      (others.length > 0 ? `  also accepted as JWT aud: ${others.join(', ')}\n` : '');
    if (service.authentication.mode === 'required' && service.authentication.devClient) {
      banner +=
        `Development client enabled (issuer ${service.authentication.devClient.client.iss}); mint a token with:\n` +
        `  npx ctc-advisor token /cds-services\n` +
        `Switch it off in production with CTC_DEV_CLIENT=off (see docs/security.md).\n`;
    }
    process.stderr.write(`${banner}\n`);
  });

  process.on('SIGHUP', () => service.rules.reload());
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ event: 'shutdown', signal }, 'shutting down');
    // Stop accepting, let in-flight calls finish (their decisions are written before they answer), then close the
    // service (pipeline thread, FHIR connections, store).
    server.close(() => {
      service
        .close()
        .then(() => process.exit(0))
        .catch((error: unknown) => {
          logger.error({ err: error }, 'error while closing');
          process.exit(1);
        });
    });
    server.closeIdleConnections();
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

void main();
